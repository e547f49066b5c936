// Package list is the article list pane: two lines an article (title, then
// source, date and tags), a cursor that stays on its article when rows
// arrive above it, and paging from the store as the cursor nears the end.
package list

import (
	"strings"
	"time"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/meta"
	"github.com/byline/byline/ui/scroll"
	"github.com/byline/byline/ui/theme"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

const rowHeight = 2

// Model is the list pane.
type Model struct {
	styles *theme.Styles
	keys   *keys.KeyMap
	// table is intents(), made once in New.
	table   map[*key.Binding]Intent
	now     func() time.Time
	items   []store.ArticleSummary
	hasMore bool
	// hasBefore: the loaded rows start after the listing's first (the end
	// was loaded directly); base is the listing's index of the first.
	hasBefore bool
	base      int
	win       scroll.Window
	width     int
	height    int
	// frame is the pane's size as a style, built when the size changes.
	frame   lipgloss.Style
	focused bool
	// anchor is the article the cursor was last on; it survives a list
	// that briefly lacks it (an empty result while a filter is typed).
	anchor int64

	// The list's loads from the store (the root model issues them): the
	// listing's generation, which drops loads of an older one; how many
	// of this generation are in flight; whether one adds a page at an end.
	gen    int
	loads  int
	adding bool
	// listed is the generation of the loaded rows: a reload of the same
	// listing keeps the cursor near an article that left it.
	listed int
}

// Reset starts a new listing (another filter or order, the end read
// directly): loads in flight for the old one are dropped when they
// arrive. It returns the new generation.
func (m *Model) Reset() int {
	m.gen++
	m.loads, m.adding = 0, false
	return m.gen
}

// Gen is the listing's generation, which its loads carry.
func (m Model) Gen() int { return m.gen }

// Loading notes a load of the listing issued (adding: a page at an end)
// and returns the generation it carries.
func (m *Model) Loading(adding bool) int {
	m.loads++
	m.adding = m.adding || adding
	return m.gen
}

// Loaded notes a load arrived, and reports whether it is of the current
// listing (an older one is to be dropped).
func (m *Model) Loaded(gen int, adding bool) bool {
	if gen != m.gen {
		return false
	}
	m.loads = max(m.loads-1, 0)
	if adding {
		m.adding = false
	}
	return true
}

// Waiting reports whether loads of the listing are in flight: keys that
// act on rows wait for them.
func (m Model) Waiting() bool { return m.loads > 0 }

// Adding reports whether a page at an end is on its way.
func (m Model) Adding() bool { return m.adding }

// New returns an empty list. now gives the time that dates are shown
// relative to.
func New(styles *theme.Styles, km *keys.KeyMap, now func() time.Time) Model {
	m := Model{styles: styles, keys: km, now: now, focused: true}
	m.table = m.intents() // the key map never changes: made once, not at every key
	return m
}

// SetSize sets the pane's size in cells.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.frame = lipgloss.NewStyle().Width(w).Height(h).MaxHeight(h)
	m.clampOffset()
}

// SetFocused marks whether keys go to the list.
func (m *Model) SetFocused(f bool) { m.focused = f }

// Len is the number of loaded articles.
func (m Model) Len() int { return len(m.items) }

// HasMore reports whether the store holds more articles than are loaded.
func (m Model) HasMore() bool { return m.hasMore }

// Items returns the loaded articles.
func (m Model) Items() []store.ArticleSummary { return m.items }

