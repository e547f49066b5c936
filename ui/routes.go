package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/meta"
	"github.com/byline/byline/ui/prompt"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The root model routes a key by the action it triggers where keys act now
// (keys.Match over the declaration): to itself for the actions in routes,
// else to the pane of the place, which owns the rest. A test holds every
// action live in a place to exactly one of the two.

// route is an action the root model carries out, and the places where it
// does.
type route struct {
	in keys.Place
	do func(Model, tea.KeyMsg) (Model, tea.Cmd)
}

// routes are the actions the root carries out: quitting and help wherever
// they are live, and in the views the actions that need what no pane holds
// (the view's filter and order, the prompt, the side pane, the store).
func (m Model) routes() map[*key.Binding]route {
	k := m.keys
	const (
		views  = keys.List | keys.Article | keys.Side
		either = keys.List | keys.Article // on the article read, or the list's selected one
	)
	return map[*key.Binding]route{
		&k.QuitNow:     {views | keys.Links | keys.Failures | keys.Confirm, without(Model.quit)},
		&k.Help:        {views | keys.Links | keys.Failures, without(Model.toggleHelp)},
		&k.Quit:        {views, without(Model.back)},
		&k.Refresh:     {views, without(Model.refreshKey)},
		&k.Failures:    {views, func(m Model, _ tea.KeyMsg) (Model, tea.Cmd) { return m, m.io.loadFailures() }},
		&k.TagPane:     {views, func(m Model, _ tea.KeyMsg) (Model, tea.Cmd) { return m.toggleTags(false) }},
		&k.Sources:     {views, func(m Model, _ tea.KeyMsg) (Model, tea.Cmd) { return m.toggleTags(true) }},
		&k.SaveFilter:  {views, without(Model.askFilterName)},
		&k.MarkAllRead: {views, without(Model.askMarkAllRead)},
		&k.Prefetch:    {views, without(Model.askPrefetch)},
		&k.AddSource:   {keys.List, without(Model.askSource)},
		&k.Filter:      {keys.List, without(Model.editFilter)},
		&k.Search:      {keys.Article, without(Model.askSearch)},
		&k.SavedFilter: {either, Model.savedFilterKey},
		&k.AddTag:      {either, func(m Model, _ tea.KeyMsg) (Model, tea.Cmd) { return m.askTags(false) }},
		&k.RemoveTag:   {either, func(m Model, _ tea.KeyMsg) (Model, tea.Cmd) { return m.askTags(true) }},
		&k.Links:       {either, without(Model.showLinks)},
		&k.FullText:    {either, without(Model.toggleFullText)},
		&k.Save:        {either, without(Model.saveCurrent)},
		&k.CopyURL:     {either, without(Model.copyCurrent)},
	}
}

// without is a handler that needs no more of the key than its action.
func without(do func(Model) (Model, tea.Cmd)) func(Model, tea.KeyMsg) (Model, tea.Cmd) {
	return func(m Model, _ tea.KeyMsg) (Model, tea.Cmd) { return do(m) }
}

// paneOwns reports whether the pane of place carries out action b.
func (m Model) paneOwns(place keys.Place, b *key.Binding) bool {
	switch place {
	case keys.Confirm:
		return m.prompt.Owns(b)
	case keys.Failures:
		return m.failures.Owns(b)
	case keys.Links:
		return m.links.Owns(b)
	case keys.Article:
		return m.reader.Owns(b)
	case keys.Side:
		return m.tags.Owns(b)
	}
	return m.list.Owns(b)
}

// routeKey carries out the action msg triggers where keys act now.
func (m Model) routeKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	place := m.place()
	b := m.keys.Match(place, msg)
	if place != keys.Confirm {
		m.statusBar.Clear()
		// Open help is one more level: q or esc closes it first.
		if m.help.ShowAll && b != &m.keys.QuitNow && b != &m.keys.Help && (b == &m.keys.Quit || msg.Type == tea.KeyEsc) {
			return m.toggleHelp()
		}
	}
	if r, ok := m.routes()[b]; ok && r.in&place != 0 {
		return r.do(m, msg)
	}
	if b != nil && !m.paneOwns(place, b) {
		return m, nil // no one carries it out here: TestEveryLiveActionHasOneHandler keeps this from happening
	}
	// The pane of the place; a key no action names goes there too (the
	// links list forgets a number being typed).
	var cmd tea.Cmd
	switch place {
	case keys.Confirm:
		return m.promptKey(msg)
	case keys.Failures:
		m.failures, cmd = m.failures.Update(msg)
	case keys.Links:
		m.links, cmd = m.links.Update(msg)
	case keys.Article:
		return m.readerKey(msg)
	case keys.Side:
		return m.tagsKey(msg)
	default:
		return m.listKey(msg)
	}
	return m, cmd
}

