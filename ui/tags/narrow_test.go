package tags

import (
	"testing"

	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/theme"
	tea "github.com/charmbracelet/bubbletea"
)

// The tour says "/ narrows… enter shows only that tag": enter in the
// narrowing chooses the highlighted tag at once, not only ending the
// narrowing; over sources, it shows the highlighted source.
func TestEnterInTheNarrowingShowsOnlyThatTag(t *testing.T) {
	km := keys.Default()
	m := New(theme.NewStyles(theme.Dark), &km)
	m.SetSize(30, 20)
	m.SetTags([]store.TagCount{{Tag: "go", Total: 9}, {Tag: "config", Total: 3}, {Tag: "notes", Total: 2}})
	for _, k := range []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune("/")}, {Type: tea.KeyRunes, Runes: []rune("con")}} {
		m, _ = m.Update(k)
	}
	m, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if m.Searching() {
		t.Fatal("enter did not end the narrowing")
	}
	if cmd == nil {
		t.Fatal("enter in the narrowing chose nothing")
	}
	chosen, ok := cmd().(ChosenMsg)
	if !ok || chosen.Row.Name != "config" || chosen.Action != Only {
		t.Fatalf("enter in the narrowing: %+v", chosen)
	}

	// Narrowed to nothing, enter only ends the narrowing.
	for _, k := range []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune("/")}, {Type: tea.KeyRunes, Runes: []rune("zzz")}} {
		m, _ = m.Update(k)
	}
	if m, cmd = m.Update(tea.KeyMsg{Type: tea.KeyEnter}); m.Searching() || cmd != nil {
		t.Fatalf("enter with no row: searching %v, cmd %v", m.Searching(), cmd != nil)
	}
}
