// Package ui is byline's terminal reader. The root model here does layout
// and routing only; each pane is its own component (ui/list, ui/reader,
// ui/tags, ui/prompt). All store access and rendering run in tea.Cmds:
// Update and View never block.
package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/refresh"
	"github.com/byline/byline/remote"
	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
	"github.com/byline/byline/ui/browser"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/links"
	"github.com/byline/byline/ui/list"
	"github.com/byline/byline/ui/prompt"
	"github.com/byline/byline/ui/reader"
	"github.com/byline/byline/ui/render"
	"github.com/byline/byline/ui/tags"
	"github.com/byline/byline/ui/theme"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// RefreshFunc refreshes every source, calling report as each finishes.
type RefreshFunc func(ctx context.Context, report func(RefreshEvent)) error

// FullTextFunc fetches an article's page and stores its main content.
type FullTextFunc func(ctx context.Context, id int64, link string) error

// Options configure the reader.
type Options struct {
	Store    *store.Store
	Renderer *render.Renderer
	Styles   *theme.Styles
	Keys     keys.KeyMap
	// Refresher reads the sources on a refresh; Syncer, when there is a
	// sync account, syncs after them; Retention is applied last.
	Refresher *refresh.Refresher
	Syncer    *remote.Syncer
	Retention store.Retention
	// Refresh and FullText are what R and F run: by default the engines
	// above; nil when refreshing or fetching is not possible.
	Refresh  RefreshFunc
	FullText FullTextFunc
	// Context stops every command of the reader when cancelled; quitting
	// cancels it too.
	Context        context.Context
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
	// RefreshEvery refreshes on this interval; 0 never.
	RefreshEvery time.Duration
	// Hyperlinks turns on OSC 8 links in the links list.
	Hyperlinks bool
	// CopyText puts text on the clipboard; CopyToClipboard when nil.
	CopyText func(string) error
	// Images draws articles' pictures (pictures.go).
	Images ImageOptions
	// Images, when set, fetches an article's images as P prefetches the view.
	PrefetchImages refresh.ImagesFunc
}

type focus int

const (
	focusList focus = iota
	focusReader
	focusTags
)

const (
	// wideMin is the narrowest terminal that shows panes side by side.
	wideMin = 100
	// tagPaneWidth is the tag pane's width beside the list.
	tagPaneWidth = 30
	// filterDebounce is how long typing must pause before the list follows.
	filterDebounce = 40 * time.Millisecond
)

// Model is the root model.
type Model struct {
	opts   Options
	keys   *keys.KeyMap
	styles *theme.Styles
	list   list.Model
	reader reader.Model
	tags   tags.Model
	links  links.Model
	prompt prompt.Model
	help   help.Model

	// feedView holds the articles the user switched back to the feed's
	// text from their full text.
	feedView map[int64]bool
	// shownFull and hasFull describe the article in the reader.
	shownFull, hasFull bool

	filter     query.Filter
	prevFilter query.Filter // restored by esc in the filter prompt
	saved      []store.SavedFilter

	width, height int
	// Set by layout, so View measures and builds nothing: the help's
	// height, whether the full help must stack its columns, and the
	// sized styles of the panes drawn here.
	helpHeight  int
	stackHelp   bool
	frameMain   lipgloss.Style
	frameReader lipgloss.Style
	errorWrap   lipgloss.Style
	welcome     lipgloss.Style
	focus       focus
	showTags    bool
	showLinks   bool
	// failures is the failing-sources list, when it is open.
	failures     []store.Source
	showFailures bool

	listGen      int // bumps when the list is reloaded from the top
	renderGen    int // bumps whenever a different render is wanted
	resizeGen    int
	filterGen    int
	loadedOnce   bool
	countsLoaded bool
	loadingMore  bool
	sources      int
	total        int
	shown        int
	shownUnread  int

	// io runs the reader's I/O under the reader's context; stop cancels it.
	io   commands
	stop context.CancelFunc
	// edits are read and starred changes made here, laid over articles
	// loaded before the store had them (see flags.go).
	edits   map[int64]flagEdit
	editSeq int

	refreshing    bool
	cancelRefresh context.CancelFunc
	refreshDone   int
	refreshTotal  int
	refreshNew    int
	refreshFailed []string

	status    string
	statusErr bool
	quitting  bool

	// pics are the shown article's pictures (pictures.go).
	pics pictures
	// prefetchPlan waits for the answer to P's confirmation (see save.go).
	prefetchPlan *refresh.PrefetchPlan
}

