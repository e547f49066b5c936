// Package tags is the side pane: every tag, or every source, with its
// unread and total counts and how many of them the current filter shows.
// Typing after / narrows the rows (as fzf does). It marks the tags the
// filter includes or excludes. It holds no I/O: the root model loads what
// it shows and acts on what it reports.
package tags

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/scroll"
	"github.com/byline/byline/ui/theme"
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// View is what the pane lists.
type View int

const (
	Tags View = iota
	Sources
)

// Row is one line of the pane.
type Row struct {
	Name   string // the tag, or the source's title
	Unread int
	Total  int
	// InView and InViewSet: how many articles of the current filter have
	// the tag (set once counted; sources are not counted).
	InView    int
	InViewSet bool
	// Source is the source the row stands for, in the Sources view.
	Source store.Source
}

// Action is what the user chose to do with a row.
type Action int

const (
	// Only shows only the row's articles: the filter's other tag terms (or
	// source term, for a source) give way to it.
	Only Action = iota
	Include
	Exclude
	Clear
)

// ChosenMsg reports a row chosen with an action; the root model changes
// the filter.
type ChosenMsg struct {
	Row    Row
	View   View
	Action Action
}

// Model is the side pane.
type Model struct {
	styles *theme.Styles
	keys   *keys.KeyMap
	// table is actions(), made once in New.
	table   map[*key.Binding]func(Model, tea.KeyMsg) (Model, tea.Cmd)
	view    View
	tags    []store.TagCount
	inView  map[string]store.TagCount
	sources []store.Source
	rows    []Row             // what shows: the view's rows, narrowed by the search
	marks   map[string]string // tag -> "+" or "-" in the current filter

	search    textinput.Model
	searching bool // keys go to the search input

	win    scroll.Window
	width  int
	height int
	// frame is the pane's size as a style, built when the size changes.
	frame lipgloss.Style
}

// New returns an empty pane.
func New(styles *theme.Styles, km *keys.KeyMap) Model {
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = "type to narrow"
	in.Cursor.SetMode(cursor.CursorStatic)
	m := Model{styles: styles, keys: km, search: in}
	m.table = m.actions() // the key map never changes: made once, not at every key
	return m
}

// SetSize sets the pane's size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.frame = lipgloss.NewStyle().Width(w).Height(h).MaxHeight(h)
	m.search.Width = max(w-3, 5)
	m.clamp()
}

// SetView switches between tags and sources.
func (m *Model) SetView(v View) {
	if v != m.view {
		m.view, m.win = v, scroll.Window{}
		m.searching = false
		m.search.Blur()
		m.search.SetValue("")
		m.refilter("")
	}
}

// Current is what the pane lists.
func (m Model) Current() View { return m.view }

// SetTags replaces the tags, keeping the cursor on the same tag.
func (m *Model) SetTags(items []store.TagCount) {
	m.tags = items
	if m.view == Tags {
		m.refilter(m.Selected().Name)
	}
}

// SetCountsInView gives, for each tag, how many articles of the current
// filter have it.
func (m *Model) SetCountsInView(c map[string]store.TagCount) {
	m.inView = c
	if m.view == Tags {
		m.refilter(m.Selected().Name)
	}
}

// SetSources replaces the sources.
func (m *Model) SetSources(s []store.Source) {
	m.sources = s
	if m.view == Sources {
		m.refilter(m.Selected().Name)
	}
}

// Sources is every source, whatever shows.
func (m Model) Sources() []store.Source { return m.sources }

// Tags is every tag, whatever shows.
func (m Model) Tags() []store.TagCount { return m.tags }

// SetFilter marks the tags the filter names.
func (m *Model) SetFilter(f query.Filter) {
	m.marks = map[string]string{}
	for _, t := range f.Terms {
		if t.Kind == query.KindTag && len(t.Tags) == 1 {
			sign := "+"
			if t.Neg {
				sign = "-"
			}
			m.marks[t.Tags[0]] = sign
		}
	}
}

// Selected is the row under the cursor (zero when there is none).
func (m Model) Selected() Row {
	if m.win.Cursor < 0 || m.win.Cursor >= len(m.rows) {
		return Row{}
	}
	return m.rows[m.win.Cursor]
}

// Searching reports whether keys go to the search input.
func (m Model) Searching() bool { return m.searching }