// SetItems replaces the loaded articles with the listing's first. The
// cursor stays on the article it was on, at the same screen row, when that
// article is still listed, so articles that arrive above it do not move
// what the user is looking at. When a reload of the same listing no longer
// has it (removed elsewhere), the cursor goes to the row that was next to
// it, as mail readers do; in a new listing, to the first row. A reload of
// a window at the top stays at the top, so new articles are seen.
func (m *Model) SetItems(items []store.ArticleSummary, hasMore bool) {
	if sel, ok := m.Selected(); ok {
		m.anchor = sel.ID
	}
	// A reload of a window that showed the listing's first row shows it
	// still: articles that arrived are newest, at the top, and in sight.
	top := false
	if m.listed == m.gen {
		m.anchor = neighbour(m.items, m.win.Cursor, items, m.anchor)
		top = m.win.Offset == 0 && !m.hasBefore && len(m.items) > 0
	}
	m.listed = m.gen
	row := m.win.Cursor - m.win.Offset
	m.items, m.hasMore, m.hasBefore, m.base = items, hasMore, false, 0
	if len(items) == 0 {
		// Keep the anchor: a filter being typed may bring it back.
		m.win = scroll.Window{}
		return
	}
	for i, it := range items {
		if it.ID == m.anchor {
			m.win.Cursor = i
			m.win.Offset = i - row
			if top {
				m.win.Offset = 0
			}
			m.clampOffset()
			return
		}
	}
	m.win = scroll.Window{}
	m.anchor = items[0].ID
}

// SetTail replaces the loaded articles with the listing's last, which
// starts at index base of the listing, and puts the cursor on the last;
// with keep, on the article it was on, when it is still there.
func (m *Model) SetTail(items []store.ArticleSummary, base int, keep bool) {
	sel, had := m.Selected()
	if keep && had && m.listed == m.gen {
		sel.ID = neighbour(m.items, m.win.Cursor, items, sel.ID)
	}
	m.listed = m.gen
	row := m.win.Cursor - m.win.Offset
	m.items, m.hasMore, m.base = items, false, base
	m.hasBefore = base > 0 && len(items) > 0
	m.win.Cursor = len(items) - 1
	if keep && had {
		for i, it := range items {
			if it.ID == sel.ID {
				m.win.Cursor, m.win.Offset = i, i-row
			}
		}
	}
	m.clampOffset()
	if sel, ok := m.Selected(); ok {
		m.anchor = sel.ID
	}
}

// neighbour is the article the cursor is to stay on when the loaded rows
// old (the cursor on row at, article id) give way to rows: id itself
// when rows still have it, else the nearest row after it that rows have,
// else the nearest before it; id when none is left.
func neighbour(old []store.ArticleSummary, at int, rows []store.ArticleSummary, id int64) int64 {
	if at < 0 || at >= len(old) || old[at].ID != id {
		return id
	}
	has := make(map[int64]bool, len(rows))
	for _, r := range rows {
		has[r.ID] = true
	}
	if has[id] {
		return id
	}
	for _, r := range old[at+1:] {
		if has[r.ID] {
			return r.ID
		}
	}
	for i := at - 1; i >= 0; i-- {
		if has[old[i].ID] {
			return old[i].ID
		}
	}
	return id
}

// Prepend adds the page of articles that comes before the loaded ones,
// keeping the cursor on its article.
func (m *Model) Prepend(items []store.ArticleSummary, hasBefore bool) {
	m.items = append(append([]store.ArticleSummary(nil), items...), m.items...)
	m.win.Cursor += len(items)
	m.win.Offset += len(items)
	m.base = max(m.base-len(items), 0)
	m.hasBefore = hasBefore
	m.clampOffset()
}

// HasBefore reports whether articles before the loaded ones are not
// loaded. (Base is exact only where the listing pages by position, by
// source; elsewhere it is only more than 0 while HasBefore.)
func (m Model) HasBefore() bool { return m.hasBefore }

// Base is the listing's index of the first loaded article.
func (m Model) Base() int { return m.base }

// First returns the first loaded article.
func (m Model) First() (store.ArticleSummary, bool) {
	if len(m.items) == 0 {
		return store.ArticleSummary{}, false
	}
	return m.items[0], true
}

// NearStart reports whether the cursor is close enough to the first
// loaded article that the page before should be loaded.
func (m Model) NearStart() bool {
	return m.hasBefore && m.win.Cursor < m.visibleItems()*2
}

// Append adds a further page of articles.
func (m *Model) Append(items []store.ArticleSummary, hasMore bool) {
	m.items = append(m.items, items...)
	m.hasMore = hasMore
}

// Selected returns the article under the cursor.
func (m Model) Selected() (store.ArticleSummary, bool) {
	if m.win.Cursor < 0 || m.win.Cursor >= len(m.items) {
		return store.ArticleSummary{}, false
	}
	return m.items[m.win.Cursor], true
}