// New returns the reader.
func New(opts Options) Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.OpenURL == nil {
		opts.OpenURL = browser.Open
	}
	if opts.CopyText == nil {
		opts.CopyText = CopyToClipboard
	}
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	if opts.Refresh == nil && opts.Refresher != nil {
		opts.Refresh = engineRefresh(opts.Refresher, opts.Syncer, opts.Retention)
	}
	if opts.FullText == nil && opts.Refresher != nil && !opts.Refresher.Offline && opts.Refresher.Fetcher != nil {
		opts.FullText = opts.Refresher.FullText
	}
	ctx, cancel := context.WithCancel(opts.Context)
	km := opts.Keys
	m := Model{
		opts:     opts,
		keys:     &km,
		styles:   opts.Styles,
		help:     help.New(),
		prompt:   prompt.New(opts.Styles),
		feedView: map[int64]bool{},
		io:       commands{ctx: ctx, st: opts.Store},
		stop:     cancel,
		edits:    map[int64]flagEdit{},
	}
	if opts.OfflineReason != "" {
		m.status = opts.OfflineReason
	}
	if f, err := query.Parse(opts.Filter); err != nil {
		m.status, m.statusErr = "Default filter ignored: "+err.Error(), true
	} else {
		m.filter = f
	}
	m.help.Styles.ShortKey = opts.Styles.Code
	m.help.Styles.FullKey = opts.Styles.Code
	m.list = list.New(opts.Styles, m.keys, opts.Now)
	m.reader = reader.New(opts.Styles, m.keys)
	m.tags = tags.New(opts.Styles, m.keys)
	m.links = links.New(opts.Styles, m.keys, opts.Hyperlinks)
	m.tags.SetFilter(m.filter)
	return m
}

// Init loads the list, its counts and the tags; the first paint waits for
// none of them, nor for a refresh.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.reload(pageSize), m.io.loadTags(), m.io.indexForSearch()}
	if m.opts.RefreshEvery > 0 {
		cmds = append(cmds, autoRefreshAfter(m.opts.RefreshEvery))
	}
	return tea.Batch(cmds...)
}

