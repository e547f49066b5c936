// Package links is the list of an article's numbered links: move with the
// list keys and press enter, or type a link's number, to open it.
package links

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/render"
	"github.com/byline/byline/ui/scroll"
	"github.com/byline/byline/ui/theme"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// OpenedMsg asks the root to open a link.
type OpenedMsg struct{ URL string }

// SaveMsg asks the root to save a link to read later.
type SaveMsg struct{ URL string }

// CopyMsg asks the root to copy a link.
type CopyMsg struct{ URL string }

// Model is the links list.
type Model struct {
	styles *theme.Styles
	keys   *keys.KeyMap
	// table is actions(), made once in New.
	table  map[*key.Binding]func(Model, tea.KeyMsg) (Model, tea.Cmd)
	links  []render.Link
	win    scroll.Window
	typed  string // digits typed so far
	width  int
	height int
	// frame is the pane's size as a style, built when the size changes.
	frame      lipgloss.Style
	hyperlinks bool
	// urlCells is the width of the widest URL, measured once per list.
	urlCells int
	// shown: the list shows over the article, and keys go to it.
	shown bool
}

// Show opens the list over the article.
func (m *Model) Show() { m.shown, m.typed = true, "" }

// Close closes the list.
func (m *Model) Close() { m.shown = false }

// Open reports whether the list shows.
func (m Model) Open() bool { return m.shown }

// New returns an empty list. hyperlinks turns on OSC 8 links for
// terminals that support them.
func New(styles *theme.Styles, km *keys.KeyMap, hyperlinks bool) Model {
	m := Model{styles: styles, keys: km, hyperlinks: hyperlinks}
	m.table = m.actions() // the key map never changes: made once, not at every key
	return m
}

// SetLinks replaces the list.
func (m *Model) SetLinks(l []render.Link) {
	m.links, m.win, m.typed = l, scroll.Window{}, ""
	m.urlCells = 0
	for _, link := range l {
		m.urlCells = max(m.urlCells, ansi.StringWidth(sanitize.Line(render.Shown(link.URL))))
	}
}

// Selected is the link under the cursor.
func (m Model) Selected() (render.Link, bool) {
	if len(m.links) == 0 {
		return render.Link{}, false
	}
	return m.links[m.win.Cursor], true
}

// Len is the number of links.
func (m Model) Len() int { return len(m.links) }

// SetSize sets the list's size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.frame = lipgloss.NewStyle().Width(w).Height(h).MaxHeight(h)
}

// Update takes the keys live in the list: it moves the cursor, opens a
// link on open or on its number, asks for the selected link to be saved
// or copied, and closes on back, quit or the key that opened it.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	b := m.keys.Match(keys.Links, k)
	if b != &m.keys.LinkNumber {
		m.typed = "" // a number being typed ends at any other key
	}
	do, ok := m.table[b]
	if !ok || len(m.links) == 0 && b != &m.keys.Back && b != &m.keys.Links && b != &m.keys.Quit {
		return m, nil
	}
	return do(m, k)
}

// Owns reports whether the list carries out action b (a binding of its
// map) while it has the keys: the root hands it only those.
func (m Model) Owns(b *key.Binding) bool {
	_, ok := m.table[b]
	return ok
}

// actions is what the list does with each action it carries out.
func (m Model) actions() map[*key.Binding]func(Model, tea.KeyMsg) (Model, tea.Cmd) {
	k := m.keys
	closeList := func(m Model, _ tea.KeyMsg) (Model, tea.Cmd) {
		m.shown = false
		return m, nil
	}
	move := func(m Model, msg tea.KeyMsg) (Model, tea.Cmd) {
		m.win.Key(msg, m.keys, len(m.links), m.visible())
		return m, nil
	}
	return map[*key.Binding]func(Model, tea.KeyMsg) (Model, tea.Cmd){
		&k.Back: closeList, &k.Links: closeList, &k.Quit: closeList,
		&k.Open: func(m Model, _ tea.KeyMsg) (Model, tea.Cmd) {
			cmd := m.open()
			return m, cmd
		},
		&k.Save: func(m Model, _ tea.KeyMsg) (Model, tea.Cmd) {
			return m, m.ask(func(u string) tea.Msg { return SaveMsg{URL: u} })
		},
		&k.CopyURL: func(m Model, _ tea.KeyMsg) (Model, tea.Cmd) {
			return m, m.ask(func(u string) tea.Msg { return CopyMsg{URL: u} })
		},
		&k.LinkNumber: Model.number,
		&k.Up:         move, &k.Down: move, &k.Top: move, &k.Bottom: move, &k.PageDown: move, &k.PageUp: move,
	}
}

// number takes a digit of a link's number: the cursor goes to the link,
// which opens at once when no longer number starts with the digits typed.
func (m Model) number(k tea.KeyMsg) (Model, tea.Cmd) {
	s := k.String()
	if len(s) != 1 || s[0] < '0' || s[0] > '9' {
		return m, nil
	}
	m.typed += s
	n, _ := strconv.Atoi(m.typed)
	if n >= 1 && n <= len(m.links) {
		m.win.Cursor = n - 1
		m.clamp()
		if n*10 > len(m.links) {
			m.typed = ""
			cmd := m.open()
			return m, cmd
		}
	} else if n > len(m.links) {
		m.typed = ""
	}
	return m, nil
}

