package ui

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
	"github.com/byline/byline/ui/browser"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/list"
	"github.com/byline/byline/ui/meta"
	"github.com/byline/byline/ui/prompt"
	"github.com/byline/byline/ui/reader"
	"github.com/byline/byline/ui/status"
	"github.com/byline/byline/ui/tags"
	tea "github.com/charmbracelet/bubbletea"
)

// handleKey hands a key to what takes it now: a text input first, then
// the action it triggers where keys act (routes.go).
func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	if msg.Type == tea.KeyCtrlC {
		return m.quit()
	}
	// Esc and the key after it, arriving together (typed fast, or over a
	// slow link), read as one alt+key; byline binds no alt keys unless
	// the config does, so this is the two keys, in order.
	if msg.Alt && !msg.Paste && !m.keys.Binds(msg.String()) {
		mm, first := m.handleKey(tea.KeyMsg{Type: tea.KeyEsc})
		if mm.quitting {
			return mm, first
		}
		msg.Alt = false
		if mm.mustWait(msg) { // esc put back a filter: the key waits for its rows
			mm.pending = append(mm.pending, msg)
			return mm, first
		}
		mm, second := mm.handleKey(msg)
		return mm, tea.Sequence(first, second)
	}
	if m.prompt.Kind() == prompt.Confirm {
		return m.routeKey(msg) // a question's keys are actions: its answers, and quit_now
	}
	if m.prompt.Active() {
		return m.promptKey(msg) // a paste goes in whole
	}
	// The tag pane's search input takes what is typed, ? and Q too.
	if m.focus == focusTags && m.tags.Searching() {
		return m.tagsKey(msg)
	}
	// Keys that reached the program together, or pasted where no input
	// takes text: each is a key.
	if msg.Type == tea.KeyRunes && (len(msg.Runes) > 1 || msg.Paste) {
		return m.keysInOrder(msg)
	}
	return m.routeKey(msg)
}

// keysInOrder handles keys that reached the program together (typed fast,
// key repeat, a slow link: one message of several runes) one by one, in
// order; once a key opens a prompt, the rest is typed into it. Keys typed
// after the one that asks a question answer it; a paste never does.
func (m Model) keysInOrder(msg tea.KeyMsg) (Model, tea.Cmd) {
	var cmds []tea.Cmd
	for i, r := range msg.Runes {
		if m.quitting {
			break
		}
		if m.list.Waiting() && !m.prompt.Active() {
			// The rest waits for the rows it may act on.
			for _, r := range msg.Runes[i:] {
				m.pending = append(m.pending, oneKey(r, msg.Alt))
			}
			break
		}
		if m.prompt.Active() && (m.prompt.Kind() != prompt.Confirm || msg.Paste) {
			rest := msg
			rest.Runes = msg.Runes[i:]
			mm, cmd := m.promptKey(rest)
			return mm, tea.Batch(append(cmds, cmd)...)
		}
		var cmd tea.Cmd
		m, cmd = m.handleKey(oneKey(r, msg.Alt))
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// oneKey is the key press of one rune.
func oneKey(r rune, alt bool) tea.KeyMsg {
	if r == ' ' {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{r}, Alt: alt}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: alt}
}

func (m Model) quit() (Model, tea.Cmd) {
	if m.cancelRefresh != nil {
		m.cancelRefresh()
	}
	m.stop() // a full-text fetch, a sync or a load in flight ends too
	m.quitting = true
	return m, tea.Quit
}

// current is the article the user is acting on: the one being read, or
// the one under the list cursor.
func (m Model) current() (store.ArticleSummary, bool) {
	if m.focus == focusReader && m.reader.ArticleID() != 0 {
		return m.reader.Article(), true
	}
	return m.list.Selected()
}

// tagWords are completion candidates: every tag, and for the filter the
// pseudo-tags and +/- forms too.
func (m Model) tagWords(forFilter bool) []string {
	var out []string
	for _, t := range m.tags.Tags() {
		if !forFilter && (t.Tag == "unread" || t.Tag == "starred") {
			continue
		}
		out = append(out, t.Tag)
	}
	return out
}

func (m Model) promptKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	kind := m.prompt.Kind()
	if kind == prompt.Confirm {
		yes, ok := m.prompt.Answer(msg)
		switch {
		case !ok:
			return m, nil
		case m.prefetchPlan != nil:
			return m.prefetchAnswer(yes)
		}
		m.prompt.Close()
		m.layout()
		if !yes {
			return m.setStatus("Nothing marked.", false), nil
		}
		return m, m.io.markView(m.filter, m.opts.Now())
	}
	switch msg.Type {
	case tea.KeyEsc:
		m.prompt.Close()
		m.layout()
		if kind == prompt.Search {
			m.reader.Search("")
			return m, nil
		}
		if kind == prompt.Filter && m.prevFilter.String() != m.filter.String() {
			cmd := m.setFilter(m.prevFilter)
			return m, cmd
		}
		return m, nil
	case tea.KeyEnter:
		return m.promptSubmit(kind)
	}
	before := m.prompt.Value()
	hadErr := m.prompt.Error() != ""
	var cmd tea.Cmd
	m.prompt, cmd = m.prompt.Update(msg)
	if hadErr != (m.prompt.Error() != "") {
		m.layout()
	}
	if kind == prompt.Search && m.prompt.Value() != before {
		// Searched as typed: the article is at hand, and a search of it
		// is quick.
		m.reader.Search(m.prompt.Value())
		return m, cmd
	}
	if kind == prompt.Filter && m.prompt.Value() != before {
		m.filterGen++
		gen := m.filterGen
		return m, tea.Batch(cmd, tea.Tick(filterDebounce, func(time.Time) tea.Msg { return filterDueMsg{gen} }))
	}
	return m, cmd
}

