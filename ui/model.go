// Package ui is byline's terminal reader. The root model here does layout
// and routing; each pane is its own component (ui/list, ui/reader,
// ui/tags, ui/links, ui/failures, ui/prompt, ui/status) and carries out the
// actions it owns. A key goes by the action it triggers where keys act
// (routes.go): the root keeps only the actions that need the view, the
// prompt or the store. All store access and rendering run in tea.Cmds:
// Update and View never block.
package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/byline/byline/library"
	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
	"github.com/byline/byline/ui/browser"
	"github.com/byline/byline/ui/failures"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/links"
	"github.com/byline/byline/ui/list"
	"github.com/byline/byline/ui/prompt"
	"github.com/byline/byline/ui/reader"
	"github.com/byline/byline/ui/render"
	"github.com/byline/byline/ui/status"
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
	// Library holds the use cases the reader shares with the command
	// line: refresh everything, save, prefetch.
	Library *library.Library
	// Refresh and FullText are what R and F run: by default the library's;
	// nil when refreshing or fetching is not possible.
	Refresh  RefreshFunc
	FullText FullTextFunc
	// Context stops every command of the reader when cancelled; quitting
	// cancels it too.
	Context       context.Context
	OfflineReason string
	// Warning is a problem found before the reader started that did not
	// stop it (a mistake in the config's [keys]): the status line shows it
	// from the first paint, through the refresh on start, to the first
	// key or click.
	Warning        string
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
	// WatchEvery looks for writes by other processes on this interval
	// (watch.go); 0 never.
	WatchEvery time.Duration
	// Hyperlinks turns on OSC 8 links in the links list.
	Hyperlinks bool
	// CopyText puts text on the clipboard; CopyToClipboard when nil.
	CopyText func(string) error
	// Images draws articles' pictures (pictures.go).
	Images ImageOptions
	// PreviewLoadingAfter is how long a preview's render may take before
	// the pane names the selected row with Loading; previewLoadingDelay
	// when 0.
	PreviewLoadingAfter time.Duration
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
	// statusBar is the line under the panes; failures lists the sources
	// whose last refresh failed, over the reader, when it is open.
	statusBar status.Model
	failures  failures.Model

	filter     query.Filter
	prevFilter query.Filter // restored by esc in the filter prompt
	// fromSource is the view before a jump from the sources pane: q goes
	// back to it, as from a feed to the feed list (nil: no jump to undo).
	fromSource *query.Filter
	saved      []store.SavedFilter
	// order is the list's order; savedName the saved filter it belongs to,
	// when the view is one.
	order     store.Order
	savedName string

	width, height int
	// Set by layout, so View measures and builds nothing: the help's
	// height, the blocks the full help lays its columns out in, and the
	// sized styles of the panes drawn here.
	helpHeight int
	helpBlocks int // the full help's columns are laid out in this many blocks
	frameMain  lipgloss.Style
	welcome    lipgloss.Style
	focus      focus
	showTags   bool

	// pending are keys that arrived while the list was loading (see
	// list.Waiting): they act, in order, once the rows they act on are
	// there.
	pending    []tea.KeyMsg
	renderGen  int // bumps whenever a different render is wanted
	resizeGen  int
	filterGen  int
	loadedOnce bool

	// io runs the reader's I/O under the reader's context; stop cancels it.
	io   commands
	stop context.CancelFunc
	// edits are read and starred changes made here, laid over articles
	// loaded before the store had them (see flags.go).
	edits   map[int64]flagEdit
	editSeq int

	cancelRefresh context.CancelFunc

	quitting bool

	// pics are the shown article's pictures (pictures.go).
	pics pictures
	// followed is the in-page link last followed in the shown article,
	// and where it left the view (update_keys.go).
	followed followedAnchor
	// prefetchPlan waits for the answer to P's confirmation (see save.go).
	prefetchPlan *library.PrefetchPlan
	// watcher sees writes by other processes (watch.go).
	watcher *store.Watcher
	// recheckGen is the render that looks again at the shown article
	// after the store changed (coherence.go).
	recheckGen int
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
	if opts.PreviewLoadingAfter <= 0 {
		opts.PreviewLoadingAfter = previewLoadingDelay
	}
	if opts.Refresh == nil && opts.Library != nil {
		opts.Refresh = libraryRefresh(opts.Library)
	}
	if opts.FullText == nil && opts.Library != nil && !opts.Library.Offline() {
		opts.FullText = opts.Library.FullText
	}
	ctx, cancel := context.WithCancel(opts.Context)
	km := opts.Keys
	m := Model{
		opts:   opts,
		keys:   &km,
		styles: opts.Styles,
		help:   help.New(),
		prompt: prompt.New(opts.Styles, &km),
		io:     commands{ctx: ctx, st: opts.Store, renders: &render.Latest{}},
		stop:   cancel,
		edits:  map[int64]flagEdit{},
	}
	m.statusBar = status.New(opts.Styles, opts.Title)
	m.statusBar.SetFailuresKey(keys.First(km.Failures))
	if opts.OfflineReason != "" {
		m.statusBar.Set(opts.OfflineReason, false)
	}
	if f, err := query.Parse(opts.Filter); err != nil {
		m.statusBar.Set("Default filter ignored: "+err.Error(), true)
	} else {
		m.filter = f
	}
	if opts.Warning != "" {
		m.statusBar.Hold(opts.Warning)
	}
	m.help.Styles.ShortKey = opts.Styles.Code
	m.help.Styles.FullKey = opts.Styles.Code
	m.list = list.New(opts.Styles, m.keys, opts.Now)
	m.list.Loading(false) // Init's load is in flight from the start
	m.reader = reader.New(opts.Styles, m.keys)
	m.tags = tags.New(opts.Styles, m.keys)
	m.links = links.New(opts.Styles, m.keys, opts.Hyperlinks)
	m.failures = failures.New(opts.Styles, m.keys)
	m.tags.SetFilter(m.filter)
	if opts.Store != nil {
		// The first look marks where the store is before anything is
		// loaded from it, so no write between the two goes unseen.
		m.watcher = opts.Store.Watch(ctx)
		m.lookAtStore()
	}
	m.statusBar.SetFilter(m.filter.String())
	return m
}

