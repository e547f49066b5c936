// Package ui is byline's terminal reader. The root model here does layout
// and routing only; each pane is its own component (ui/list, ui/reader).
// All store access and rendering run in tea.Cmds: Update and View never
// block.
package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/browser"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/list"
	"github.com/byline/byline/ui/reader"
	"github.com/byline/byline/ui/render"
	"github.com/byline/byline/ui/sanitize"
	"github.com/byline/byline/ui/theme"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// RefreshFunc refreshes every source, calling report as each finishes.
type RefreshFunc func(ctx context.Context, report func(RefreshEvent)) error

// Options configure the reader.
type Options struct {
	Store    *store.Store
	Renderer *render.Renderer
	Styles   *theme.Styles
	Keys     keys.KeyMap
	// Refresh is nil when refreshing is not possible (offline).
	Refresh        RefreshFunc
	OfflineReason  string
	RefreshOnStart bool
	// Filter is the filter the reader opens with.
	Filter string
	// OpenURL opens a link outside; browser.Open when nil.
	OpenURL func(string) error
	// Now is the clock dates are shown against; time.Now when nil.
	Now func() time.Time
	// Title names the library in the status bar ("demo", say).
	Title string
}

type focus int

const (
	focusList focus = iota
	focusReader
)

// wideMin is the narrowest terminal that shows both panes side by side.
const wideMin = 100

// Model is the root model.
type Model struct {
	opts   Options
	keys   *keys.KeyMap
	styles *theme.Styles
	list   list.Model
	reader reader.Model
	help   help.Model
	query  store.Query

	width, height int
	focus         focus

	listGen     int // bumps when the list is reloaded from the top
	renderGen   int // bumps whenever a different render is wanted
	resizeGen   int
	loading     bool
	loadedOnce  bool
	loadingMore bool
	sources     int
	total       int
	unread      int

	refreshing    bool
	cancelRefresh context.CancelFunc
	refreshDone   int
	refreshTotal  int
	refreshNew    int
	refreshFailed []string

	status    string
	statusErr bool
	quitting  bool
}

// New returns the reader.
func New(opts Options) Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.OpenURL == nil {
		opts.OpenURL = browser.Open
	}
	km := opts.Keys
	m := Model{
		opts:   opts,
		keys:   &km,
		styles: opts.Styles,
		help:   help.New(),
		query:  store.Query{Title: strings.TrimSpace(opts.Filter)},
	}
	m.help.Styles.ShortKey = opts.Styles.Code
	m.help.Styles.FullKey = opts.Styles.Code
	m.list = list.New(opts.Styles, m.keys, opts.Now)
	m.reader = reader.New(opts.Styles, m.keys)
	return m
}

// Init loads the list and starts a background refresh when asked to; the
// first paint does not wait for either.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{loadArticles(m.opts.Store, m.query, m.listGen, pageSize)}
	return tea.Batch(cmds...)
}

func (m Model) wide() bool { return m.width >= wideMin }

// Update routes messages.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		m.resizeGen++
		gen := m.resizeGen
		return m, tea.Tick(80*time.Millisecond, func(time.Time) tea.Msg { return resizeSettledMsg{gen} })

	case resizeSettledMsg:
		if msg.gen != m.resizeGen {
			return m, nil
		}
		return m, m.rerender()

	case ArticlesLoadedMsg:
		return m.articlesLoaded(msg)

	case ArticleRenderedMsg:
		if msg.Gen != m.renderGen {
			return m, nil
		}
		errText := ""
		if msg.Err != nil {
			errText = "Could not show this article: " + msg.Err.Error()
		}
		m.reader.Show(msg.Article, msg.Body, errText)
		return m, nil

	case previewDueMsg:
		if msg.gen != m.renderGen {
			return m, nil
		}
		return m, m.renderSelected()

	case FlagsSavedMsg:
		if msg.Err != nil {
			return m.setStatus("Could not save: "+msg.Err.Error(), true), nil
		}
		return m, nil

	case refreshStep:
		m = m.refreshProgress(msg.msg)
		return m, msg.next

	case RefreshFinishedMsg:
		return m.refreshFinished(msg)

	case StatusMsg:
		return m.setStatus(msg.Text, msg.Error), nil

	case tea.KeyMsg:
		return m.handleKey(msg)

	case tea.MouseMsg:
		if m.focus == focusReader || m.wide() {
			var cmd tea.Cmd
			m.reader, cmd = m.reader.Update(msg)
			return m, cmd
		}
	}
	return m, nil
}

