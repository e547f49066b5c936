// Package reader is the article pane: a header (title, source, date, tags,
// link) over the Glamour-rendered body, in a scrolling viewport.
package reader

import (
	"strings"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/theme"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Model is the reader pane.
type Model struct {
	styles  *theme.Styles
	keys    *keys.KeyMap
	vp      viewport.Model
	article store.ArticleSummary
	loaded  bool
	body    string // rendered body, as Glamour produced it
	err     string
	note    string // which text is shown, when there is a choice
	// empty is what the pane shows before any article, sized with it.
	empty  string
	width  int
	height int
}

// New returns an empty reader.
func New(styles *theme.Styles, km *keys.KeyMap) Model {
	vp := viewport.New(0, 0)
	// Keys reach the viewport only through Update below, on our bindings.
	vp.KeyMap = viewport.KeyMap{}
	vp.MouseWheelEnabled = true
	return Model{styles: styles, keys: km, vp: vp}
}

// SetSize sets the pane's size in cells.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.vp.Width, m.vp.Height = w, h
	m.empty = lipgloss.NewStyle().Width(w).Height(h).Render(m.styles.Meta.Render("  Select an article and press enter to read it."))
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

// Show displays an article's rendered body. Showing the same article
// again (a re-render after a resize) keeps the scroll position.
func (m *Model) Show(a store.ArticleSummary, body, err, note string) {
	same := m.loaded && m.article.ID == a.ID
	m.article, m.body, m.err, m.note, m.loaded = a, body, err, note, true
	m.refill(!same)
}

// SetBody replaces the shown article's body, keeping the scroll position:
// its pictures arrived.
func (m *Model) SetBody(body string) {
	if m.loaded && m.err == "" {
		m.body = body
		m.refill(false)
	}
}

// Loading shows an article whose body is still being rendered: its header
// at once, so that what the pane names is what keys act on.
func (m *Model) Loading(a store.ArticleSummary) {
	m.article, m.err, m.note, m.loaded = a, "", "", true
	m.body = m.styles.Meta.Render("  Loading…")
	m.refill(true)
}

// SetFlags updates the shown article's read and starred flags.
func (m *Model) SetFlags(id int64, read, starred bool) {
	if m.loaded && m.article.ID == id {
		m.article.Read, m.article.Starred = read, starred
	}
}

// Clear empties the pane.
func (m *Model) Clear() {
	m.loaded = false
	m.body, m.err = "", ""
	m.vp.SetContent("")
}

func (m *Model) refill(top bool) {
	if !m.loaded {
		return
	}
	var b strings.Builder
	b.WriteString(m.header())
	b.WriteString("\n\n")
	if m.err != "" {
		b.WriteString(m.styles.Problem.Render(lipgloss.NewStyle().Width(max(m.width-2, 10)).Render(sanitize.Text(m.err))))
	} else {
		b.WriteString(m.body)
	}
	offset := m.vp.YOffset
	m.vp.SetContent(b.String())
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
	meta := []string{sanitize.Line(a.Source)}
	if a.Author != "" {
		meta = append(meta, "by "+sanitize.Line(a.Author))
	}
	if a.Undated {
		meta = append(meta, "no date")
	} else if !a.Date.IsZero() {
		meta = append(meta, a.Date.Local().Format("Mon, 2 Jan 2006 15:04"))
	}
	if a.Starred {
		meta = append(meta, "★ starred")
	}
	lines = append(lines, wrap.Inherit(s.HeaderMeta).Render(strings.Join(meta, " · ")))
	if len(a.Tags) > 0 {
		tags := make([]string, len(a.Tags))
		for i, t := range a.Tags {
			tags[i] = "#" + sanitize.Line(t)
		}
		lines = append(lines, wrap.Inherit(s.Tag).Render(strings.Join(tags, " ")))
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

// Update scrolls on the reader's keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, m.keys.Down):
			m.vp.ScrollDown(1)
		case key.Matches(msg, m.keys.Up):
			m.vp.ScrollUp(1)
		case key.Matches(msg, m.keys.PageDown):
			m.vp.PageDown()
		case key.Matches(msg, m.keys.PageUp):
			m.vp.PageUp()
		case key.Matches(msg, m.keys.Top):
			m.vp.GotoTop()
		case key.Matches(msg, m.keys.Bottom):
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

// AtBottom reports whether the end of the article is in view.
func (m Model) AtBottom() bool { return m.vp.AtBottom() }

// ScrollPercent is how far through the article the view is.
func (m Model) ScrollPercent() float64 { return m.vp.ScrollPercent() }

// View renders the pane.
func (m Model) View() string {
	if !m.loaded {
		return m.empty
	}
	return m.vp.View()
}
