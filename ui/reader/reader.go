// Package reader is the article pane: a header (title, source, date, tags,
// link) over the Glamour-rendered body, in a scrolling viewport.
package reader

import (
	"fmt"
	"strings"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/meta"
	"github.com/byline/byline/ui/status"
	"github.com/byline/byline/ui/theme"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Model is the reader pane.
type Model struct {
	styles *theme.Styles
	keys   *keys.KeyMap
	// table is intents(), made once in New.
	table   map[*key.Binding]Intent
	vp      viewport.Model
	article store.ArticleSummary
	loaded  bool
	// rendering: the body is on its way (Loading); Show ends it.
	rendering bool
	body      string // rendered body, as Glamour produced it
	err       string
	note      string // which text is shown, when there is a choice
	// full: the body is the article's full text, fetched from its page;
	// hasFull: the store holds one. feedView holds the articles the user
	// switched back to the feed's text.
	full, hasFull bool
	feedView      map[int64]bool
	// empty is what the pane shows before any article, sized with it.
	empty  string
	width  int
	height int

	// The search in the article: the text looked for, the lines that hold
	// it, and which of them is the current match.
	query string
	lines []string // the content as filled, one entry a line
	// folded are the lines as a search reads them, without styling and in
	// lower case: made at the first search of a content, not at each key
	// typed (stripping 400,000 lines took most of a second a key).
	folded  []string
	matches []int
	current int

	// target is the body line of the heading an in-page link was
	// followed to, marked in the margin because the end of the article
	// kept it from the top of the view; -1 for none. A new body ends it;
	// a new header (flags, a resize) moves it down with the body.
	target int
	// bodyStart is the line of lines where the body begins.
	bodyStart int
}

// New returns an empty reader.
func New(styles *theme.Styles, km *keys.KeyMap) Model {
	vp := viewport.New(0, 0)
	// Keys reach the viewport only through Update below, on our bindings.
	vp.KeyMap = viewport.KeyMap{}
	vp.MouseWheelEnabled = true
	m := Model{styles: styles, keys: km, vp: vp, feedView: map[int64]bool{}, target: -1}
	m.table = m.intents() // the key map never changes: made once, not at every key
	return m
}

// SetSize sets the pane's size in cells.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.vp.Width, m.vp.Height = w, h
	m.empty = lipgloss.NewStyle().Width(w).Height(h).Render(m.styles.Meta.Render("  Select an article and press " + keys.First(m.keys.Open) + " to read it."))
	m.refill(false)
}

// ArticleID is the shown article, or 0.
func (m Model) ArticleID() int64 {
	if !m.loaded {
		return 0
	}
	return m.article.ID
}

// Article is the shown article's list entry.
func (m Model) Article() store.ArticleSummary { return m.article }

// Show displays an article's rendered body: its full text (full), or the
// feed's while the store holds a full text (hasFull), or the feed's alone.
// Showing the same article again (a re-render after a resize) keeps the
// scroll position.
func (m *Model) Show(a store.ArticleSummary, body, err string, full, hasFull bool) {
	same := m.loaded && m.article.ID == a.ID
	if !same {
		m.query, m.matches = "", nil
	}
	m.note = ""
	switch f := keys.First(m.keys.FullText); {
	case full:
		m.note = "Full article, from its page · " + f + ": the feed's text"
	case hasFull:
		m.note = "The feed's text · " + f + ": the full article"
	}
	m.article, m.body, m.err, m.loaded = a, body, err, true
	m.rendering = false
	m.target = -1
	m.full, m.hasFull = full, hasFull
	m.refill(!same)
}

// Full reports whether the shown body is the full text; HasFull whether
// the store holds one for the shown article.
func (m Model) Full() bool    { return m.full }
func (m Model) HasFull() bool { return m.hasFull }

// PrefersFeed reports whether the article is to be shown in the feed's
// text though it has a full one (the user switched back).
func (m Model) PrefersFeed(id int64) bool { return m.feedView[id] }

// PreferFeed notes which text of the article the user wants.
func (m *Model) PreferFeed(id int64, feed bool) {
	if feed {
		m.feedView[id] = true
	} else {
		delete(m.feedView, id)
	}
}

