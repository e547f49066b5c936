// Package tags is the tag pane: every tag with its unread and total
// counts, marked when the current filter includes or excludes it.
package tags

import (
	"fmt"
	"strings"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/scroll"
	"github.com/byline/byline/ui/theme"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Model is the tag pane.
type Model struct {
	styles *theme.Styles
	keys   *keys.KeyMap
	items  []store.TagCount
	marks  map[string]string // tag -> "+" or "-" in the current filter
	win    scroll.Window
	width  int
	height int
	// frame is the pane's size as a style, built when the size changes.
	frame lipgloss.Style
}

// New returns an empty tag pane.
func New(styles *theme.Styles, km *keys.KeyMap) Model {
	return Model{styles: styles, keys: km}
}

// SetSize sets the pane's size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.frame = lipgloss.NewStyle().Width(w).Height(h).MaxHeight(h)
	m.clamp()
}

// SetTags replaces the list, keeping the cursor on the same tag.
func (m *Model) SetTags(items []store.TagCount) {
	sel := m.Selected()
	m.items = items
	for i, it := range items {
		if it.Tag == sel {
			m.win.Cursor = i
		}
	}
	m.clamp()
}

// Tags is the list shown.
func (m Model) Tags() []store.TagCount { return m.items }

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

// Selected is the tag under the cursor.
func (m Model) Selected() string {
	if m.win.Cursor < 0 || m.win.Cursor >= len(m.items) {
		return ""
	}
	return m.items[m.win.Cursor].Tag
}

func (m *Model) clamp() { m.win.Clamp(len(m.items), m.visible()) }

// visible is how many tags show under the heading.
func (m Model) visible() int { return max(m.height-1, 1) }

// Update moves the cursor.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		m.win.Key(k, m.keys, len(m.items), m.visible())
	}
	return m, nil
}

// View renders the pane: a heading, then one tag a line.
func (m Model) View() string {
	var b strings.Builder
	b.WriteString(m.styles.Header.Render(ansi.Truncate(" Tags  unread/total", m.width, "…")))
	for i := m.win.Offset; i < len(m.items) && i < m.win.Offset+m.visible(); i++ {
		it := m.items[i]
		mark := " "
		if s, ok := m.marks[it.Tag]; ok {
			mark = s
		}
		counts := fmt.Sprintf("%d/%d", it.Unread, it.Total)
		name := ansi.Truncate(sanitize.Line(it.Tag), max(m.width-lipgloss.Width(counts)-5, 4), "…")
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