// Init loads the list, its counts and the tags; the first paint waits for
// none of them, nor for a refresh.
func (m Model) Init() tea.Cmd {
	now := m.opts.Now()
	gen := m.list.Gen()
	cmds := []tea.Cmd{m.io.loadArticles(m.filter, m.order, now, gen, pageSize), m.io.loadCounts(m.filter, now, gen),
		m.loadTags(), m.io.indexForSearch()}
	if m.opts.RefreshEvery > 0 {
		cmds = append(cmds, autoRefreshAfter(m.opts.RefreshEvery))
	}
	cmds = append(cmds, m.watchStore())
	return tea.Batch(cmds...)
}

// reload loads the list from the top (limit rows) and its counts.
func (m *Model) reload(limit int) tea.Cmd {
	gen := m.list.Loading(false)
	now := m.opts.Now()
	return tea.Batch(
		m.io.loadArticles(m.filter, m.order, now, gen, limit),
		m.io.loadCounts(m.filter, now, gen),
	)
}

func (m Model) wide() bool { return m.width >= wideMin }

// loadTags loads the tags (for completion), the saved filters and, while
// the side pane shows, its counts.
func (m Model) loadTags() tea.Cmd { return m.io.loadTags(m.filter, m.opts.Now(), m.showTags) }

// Update routes messages.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		again := m.stillFollowed()
		m.layout()
		if again {
			m = m.followAgain() // the pane's new height; the new wrap follows with the render
		}
		m.resizeGen++
		gen := m.resizeGen
		return m, tea.Tick(80*time.Millisecond, func(time.Time) tea.Msg { return resizeSettledMsg{gen} })

	case resizeSettledMsg:
		if msg.gen != m.resizeGen {
			return m, nil
		}
		cmd := m.rerender()
		return m, cmd

	case articlesLoadedMsg:
		return m.articlesLoaded(msg)

	case countsLoadedMsg:
		return m.countsLoadedMsg(msg)

	case tagsLoadedMsg:
		if msg.Err != nil {
			return m.setStatus("Could not load tags: "+msg.Err.Error(), true), nil
		}
		m.tags.SetTags(msg.Tags)
		if msg.Pane {
			m.tags.SetCountsInView(msg.InView)
			m.tags.SetSources(msg.Sources)
		}
		m.saved = msg.Filters
		return m, nil

	case articleRenderedMsg:
		if msg.Gen != m.renderGen {
			return m, nil
		}
		if m.sameBody(msg) || m.goneWhileShown(msg) {
			return m.restate(msg) // coherence.go
		}
		errText := ""
		if msg.Err != nil {
			errText = "Could not show this article: " + msg.Err.Error()
		}
		// The article was read from the store before any change made here
		// since: what the user sees is the truth for its flags.
		again := m.stillFollowed() && msg.Article.ID == m.followed.article
		m.reader.Show(m.flagsOf(msg.Article), msg.Body, errText, msg.Full, msg.HasFull)
		m.links.SetLinks(msg.Links)
		pics := m.showPictures(msg)
		if again {
			m = m.followAgain() // a resize, the other text (F)
		} else {
			m.followed = followedAnchor{}
		}
		if len(m.pending) == 0 || m.list.Waiting() {
			return m, pics
		}
		m, keys := m.replayKeys()
		return m, tea.Batch(pics, keys)

	case PictureDrawnMsg:
		return m.pictureDrawn(msg)

	case fullTextFetchedMsg:
		if msg.Err != nil {
			return m.setStatus("Could not get the full article: "+msg.Err.Error()+" — showing the feed's text.", true), nil
		}
		m.reader.PreferFeed(msg.ID, false)
		m = m.setStatus("Full article fetched and kept ("+keys.First(m.keys.FullText)+" shows the feed's text).", false)
		if m.reader.ArticleID() == msg.ID {
			cmd := m.renderShown()
			return m, cmd
		}
		return m, nil

	case tags.ChosenMsg:
		return m.tagChosen(msg)

	case links.OpenedMsg:
		return m.openLink(msg.URL)

	case links.SaveMsg:
		return m.saveLink(msg.URL)

	case links.CopyMsg:
		return m, m.copyURL(msg.URL)

	case previewDueMsg:
		if msg.gen != m.renderGen {
			return m, nil
		}
		if m.reader.Rendering() {
			m.previewLoading() // the pane already waits: it names the new row at once
		}
		slow := tea.Tick(m.opts.PreviewLoadingAfter, func(time.Time) tea.Msg { return previewSlowMsg(msg) })
		return m, tea.Batch(m.renderSelected(), slow)

	case previewSlowMsg:
		if msg.gen == m.renderGen {
			m.previewLoading()
		}
		return m, nil

	case filterDueMsg:
		if msg.gen != m.filterGen || m.prompt.Kind() != prompt.Filter {
			return m, nil
		}
		return m.filterTyped()

	case fieldSavedMsg:
		return m.fieldSaved(msg)

	case storeChangedMsg:
		if msg.Err != nil {
			return m.setStatus(msg.Err.Error(), true), nil
		}
		m = m.setStatus(msg.Status, false)
		if msg.ID != 0 {
			m.reader.SetTags(msg.ID, msg.Tags)
		}
		cmd := m.reloadInPlace()
		return m, tea.Batch(cmd, m.loadTags())

	case refreshStep:
		m = m.refreshProgress(msg.msg)
		return m, msg.next

	case refreshFinishedMsg:
		return m.refreshFinished(msg)

	case status.SetMsg:
		var cmd tea.Cmd
		m.statusBar, cmd = m.statusBar.Update(msg)
		return m, cmd

	case failuresLoadedMsg:
		if msg.Err != nil {
			return m.setStatus(msg.Err.Error(), true), nil
		}
		if len(msg.Sources) == 0 {
			m.failures.Close()
			return m.setStatus("No source failed its last refresh.", false), nil
		}
		m.failures.Show(msg.Sources)
		return m, nil

	case autoRefreshDueMsg:
		cmd := m.startRefresh()
		return m, tea.Batch(cmd, autoRefreshAfter(m.opts.RefreshEvery))

	case saveMsg:
		return m.updateSave(msg)

	case storeWatchedMsg:
		return m.storeWatched(msg)

	case tea.KeyMsg:
		if len(m.pending) > 0 || m.mustWait(msg) {
			if m.leavesRendering(msg) {
				// What waited was moving in an article still rendering; a
				// key that leaves it (n, esc, q) acts now, and those moves
				// go with the article they were for.
				m.pending = nil
				return m.handleKey(msg)
			}
			m.pending = append(m.pending, msg)
			return m, nil
		}
		return m.handleKey(msg)

	case tea.MouseMsg:
		return m.mouse(msg)
	}
	return m, nil
}