// reload loads the list from the top (limit rows) and its counts.
func (m Model) reload(limit int) tea.Cmd {
	now := m.opts.Now()
	return tea.Batch(
		m.io.loadArticles(m.filter, now, m.listGen, limit),
		m.io.loadCounts(m.filter, now, m.listGen),
	)
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
		cmd := m.rerender()
		return m, cmd

	case ArticlesLoadedMsg:
		return m.articlesLoaded(msg)

	case CountsLoadedMsg:
		return m.countsLoadedMsg(msg)

	case TagsLoadedMsg:
		if msg.Err != nil {
			return m.setStatus("Could not load tags: "+msg.Err.Error(), true), nil
		}
		m.tags.SetTags(msg.Tags)
		m.saved = msg.Filters
		return m, nil

	case ArticleRenderedMsg:
		if msg.Gen != m.renderGen {
			return m, nil
		}
		errText := ""
		if msg.Err != nil {
			errText = "Could not show this article: " + msg.Err.Error()
		}
		note := ""
		switch {
		case msg.Full:
			note = "Full article, from its page · F: the feed's text"
		case msg.HasFull:
			note = "The feed's text · F: the full article"
		}
		// The article was read from the store before any change made here
		// since: what the user sees is the truth for its flags.
		m.reader.Show(m.flagsOf(msg.Article), msg.Body, errText, note)
		m.links.SetLinks(msg.Links)
		m.shownFull, m.hasFull = msg.Full, msg.HasFull
		return m, m.showPictures(msg)

	case PictureDrawnMsg:
		return m.pictureDrawn(msg)

	case FullTextFetchedMsg:
		if msg.Err != nil {
			return m.setStatus("Could not get the full article: "+msg.Err.Error()+" — showing the feed's text.", true), nil
		}
		delete(m.feedView, msg.ID)
		m = m.setStatus("Full article fetched and kept (F shows the feed's text).", false)
		if m.reader.ArticleID() == msg.ID {
			cmd := m.renderShown()
			return m, cmd
		}
		return m, nil

	case links.OpenedMsg:
		return m.openLink(msg.URL)

	case previewDueMsg:
		if msg.gen != m.renderGen {
			return m, nil
		}
		return m, m.renderSelected()

	case filterDueMsg:
		if msg.gen != m.filterGen || m.prompt.Kind() != prompt.Filter {
			return m, nil
		}
		return m.filterTyped()

	case FieldSavedMsg:
		return m.fieldSaved(msg)

	case StoreChangedMsg:
		if msg.Err != nil {
			return m.setStatus(msg.Err.Error(), true), nil
		}
		m = m.setStatus(msg.Status, false)
		return m, tea.Batch(m.reload(max(m.list.Len(), pageSize)), m.io.loadTags())

	case refreshStep:
		m = m.refreshProgress(msg.msg)
		return m, msg.next

	case RefreshFinishedMsg:
		return m.refreshFinished(msg)

	case StatusMsg:
		return m.setStatus(msg.Text, msg.Error), nil

	case FailuresLoadedMsg:
		if msg.Err != nil {
			return m.setStatus(msg.Err.Error(), true), nil
		}
		if len(msg.Sources) == 0 {
			m.showFailures = false
			return m.setStatus("No source failed its last refresh.", false), nil
		}
		m.failures, m.showFailures = msg.Sources, true
		return m, nil

	case autoRefreshDueMsg:
		cmd := m.startRefresh()
		return m, tea.Batch(cmd, autoRefreshAfter(m.opts.RefreshEvery))

	case saveMsg:
		return m.updateSave(msg)

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
		m.loadingMore, m.loadedOnce = false, true
		return m.setStatus("Could not load articles: "+msg.Err.Error(), true), nil
	}
	m.settleEdits(msg.Items, msg.Gen)
	if msg.Append {
		m.loadingMore = false
		m.list.Append(msg.Items, msg.HasMore)
		return m, nil
	}
	m.loadedOnce = true
	before, had := m.list.Selected()
	m.list.SetItems(msg.Items, msg.HasMore)
	if after, ok := m.list.Selected(); ok && m.wide() && m.focus != focusReader &&
		(!had || after.ID != before.ID || m.reader.ArticleID() == 0) {
		cmd := m.schedulePreview()
		return m, cmd
	}
	return m, nil
}

func (m Model) countsLoadedMsg(msg CountsLoadedMsg) (tea.Model, tea.Cmd) {
	if msg.Gen != m.listGen {
		return m, nil
	}
	if msg.Err != nil {
		m.countsLoaded = true
		return m.setStatus("Could not count articles: "+msg.Err.Error(), true), nil
	}
	first := !m.countsLoaded
	m.countsLoaded = true
	m.shown, m.shownUnread, m.total, m.sources = msg.Shown, msg.Unread, msg.Total, msg.Sources
	if first && m.opts.RefreshOnStart && m.opts.Refresh != nil && m.sources > 0 {
		cmd := m.startRefresh()
		return m, cmd
	}
	return m, nil
}

func (m *Model) startRefresh() tea.Cmd {
	if m.opts.Refresh == nil {
		reason := m.opts.OfflineReason
		if reason == "" {
			reason = "Refresh is not available."
		}
		m.status, m.statusErr = reason, true
		return nil
	}
	if m.refreshing {
		return nil
	}
	m.showFailures = false
	m.refreshing = true
	m.refreshDone, m.refreshTotal, m.refreshNew = 0, m.sources, 0
	m.refreshFailed = nil
	m.status, m.statusErr = "", false
	cmd, cancel := m.io.startRefresh(m.opts.Refresh)
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
		m.status = fmt.Sprintf("Refreshed %d sources · %d new · %d failed (E lists them) — %s", m.refreshTotal, m.refreshNew, len(m.refreshFailed), m.refreshFailed[0])
		m.statusErr = true
	default:
		m.status = fmt.Sprintf("Refreshed %d sources · %d new", m.refreshTotal, m.refreshNew)
		m.statusErr = false
	}
	if m.opts.OfflineReason != "" {
		m.status += " · offline: feeds were not fetched"
	}
	// Reload as many rows as are loaded, so the cursor's article is still
	// there; the list keeps the cursor on it.
	return m, tea.Batch(m.reload(max(m.list.Len(), pageSize)), m.io.loadTags())
}