// SetBody replaces the shown article's body, keeping the scroll position:
// its pictures arrived.
func (m *Model) SetBody(body string) {
	if m.loaded && m.err == "" {
		m.body, m.target = body, -1
		m.refill(false)
	}
}

// SetBodyGrown sets the body after lines were put into it (a picture
// that arrived): above(first) says how many of them went above body line
// first, the first line shown. The view moves down by that many, so the
// text being read stays where it is on the screen, as a browser keeps it.
func (m *Model) SetBodyGrown(body string, above func(first int) int) {
	if !m.loaded || m.err != "" {
		return
	}
	first := m.vp.YOffset - (strings.Count(m.header(), "\n") + 2)
	shift := 0
	if first > 0 {
		shift = above(first)
	}
	m.body, m.target = body, -1
	m.refill(false)
	if shift > 0 {
		m.vp.SetYOffset(m.vp.YOffset + shift)
	}
}

// ShowBodyLine scrolls the view so that line n of the body is its top
// line, or, when the end of the article comes first, as far as it goes,
// with line n marked in the margin so that it is seen among the lines
// shown, and reports whether it is at the top.
func (m *Model) ShowBodyLine(n int) bool {
	line := m.bodyStart + n
	m.vp.SetYOffset(line)
	m.target = -1
	if m.vp.YOffset != line && line < len(m.lines) {
		m.target = n
	}
	m.paint()
	return m.target < 0
}

// Unmark takes away the mark ShowBodyLine left, if any.
func (m *Model) Unmark() {
	if m.target >= 0 {
		m.target = -1
		m.paint()
	}
}

// Loading shows an article whose body is still being rendered: its header
// at once, so that what the pane names is what keys act on.
func (m *Model) Loading(a store.ArticleSummary) {
	m.query, m.matches = "", nil
	m.article, m.err, m.note, m.loaded = a, "", "", true
	m.rendering = true
	m.full, m.hasFull = false, false
	m.body, m.target = m.styles.Meta.Render("  Loading…"), -1
	m.refill(true)
}

// Rendering reports whether the shown article's body is still on its
// way: keys that move in it wait for it (a space typed right after enter
// pages the article, not the word Loading).
func (m Model) Rendering() bool { return m.loaded && m.rendering }

// Clear empties the pane: nothing is selected.
func (m *Model) Clear() {
	m.loaded, m.article, m.rendering = false, store.ArticleSummary{}, false
	m.full, m.hasFull = false, false
	m.body, m.err, m.query, m.matches, m.lines, m.folded = "", "", "", nil, nil, nil
	m.target = -1
	m.vp.SetContent("")
}

// SetFlags updates the shown article's read and starred flags, and its
// header with them.
func (m *Model) SetFlags(id int64, read, starred bool) {
	if m.loaded && m.article.ID == id && (m.article.Read != read || m.article.Starred != starred) {
		m.article.Read, m.article.Starred = read, starred
		m.refill(false)
	}
}

// Body is the body shown, as set by Show or SetBody ("" while loading an
// article or on an error).
func (m Model) Body() string {
	if !m.loaded || m.err != "" || m.rendering {
		return ""
	}
	return m.body
}

// SetArticle updates the shown article's entry (its tags, flags, title as
// the store has them now) and its header with them, keeping the scroll
// position; the body stays.
func (m *Model) SetArticle(a store.ArticleSummary) {
	if !m.loaded || m.article.ID != a.ID {
		return
	}
	before := m.header()
	m.article = a
	if m.header() != before {
		m.refill(false)
	}
}

// SetTags updates the shown article's tags, and its header with them.
func (m *Model) SetTags(id int64, tags []string) {
	if m.loaded && m.article.ID == id {
		m.article.Tags = tags
		m.refill(false)
	}
}

// Search looks for q (ignoring case) in the article and shows the first
// match from the top of the view down; "" ends the search. It returns how
// many lines match.
func (m *Model) Search(q string) int {
	m.query = strings.TrimSpace(q)
	m.matches, m.current = nil, 0
	if m.query != "" {
		needle := strings.ToLower(m.query)
		if m.folded == nil {
			m.folded = make([]string, len(m.lines))
			for i, l := range m.lines {
				m.folded[i] = strings.ToLower(ansi.Strip(l))
			}
		}
		for i, l := range m.folded {
			if strings.Contains(l, needle) {
				m.matches = append(m.matches, i)
			}
		}
		for i, l := range m.matches {
			if l >= m.vp.YOffset {
				m.current = i
				break
			}
		}
	}
	m.paint()
	m.showCurrent()
	return len(m.matches)
}