func (m Model) setStatus(text string, isErr bool) Model {
	m.statusBar.Set(text, isErr)
	return m
}

// syncPercent tells the status bar how far through the open article the
// reader is.
func (m *Model) syncPercent() {
	m.statusBar.SetPercent(m.reader.ScrollPercent(), m.focus == focusReader && m.reader.ArticleID() != 0)
}

func (m Model) articlesLoaded(msg articlesLoadedMsg) (Model, tea.Cmd) {
	if !m.list.Loaded(msg.Gen, msg.Append || msg.Prepend || msg.Tail && !msg.Keep) {
		return m, nil
	}
	m, cmd := m.listArrived(msg)
	if m.list.Waiting() || len(m.pending) == 0 {
		return m, cmd
	}
	m, keys := m.replayKeys()
	return m, tea.Batch(cmd, keys)
}

// mustWait reports whether a key must wait for a list load in flight: it
// may act on rows not there yet. Typing into a prompt and quitting wait
// for nothing.
func (m Model) mustWait(msg tea.KeyMsg) bool {
	if m.prompt.Active() || m.keys.Match(m.place(), msg) == &m.keys.QuitNow {
		return false
	}
	return m.list.Waiting() || m.focus == focusReader && m.reader.Rendering() && !m.links.Open() && m.reader.MovesIn(msg)
}