// filterTyped applies the filter being typed. A filter that does not parse
// shows its error under the input and leaves the last good list.
func (m Model) filterTyped() (Model, tea.Cmd) {
	f, err := query.Parse(m.prompt.Value())
	height := m.prompt.Height()
	if err != nil {
		m.prompt.SetError(err.Error())
		if m.prompt.Height() != height {
			m.layout()
		}
		return m, nil
	}
	m.prompt.SetError("")
	if m.prompt.Height() != height {
		m.layout()
	}
	if f.String() == m.filter.String() {
		return m, nil
	}
	cmd := m.setFilter(f)
	return m, cmd
}

func (m Model) promptSubmit(kind prompt.Kind) (Model, tea.Cmd) {
	value := strings.TrimSpace(m.prompt.Value())
	switch kind {
	case prompt.Filter:
		f, err := query.Parse(value)
		if err != nil {
			m.prompt.SetError(err.Error())
			m.layout()
			return m, nil
		}
		m.prompt.Close()
		m.layout()
		if f.String() != m.filter.String() {
			cmd := m.setFilter(f)
			return m, cmd
		}
		return m, nil
	case prompt.Search:
		m.prompt.Close()
		m.layout()
		n := m.reader.Search(value)
		switch {
		case value == "":
			return m, nil
		case n == 0:
			return m.setStatus("“"+sanitize.Line(value)+"” is not in this article.", false), nil
		}
		return m.setStatus(fmt.Sprintf("%s on %s · %s/%s next/previous · %s ends the search", sanitize.Line(value), meta.Plural(n, "line", "lines"),
			keys.First(m.keys.Next), keys.First(m.keys.SearchPrev), keys.First(m.keys.Back)), false), nil
	case prompt.AddSource:
		if value == "" {
			m.prompt.SetError("Type a feed URL, a file or a folder, or esc to cancel.")
			m.layout()
			return m, nil
		}
		m.prompt.Close()
		m.layout()
		return m.setStatus("Adding "+sanitize.Line(value)+"…", false), m.io.addSource(m.opts.Library, value)
	case prompt.SaveFilter:
		if value == "" {
			m.prompt.SetError("Type a name, or esc to cancel.")
			m.layout()
			return m, nil
		}
		m.prompt.Close()
		m.layout()
		m.savedName = value
		return m, m.io.saveFilter(value, m.filter, m.order)
	case prompt.AddTag, prompt.RemoveTag:
		a, ok := m.current()
		m.prompt.Close()
		m.layout()
		words := tagWords(value)
		if !ok || len(words) == 0 {
			return m, nil
		}
		if kind == prompt.AddTag {
			return m, m.io.editTags(a.ID, words, nil)
		}
		return m, m.io.editTags(a.ID, nil, words)
	}
	return m, nil
}

