// Package prompt is the one-line input under the list: the filter as you
// type it, a name for a saved filter, tags to add or remove. It can
// complete the word being typed from a list (tags), and shows an error
// line under the input.
package prompt

import (
	"strings"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/theme"
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Kind says what the prompt is asking for.
type Kind int

const (
	None Kind = iota
	Filter
	SaveFilter
	AddTag
	RemoveTag
	Confirm
	Search
	AddSource
)

// Model is the prompt.
type Model struct {
	styles *theme.Styles
	keys   *keys.KeyMap
	input  textinput.Model
	kind   Kind
	label  string
	// shown is the label as it fits beside the input (see fit).
	shown string
	err   string
	// errLines is the error wrapped to the width.
	errLines []string
	words    []string // completion candidates for the last word
	width    int
	// selected: the value it opened with is selected, and the first key
	// typed replaces it, unless it is one that edits (ctrl+e, arrows).
	selected bool
}

// New returns a closed prompt; km has the keys that answer a question.
func New(styles *theme.Styles, km *keys.KeyMap) Model {
	in := textinput.New()
	in.Prompt = ""
	in.ShowSuggestions = true
	in.CharLimit = 1000
	// A steady cursor: a blinking one repaints the screen twice a second
	// for nothing.
	in.Cursor.SetMode(cursor.CursorStatic)
	return Model{styles: styles, keys: km, input: in}
}

// Open shows the prompt with a label and initial value; words complete
// the last word typed (tab accepts).
func (m *Model) Open(kind Kind, label, value string, words []string) tea.Cmd {
	m.kind, m.label, m.err, m.errLines, m.words = kind, label, "", nil, words
	m.fit()
	m.input.SetValue(value)
	m.input.CursorEnd()
	m.updateSuggestions()
	m.selected = false
	if kind == Confirm {
		m.input.Blur()
		return nil
	}
	return m.input.Focus()
}

// Ask opens a yes-or-no question, which names the keys that answer it:
// "Mark the 4 unread articles in this view read? (y/n)".
func (m *Model) Ask(question string) {
	m.Open(Confirm, question+" ("+keys.First(m.keys.Yes)+"/"+keys.First(m.keys.No)+")", "", nil)
}

// Answer reads a key typed at a question: yes or no (ok), or neither, as
// the keys are bound.
func (m Model) Answer(msg tea.KeyMsg) (yes, ok bool) {
	switch m.keys.Match(keys.Confirm, msg) {
	case &m.keys.Yes:
		return true, true
	case &m.keys.No:
		return false, true
	}
	return false, false
}

// Owns reports whether a question carries out action b (a binding of its
// map): its answers.
func (m Model) Owns(b *key.Binding) bool { return b == &m.keys.Yes || b == &m.keys.No }

// OpenSelected opens the prompt like Open, with value selected: typing
// replaces it, and ctrl+e or an arrow key keeps it to edit.
func (m *Model) OpenSelected(kind Kind, label, value string, words []string) tea.Cmd {
	cmd := m.Open(kind, label, value, words)
	m.selected = value != ""
	return cmd
}

// Selected reports whether the value is still selected, to be replaced.
func (m Model) Selected() bool { return m.selected }

// Close hides the prompt.
func (m *Model) Close() {
	m.kind, m.err, m.errLines = None, "", nil
	m.input.Blur()
	m.input.SetValue("")
}

// Kind is what the open prompt asks for; None when closed.
func (m Model) Kind() Kind { return m.kind }

// Active reports whether the prompt is open.
func (m Model) Active() bool { return m.kind != None }

// Value is the text typed.
func (m Model) Value() string { return m.input.Value() }

// SetError shows a problem under the input, on as many lines as it needs
// (its advice comes last, and a narrow terminal must not cut it); ""
// clears it.
func (m *Model) SetError(err string) {
	m.err = err
	m.wrapError()
}

func (m *Model) wrapError() {
	m.errLines = nil
	if m.err == "" {
		return
	}
	text := ansi.Wordwrap(sanitize.Line(m.err), max(m.width-2, 10), " ")
	m.errLines = strings.Split(ansi.Hardwrap(text, max(m.width-2, 10), true), "\n")
	if len(m.errLines) > maxErrorLines {
		m.errLines = m.errLines[:maxErrorLines]
		last := &m.errLines[maxErrorLines-1]
		*last = ansi.Truncate(*last, max(m.width-3, 9), "") + "…"
	}
}

// maxErrorLines bounds the error under the input.
const maxErrorLines = 4

// minInput is the narrowest the input gets beside its label: what is
// typed stays on screen, and a long label (the tags an article has) is
// cut instead.
const minInput = 24

// Error is the problem shown, if any.
func (m Model) Error() string { return m.err }

// The prompt's own keys, for the help bar.
var (
	submitKey   = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done"))
	cancelKey   = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
	completeKey = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete"))
	editKey     = key.NewBinding(key.WithKeys("ctrl+e", "left", "right"), key.WithHelp("ctrl+e/←/→", "edit instead of replace"))
)

// ShortHelp lists the prompt's keys.
func (m Model) ShortHelp() []key.Binding {
	if m.kind == Confirm {
		return nil
	}
	var help []key.Binding
	if m.selected {
		help = append(help, editKey)
	}
	if len(m.words) > 0 { // tab completes only from words
		help = append(help, completeKey)
	}
	return append(help, submitKey, cancelKey)
}

// FullHelp lists the prompt's keys in a column.
func (m Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// SetSize sets the prompt's width; its height is its own (see Height).
func (m *Model) SetSize(w, _ int) {
	m.width = w
	m.fit()
	m.wrapError()
}

// fit cuts the label so that the input keeps minInput columns (or half a
// narrow line), and gives the input the rest.
func (m *Model) fit() {
	room := max(m.width-3-min(minInput, m.width/2), 8)
	m.shown = m.label
	if lipgloss.Width(m.label) > room && m.kind != Confirm {
		colon := strings.HasSuffix(m.label, ":")
		m.shown = ansi.Truncate(strings.TrimSuffix(m.label, ":"), room-1, "…")
		if colon {
			m.shown += ":"
		}
	}
	m.input.Width = max(m.width-lipgloss.Width(m.shown)-3, 10)
}

// Update passes keys to the input.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if m.kind == None || m.kind == Confirm {
		return m, nil
	}
	if k, ok := msg.(tea.KeyMsg); ok && m.selected {
		m.selected = false
		switch k.Type {
		case tea.KeyCtrlE, tea.KeyLeft, tea.KeyRight, tea.KeyHome, tea.KeyEnd, tea.KeyTab:
			// keep the value, to edit it
		case tea.KeyBackspace, tea.KeyDelete, tea.KeyCtrlU, tea.KeyCtrlW:
			m.input.SetValue("")
			m.updateSuggestions()
			return m, nil
		default:
			m.input.SetValue("")
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	m.updateSuggestions()
	return m, cmd
}

// updateSuggestions offers, for the word being typed, every candidate it
// starts, as a completion of the whole value (which is what textinput
// completes).
func (m *Model) updateSuggestions() {
	if len(m.words) == 0 {
		m.input.SetSuggestions(nil)
		return
	}
	v := m.input.Value()
	// The word being typed, without a filter's +/- sign; everything before
	// it stays as typed.
	last := strings.TrimLeft(v[strings.LastIndexAny(v, " ,")+1:], "+-")
	head := v[:len(v)-len(last)]
	// Per key, over every tag: kept cheap, so that a paste or a long word
	// typed into a library of thousands of tags stays instant.
	const most, longest = 50, 256
	var sugg []string
	if last != "" && len(last) <= longest {
		prefix := strings.ToLower(last)
		for _, w := range m.words {
			if strings.HasPrefix(w, prefix) && w != last {
				sugg = append(sugg, head+w)
				if len(sugg) == most {
					break
				}
			}
		}
	}
	m.input.SetSuggestions(sugg)
}

// Height is how many lines View takes.
func (m Model) Height() int {
	switch {
	case m.kind == None:
		return 0
	case len(m.errLines) > 0:
		return 1 + len(m.errLines)
	}
	return 1
}

// View renders the prompt and its error line.
func (m Model) View() string {
	if m.kind == None {
		return ""
	}
	line := " " + m.styles.Code.Render(m.shown) + " " + m.input.View()
	if m.selected {
		line = " " + m.styles.Code.Render(m.shown) + " " + m.styles.Selection.Render(sanitize.Line(m.input.Value())) +
			m.styles.Meta.Render("  type to replace · ctrl+e edits")
	}
	if m.kind == Confirm {
		line = " " + m.styles.Code.Render(m.label)
	}
	for _, l := range m.errLines {
		line += "\n " + m.styles.StatusError.Render(l)
	}
	return line
}