// leavesRendering reports whether msg is a key that does not move in the
// open article while only that article's render holds keys back: moving on
// from a heavy article never waits for it.
func (m Model) leavesRendering(msg tea.KeyMsg) bool {
	return !m.list.Waiting() && m.focus == focusReader && m.reader.Rendering() && !m.prompt.Active() && !m.reader.MovesIn(msg)
}

// replayKeys handles the keys that waited for the list, in order, until
// one of them loads the list again.
func (m Model) replayKeys() (Model, tea.Cmd) {
	var cmds []tea.Cmd
	for len(m.pending) > 0 && !m.quitting && !m.mustWait(m.pending[0]) {
		k := m.pending[0]
		m.pending = m.pending[1:]
		var cmd tea.Cmd
		m, cmd = m.handleKey(k)
		cmds = append(cmds, cmd)
	}
	if len(m.pending) == 0 {
		m.pending = nil
	}
	return m, tea.Batch(cmds...)
}

func (m Model) listArrived(msg articlesLoadedMsg) (Model, tea.Cmd) {
	if msg.Err != nil {
		m.loadedOnce = true
		return m.setStatus("Could not load articles: "+msg.Err.Error(), true), nil
	}
	m.settleEdits(msg.Items, msg.Gen)
	before, had := m.list.Selected()
	switch {
	case msg.Append:
		m.list.Append(msg.Items, msg.HasMore)
		return m, nil
	case msg.Prepend:
		m.list.Prepend(msg.Items, msg.HasMore)
		return m, nil
	case msg.Tail:
		m.list.SetTail(msg.Items, msg.Base, msg.Keep)
	default:
		m.loadedOnce = true
		m.list.SetItems(msg.Items, msg.HasMore)
	}
	m.syncShownHeader() // coherence.go
	return m, m.previewSelected(before, had)
}

