// Package status is the status bar pane: one line with the last message
// (or a refresh's progress) on the left, and the filter, the view's counts
// and the reading position on the right. It holds the counts (the root
// model loads them, and asks the bar for them); it does no I/O.
package status

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/ui/meta"
	"github.com/byline/byline/ui/theme"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// SetMsg puts a line in the status bar: what a command reports when it is
// done.
type SetMsg struct {
	Text  string
	Error bool
}

// Model is the status bar.
type Model struct {
	styles *theme.Styles
	width  int

	text  string
	isErr bool
	// held is a problem found at start (Hold): shown, as an error, over the
	// message and a refresh's progress until the next key.
	held string

	// failuresKey is the key that lists the failing sources, as bound.
	failuresKey string
	refreshing  bool
	done        int
	total       int
	fresh       int
	failed      []string

	// What the right-hand side shows.
	title       string
	filter      string
	counts      Counts
	counted     bool
	percent     float64
	showPercent bool
}

// Counts are the view's numbers: articles the filter shows and how many
// of them are unread, every article, and the sources.
type Counts struct {
	Shown, Unread, Total, Sources int
}

// Empty reports whether the library has no source and no article.
func (c Counts) Empty() bool { return c.Sources == 0 && c.Total == 0 }

// New returns an empty status bar; title names the library ("demo").
func New(styles *theme.Styles, title string) Model {
	return Model{styles: styles, title: title}
}

// SetFailuresKey names the key that lists failing sources, for the
// refresh's summary.
func (m *Model) SetFailuresKey(k string) { m.failuresKey = k }

func (m Model) listsThem() string {
	if m.failuresKey == "" {
		return ""
	}
	return " (" + m.failuresKey + " lists them)"
}

// SetSize sets the bar's width; it is always one line high.
func (m *Model) SetSize(w, _ int) { m.width = w }

// Update takes the lines commands report.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if msg, ok := msg.(SetMsg); ok {
		m.Set(msg.Text, msg.Error)
	}
	return m, nil
}

// Set shows a line; isErr shows it as an error.
func (m *Model) Set(text string, isErr bool) { m.text, m.isErr = text, isErr }

// Hold shows a problem found at start, as an error, in place of whatever
// else the bar would show (a refresh on start's progress and outcome go
// on beneath it), until Clear: the user may not look at the bar before
// the first key, and must not miss it.
func (m *Model) Hold(text string) { m.held = text }

// Release puts away what Hold shows: the message it hid shows (a
// refresh's outcome the user has not seen yet).
func (m *Model) Release() { m.held = "" }

// Clear empties the message; but while Hold shows something, it only
// releases that.
func (m *Model) Clear() {
	if m.held != "" {
		m.Release()
		return
	}
	m.text, m.isErr = "", false
}

// Text is the message shown, or "".
func (m Model) Text() string {
	if m.held != "" {
		return m.held
	}
	return m.text
}

// IsError reports whether the message is an error.
func (m Model) IsError() bool { return m.held != "" || m.isErr }

// Refreshing reports whether a refresh is under way.
func (m Model) Refreshing() bool { return m.refreshing }

// StartRefresh shows a refresh of the sources beginning.
func (m *Model) StartRefresh() {
	m.refreshing = true
	m.done, m.total, m.fresh, m.failed = 0, m.counts.Sources, 0, nil
	m.text, m.isErr = "", false // not Clear: what Hold shows stays
}

// Progress notes one source done (of total), with its new articles and its
// error.
func (m *Model) Progress(source string, done, total, fresh int, err error) {
	m.done, m.total = done, total
	m.fresh += fresh
	if err != nil {
		m.failed = append(m.failed, sanitize.Line(source)+": "+sanitize.Line(err.Error()))
	}
}

// FinishRefresh shows the refresh's outcome: err is why the whole refresh
// failed (nil when it did not, or was cancelled).
func (m *Model) FinishRefresh(err error, offline bool) {
	m.refreshing = false
	sources := meta.Plural(m.total, "source", "sources")
	switch {
	case err != nil:
		m.Set("Refresh failed: "+err.Error(), true)
	case len(m.failed) > 0:
		m.Set(fmt.Sprintf("Refreshed %s · %d new · %d failed%s — %s", sources, m.fresh, len(m.failed), m.listsThem(), m.failed[0]), true)
	default:
		m.Set(fmt.Sprintf("Refreshed %s · %d new", sources, m.fresh), false)
	}
	if offline {
		m.text += " · offline: feeds were not fetched"
	}
}