// Narrowed is the search text.
func (m Model) Narrowed() string { return m.search.Value() }

// refilter rebuilds the rows from the view and the search, keeping the
// cursor on keep when it still shows.
func (m *Model) refilter(keep string) {
	needle := strings.ToLower(strings.TrimSpace(m.search.Value()))
	m.rows = m.rows[:0:0]
	add := func(r Row) {
		if needle == "" || strings.Contains(strings.ToLower(r.Name), needle) {
			m.rows = append(m.rows, r)
		}
	}
	if m.view == Tags {
		for _, t := range m.tags {
			r := Row{Name: t.Tag, Unread: t.Unread, Total: t.Total}
			if m.inView != nil {
				r.InView, r.InViewSet = m.inView[t.Tag].Total, true
			}
			add(r)
		}
		if m.inView != nil {
			// The view's tags first, the most used in it first; the
			// library's order among equals, and the tags none of the
			// view has last (one of them may be the filter's -tag).
			// unread and starred keep their place at the top.
			pinned := 0
			for pinned < len(m.rows) && slices.Contains(store.PseudoTags, m.rows[pinned].Name) {
				pinned++
			}
			rest := m.rows[pinned:]
			sort.SliceStable(rest, func(i, j int) bool { return rest[i].InView > rest[j].InView })
		}
	} else {
		for _, s := range m.sources {
			add(Row{Name: s.Title, Unread: s.Unread, Total: s.Articles, Source: s})
		}
	}
	m.win.Cursor = 0
	for i, r := range m.rows {
		if r.Name == keep {
			m.win.Cursor = i
		}
	}
	m.clamp()
}

// RowAt is the index of the row at line y of the pane, or -1.
func (m Model) RowAt(y int) int {
	i := m.win.Offset + y - 2 // under the heading and the search line
	if y < 2 || i >= len(m.rows) {
		return -1
	}
	return i
}

// Select puts the cursor on row i.
func (m *Model) Select(i int) {
	m.win.Cursor = i
	m.clamp()
}

// Scroll moves the cursor by d rows (the mouse wheel).
func (m *Model) Scroll(d int) { m.win.Move(d, len(m.rows), m.visible()) }

func (m *Model) clamp() { m.win.Clamp(len(m.rows), m.visible()) }

// visible is how many rows show under the heading and the search line.
func (m Model) visible() int { return max(m.height-2, 1) }

// Leaves reports whether k leaves the pane for the list (back, while not
// searching): the root model moves the keys, the pane stays open.
func (m Model) Leaves(k tea.KeyMsg) bool {
	return !m.searching && m.keys.Match(keys.Side, k) == &m.keys.Back
}

// Owns reports whether the pane carries out action b (a binding of its
// map) while it has the keys: the root hands it only those. Back leaves
// the pane (Leaves), which the root carries out.
func (m Model) Owns(b *key.Binding) bool {
	_, ok := m.table[b]
	return ok || b == &m.keys.Back
}

// actions is what the pane does with each action it carries out.
func (m Model) actions() map[*key.Binding]func(Model, tea.KeyMsg) (Model, tea.Cmd) {
	k := m.keys
	move := func(m Model, msg tea.KeyMsg) (Model, tea.Cmd) {
		m.win.Key(msg, m.keys, len(m.rows), m.visible())
		return m, nil
	}
	choose := func(act Action) func(Model, tea.KeyMsg) (Model, tea.Cmd) {
		return func(m Model, _ tea.KeyMsg) (Model, tea.Cmd) { return m, m.choose(act) }
	}
	return map[*key.Binding]func(Model, tea.KeyMsg) (Model, tea.Cmd){
		&k.Filter: func(m Model, _ tea.KeyMsg) (Model, tea.Cmd) {
			m.searching = true
			return m, m.search.Focus()
		},
		&k.TagOnly: choose(Only), &k.TagInclude: choose(Include), &k.TagExclude: choose(Exclude), &k.TagClear: choose(Clear),
		&k.Up: move, &k.Down: move, &k.Top: move, &k.Bottom: move, &k.PageDown: move, &k.PageUp: move,
	}
}

// choose reports the selected row chosen, to change the filter as act
// says. Over sources, only enter chooses: it shows the source.
func (m Model) choose(act Action) tea.Cmd {
	row := m.Selected()
	if row.Name == "" || act != Only && m.view != Tags {
		return nil
	}
	chosen := ChosenMsg{Row: row, View: m.view, Action: act}
	return func() tea.Msg { return chosen }
}