// previewSelected keeps the preview on the selected article after the list
// changed under it: a new selection is rendered, and no selection shows no
// preview. The article being read stays.
func (m *Model) previewSelected(before store.ArticleSummary, had bool) tea.Cmd {
	if m.focus == focusReader || !m.wide() {
		return nil
	}
	after, ok := m.list.Selected()
	if !ok {
		m.renderGen++ // a render in flight is for an article no longer listed
		m.reader.Clear()
		m.links.Close()
		return nil
	}
	if !had || after.ID != before.ID || m.reader.ArticleID() != after.ID {
		return m.schedulePreview()
	}
	return nil
}

func (m Model) countsLoadedMsg(msg countsLoadedMsg) (Model, tea.Cmd) {
	if msg.Gen != m.list.Gen() {
		return m, nil
	}
	if msg.Err != nil {
		m.statusBar.CountsFailed()
		return m.setStatus("Could not count articles: "+msg.Err.Error(), true), nil
	}
	_, counted := m.statusBar.Counts()
	m.statusBar.SetCounts(msg.Counts)
	if !counted && m.opts.RefreshOnStart && m.opts.Refresh != nil && msg.Sources > 0 {
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
		m.statusBar.Set(reason, true)
		return nil
	}
	if m.statusBar.Refreshing() {
		return nil
	}
	m.failures.Close()
	m.statusBar.StartRefresh()
	cmd, cancel := m.io.startRefresh(m.opts.Refresh)
	m.cancelRefresh = cancel
	return cmd
}

func (m Model) refreshProgress(p refreshProgressMsg) Model {
	m.statusBar.Progress(p.Source, p.Done, p.Total, p.New, p.Err)
	return m
}

func (m Model) refreshFinished(msg refreshFinishedMsg) (Model, tea.Cmd) {
	if m.cancelRefresh != nil {
		m.cancelRefresh()
		m.cancelRefresh = nil
	}
	err := msg.Err
	if errors.Is(err, context.Canceled) {
		err = nil
	}
	m.statusBar.FinishRefresh(err, m.opts.OfflineReason != "")
	// Reload as many rows as are loaded, so the cursor's article is still
	// there; the list keeps the cursor on it.
	m.editsLanded()
	cmd := m.reloadInPlace()
	// The refresh does not index what arrived (library.Refresh): it is
	// indexed now, in the background, so that the next search need not.
	return m, tea.Batch(cmd, m.loadTags(), m.recheckShown(), m.io.indexForSearch())
}

// reloadInPlace reloads what is loaded (after a refresh, an edit), so that
// the cursor's article is still there: as many rows from the top, or, when
// the end was loaded directly, from the end.
func (m *Model) reloadInPlace() tea.Cmd {
	if m.list.HasBefore() {
		gen := m.list.Loading(false)
		now := m.opts.Now()
		return tea.Batch(m.io.loadTail(m.filter, m.order, now, gen, max(m.list.Len(), pageSize), true),
			m.io.loadCounts(m.filter, now, gen))
	}
	return m.reload(max(m.list.Len(), pageSize))
}

// setFilter makes f the active filter and reloads the list; the cursor
// stays on its article when the new list still has it, else goes to the
// first row. The view is no longer a saved filter's.
func (m *Model) setFilter(f query.Filter) tea.Cmd {
	m.savedName = ""
	m.fromSource = nil
	return m.setView(f, m.order)
}