func (m Model) setStatus(text string, isErr bool) Model {
	m.status, m.statusErr = text, isErr
	return m
}

func (m Model) articlesLoaded(msg ArticlesLoadedMsg) (tea.Model, tea.Cmd) {
	if msg.Gen != m.listGen {
		return m, nil
	}
	if msg.Err != nil {
		m.loading, m.loadingMore = false, false
		return m.setStatus("Could not load articles: "+msg.Err.Error(), true), nil
	}
	if msg.Append {
		m.loadingMore = false
		m.list.Append(msg.Items, msg.HasMore)
		return m, nil
	}
	first := !m.loadedOnce
	m.loading, m.loadedOnce = false, true
	before, had := m.list.Selected()
	m.list.SetItems(msg.Items, msg.HasMore)
	m.total, m.unread, m.sources = msg.Total, msg.Unread, msg.Sources
	var cmds []tea.Cmd
	if first && m.opts.RefreshOnStart && m.opts.Refresh != nil && m.sources > 0 {
		cmds = append(cmds, m.startRefresh())
	}
	if after, ok := m.list.Selected(); ok && m.wide() && (!had || after.ID != before.ID || m.reader.ArticleID() == 0) && m.focus == focusList {
		cmds = append(cmds, m.schedulePreview())
	}
	return m, tea.Batch(cmds...)
}

func (m *Model) startRefresh() tea.Cmd {
	if m.opts.Refresh == nil {
		reason := m.opts.OfflineReason
		if reason == "" {
			reason = "refresh is not available"
		}
		m.status, m.statusErr = reason, true
		return nil
	}
	if m.refreshing {
		return nil
	}
	m.refreshing = true
	m.refreshDone, m.refreshTotal, m.refreshNew = 0, m.sources, 0
	m.refreshFailed = nil
	m.status, m.statusErr = "", false
	cmd, cancel := startRefresh(m.opts.Refresh)
	m.cancelRefresh = cancel
	return cmd
}

func (m Model) refreshProgress(p RefreshProgressMsg) Model {
	m.refreshDone, m.refreshTotal = p.Done, p.Total
	m.refreshNew += p.New
	if p.Err != nil {
		m.refreshFailed = append(m.refreshFailed, sanitize.Line(p.Source)+": "+sanitize.Line(p.Err.Error()))
	}
	return m
}

func (m Model) refreshFinished(msg RefreshFinishedMsg) (tea.Model, tea.Cmd) {
	m.refreshing = false
	if m.cancelRefresh != nil {
		m.cancelRefresh()
		m.cancelRefresh = nil
	}
	switch {
	case msg.Err != nil && msg.Err != context.Canceled:
		m.status, m.statusErr = "Refresh failed: "+msg.Err.Error(), true
	case len(m.refreshFailed) > 0:
		m.status = fmt.Sprintf("Refreshed %d sources · %d new · %d failed — %s", m.refreshTotal, m.refreshNew, len(m.refreshFailed), m.refreshFailed[0])
		m.statusErr = true
	default:
		m.status = fmt.Sprintf("Refreshed %d sources · %d new", m.refreshTotal, m.refreshNew)
		m.statusErr = false
	}
	// Reload as many rows as are loaded, so the cursor's article is still
	// there; the list keeps the cursor on it.
	return m, loadArticles(m.opts.Store, m.query, m.listGen, max(m.list.Len(), pageSize))
}

func (m Model) handleKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		if m.cancelRefresh != nil {
			m.cancelRefresh()
		}
		m.quitting = true
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.layout()
		return m, nil
	case key.Matches(msg, k.Refresh):
		cmd := m.startRefresh()
		return m, cmd
	}
	if m.focus == focusReader {
		return m.readerKey(msg)
	}
	return m.listKey(msg)
}

func (m Model) listKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	sel, ok := m.list.Selected()
	switch {
	case key.Matches(msg, k.Open):
		if !ok {
			return m, nil
		}
		return m.open(sel)
	case key.Matches(msg, k.ToggleRead):
		if ok {
			return m.setFlags(sel, !sel.Read, sel.Starred)
		}
		return m, nil
	case key.Matches(msg, k.ToggleStar):
		if ok {
			return m.setFlags(sel, sel.Read, !sel.Starred)
		}
		return m, nil
	case key.Matches(msg, k.Browser):
		if ok {
			return m.openLink(sel.Link)
		}
		return m, nil
	}
	var cmd tea.Cmd
	m.list, cmd = m.list.Update(msg)
	cmds := []tea.Cmd{cmd, m.maybeLoadMore()}
	if after, ok2 := m.list.Selected(); ok2 && (!ok || after.ID != sel.ID) && m.wide() {
		cmds = append(cmds, m.schedulePreview())
	}
	return m, tea.Batch(cmds...)
}