// Cursor is the index of the selected article.
func (m Model) Cursor() int { return m.win.Cursor }

// Last returns the last loaded article, where the next page starts.
func (m Model) Last() (store.ArticleSummary, bool) {
	if len(m.items) == 0 {
		return store.ArticleSummary{}, false
	}
	return m.items[len(m.items)-1], true
}

// NearEnd reports whether the cursor is close enough to the last loaded
// article that the next page should be loaded.
func (m Model) NearEnd() bool {
	return m.hasMore && m.win.Cursor >= len(m.items)-m.visibleItems()*2
}

// Find returns a loaded article by ID.
func (m Model) Find(id int64) (store.ArticleSummary, bool) {
	for _, it := range m.items {
		if it.ID == id {
			return it, true
		}
	}
	return store.ArticleSummary{}, false
}

// SetFlags changes an article's read and starred flags in place.
func (m *Model) SetFlags(id int64, read, starred bool) {
	for i := range m.items {
		if m.items[i].ID == id {
			m.items[i].Read, m.items[i].Starred = read, starred
			return
		}
	}
}

// Move moves the cursor by delta articles, within bounds.
func (m *Model) Move(delta int) { m.win.Move(delta, len(m.items), m.visibleItems()) }

// Select puts the cursor on row i of the loaded articles.
func (m *Model) Select(i int) {
	m.win.Cursor = i
	m.clampOffset()
}

// RowAt is the loaded article's index at line y of the pane, or -1.
func (m Model) RowAt(y int) int {
	i := m.win.Offset + y/rowHeight
	if y < 0 || i >= len(m.items) {
		return -1
	}
	return i
}

func (m Model) visibleItems() int { return max(m.height/rowHeight, 1) }

func (m *Model) clampOffset() { m.win.Clamp(len(m.items), m.visibleItems()) }

// Need is a page the list needs loaded before it can answer.
type Need int

const (
	// Loaded: the loaded rows answer.
	Loaded Need = iota
	// LoadAfter and LoadBefore: the page after or before the loaded rows.
	LoadAfter
	LoadBefore
)

// FindUnread is the row of the next (down) or previous article unread
// says is unread, from the cursor, wrapping at the ends (wrapped), or -1
// when the view has none but the cursor's. counted and unreadInView are
// the view's count of unread articles: when it says some are not loaded,
// the page in the way is needed first.
func (m Model) FindUnread(down bool, unread func(store.ArticleSummary) bool, counted bool, unreadInView int) (row int, wrapped bool, need Need) {
	items, cur := m.items, m.win.Cursor
	loaded := 0
	for _, a := range items {
		if unread(a) {
			loaded++
		}
	}
	// Every unread article of the view is loaded when the count says so.
	all := counted && loaded >= unreadInView
	if down {
		for i := cur + 1; i < len(items); i++ {
			if unread(items[i]) {
				return i, false, Loaded
			}
		}
		if !all && m.hasMore {
			return -1, false, LoadAfter
		}
		if !all && m.hasBefore {
			return -1, false, LoadBefore
		}
		for i := 0; i < cur; i++ {
			if unread(items[i]) {
				return i, true, Loaded
			}
		}
		return -1, false, Loaded
	}
	for i := cur - 1; i >= 0; i-- {
		if unread(items[i]) {
			return i, false, Loaded
		}
	}
	if !all && m.hasBefore {
		return -1, false, LoadBefore
	}
	if !all && m.hasMore {
		return -1, false, LoadAfter
	}
	for i := len(items) - 1; i > cur; i-- {
		if unread(items[i]) {
			return i, true, Loaded
		}
	}
	return -1, false, Loaded
}

// Intent is what a key live in the list asks of the root model, which
// holds the store, the reader and the view: the list moves its cursor
// itself (Update).
type Intent int

const (
	// None: the key is the list's own (or not live here).
	None Intent = iota
	// Read opens the selected article; ToggleRead and ToggleStar flip its
	// state; Browse opens its link.
	Read
	ToggleRead
	ToggleStar
	Browse
	// Step goes to the next or previous (unread) article.
	Step
	// Sort lists the view in the next order.
	Sort
	// ToEnd and ToTop go to the listing's end or top, which are not
	// loaded: the root loads them.
	ToEnd
	ToTop
)