// setView makes f, listed in order o, the view.
func (m *Model) setView(f query.Filter, o store.Order) tea.Cmd {
	m.filter, m.order = f, o
	m.tags.SetFilter(f)
	m.statusBar.SetFilter(f.String())
	m.list.Reset()
	if m.showTags {
		return tea.Batch(m.reload(pageSize), m.loadTags())
	}
	return m.reload(pageSize)
}

func (m *Model) maybeLoadMore() tea.Cmd {
	if !m.list.NearEnd() {
		return nil
	}
	return m.loadMoreNow()
}

// loadMoreNow loads the page after the loaded rows, unless one is on its
// way or none is left.
func (m *Model) loadMoreNow() tea.Cmd {
	last, ok := m.list.Last()
	if m.list.Adding() || !m.list.HasMore() || !ok {
		return nil
	}
	gen := m.list.Loading(true)
	return m.io.loadMore(m.filter, m.order, m.opts.Now(), gen, last, m.list.Base()+m.list.Len())
}

// maybeLoadBefore loads the page above the loaded rows when the cursor
// nears their top (after G loaded the end directly).
func (m *Model) maybeLoadBefore() tea.Cmd {
	if !m.list.NearStart() {
		return nil
	}
	return m.loadBeforeNow()
}

// loadBeforeNow loads the page before the loaded rows, unless one is on
// its way or none is left.
func (m *Model) loadBeforeNow() tea.Cmd {
	first, ok := m.list.First()
	if m.list.Adding() || !m.list.HasBefore() || !ok {
		return nil
	}
	gen := m.list.Loading(true)
	return m.io.loadBefore(m.filter, m.order, m.opts.Now(), gen, first, m.list.Base())
}

// schedulePreview renders the selected article in the reader pane after a
// short pause, so holding j does not render every article it passes.
func (m *Model) schedulePreview() tea.Cmd {
	m.renderGen++
	gen := m.renderGen
	return tea.Tick(60*time.Millisecond, func(time.Time) tea.Msg { return previewDueMsg{gen} })
}

// previewLoadingDelay is how long a preview's render may take before the
// pane says the article is loading (Options.PreviewLoadingAfter's
// default): one that answers sooner (memoised, or short) replaces the
// previous article without a flash of Loading between.
const previewLoadingDelay = 150 * time.Millisecond

// previewLoading shows the selected article's header and Loading in the
// preview while its render is on its way: the pane never names another
// article than the selected row.
func (m *Model) previewLoading() {
	if m.focus == focusReader || !m.wide() {
		return
	}
	sel, ok := m.list.Selected()
	if !ok || m.reader.ArticleID() == sel.ID {
		return
	}
	m.links.Close()
	m.reader.Loading(m.flagsOf(sel))
}

func (m Model) renderSelected() tea.Cmd {
	sel, ok := m.list.Selected()
	if !ok {
		return nil
	}
	return m.io.renderArticle(m.opts.Renderer, sel.ID, m.readerWidth(), m.renderGen, m.reader.PrefersFeed(sel.ID))
}

// renderShown renders the article in the reader again (its full text
// arrived, or the user switched views).
func (m *Model) renderShown() tea.Cmd {
	id := m.reader.ArticleID()
	m.renderGen++
	return m.io.renderArticle(m.opts.Renderer, id, m.readerWidth(), m.renderGen, m.reader.PrefersFeed(id))
}