func (m Model) jumpToSaved(n int) (Model, tea.Cmd) {
	if n < 1 || n > len(m.saved) {
		if len(m.saved) == 0 {
			return m.setStatus("No saved filters yet: "+keys.First(m.keys.SaveFilter)+" saves the current filter.", false), nil
		}
		return m.setStatus(fmt.Sprintf("No saved filter %d; there are %d.", n, len(m.saved)), false), nil
	}
	sf := m.saved[n-1]
	f, err := query.Parse(sf.Query)
	if err != nil {
		return m.setStatus(fmt.Sprintf("Saved filter %q: %v", sf.Name, err), true), nil
	}
	o, _ := store.ParseOrder(sf.Sort) // an order this build does not know lists newest first
	m = m.setStatus(fmt.Sprintf("%d: %s", n, sanitize.Line(sf.Name)), false)
	if m.focus != focusList {
		m.focusOn(focusList)
	}
	cmd := m.setView(f, o)
	m.savedName = sf.Name
	return m, cmd
}

// cycleSort lists the view in the next order, and remembers it with the
// saved filter the view is.
func (m Model) cycleSort() (Model, tea.Cmd) {
	next := store.Orders[0]
	for i, o := range store.Orders {
		if o == m.order {
			next = store.Orders[(i+1)%len(store.Orders)]
		}
	}
	name := m.savedName
	cmd := m.setView(m.filter, next)
	m.savedName = name
	text := map[store.Order]string{store.NewestFirst: "newest first", store.OldestFirst: "oldest first", store.BySource: "by source"}[next]
	if name != "" {
		m = m.setStatus("Sorted "+text+" (kept with “"+sanitize.Line(name)+"”).", false)
		return m, tea.Batch(cmd, m.io.rememberSort(name, next))
	}
	return m.setStatus("Sorted "+text+".", false), cmd
}

// toggleTags opens the side pane on its tags (or sources), focused; the
// same key again closes it.
func (m Model) toggleTags(sources bool) (Model, tea.Cmd) {
	view := tags.Tags
	if sources {
		view = tags.Sources
	}
	if m.showTags && m.focus == focusTags && m.tags.Current() == view {
		m.showTags = false
		m.focusOn(focusList)
	} else {
		m.showTags = true
		m.tags.SetView(view)
		m.focusOn(focusTags)
	}
	m.layout()
	cmd := tea.Batch(m.loadTags(), m.rerender())
	return m, cmd
}

func (m Model) tagsKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	if m.tags.Leaves(msg) {
		m.focusOn(focusList)
		return m, nil
	}
	var cmd tea.Cmd
	m.tags, cmd = m.tags.Update(msg)
	return m, cmd
}

// sourceTerm is the text of a =term that picks src alone: its title, or,
// when another source's title or location holds that too, its location.
func (m Model) sourceTerm(src store.Source) string {
	title := strings.Join(strings.Fields(src.Title), " ")
	needle := strings.ToLower(title)
	for _, o := range m.tags.Sources() {
		if o.ID != src.ID && (strings.Contains(strings.ToLower(o.Title), needle) || strings.Contains(strings.ToLower(o.Location), needle)) {
			return src.Location
		}
	}
	if title == "" {
		return src.Location
	}
	return title
}