// ask is the command that asks the root, by msg, to act on the selected
// link's URL.
func (m Model) ask(msg func(url string) tea.Msg) tea.Cmd {
	url := m.links[m.win.Cursor].URL
	return func() tea.Msg { return msg(url) }
}

// open asks for the selected link to be opened. A link to a place in the
// article ("#intro") closes the list: the place is in the article under it.
func (m *Model) open() tea.Cmd {
	url := m.links[m.win.Cursor].URL
	if strings.HasPrefix(url, "#") {
		m.shown = false
	}
	return func() tea.Msg { return OpenedMsg{URL: url} }
}

func (m *Model) clamp() { m.win.Clamp(len(m.links), m.visible()) }

// visible is how many links show under the heading, above the selected
// link's full URL.
func (m Model) visible() int { return max(m.height-2-m.footerLines(), 1) }

// footerLines is the room kept under the rows for the selected link's full
// URL: as many lines as the longest URL needs, within half the pane, so
// that the rows do not jump as the cursor moves.
func (m Model) footerLines() int {
	if m.urlCells == 0 {
		return 0
	}
	n := (m.urlCells + m.urlWidth() - 1) / m.urlWidth()
	return min(n+1, max(m.height/2, 2))
}

func (m Model) urlWidth() int { return max(m.width-4, 10) }

// wrapChars cuts s into at most n lines width cells wide, at characters:
// a URL has no better place to break, and every character of it must
// show. Each line measures only as much of s as it can hold, so the cost
// is that of the lines, however long s is.
func wrapChars(s string, width, n int) []string {
	var out []string
	for s != "" && len(out) < n {
		head := s
		if most := 16 * (width + 1); len(head) > most {
			for most > 0 && !utf8.RuneStart(s[most]) {
				most--
			}
			head = s[:most]
		}
		part := ansi.Truncate(head, width, "")
		if part == "" {
			_, size := utf8.DecodeRuneInString(s)
			part = s[:size]
		}
		out = append(out, part)
		s = s[len(part):]
	}
	return out
}

// View renders the list.
func (m Model) View() string {
	var b strings.Builder
	head := fmt.Sprintf(" Links (%d) — %s or a number opens one, %s closes", len(m.links), keys.First(m.keys.Open), keys.First(m.keys.Back))
	if m.typed != "" {
		head = " Open link: " + m.typed + "…"
	}
	b.WriteString(m.styles.Header.Render(ansi.Truncate(head, m.width, "…")))
	b.WriteString("\n")
	if len(m.links) == 0 {
		b.WriteString(m.styles.Meta.Render("  This article has no links."))
	}
	for i := m.win.Offset; i < len(m.links) && i < m.win.Offset+m.visible(); i++ {
		l := m.links[i]
		num := fmt.Sprintf("[%d]", l.N)
		label := sanitize.Line(l.Text)
		if l.Image {
			label = strings.TrimSuffix("image: "+label, ": ")
		}
		url := sanitize.Line(render.Shown(l.URL))
		room := max(m.width-lipgloss.Width(num)-4, 10)
		// Cut from a head two lines long: a megabyte URL is not measured
		// whole on every redraw.
		line := ansi.Truncate(strings.Join(wrapChars(url, room, 2), ""), room, "…")
		if label != "" {
			line = ansi.Truncate(strings.Join(wrapChars(label+" — "+url, room, 2), ""), room, "…")
		}
		if m.hyperlinks {
			line = render.Hyperlink(url, line)
		}
		bar := " "
		if i == m.win.Cursor {
			bar = m.styles.SelectedBar.String()
		}
		b.WriteString(bar + " " + m.styles.Code.Render(num) + " " + line + "\n")
	}
	if len(m.links) > 0 && m.footerLines() > 0 {
		// The selected link's whole URL, which the row above may have cut.
		rows := min(len(m.links)-m.win.Offset, m.visible())
		b.WriteString(strings.Repeat("\n", m.visible()-rows+1))
		url := sanitize.Line(render.Shown(m.links[m.win.Cursor].URL))
		for i, l := range wrapChars(url, m.urlWidth(), m.footerLines()-1) {
			if m.hyperlinks && i == 0 {
				// One hyperlink for the URL, on its first line: each line
				// carrying the whole URL made a redraw grow with its
				// square.
				l = render.Hyperlink(url, l)
			}
			lead := "  "
			if i > 0 {
				lead = "    "
			}
			b.WriteString(lead + l + "\n")
		}
	}
	return m.frame.Render(strings.TrimRight(b.String(), "\n"))
}

// ShortHelp lists the links list's main keys, as declared.
func (m Model) ShortHelp() []key.Binding {
	own, _ := m.keys.ShortHelp(keys.Links)
	return own
}

// FullHelp lists every key live in the links list, in columns.
func (m Model) FullHelp() [][]key.Binding { return m.keys.FullHelp(keys.Links) }