// rerender renders the shown article again for a new width. Beside the
// list, the pane shows the selected row, whatever it showed before (a
// filter typed while the terminal was too narrow for a preview).
func (m *Model) rerender() tea.Cmd {
	id := m.reader.ArticleID()
	if m.focus != focusReader && m.wide() {
		sel, ok := m.list.Selected()
		switch {
		case !ok:
			m.renderGen++
			m.reader.Clear()
			m.links.Close()
			return nil
		case sel.ID != id:
			m.links.Close()
			return m.schedulePreview()
		}
	}
	if id == 0 {
		return nil
	}
	m.renderGen++
	return m.io.renderArticle(m.opts.Renderer, id, m.readerWidth(), m.renderGen, m.reader.PrefersFeed(id))
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
		// The pane's keys are cut to leave ? and q in view, always.
		pane, always := m.shortHelpParts()
		m.help.Width = 0
		tail := m.help.ShortHelpView(always)
		if len(pane) == 0 || tail == "" {
			return ansi.Truncate(m.help.ShortHelpView(append(pane, always...)), m.width, "…")
		}
		sep := m.help.Styles.ShortSeparator.Render(m.help.ShortSeparator)
		room := max(m.width-lipgloss.Width(tail)-lipgloss.Width(sep), 0)
		m.help.Width = room // cuts between keys, with an ellipsis
		return ansi.Truncate(m.help.ShortHelpView(pane), room, "…") + sep + tail
	}
	full := fullHelpIn(m.help, m.FullHelp(), m.helpBlocks)
	// Taller than the terminal, the help would push the status line and
	// its own top off the screen: it shows what fits, and says where the
	// rest is.
	if room := m.height - 2; room > 0 && lipgloss.Height(full) > room {
		lines := strings.Split(full, "\n")[:max(room-1, 0)]
		lines = append(lines, m.styles.Meta.Render(ansi.Truncate("… more: 'byline help keys'", m.width, "…")))
		full = strings.Join(lines, "\n")
	}
	return full
}

// fullHelpIn lays the full help's columns out in blocks one above the
// other, as many columns to a block as fit blocks (rounded up).
func fullHelpIn(h help.Model, groups [][]key.Binding, blocks int) string {
	if blocks <= 1 {
		return h.FullHelpView(groups)
	}
	per := (len(groups) + blocks - 1) / blocks
	var parts []string
	for start := 0; start < len(groups); start += per {
		parts = append(parts, h.FullHelpView(groups[start:min(start+per, len(groups))]))
	}
	return strings.Join(parts, "\n\n")
}

// fewestHelpBlocks is the fewest blocks in which every column of the full
// help fits the width: the help cuts a column that does not fit, and a key
// not shown is a key not learnt.
func fewestHelpBlocks(h help.Model, groups [][]key.Binding) int {
	for n := 1; n < len(groups); n++ {
		if !strings.Contains(fullHelpIn(h, groups, n), "…") {
			return n
		}
	}
	return max(len(groups), 1)
}

func (m Model) mainHeight() int {
	return max(m.height-1-m.prompt.Height()-m.helpHeight, 1)
}

// layout sizes everything for the terminal, the help and the prompt; it
// runs when one of them changes, never in View.
func (m *Model) layout() {
	m.helpBlocks = 1
	if m.help.ShowAll {
		m.help.Width = m.width
		m.helpBlocks = fewestHelpBlocks(m.help, m.FullHelp())
	}
	m.helpHeight = lipgloss.Height(m.helpView())
	h := m.mainHeight()
	m.frameMain = lipgloss.NewStyle().Width(m.width).Height(h).MaxHeight(h)
	m.welcome = m.styles.Welcome.Width(m.width).Height(h)
	m.list.SetSize(m.listWidth(), h)
	m.reader.SetSize(m.readerWidth(), h)
	m.links.SetSize(m.readerWidth(), h)
	m.failures.SetSize(m.readerWidth(), h)
	if m.wide() {
		m.tags.SetSize(max(m.tagsWidth()-1, 10), h)
	} else {
		m.tags.SetSize(m.width, h)
	}
	m.prompt.SetSize(m.width, 1)
	m.statusBar.SetSize(m.width, 1)
}

// ShortHelp is the focused pane's help, then the keys that act anywhere.
func (m Model) ShortHelp() []key.Binding {
	pane, always := m.shortHelpParts()
	return append(pane, always...)
}