// setFilter makes f the active filter and reloads the list; the cursor
// stays on its article when the new list still has it.
func (m *Model) setFilter(f query.Filter) tea.Cmd {
	m.filter = f
	m.tags.SetFilter(f)
	m.listGen++
	m.loadingMore = false
	return m.reload(pageSize)
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
	return m.io.loadMore(m.filter, m.opts.Now(), m.listGen, last, m.list.Len())
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
	return m.io.renderArticle(m.opts.Renderer, sel.ID, m.readerWidth(), m.renderGen, m.feedView[sel.ID])
}

// renderShown renders the article in the reader again (its full text
// arrived, or the user switched views).
func (m *Model) renderShown() tea.Cmd {
	id := m.reader.ArticleID()
	m.renderGen++
	return m.io.renderArticle(m.opts.Renderer, id, m.readerWidth(), m.renderGen, m.feedView[id])
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
	return m.io.renderArticle(m.opts.Renderer, id, m.readerWidth(), m.renderGen, m.feedView[id])
}

func (m Model) tagsWidth() int {
	if !m.showTags {
		return 0
	}
	if !m.wide() {
		return m.width
	}
	return tagPaneWidth + 1 // border
}

func (m Model) listWidth() int {
	if !m.wide() {
		return m.width
	}
	rest := m.width - m.tagsWidth()
	return min(max(rest*2/5, 36), 64)
}

func (m Model) readerWidth() int {
	if !m.wide() {
		return m.width
	}
	return m.width - m.tagsWidth() - m.listWidth() - 1 // border
}

func (m Model) helpView() string {
	m.help.Width = m.width
	if !m.help.ShowAll {
		return m.help.ShortHelpView(m.ShortHelp())
	}
	groups := m.FullHelp()
	if !m.stackHelp {
		return m.help.FullHelpView(groups)
	}
	// Too wide for the terminal: the columns in two blocks.
	half := (len(groups) + 1) / 2
	return m.help.FullHelpView(groups[:half]) + "\n\n" + m.help.FullHelpView(groups[half:])
}

func (m Model) mainHeight() int {
	return max(m.height-1-m.prompt.Height()-m.helpHeight, 1)
}

// layout sizes everything for the terminal, the help and the prompt; it
// runs when one of them changes, never in View.
func (m *Model) layout() {
	m.stackHelp = false
	if m.help.ShowAll {
		m.help.Width = m.width
		m.stackHelp = strings.Contains(m.help.FullHelpView(m.FullHelp()), "…")
	}
	m.helpHeight = lipgloss.Height(m.helpView())
	h := m.mainHeight()
	m.frameMain = lipgloss.NewStyle().Width(m.width).Height(h).MaxHeight(h)
	m.frameReader = lipgloss.NewStyle().Width(m.readerWidth()).Height(h).MaxHeight(h)
	m.errorWrap = lipgloss.NewStyle().Width(max(m.readerWidth()-4, 10))
	m.welcome = m.styles.Welcome.Width(m.width).Height(h)
	m.list.SetSize(m.listWidth(), h)
	m.reader.SetSize(m.readerWidth(), h)
	m.links.SetSize(m.readerWidth(), h)
	m.tags.SetSize(max(m.tagsWidth()-1, 10), h)
	if !m.wide() {
		m.tags.SetSize(m.width, h)
	}
	m.prompt.SetWidth(m.width)
}

