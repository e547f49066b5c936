package ui

import (
	"time"

	"testing"

	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
	"github.com/byline/byline/store/storetest"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/render"
	"github.com/byline/byline/ui/status"
	"github.com/byline/byline/ui/theme"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"
)

// BenchmarkFilterKeystroke measures the reader's path from a changed
// filter to the painted list on 100,000 articles: the list query, the
// message through Update, and View.
func BenchmarkFilterKeystroke(b *testing.B) {
	st := storetest.Open(b, storetest.Large)
	m := New(Options{
		Store: st, Renderer: render.New("dark", termenv.Ascii), Styles: theme.NewStyles(theme.Dark),
		Keys: keys.Default(), Now: func() time.Time { return storetest.Now },
	})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m = next.(Model)
	for _, q := range []string{"+go", "+unread +go @1-month-ago", "kernel", `"memory safety" +go`} {
		f, _ := query.Parse(q)
		b.Run(q, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				mm := m
				cmd := mm.setFilter(f)
				_ = cmd
				msg := mm.io.loadArticles(f, store.NewestFirst, storetest.Now, mm.list.Gen(), pageSize)()
				next, _ := mm.Update(msg)
				mm = next.(Model)
				mm.statusBar.SetCounts(status.Counts{})
				_ = mm.View()
			}
		})
	}
}

// BenchmarkFirstPaint is the reader's start on 100,000 articles, up to its
// first painted list: the first page from the store, through Update, and
// View. Counts and tags arrive after, in their own commands.
func BenchmarkFirstPaint(b *testing.B) {
	st := storetest.Open(b, storetest.Large)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := New(Options{
			Store: st, Renderer: render.New("dark", termenv.Ascii), Styles: theme.NewStyles(theme.Dark),
			Keys: keys.Default(), Now: func() time.Time { return storetest.Now },
		})
		next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		m = next.(Model)
		next, _ = m.Update(m.io.loadArticles(m.filter, m.order, storetest.Now, m.list.Gen(), pageSize)())
		m = next.(Model)
		m.statusBar.SetCounts(status.Counts{})
		if v := m.View(); len(v) == 0 {
			b.Fatal("nothing painted")
		}
	}
}

// BenchmarkBottomOfLargeView is G on 100,000 articles: the view's last
// page read directly (a count and a keyset query from the end), through
// Update, and View.
func BenchmarkBottomOfLargeView(b *testing.B) {
	st := storetest.Open(b, storetest.Large)
	m := New(Options{
		Store: st, Renderer: render.New("dark", termenv.Ascii), Styles: theme.NewStyles(theme.Dark),
		Keys: keys.Default(), Now: func() time.Time { return storetest.Now },
	})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m = next.(Model)
	next, _ = m.Update(m.io.loadArticles(m.filter, m.order, storetest.Now, m.list.Gen(), pageSize)())
	m = next.(Model)
	m.statusBar.SetCounts(status.Counts{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		mm := m
		mm.list.Reset()
		next, _ := mm.Update(mm.io.loadTail(mm.filter, mm.order, storetest.Now, mm.list.Gen(), pageSize, false)())
		mm = next.(Model)
		if mm.list.HasMore() || !mm.list.HasBefore() {
			b.Fatal("G did not land on the end")
		}
		_ = mm.View()
	}
}

// BenchmarkKeyPress is j on a loaded list, through Update (the place's
// live keys, the list's move) and View (the help from the declaration).
func BenchmarkKeyPress(b *testing.B) {
	st := storetest.Open(b, storetest.Spec{Articles: 2000, Sources: 20, Tags: 50, MinBody: 256, MaxBody: 512, Seed: 1})
	m := New(Options{
		Store: st, Renderer: render.New("dark", termenv.Ascii), Styles: theme.NewStyles(theme.Dark),
		Keys: keys.Default(), Now: func() time.Time { return storetest.Now },
	})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 80, Height: 24}) // narrow: no preview
	m = next.(Model)
	next, _ = m.Update(m.io.loadArticles(m.filter, m.order, storetest.Now, m.list.Gen(), pageSize)())
	m = next.(Model)
	m.statusBar.SetCounts(status.Counts{})
	j := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		next, _ := m.Update(j)
		if len(next.(Model).View()) == 0 {
			b.Fatal("nothing painted")
		}
	}
}