// Query is the text being searched for, or "".
func (m Model) Query() string { return m.query }

// Searching reports whether a search with matches is shown.
func (m Model) Searching() bool { return m.query != "" }

// NextMatch moves to the next (d > 0) or previous match, wrapping around,
// and reports which it is ("3/7").
func (m *Model) NextMatch(d int) string {
	if len(m.matches) == 0 {
		return "no match"
	}
	m.current = (m.current + d + len(m.matches)) % len(m.matches)
	m.paint()
	m.showCurrent()
	return fmt.Sprintf("match %d/%d", m.current+1, len(m.matches))
}

func (m *Model) showCurrent() {
	if len(m.matches) == 0 {
		return
	}
	line := m.matches[m.current]
	if line < m.vp.YOffset || line >= m.vp.YOffset+m.vp.Height {
		m.vp.SetYOffset(max(line-m.vp.Height/3, 0))
	}
}

// paint sets the viewport's content, the matches highlighted: a matching
// line is shown plain, its matches in the selection style, the current
// one marked in the margin.
func (m *Model) paint() {
	if len(m.matches) == 0 && m.target < 0 {
		m.vp.SetContent(strings.Join(m.lines, "\n"))
		return
	}
	out := append([]string(nil), m.lines...)
	if at := m.bodyStart + m.target; m.target >= 0 && at < len(out) {
		// The bar takes the margin's first cell, the heading's style kept.
		line := out[at]
		if strings.HasPrefix(ansi.Strip(line), " ") {
			line = ansi.TruncateLeft(line, 1, "")
		}
		out[at] = m.styles.SelectedBar.String() + line
	}
	needle := strings.ToLower(m.query)
	for i, n := range m.matches {
		plain := ansi.Strip(m.lines[n])
		var b strings.Builder
		lower := strings.ToLower(plain)
		for {
			j := strings.Index(lower, needle)
			if j < 0 || len(lower) != len(plain) {
				b.WriteString(plain)
				break
			}
			b.WriteString(plain[:j])
			b.WriteString(m.styles.Selection.Render(plain[j : j+len(needle)]))
			plain, lower = plain[j+len(needle):], lower[j+len(needle):]
		}
		line := b.String()
		if i == m.current {
			line = m.styles.SelectedBar.String() + strings.TrimPrefix(line, " ")
		}
		out[n] = line
	}
	offset := m.vp.YOffset
	m.vp.SetContent(strings.Join(out, "\n"))
	m.vp.SetYOffset(offset)
}

func (m *Model) refill(top bool) {
	if !m.loaded {
		return
	}
	var b strings.Builder
	header := m.header()
	m.bodyStart = strings.Count(header, "\n") + 2
	b.WriteString(header)
	b.WriteString("\n\n")
	if m.err != "" {
		b.WriteString(m.styles.Problem.Render(lipgloss.NewStyle().Width(max(m.width-2, 10)).Render(sanitize.Text(m.err))))
	} else {
		b.WriteString(m.body)
	}
	offset := m.vp.YOffset
	m.lines, m.folded = strings.Split(b.String(), "\n"), nil
	if m.query != "" {
		m.Search(m.query)
	}
	m.paint()
	if top {
		m.vp.GotoTop()
	} else {
		m.vp.SetYOffset(offset)
	}
}

func (m Model) header() string {
	s := m.styles
	w := max(min(m.width-2, 100), 10)
	wrap := lipgloss.NewStyle().Width(w).PaddingLeft(2)
	a := m.article
	lines := []string{wrap.Inherit(s.Header).Render(sanitize.Line(a.Title))}
	lines = append(lines, wrap.Inherit(s.HeaderMeta).Render(meta.Line(a, true)))
	if len(a.Tags) > 0 {
		lines = append(lines, wrap.Inherit(s.Tag).Render(meta.Tags(a.Tags)))
	}
	if a.Link != "" {
		lines = append(lines, wrap.Inherit(s.HeaderMeta).Render(sanitize.Line(a.Link)))
	}
	if a.Problem != "" {
		lines = append(lines, wrap.Inherit(s.Problem).Render("⚠ "+sanitize.Line(a.Problem)))
	}
	if m.note != "" {
		lines = append(lines, wrap.Inherit(s.Tag).Render(m.note))
	}
	return strings.Join(lines, "\n")
}