func (m Model) readerKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	a := m.reader.Article()
	switch {
	case key.Matches(msg, k.Back):
		m.focus = focusList
		m.list.SetFocused(true)
		return m, nil
	case key.Matches(msg, k.Next), key.Matches(msg, k.Prev):
		d := 1
		if key.Matches(msg, k.Prev) {
			d = -1
		}
		before := m.list.Cursor()
		m.list.Move(d)
		if m.list.Cursor() == before {
			if d > 0 {
				return m.setStatus("This is the last article.", false), m.maybeLoadMore()
			}
			return m.setStatus("This is the first article.", false), nil
		}
		sel, _ := m.list.Selected()
		more := m.maybeLoadMore()
		mm, cmd := m.open(sel)
		return mm, tea.Batch(cmd, more)
	case key.Matches(msg, k.ToggleRead):
		return m.setFlags(a, !a.Read, a.Starred)
	case key.Matches(msg, k.ToggleStar):
		return m.setFlags(a, a.Read, !a.Starred)
	case key.Matches(msg, k.Browser):
		return m.openLink(a.Link)
	case key.Matches(msg, k.Open):
		return m, nil
	}
	var cmd tea.Cmd
	m.reader, cmd = m.reader.Update(msg)
	return m, cmd
}

// open shows an article in the reader, focuses it and marks it read.
func (m Model) open(a store.ArticleSummary) (tea.Model, tea.Cmd) {
	m.focus = focusReader
	m.list.SetFocused(false)
	var cmds []tea.Cmd
	if m.reader.ArticleID() != a.ID {
		m.renderGen++
		cmds = append(cmds, renderArticle(m.opts.Store, m.opts.Renderer, a.ID, m.readerWidth(), m.renderGen))
	}
	if !a.Read {
		mm, cmd := m.setFlags(a, true, a.Starred)
		m = mm.(Model)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

func (m Model) setFlags(a store.ArticleSummary, read, starred bool) (tea.Model, tea.Cmd) {
	if a.ID == 0 {
		return m, nil
	}
	if read != a.Read {
		if read {
			m.unread--
		} else {
			m.unread++
		}
	}
	m.list.SetFlags(a.ID, read, starred)
	m.reader.SetFlags(a.ID, read, starred)
	return m, saveFlags(m.opts.Store, a.ID, read, starred)
}

func (m Model) openLink(link string) (tea.Model, tea.Cmd) {
	if link == "" {
		return m.setStatus("This article has no link.", true), nil
	}
	if !browser.Allowed(link) {
		return m.setStatus("Not opening "+sanitize.Line(link)+": only http, https and mailto links open.", true), nil
	}
	open := m.opts.OpenURL
	return m.setStatus("Opening "+sanitize.Line(link), false), func() tea.Msg {
		if err := open(link); err != nil {
			return StatusMsg{Text: err.Error(), Error: true}
		}
		return nil
	}
}

func (m *Model) maybeLoadMore() tea.Cmd {
	if m.loadingMore || !m.list.NearEnd() {
		return nil
	}
	last, ok := m.list.Last()
	if !ok {
		return nil
	}
	m.loadingMore = true
	return loadMore(m.opts.Store, m.query, m.listGen, last)
}

// schedulePreview renders the selected article in the reader pane after a
// short pause, so holding j does not render every article it passes.
func (m *Model) schedulePreview() tea.Cmd {
	m.renderGen++
	gen := m.renderGen
	return tea.Tick(60*time.Millisecond, func(time.Time) tea.Msg { return previewDueMsg{gen} })
}

func (m Model) renderSelected() tea.Cmd {
	sel, ok := m.list.Selected()
	if !ok {
		return nil
	}
	return renderArticle(m.opts.Store, m.opts.Renderer, sel.ID, m.readerWidth(), m.renderGen)
}

// rerender renders the shown article again for a new width.
func (m *Model) rerender() tea.Cmd {
	id := m.reader.ArticleID()
	if id == 0 {
		if m.wide() {
			return m.schedulePreview()
		}
		return nil
	}
	m.renderGen++
	return renderArticle(m.opts.Store, m.opts.Renderer, id, m.readerWidth(), m.renderGen)
}

func (m Model) listWidth() int {
	if !m.wide() {
		return m.width
	}
	return min(max(m.width*2/5, 40), 64)
}

func (m Model) readerWidth() int {
	if !m.wide() {
		return m.width
	}
	return m.width - m.listWidth() - 1 // border
}

func (m Model) helpView() string {
	m.help.Width = m.width
	if m.help.ShowAll {
		return m.help.FullHelpView(m.FullHelp())
	}
	return m.help.ShortHelpView(m.ShortHelp())
}

func (m Model) mainHeight() int {
	return max(m.height-1-lipgloss.Height(m.helpView()), 1)
}

func (m *Model) layout() {
	h := m.mainHeight()
	m.list.SetSize(m.listWidth(), h)
	m.reader.SetSize(m.readerWidth(), h)
}

// ShortHelp is the one-line help for the focused pane.
func (m Model) ShortHelp() []key.Binding {
	k := m.keys
	if m.focus == focusReader {
		return []key.Binding{k.PageDown, k.Next, k.Prev, k.Back, k.ToggleStar, k.Browser, k.Help, k.Quit}
	}
	return []key.Binding{k.Down, k.Up, k.Open, k.ToggleRead, k.ToggleStar, k.Refresh, k.Help, k.Quit}
}

// FullHelp is every binding, in columns.
func (m Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom},
		{k.Open, k.Back, k.PageDown, k.PageUp},
		{k.Next, k.Prev, k.ToggleRead, k.ToggleStar},
		{k.Browser, k.Refresh, k.Help, k.Quit},
	}
}