// Intent is what k asks of the root, or None.
func (m Model) Intent(k tea.KeyMsg) Intent {
	switch it := m.table[m.keys.Match(keys.List, k)]; {
	case it == ToEnd && !m.hasMore, it == ToTop && !m.hasBefore:
		return None // the end is loaded: the cursor goes there itself
	default:
		return it
	}
}

// Owns reports whether the list carries out action b (a binding of its
// map), itself or by asking the root: the root hands it only those.
func (m Model) Owns(b *key.Binding) bool {
	_, ok := m.table[b]
	return ok
}

// intents is what each action the list carries out asks of the root;
// None is the list's own move.
func (m Model) intents() map[*key.Binding]Intent {
	k := m.keys
	return map[*key.Binding]Intent{
		&k.Open: Read, &k.ToggleRead: ToggleRead, &k.ToggleStar: ToggleStar, &k.Browser: Browse,
		&k.Next: Step, &k.Prev: Step, &k.NextUnread: Step, &k.PrevUnread: Step,
		&k.Sort: Sort, &k.Bottom: ToEnd, &k.Top: ToTop,
		&k.Up: None, &k.Down: None, &k.PageDown: None, &k.PageUp: None,
	}
}

// Update moves the cursor on the navigation keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && m.focused {
		m.win.Key(k, m.keys, len(m.items), m.visibleItems())
	}
	return m, nil
}

// View renders the visible rows.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var b strings.Builder
	lines := 0
	for i := m.win.Offset; i < len(m.items) && lines+rowHeight <= m.height; i++ {
		b.WriteString(m.row(m.items[i], i == m.win.Cursor))
		lines += rowHeight
		if lines < m.height {
			b.WriteByte('\n')
		}
	}
	if len(m.items) == 0 {
		b.WriteString(m.styles.Meta.Render(ansi.Truncate(" No articles match.", m.width, "…")))
	}
	return m.frame.Render(strings.TrimSuffix(b.String(), "\n"))
}

func (m Model) row(a store.ArticleSummary, selected bool) string {
	s := m.styles
	bar := s.Bar.String()
	if selected && m.focused {
		bar = s.SelectedBar.String()
	} else if selected {
		bar = s.Meta.Render("▏")
	}
	mark := " "
	if !a.Read {
		mark = s.UnreadMark.String()
	}
	star := ""
	if a.Starred {
		star = " " + s.StarMark.String()
	}
	inner := m.width - 3 // bar, mark, space
	titleStyle := s.Title
	if !a.Read {
		titleStyle = s.TitleUnread
	}
	title := ansi.Truncate(sanitize.Line(a.Title), inner-lipgloss.Width(star), "…")
	line1 := bar + mark + " " + titleStyle.Render(title) + star

	date := meta.FormatDate(a.Date, m.now())
	if a.Undated {
		date = "no date"
	}
	// A long source name gives way to the date, which says more.
	tail := " · " + date
	source := ansi.Truncate(sanitize.Line(a.Source), max(inner-ansi.StringWidth(tail), 8), "…")
	info := source + tail
	if len(a.Tags) > 0 {
		info += "  " + meta.Tags(a.Tags)
	}
	line2 := bar + "  " + s.Meta.Render(ansi.Truncate(info, inner, "…"))
	if selected {
		line1 = padRight(line1, m.width)
		line2 = padRight(line2, m.width)
	}
	return line1 + "\n" + line2
}

func padRight(s string, w int) string {
	if d := w - lipgloss.Width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// Offset is the index of the first visible article.
func (m Model) Offset() int { return m.win.Offset }

// ShortHelp lists the list's main keys, as declared.
func (m Model) ShortHelp() []key.Binding {
	own, _ := m.keys.ShortHelp(keys.List)
	return own
}

// FullHelp lists every key live in the list, in columns, as declared.
func (m Model) FullHelp() [][]key.Binding { return m.keys.FullHelp(keys.List) }
