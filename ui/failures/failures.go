// Package failures is the pane that lists the sources whose last refresh
// failed, with why. It shows what the root model loaded; it does no I/O.
package failures

import (
	"fmt"
	"strings"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/theme"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Model is the failing-sources pane.
type Model struct {
	styles *theme.Styles
	keys   *keys.KeyMap
	// table is actions(), made once in New.
	table   map[*key.Binding]func(*Model)
	sources []store.Source
	open    bool
	vp      viewport.Model
	width   int
	height  int
}

// New returns a closed pane.
func New(styles *theme.Styles, km *keys.KeyMap) Model {
	vp := viewport.New(0, 0)
	vp.KeyMap = viewport.KeyMap{}
	m := Model{styles: styles, keys: km, vp: vp}
	m.table = m.actions() // the key map never changes: made once, not at every key
	return m
}

// SetSize sets the pane's size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.vp.Width, m.vp.Height = w, h
	m.fill()
}

// Show opens the pane on these sources.
func (m *Model) Show(sources []store.Source) {
	m.sources, m.open = sources, true
	m.fill()
	m.vp.GotoTop()
}

// Close closes the pane.
func (m *Model) Close() { m.open = false }

// Open reports whether the pane is shown.
func (m Model) Open() bool { return m.open }

// Owns reports whether the pane carries out action b (a binding of its
// map) while it has the keys: the root model hands it only those.
func (m Model) Owns(b *key.Binding) bool {
	_, ok := m.table[b]
	return ok
}

// actions is what the pane does with each action it carries out.
func (m Model) actions() map[*key.Binding]func(*Model) {
	k := m.keys
	closePane := func(m *Model) { m.open = false }
	return map[*key.Binding]func(*Model){
		&k.Back: closePane, &k.Failures: closePane, &k.Quit: closePane,
		&k.Down:     func(m *Model) { m.vp.ScrollDown(1) },
		&k.Up:       func(m *Model) { m.vp.ScrollUp(1) },
		&k.PageDown: func(m *Model) { m.vp.PageDown() },
		&k.PageUp:   func(m *Model) { m.vp.PageUp() },
		&k.Top:      func(m *Model) { m.vp.GotoTop() },
		&k.Bottom:   func(m *Model) { m.vp.GotoBottom() },
	}
}

// Update scrolls, and closes the pane on back or on the key that opened it.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if do, ok := m.table[m.keys.Match(keys.Failures, msg)]; ok {
			do(&m)
		}
	case tea.MouseMsg:
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m *Model) fill() {
	w := m.width
	wrap := lipgloss.NewStyle().Width(max(w-4, 10))
	var b strings.Builder
	b.WriteString(m.styles.Header.Render(fmt.Sprintf(" Sources whose last refresh failed (%d) — %s closes", len(m.sources), keys.First(m.keys.Back))))
	for _, s := range m.sources {
		b.WriteString("\n\n " + m.styles.Header.Render(ansi.Truncate(sanitize.Line(s.Title), w-2, "…")))
		b.WriteString("\n " + m.styles.Meta.Render(ansi.Truncate(sanitize.Line(s.Location), w-2, "…")))
		for _, l := range strings.Split(wrap.Render(sanitize.Line(s.LastError)), "\n") {
			b.WriteString("\n  " + m.styles.StatusError.Render(l))
		}
	}
	m.vp.SetContent(b.String())
}

// ShortHelp lists the pane's main keys, as declared.
func (m Model) ShortHelp() []key.Binding {
	own, _ := m.keys.ShortHelp(keys.Failures)
	return own
}

// FullHelp lists every key live in the pane, in columns.
func (m Model) FullHelp() [][]key.Binding { return m.keys.FullHelp(keys.Failures) }

// View renders the pane.
func (m Model) View() string { return m.vp.View() }