// View lays out the panes, the status line and the help.
func (m Model) View() string {
	if m.quitting || m.width == 0 {
		return ""
	}
	var main string
	switch {
	case !m.loadedOnce:
		main = lipgloss.NewStyle().Width(m.width).Height(m.mainHeight()).Render(m.styles.Meta.Render("  Loading…"))
	case m.sources == 0 && m.total == 0 && m.query.Title == "":
		main = m.welcomeView()
	case m.wide():
		border := m.styles.PaneBorder
		if m.focus == focusList {
			border = m.styles.FocusBorder
		}
		left := border.Height(m.mainHeight()).Render(m.list.View())
		main = lipgloss.JoinHorizontal(lipgloss.Top, left, m.reader.View())
	case m.focus == focusReader:
		main = m.reader.View()
	default:
		main = m.list.View()
	}
	return lipgloss.JoinVertical(lipgloss.Left, main, m.statusView(), m.helpView())
}

func (m Model) statusView() string {
	right := fmt.Sprintf("%d unread · %d articles", m.unread, m.total)
	if m.opts.Title != "" {
		right = m.opts.Title + " · " + right
	}
	if m.focus == focusReader && m.reader.ArticleID() != 0 {
		right = fmt.Sprintf("%3.0f%% · ", m.reader.ScrollPercent()*100) + right
	}
	var left string
	style := m.styles.Status
	switch {
	case m.refreshing:
		left = fmt.Sprintf("⟳ Refreshing %d/%d · %d new", m.refreshDone, m.refreshTotal, m.refreshNew)
		if n := len(m.refreshFailed); n > 0 {
			left += fmt.Sprintf(" · %d failed", n)
		}
	case m.status != "":
		left = sanitize.Line(m.status)
		if m.statusErr {
			style = m.styles.StatusError
		}
	case m.query.Title != "":
		left = "filter: " + sanitize.Line(m.query.Title)
	}
	room := m.width - lipgloss.Width(right) - 2
	left = ansi.Truncate(left, max(room, 0), "…")
	gap := max(m.width-lipgloss.Width(left)-lipgloss.Width(right)-2, 1)
	return " " + style.Render(left) + strings.Repeat(" ", gap) + m.styles.StatusRight.Render(right) + " "
}

func (m Model) welcomeView() string {
	s := m.styles
	text := strings.Join([]string{
		s.WelcomeTitle.Render("Welcome to byline"),
		"",
		"You have no sources yet. Quit (q) and add one:",
		"",
		"  " + s.Code.Render("byline add https://go.dev/blog/feed.atom --tag go") + "   a feed URL",
		"  " + s.Code.Render("byline add ~/notes/articles") + "                      a folder of Markdown articles",
		"  " + s.Code.Render("byline add feed.xml") + "                              a feed file on disk",
		"",
		"Or take the guided tour on a sample library:",
		"",
		"  " + s.Code.Render("byline demo"),
	}, "\n")
	return s.Welcome.Width(m.width).Height(m.mainHeight()).Render(text)
}