func (m Model) toggleHelp() (Model, tea.Cmd) {
	m.help.ShowAll = !m.help.ShowAll
	m.layout()
	return m, nil
}

// back goes back one level: the side pane closes, a jump to a source goes
// back to the view it was made from, an article goes back to the list;
// from the list, it quits.
func (m Model) back() (Model, tea.Cmd) {
	if m.focus == focusList && m.showTags {
		m.showTags = false
		m.layout()
		return m, m.rerender()
	}
	if m.focus == focusList && m.fromSource != nil {
		back := *m.fromSource
		cmd := m.setFilter(back) // out of the source, to the view it was chosen from
		return m, cmd
	}
	if m.focus == focusList {
		return m.quit()
	}
	if m.focus == focusTags {
		m.showTags = false
		m.layout()
	}
	m.focusOn(focusList)
	return m, m.rerender()
}

func (m Model) refreshKey() (Model, tea.Cmd) {
	cmd := m.startRefresh()
	return m, cmd
}

// ask opens the prompt and makes room for it.
func (m Model) ask(kind prompt.Kind, label, value string, words []string) (Model, tea.Cmd) {
	cmd := m.prompt.Open(kind, label, value, words)
	m.layout()
	return m, cmd
}

func (m Model) askSource() (Model, tea.Cmd) {
	if m.opts.Library == nil {
		return m.setStatus("Adding a source is not available here.", true), nil
	}
	return m.ask(prompt.AddSource, "Add a source (a feed URL, a feed file or a folder):", "", nil)
}

func (m Model) askSearch() (Model, tea.Cmd) {
	return m.ask(prompt.Search, "Search this article:", m.reader.Query(), nil)
}

// editFilter opens the filter prompt on the filter, selected; esc puts it
// back.
func (m Model) editFilter() (Model, tea.Cmd) {
	m.prevFilter = m.filter
	cmd := m.prompt.OpenSelected(prompt.Filter, "Filter:", m.filter.String(), m.tagWords(true))
	m.layout()
	return m, cmd
}

func (m Model) askFilterName() (Model, tea.Cmd) {
	label := "Save this view as:"
	if q := m.filter.String(); q != "" {
		label = "Save filter " + sanitize.Line(q) + " as:"
	}
	return m.ask(prompt.SaveFilter, label, "", nil)
}

// savedFilterKey shows saved filter n for the n-th key of the binding
// (1-9 by default).
func (m Model) savedFilterKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	return m.jumpToSaved(slices.Index(m.keys.SavedFilter.Keys(), msg.String()) + 1)
}

// askTags asks for tags to add to the current article, or to remove from
// it (remove).
func (m Model) askTags(remove bool) (Model, tea.Cmd) {
	a, ok := m.current()
	switch {
	case !ok:
		return m.setStatus("No article is selected.", false), nil
	case !remove:
		return m.ask(prompt.AddTag, "Add tags to “"+sanitize.Line(a.Title)+"”:", "", m.tagWords(false))
	case len(a.Tags) == 0:
		return m.setStatus("This article has no tags.", false), nil
	}
	return m.ask(prompt.RemoveTag, "Remove tags ("+sanitize.Line(strings.Join(a.Tags, " "))+"):", "", a.Tags)
}

// showLinks opens the links list over the article read, or the preview.
func (m Model) showLinks() (Model, tea.Cmd) {
	if _, ok := m.current(); !ok {
		return m.setStatus("No article is selected.", false), nil
	}
	if m.reader.ArticleID() == 0 || (m.focus != focusReader && !m.wide()) {
		return m.setStatus("Open an article first ("+keys.First(m.keys.Open)+").", false), nil
	}
	if m.links.Len() == 0 {
		return m.setStatus("This article has no links.", false), nil
	}
	m.links.Show()
	if m.focus == focusList {
		m.focusOn(focusReader)
	}
	return m, nil
}

func (m Model) copyCurrent() (Model, tea.Cmd) {
	a, ok := m.current()
	if !ok || a.Link == "" {
		return m.setStatus("No link to copy.", false), nil
	}
	return m, m.copyURL(a.Link)
}

// askMarkAllRead asks before marking every article of the view read.
func (m Model) askMarkAllRead() (Model, tea.Cmd) {
	c, _ := m.statusBar.Counts()
	if c.Unread == 0 {
		return m.setStatus("Nothing unread in this view.", false), nil
	}
	m.prompt.Ask(fmt.Sprintf("Mark the %s in this view read?", meta.Plural(c.Unread, "unread article", "unread articles")))
	m.layout()
	return m, nil
}