// tagChosen changes the filter as the side pane asked.
func (m Model) tagChosen(msg tags.ChosenMsg) (Model, tea.Cmd) {
	name := msg.Row.Name
	if msg.View == tags.Sources {
		// Jumping to a source shows that source: all of its articles, as
		// newsboat's feed list does, whatever the filter was (esc in the
		// filter prompt, or the saved filters, bring others back).
		f := query.Filter{Terms: []query.Term{{Kind: query.KindSource, Text: m.sourceTerm(msg.Row.Source)}}}
		m.showTags = false
		m.focusOn(focusList)
		m.layout()
		back := m.filter
		if m.fromSource != nil {
			back = *m.fromSource // from one source to another: q still goes to where it began
		}
		cmd := m.setFilter(f)
		m.fromSource = &back
		return m, cmd
	}
	term := query.Term{Kind: query.KindTag, Tags: []string{name}}
	var f query.Filter
	switch msg.Action {
	case tags.Only:
		for _, t := range m.filter.Terms {
			if t.Kind != query.KindTag {
				f.Terms = append(f.Terms, t)
			}
		}
		f = f.With(term)
	case tags.Include:
		f = m.filter.With(term)
	case tags.Exclude:
		term.Neg = true
		f = m.filter.With(term)
	case tags.Clear:
		f = m.filter.Without(term)
	}
	cmd := m.setFilter(f)
	return m, cmd
}

// listKey carries out what a key asks of the list (list.Intent); the
// list moves its cursor itself.
func (m Model) listKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	sel, ok := m.list.Selected()
	intent := m.list.Intent(msg)
	switch intent {
	case list.Read, list.ToggleRead, list.ToggleStar, list.Browse:
		if !ok {
			return m.setStatus("No article is selected.", false), nil
		}
	}
	switch intent {
	case list.Read:
		return m.open(sel)
	case list.ToggleRead:
		return m.toggle(sel, store.FieldRead)
	case list.ToggleStar:
		return m.toggle(sel, store.FieldStarred)
	case list.Browse:
		return m.openLink(sel.Link)
	case list.Step:
		return m.step(msg)
	case list.Sort:
		return m.cycleSort()
	case list.ToEnd:
		// The end of the whole view, read directly however long it is.
		m.list.Reset()
		gen := m.list.Loading(true)
		return m, m.io.loadTail(m.filter, m.order, m.opts.Now(), gen, pageSize, false)
	case list.ToTop:
		m.list.Reset()
		m.list.Select(0)
		cmd := m.reload(pageSize)
		return m, cmd
	}
	var cmd tea.Cmd
	m.list, cmd = m.list.Update(msg)
	cmds := []tea.Cmd{cmd, m.maybeLoadMore(), m.maybeLoadBefore()}
	if after, ok2 := m.list.Selected(); ok2 && (!ok || after.ID != sel.ID) && m.wide() {
		cmds = append(cmds, m.schedulePreview())
	}
	return m, tea.Batch(cmds...)
}

// step goes to the next or previous article (next, prev) or unread one
// (next_unread, prev_unread), from the list as from an article, and opens
// it. Rows not loaded yet in its way are loaded first: the key waits for
// them and acts again.
func (m Model) step(msg tea.KeyMsg) (Model, tea.Cmd) {
	k, b := m.keys, m.keys.Match(m.place(), msg)
	before := m.list.Cursor()
	note := ""
	switch b {
	case &k.NextUnread, &k.PrevUnread:
		down := b == &k.NextUnread
		i, wrapped, load := m.findUnread(down)
		if load != nil {
			return m.again(msg, load)
		}
		if i < 0 {
			text := "No unread article in this view."
			if a, ok := m.list.Selected(); ok && !m.overlay(a).Read {
				text = "No other unread article in this view."
			}
			return m.setStatus(text, false), nil
		}
		if wrapped && down {
			note = "No unread article below: on from the top."
		} else if wrapped {
			note = "No unread article above: on from the end."
		}
		m.list.Select(i)
	case &k.Prev:
		m.list.Move(-1)
	default:
		m.list.Move(1)
	}
	if m.list.Cursor() == before {
		if b == &k.Prev {
			if m.list.HasBefore() {
				return m.again(msg, m.loadBeforeNow())
			}
			return m.setStatus("This is the first article.", false), nil
		}
		if m.list.HasMore() {
			return m.again(msg, m.loadMoreNow())
		}
		return m.setStatus("This is the last article.", false), nil
	}
	sel, _ := m.list.Selected()
	more := tea.Batch(m.maybeLoadMore(), m.maybeLoadBefore())
	m, cmd := m.open(sel)
	if note != "" {
		m = m.setStatus(note, false)
	}
	return m, tea.Batch(cmd, more)
}

