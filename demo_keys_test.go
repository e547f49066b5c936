package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/byline/byline/store"
	"github.com/byline/byline/ui"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/meta"
	"github.com/byline/byline/ui/render"
	"github.com/byline/byline/ui/theme"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	tea "github.com/charmbracelet/bubbletea"
)

// The demo's first article says "Press n for the next part of the tour":
// n, from the list, moves to the next article and shows it.
func TestDemoNextFromTheList(t *testing.T) {
	ctx := context.Background()
	st, err := loadDemo(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	first, err := st.Articles(ctx, store.ListQuery{Limit: 2})
	if err != nil || len(first) < 2 {
		t.Fatalf("demo articles: %v", err)
	}
	m := ui.New(ui.Options{Store: st, Renderer: render.New("dark", termenv.Ascii), Styles: theme.NewStyles(theme.Dark),
		Keys: keys.Default(), Title: "demo", Context: ctx})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("for the next part of the tour")) },
		teatest.WithDuration(20*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("n")})
	// The second article's header, in the preview: its full date is
	// written nowhere else.
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(meta.Line(first[1], false))) },
		teatest.WithDuration(20*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Q")})
	tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))
}