// SetFilter names the view's filter ("" is every article).
func (m *Model) SetFilter(filter string) { m.filter = filter }

// SetCounts shows the view's counts, as loaded.
func (m *Model) SetCounts(c Counts) { m.counts, m.counted = c, true }

// CountsFailed notes that the view could not be counted: the bar keeps
// the last counts.
func (m *Model) CountsFailed() { m.counted = true }

// Counts are the view's counts; ok is false until the first have arrived
// (or failed to).
func (m Model) Counts() (c Counts, ok bool) { return m.counts, m.counted }

// MarkedRead notes an article of the view marked read here (or unread:
// read false), so the unread count follows at once, before the next
// count.
func (m *Model) MarkedRead(read bool) {
	if read {
		m.counts.Unread--
	} else {
		m.counts.Unread++
	}
}

// SetPercent shows how far through the open article the reader is; show
// false hides it.
func (m *Model) SetPercent(p float64, show bool) { m.percent, m.showPercent = p, show }

// ShortHelp is empty: the bar takes no keys.
func (m Model) ShortHelp() []key.Binding { return nil }

// FullHelp is empty: the bar takes no keys.
func (m Model) FullHelp() [][]key.Binding { return nil }

// View renders the bar.
func (m Model) View() string {
	c := m.counts
	right := fmt.Sprintf("%d/%d · %d unread", c.Shown, c.Total, c.Unread)
	if m.title != "" {
		right = m.title + " · " + right
	}
	if m.showPercent {
		right = fmt.Sprintf("%3.0f%% · ", m.percent*100) + right
	}
	var left string
	style := m.styles.Status
	switch {
	case m.held != "":
		left = sanitize.Line(m.held)
		style = m.styles.StatusError
	case m.refreshing:
		left = fmt.Sprintf("⟳ Refreshing %d/%d · %d new", m.done, m.total, m.fresh)
		if n := len(m.failed); n > 0 {
			left += fmt.Sprintf(" · %d failed", n)
		}
	case m.text != "":
		left = sanitize.Line(m.text)
		if m.isErr {
			style = m.styles.StatusError
		}
	}
	filter := "all articles"
	if m.filter != "" {
		filter = "filter: " + sanitize.Line(m.filter)
	}
	withFilter := filter + " · " + right
	if left == "" {
		left = filter
	} else if lipgloss.Width(left)+lipgloss.Width(withFilter)+3 <= m.width {
		right = withFilter
	} else {
		// A message that does not fit: its URLs are shortened to their
		// host and last part, so that the reason after them shows (the
		// E pane and 'byline sources' have them whole), and the filter
		// makes room for it until the next key.
		left = urlInText.ReplaceAllStringFunc(left, shortURL)
		if lipgloss.Width(left)+lipgloss.Width(withFilter)+3 <= m.width {
			right = withFilter
		} else if lipgloss.Width(left)+lipgloss.Width(right)+3 > m.width {
			right = "" // the counts come back with the next key
		}
	}
	room := m.width - lipgloss.Width(right) - 3
	left = ansi.Truncate(left, max(room, 0), "…")
	gap := max(m.width-lipgloss.Width(left)-lipgloss.Width(right)-2, 1)
	return " " + style.Render(left) + strings.Repeat(" ", gap) + m.styles.StatusRight.Render(right) + " "
}

// urlInText matches an http(s) URL in a message, up to white space or a
// closing bracket or quote.
var urlInText = regexp.MustCompile(`https?://[^\s)\]"”]+`)

// shortURL is a URL as its host, an ellipsis and its last path part.
func shortURL(match string) string {
	u := strings.TrimRight(match, ".,:;!?")
	punct := match[len(u):] // the sentence's, not the URL's
	if len(u) <= 40 {
		return match
	}
	rest := u[strings.Index(u, "://")+3:]
	host, path, ok := strings.Cut(rest, "/")
	if !ok {
		return match
	}
	path = strings.TrimRight(path, "/")
	last := path
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		last = path[i+1:]
	}
	if last == path {
		return host + "/" + ansi.Truncate(path, 24, "…") + punct
	}
	return host + "/…/" + ansi.Truncate(last, 24, "…") + punct
}