// again puts a key back at the head of the keys waiting for the list, to
// act once load brings the rows it needs.
func (m Model) again(msg tea.KeyMsg, load tea.Cmd) (Model, tea.Cmd) {
	if load == nil && !m.list.Waiting() {
		return m, nil
	}
	m.pending = append([]tea.KeyMsg{msg}, m.pending...)
	return m, load
}

// findUnread is the row of the next (down) or previous unread article
// from the cursor, wrapping at the ends (wrapped), or -1 when the view
// has none but the cursor's. When unread articles may be in rows not
// loaded yet, it returns the load that brings them instead.
func (m *Model) findUnread(down bool) (row int, wrapped bool, load tea.Cmd) {
	c, counted := m.statusBar.Counts()
	row, wrapped, need := m.list.FindUnread(down, func(a store.ArticleSummary) bool { return !m.overlay(a).Read }, counted, c.Unread)
	switch need {
	case list.LoadAfter:
		return -1, false, m.loadMoreNow()
	case list.LoadBefore:
		return -1, false, m.loadBeforeNow()
	}
	return row, wrapped, nil
}

// toggle flips the article's read or starred state and says so.
func (m Model) toggle(a store.ArticleSummary, f store.Field) (Model, tea.Cmd) {
	now := m.flagsOf(a)
	value, text := !now.Read, map[bool]string{true: "Marked read.", false: "Marked unread."}
	if f == store.FieldStarred {
		value, text = !now.Starred, map[bool]string{true: "Starred.", false: "Unstarred."}
	}
	m, cmd := m.setField(a, f, value)
	return m.setStatus(text[value], false), cmd
}

// readerKey carries out what a key asks of an open article
// (reader.Intent); the pane scrolls and searches by itself.
func (m Model) readerKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	a := m.reader.Article()
	switch m.reader.Intent(msg) {
	case reader.Leave:
		m.focusOn(focusList)
		return m, nil
	case reader.Step:
		return m.step(msg)
	case reader.ToggleRead:
		return m.toggle(a, store.FieldRead)
	case reader.ToggleStar:
		return m.toggle(a, store.FieldStarred)
	case reader.Browse:
		return m.openLink(a.Link)
	}
	var cmd tea.Cmd
	m.reader, cmd = m.reader.Update(msg)
	return m, cmd
}

// open shows an article in the reader, focuses it and marks it read.
func (m Model) open(a store.ArticleSummary) (Model, tea.Cmd) {
	m.focusOn(focusReader)
	m.links.Close()
	var cmds []tea.Cmd
	if m.reader.ArticleID() != a.ID {
		m.reader.Loading(m.flagsOf(a))
		m.renderGen++
		cmds = append(cmds, m.io.renderArticle(m.opts.Renderer, a.ID, m.readerWidth(), m.renderGen, m.reader.PrefersFeed(a.ID)))
	}
	// Opening marks read, and changes nothing else.
	m, cmd := m.setField(a, store.FieldRead, true)
	cmds = append(cmds, cmd)
	return m, tea.Batch(cmds...)
}

func (m Model) openLink(link string) (Model, tea.Cmd) {
	if link == "" {
		return m.setStatus("This article has no link.", true), nil
	}
	if id, ok := strings.CutPrefix(link, "#"); ok {
		return m.followAnchor(id), nil
	}
	if !browser.Allowed(link) {
		return m.setStatus("Not opening "+sanitize.Line(link)+": only http, https and mailto links open.", true), nil
	}
	open := m.opts.OpenURL
	return m.setStatus("Opening "+sanitize.Line(link), false), func() tea.Msg {
		if err := open(link); err != nil {
			return status.SetMsg{Text: err.Error(), Error: true}
		}
		return nil
	}
}

