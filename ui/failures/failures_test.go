package failures

import (
	"fmt"
	"testing"

	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/theme"
	tea "github.com/charmbracelet/bubbletea"
)

// Every action the help lists in the pane moves or closes it: g and G go
// to its ends, as in every other list.
func TestFailuresKeysAsAdvertised(t *testing.T) {
	km := keys.Default()
	m := New(theme.NewStyles(theme.ForStyle("dark")), &km)
	m.SetSize(60, 10)
	var sources []store.Source
	for i := range 20 {
		sources = append(sources, store.Source{ID: int64(i + 1), Title: fmt.Sprintf("Source %d", i), Location: "https://x.example/feed", LastError: "HTTP 500"})
	}
	m.Show(sources)
	press := func(s string) {
		t.Helper()
		m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
	}
	press("G")
	if !m.vp.AtBottom() {
		t.Fatalf("G did not go to the end: offset %d", m.vp.YOffset)
	}
	press("g")
	if !m.vp.AtTop() {
		t.Fatalf("g did not go to the top: offset %d", m.vp.YOffset)
	}
	press("j")
	if m.vp.YOffset != 1 {
		t.Fatalf("j: offset %d", m.vp.YOffset)
	}
	press("q")
	if m.Open() {
		t.Fatalf("q did not close the pane")
	}
}