// Intent is what a key live in an article asks of the root model: the
// pane scrolls and searches by itself (Update).
type Intent int

const (
	// None: the key is the pane's own (or not live here).
	None Intent = iota
	// Leave goes back to the list.
	Leave
	// ToggleRead and ToggleStar flip the article's state; Browse opens
	// its link.
	ToggleRead
	ToggleStar
	Browse
	// Step goes to the next or previous (unread) article.
	Step
)

// Intent is what k asks of the root, or None. During a search, next,
// search_prev and back are the search's.
func (m Model) Intent(k tea.KeyMsg) Intent {
	b := m.keys.Match(keys.Article, k)
	if m.Searching() && (b == &m.keys.Back || b == &m.keys.Next || b == &m.keys.SearchPrev) {
		return None
	}
	return m.table[b]
}

// Owns reports whether the pane carries out action b (a binding of its
// map), itself or by asking the root: the root hands it only those.
func (m Model) Owns(b *key.Binding) bool {
	_, ok := m.table[b]
	return ok
}

// MovesIn reports whether k moves in the article's body (scrolls or
// searches it): such a key typed while the body renders waits for it.
func (m Model) MovesIn(k tea.KeyMsg) bool {
	switch b, km := m.keys.Match(keys.Article, k), m.keys; b {
	case &km.Up, &km.Down, &km.Top, &km.Bottom, &km.PageDown, &km.PageUp, &km.Search, &km.SearchPrev:
		return true
	}
	return false
}

// intents is what each action the pane carries out asks of the root; None
// is the pane's own (it scrolls, and goes from match to match).
func (m Model) intents() map[*key.Binding]Intent {
	k := m.keys
	return map[*key.Binding]Intent{
		&k.Back: Leave, &k.ToggleRead: ToggleRead, &k.ToggleStar: ToggleStar, &k.Browser: Browse,
		&k.Next: Step, &k.Prev: Step, &k.NextUnread: Step, &k.PrevUnread: Step,
		&k.Up: None, &k.Down: None, &k.Top: None, &k.Bottom: None, &k.PageDown: None, &k.PageUp: None,
		&k.SearchPrev: None,
	}
}

// Update scrolls on the reader's keys, and, during a search, goes from
// match to match (next, search_prev) or ends it (back).
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		km := m.keys
		switch b := km.Match(keys.Article, msg); {
		case m.Searching() && b == &km.Back:
			m.Search("")
		case m.Searching() && (b == &km.Next || b == &km.SearchPrev):
			d := 1
			if b == &km.SearchPrev {
				d = -1
			}
			text := m.NextMatch(d) + " · " + keys.First(km.Back) + " ends the search"
			return m, func() tea.Msg { return status.SetMsg{Text: text} }
		case b == &km.Down:
			m.vp.ScrollDown(1)
		case b == &km.Up:
			m.vp.ScrollUp(1)
		case b == &km.PageDown:
			m.vp.PageDown()
		case b == &km.PageUp:
			m.vp.PageUp()
		case b == &km.Top:
			m.vp.GotoTop()
		case b == &km.Bottom:
			m.vp.GotoBottom()
		}
		return m, nil
	case tea.MouseMsg:
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return m, cmd
	}
	return m, nil
}

// YOffset is the view's first line, within the pane's content.
func (m Model) YOffset() int { return m.vp.YOffset }

// ScrollPercent is how far through the article the view is.
func (m Model) ScrollPercent() float64 { return m.vp.ScrollPercent() }

// View renders the pane.
func (m Model) View() string {
	if !m.loaded {
		return m.empty
	}
	return m.vp.View()
}

// ShortHelp lists the reader's main keys, as declared.
func (m Model) ShortHelp() []key.Binding {
	own, _ := m.keys.ShortHelp(keys.Article)
	return own
}

// FullHelp lists every key live in an article, in columns, as declared.
func (m Model) FullHelp() [][]key.Binding { return m.keys.FullHelp(keys.Article) }
