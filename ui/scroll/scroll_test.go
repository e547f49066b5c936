package scroll

import (
	"testing"

	"github.com/byline/byline/ui/keys"
	tea "github.com/charmbracelet/bubbletea"
)

func TestWindow(t *testing.T) {
	km := keys.Default()
	var w Window
	press := func(s string) {
		var k tea.KeyMsg
		switch s {
		case "pgdown":
			k = tea.KeyMsg{Type: tea.KeyPgDown}
		default:
			k = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
		}
		if !w.Key(k, &km, 10, 3) {
			t.Fatalf("%q not a navigation key", s)
		}
	}
	press("j")
	press("j")
	press("j")
	if w != (Window{Cursor: 3, Offset: 1}) {
		t.Fatalf("after jjj: %+v", w)
	}
	press("G")
	if w != (Window{Cursor: 9, Offset: 7}) {
		t.Fatalf("after G: %+v", w)
	}
	press("g")
	press("pgdown")
	if w != (Window{Cursor: 3, Offset: 1}) {
		t.Fatalf("after g, page down: %+v", w)
	}
	if w.Key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x")}, &km, 10, 3) {
		t.Fatalf("x taken for navigation")
	}
	// Fewer rows than the view: nothing scrolls, the cursor stays on a row.
	w = Window{Cursor: 5, Offset: 4}
	w.Clamp(2, 10)
	if w != (Window{Cursor: 1, Offset: 0}) {
		t.Fatalf("clamp to 2 rows: %+v", w)
	}
}