// followAnchor shows the heading of the open article that an in-page
// link ("#intro") points to at the top of the view; one too near the end
// to get there is marked where it shows.
func (m Model) followAnchor(id string) Model {
	part, ok := m.pics.doc.Anchors[id]
	// Said as a browser shows it: "#%C3%BCber-uns" is #über-uns.
	name := id
	if decoded, err := url.PathUnescape(id); err == nil {
		name = decoded
	}
	name = "#" + sanitize.Line(name)
	if !ok || m.reader.Body() == "" {
		// A heading marked by a link followed before is not where
		// this one led.
		m.reader.Unmark()
		m.followed = followedAnchor{}
		return m.setStatus("This article has no heading "+name+".", true)
	}
	atTop := m.reader.ShowBodyLine(m.pics.lineOfPart(part))
	m.followed = followedAnchor{article: m.reader.ArticleID(), id: id, offset: m.reader.YOffset()}
	if !atTop {
		return m.setStatus(name+", marked ▌ near the end", false)
	}
	return m.setStatus(name, false)
}

// followedAnchor is an in-page link followed in an article, and the view's
// offset it left: a new body of the article (a picture arrived, a resize
// wrapped it anew) shows the heading again, marked if it was, as long as
// the view was not moved since.
type followedAnchor struct {
	article int64
	id      string
	offset  int
}

// stillFollowed reports whether the view is where the last in-page link
// followed in the shown article left it.
func (m Model) stillFollowed() bool {
	f := m.followed
	return f.id != "" && f.article == m.reader.ArticleID() && f.offset == m.reader.YOffset()
}

// followAgain shows the followed heading in the article's new body.
func (m Model) followAgain() Model {
	part, ok := m.pics.doc.Anchors[m.followed.id]
	if !ok || m.reader.Body() == "" {
		m.followed = followedAnchor{}
		return m
	}
	m.reader.ShowBodyLine(m.pics.lineOfPart(part))
	m.followed.offset = m.reader.YOffset()
	return m
}

// toggleFullText switches the article in the reader between its full text
// and the feed's, fetching the full text the first time.
func (m Model) toggleFullText() (Model, tea.Cmd) {
	id := m.reader.ArticleID()
	if _, ok := m.current(); !ok {
		return m.setStatus("No article is selected.", false), nil
	}
	if id == 0 || (m.focus != focusReader && !m.wide()) {
		return m.setStatus("Open an article first ("+keys.First(m.keys.Open)+").", false), nil
	}
	switch {
	case m.reader.Full():
		m.reader.PreferFeed(id, true)
		cmd := m.renderShown()
		return m.setStatus("Showing the feed's text ("+keys.First(m.keys.FullText)+": the full article).", false), cmd
	case m.reader.HasFull():
		m.reader.PreferFeed(id, false)
		cmd := m.renderShown()
		return m.setStatus("Showing the full article ("+keys.First(m.keys.FullText)+": the feed's text).", false), cmd
	case m.opts.FullText == nil:
		return m.setStatus("Offline: the full article cannot be fetched.", true), nil
	}
	a := m.reader.Article()
	if !browser.Allowed(a.Link) {
		return m.setStatus("This article has no web page to fetch.", true), nil
	}
	return m.setStatus("Fetching the full article…", false), m.io.fetchFull(m.opts.FullText, a)
}

// focusOn moves the keyboard to a pane; the list shows its cursor only
// while it has it. The links list is over the article: leaving the
// article (a click on the list) closes it, so what is drawn is where keys
// act.
func (m *Model) focusOn(f focus) {
	m.focus = f
	m.list.SetFocused(f == focusList)
	if f != focusReader {
		m.links.Close()
	}
}

// tagWords splits what was typed at the tag prompt: at commas when there is
// one ("Later, Must Read" is two tags, as 'byline tag' makes "+Must Read"
// one), else at spaces.
func tagWords(value string) []string {
	sep := func(r rune) bool { return r == ' ' }
	if strings.Contains(value, ",") {
		sep = func(r rune) bool { return r == ',' }
	}
	var out []string
	for _, w := range strings.FieldsFunc(value, sep) {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// copyURL copies link to the clipboard and says so in the status line.
func (m Model) copyURL(link string) tea.Cmd {
	copyText := m.opts.CopyText
	return func() tea.Msg {
		if err := copyText(link); err != nil {
			return status.SetMsg{Text: "Could not copy: " + err.Error(), Error: true}
		}
		return status.SetMsg{Text: "Copied " + sanitize.Line(link)}
	}
}