// ShortHelp is the one-line help for the focused pane.
func (m Model) ShortHelp() []key.Binding {
	k := m.keys
	switch m.focus {
	case focusReader:
		if m.showLinks {
			return []key.Binding{k.Down, k.Up, k.Open, k.Back, k.Help, k.Quit}
		}
		return []key.Binding{k.PageDown, k.Next, k.Prev, k.Back, k.Links, k.ToggleStar, k.Browser, k.Help, k.Quit}
	case focusTags:
		return []key.Binding{k.Down, k.Up, k.TagInclude, k.TagExclude, k.TagClear, k.TagPane, k.Help, k.Quit}
	}
	return []key.Binding{k.Down, k.Open, k.Filter, k.TagPane, k.ToggleRead, k.ToggleStar, k.Refresh, k.Help, k.Quit}
}

// FullHelp is every binding, in columns.
func (m Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageDown, k.PageUp},
		{k.Open, k.Back, k.Next, k.Prev, k.Browser, k.Links, k.CopyURL, k.FullText},
		{k.ToggleRead, k.ToggleStar, k.AddTag, k.RemoveTag, k.MarkAllRead, k.Save, k.Prefetch},
		{k.Filter, k.TagPane, k.SaveFilter, k.SavedFilter, k.TagInclude, k.TagExclude},
		{k.TagClear, k.Refresh, k.Failures, k.Help, k.Quit},
	}
}

// View lays out the panes, the prompt, the status line and the help.
func (m Model) View() string {
	if m.quitting || m.width == 0 {
		return ""
	}
	h := m.mainHeight()
	var main string
	switch {
	case !m.loadedOnce || !m.countsLoaded:
		main = m.frameMain.Render(m.styles.Meta.Render("  Loading…"))
	case m.sources == 0 && m.total == 0:
		main = m.welcomeView()
	case m.wide():
		var cols []string
		if m.showTags {
			border := m.styles.PaneBorder
			if m.focus == focusTags {
				border = m.styles.FocusBorder
			}
			cols = append(cols, border.Height(h).Render(m.tags.View()))
		}
		border := m.styles.PaneBorder
		if m.focus == focusList {
			border = m.styles.FocusBorder
		}
		cols = append(cols, border.Height(h).Render(m.list.View()), m.readerView())
		main = lipgloss.JoinHorizontal(lipgloss.Top, cols...)
	case m.focus == focusTags:
		main = m.tags.View()
	case m.focus == focusReader || m.showFailures:
		main = m.readerView()
	default:
		main = m.list.View()
	}
	parts := []string{main}
	if m.prompt.Active() {
		parts = append(parts, m.prompt.View())
	}
	parts = append(parts, m.statusView(), m.helpView())
	return lipgloss.JoinVertical(lipgloss.Left, parts...)
}

// readerView is the article, or its links list, or the failing sources,
// over it.
func (m Model) readerView() string {
	switch {
	case m.showFailures:
		return m.failuresView(m.readerWidth())
	case m.showLinks:
		return m.links.View()
	}
	return m.reader.View()
}

func (m Model) failuresView(w int) string {
	var b strings.Builder
	b.WriteString(m.styles.Header.Render(fmt.Sprintf(" Sources whose last refresh failed (%d) — esc closes", len(m.failures))))
	for _, s := range m.failures {
		b.WriteString("\n\n " + m.styles.Header.Render(ansi.Truncate(sanitize.Line(s.Title), w-2, "…")))
		b.WriteString("\n " + m.styles.Meta.Render(ansi.Truncate(sanitize.Line(s.Location), w-2, "…")))
		errText := m.errorWrap.Render(sanitize.Line(s.LastError))
		for _, l := range strings.Split(errText, "\n") {
			b.WriteString("\n  " + m.styles.StatusError.Render(l))
		}
	}
	return m.frameReader.Render(b.String())
}

func (m Model) statusView() string {
	right := fmt.Sprintf("%d/%d · %d unread", m.shown, m.total, m.shownUnread)
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
	}
	filter := "all articles"
	if s := m.filter.String(); s != "" {
		filter = "filter: " + sanitize.Line(s)
	}
	if left == "" {
		left = filter
	} else {
		right = filter + " · " + right
	}
	room := m.width - lipgloss.Width(right) - 3
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
		"  " + s.Code.Render("byline import subscriptions.opml") + "                 feeds from another reader",
		"",
		"Or take the guided tour on a sample library:",
		"",
		"  " + s.Code.Render("byline demo"),
	}, "\n")
	return m.welcome.Render(text)
}
