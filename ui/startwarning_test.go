package ui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// A problem found before the reader started (a mistake in the config's
// [keys]) shows in the status line from the first paint, stays through
// the refresh on start, and goes with the first key, which shows what the
// refresh said under it.
func TestStartWarningHoldsUntilTheFirstKey(t *testing.T) {
	f := newFixture(t, 2)
	opts := f.model().opts
	opts.Warning = `config /c.toml: line 2: keys: "j" is bound to both toggle_star and down`
	opts.RefreshOnStart = true
	opts.Refresh = func(ctx context.Context, report func(RefreshEvent)) error {
		report(RefreshEvent{Source: "good", Done: 1, Total: 1, New: 3})
		return nil
	}
	m := New(opts)
	first := ansi.Strip(send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}).View())
	if !strings.Contains(first, "line 2: keys:") {
		t.Fatalf("no warning at the first paint:\n%s", first)
	}
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	if m.statusBar.Refreshing() {
		t.Fatal("the refresh did not finish")
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "line 2: keys:") {
		t.Fatalf("the refresh on start took the warning away:\n%s", v)
	}
	m = send(t, m, keyMsg("j"))
	if m.list.Cursor() != 1 {
		t.Fatalf("j (down, at its default) did not move")
	}
	if v := ansi.Strip(m.View()); strings.Contains(v, "line 2: keys:") || !strings.Contains(v, "Refreshed 1 source · 3 new") {
		t.Fatalf("after a key: want the refresh's outcome, not the warning:\n%s", v)
	}
}

// A click, as a key, puts the warning away.
func TestStartWarningGoesWithAClick(t *testing.T) {
	f := newFixture(t, 2)
	opts := f.model().opts
	opts.Warning = "config /c.toml: line 2: keys: unknown action \"nxt\""
	m := New(opts)
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	if !strings.Contains(ansi.Strip(m.View()), "unknown action") {
		t.Fatal("no warning")
	}
	m = send(t, m, tea.MouseMsg{X: 5, Y: 3, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if strings.Contains(ansi.Strip(m.View()), "unknown action") {
		t.Fatal("the warning stayed after a click")
	}
}