// Update moves the cursor; while searching, types into the search; and
// reports a row chosen (enter, +, -, x) as a ChosenMsg.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	if m.searching {
		switch k.Type {
		case tea.KeyEnter:
			// The narrowing's end chooses the highlighted row, as the
			// tour says: "/ narrows… enter shows only that tag".
			m.searching = false
			m.search.Blur()
			return m, m.choose(Only)
		case tea.KeyEsc:
			m.searching = false
			m.search.Blur()
			m.search.SetValue("")
			m.refilter(m.Selected().Name)
			return m, nil
		case tea.KeyUp, tea.KeyDown, tea.KeyPgUp, tea.KeyPgDown:
			m.win.Key(k, m.keys, len(m.rows), m.visible())
			return m, nil
		}
		var cmd tea.Cmd
		before := m.search.Value()
		m.search, cmd = m.search.Update(k)
		if m.search.Value() != before {
			m.refilter("")
		}
		return m, cmd
	}
	if do, ok := m.table[m.keys.Match(keys.Side, k)]; ok {
		return do(m, k)
	}
	return m, nil
}

// ShortHelp lists the pane's main keys, as declared; over sources, enter
// shows the source, and the tag keys do not apply.
func (m Model) ShortHelp() []key.Binding {
	if m.searching {
		return []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", m.forView([]key.Binding{m.keys.TagOnly})[0].Help().Desc)),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
		}
	}
	own, _ := m.keys.ShortHelp(keys.Side)
	return m.forView(own)
}

// FullHelp lists every key live in the pane, in columns, as declared.
func (m Model) FullHelp() [][]key.Binding {
	var cols [][]key.Binding
	for _, col := range m.keys.FullHelp(keys.Side) {
		cols = append(cols, m.forView(col))
	}
	return cols
}

// forView fits bindings to what the pane lists: over sources, the tag
// keys do not apply and enter shows the source.
func (m Model) forView(bs []key.Binding) []key.Binding {
	if m.view != Sources {
		return bs
	}
	var out []key.Binding
	for _, b := range bs {
		switch b.Help() {
		case m.keys.TagInclude.Help(), m.keys.TagExclude.Help(), m.keys.TagClear.Help():
			continue
		case m.keys.TagOnly.Help():
			b.SetHelp(b.Help().Key, "show this source")
		}
		out = append(out, b)
	}
	return out
}

// View renders the pane: a heading, the search line, then one row a line.
func (m Model) View() string {
	var b strings.Builder
	head := " Tags  in view · unread/total"
	if m.view == Sources {
		head = " Sources  unread/total"
	}
	b.WriteString(m.styles.Header.Render(ansi.Truncate(head, m.width, "…")))
	b.WriteString("\n")
	switch {
	case m.searching || m.search.Value() != "":
		b.WriteString(" " + ansi.Truncate(m.search.View(), m.width-1, "…"))
	default:
		b.WriteString(m.styles.Meta.Render(ansi.Truncate(" "+keys.First(m.keys.Filter)+" narrows", m.width, "")))
	}
	if len(m.rows) == 0 {
		b.WriteString("\n" + m.styles.Meta.Render(" nothing matches"))
	}
	for i := m.win.Offset; i < len(m.rows) && i < m.win.Offset+m.visible(); i++ {
		r := m.rows[i]
		mark := " "
		if s, ok := m.marks[r.Name]; ok && m.view == Tags {
			mark = s
		}
		counts := fmt.Sprintf("%d/%d", r.Unread, r.Total)
		if r.InViewSet {
			counts = fmt.Sprintf("%d · %s", r.InView, counts)
		}
		name := ansi.Truncate(sanitize.Line(r.Name), max(m.width-lipgloss.Width(counts)-5, 4), "…")
		gap := max(m.width-3-lipgloss.Width(name)-lipgloss.Width(counts), 1)
		line := mark + " " + name + strings.Repeat(" ", gap) + m.styles.Meta.Render(counts)
		if i == m.win.Cursor {
			line = m.styles.SelectedBar.String() + line
		} else {
			line = " " + line
		}
		b.WriteString("\n" + line)
	}
	return m.frame.Render(b.String())
}