// place is where keys act now, as the keys' declaration names it.
func (m Model) place() keys.Place {
	switch {
	case m.prompt.Kind() == prompt.Confirm:
		return keys.Confirm
	case m.failures.Open():
		return keys.Failures
	case m.focus == focusReader && m.links.Open():
		return keys.Links
	case m.focus == focusReader:
		return keys.Article
	case m.focus == focusTags:
		return keys.Side
	}
	return keys.List
}

// shortHelpParts is the focused pane's short help, and the keys that act
// all over it (help, quit), which the bar keeps in view.
func (m Model) shortHelpParts() (pane, always []key.Binding) {
	place := m.place()
	_, always = m.keys.ShortHelp(place)
	switch {
	case place == keys.Confirm:
		own, _ := m.keys.ShortHelp(keys.Confirm)
		return own, nil
	case m.prompt.Active():
		return m.prompt.ShortHelp(), nil
	case m.focus == focusTags && m.tags.Searching():
		return m.tags.ShortHelp(), nil // keys are typed into the search
	case place == keys.Failures:
		pane = m.failures.ShortHelp()
	case place == keys.Links:
		pane = m.links.ShortHelp()
	case place == keys.Article:
		pane = m.reader.ShortHelp()
	case place == keys.Side:
		pane = m.tags.ShortHelp()
	default:
		pane = m.list.ShortHelp()
	}
	return pane, always
}

// FullHelp is every key live where keys act now, as declared.
func (m Model) FullHelp() [][]key.Binding {
	switch place := m.place(); {
	case place == keys.Confirm:
		return m.keys.FullHelp(keys.Confirm)
	case m.prompt.Active():
		return m.prompt.FullHelp()
	case place == keys.Failures:
		return m.failures.FullHelp()
	case place == keys.Links:
		return m.links.FullHelp()
	case place == keys.Article:
		return m.reader.FullHelp()
	case place == keys.Side:
		return m.tags.FullHelp()
	}
	return m.list.FullHelp()
}

// View lays out the panes, the prompt, the status line and the help.
func (m Model) View() string {
	if m.quitting || m.width == 0 {
		return ""
	}
	m.syncPercent()
	counts, counted := m.statusBar.Counts()
	h := m.mainHeight()
	var main string
	switch {
	case !m.loadedOnce || !counted:
		main = m.frameMain.Render(m.styles.Meta.Render("  Loading…"))
	case counts.Empty():
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
	case m.focus == focusReader || m.failures.Open():
		main = m.readerView()
	default:
		main = m.list.View()
	}
	parts := []string{main}
	if m.prompt.Active() {
		parts = append(parts, m.prompt.View())
	}
	parts = append(parts, m.statusBar.View(), m.helpView())
	return lipgloss.JoinVertical(lipgloss.Left, parts...)
}

// readerView is the article, or its links list, or the failing sources,
// over it.
func (m Model) readerView() string {
	switch {
	case m.failures.Open():
		return m.failures.View()
	case m.links.Open():
		return m.links.View()
	}
	return m.reader.View()
}

func (m Model) welcomeView() string {
	s := m.styles
	examples := [][2]string{
		{"byline add https://go.dev/blog/feed.atom --tag go", "a feed URL"},
		{"byline add ~/notes/articles", "a folder of Markdown articles"},
		{"byline add feed.xml", "a feed file on disk"},
		{"byline import subscriptions.opml", "feeds from another reader"},
	}
	w := 0
	for _, e := range examples {
		w = max(w, len(e[0]))
	}
	lines := []string{s.WelcomeTitle.Render("Welcome to byline"), "", "You have no sources yet. Quit (" + keys.First(m.keys.Quit) + ") and add one:", ""}
	for _, e := range examples {
		lines = append(lines, "  "+s.Code.Render(e[0])+strings.Repeat(" ", w-len(e[0])+3)+e[1])
	}
	lines = append(lines, "", "Or take the guided tour on a sample library:", "", "  "+s.Code.Render("byline demo"))
	return m.welcome.Render(strings.Join(lines, "\n"))
}
