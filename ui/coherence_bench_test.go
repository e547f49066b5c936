package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/render"
	"github.com/byline/byline/ui/theme"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"
)

// BenchmarkRecheckShownArticle measures the look again at the open
// article after another process wrote the store: the render command
// (store read, display Markdown, the memoised render) and its message
// through Update, for an article of 5,000 words that did not change.
func BenchmarkRecheckShownArticle(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	src, err := st.AddSource(ctx, store.NewSource{Kind: "file", Location: "/feeds/test.xml", Title: "Test Feed"})
	if err != nil {
		b.Fatal(err)
	}
	var body strings.Builder
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&body, "Paragraph %d with **some** words and [a link](https://example.com/%d) in it.\n\n", i, i)
	}
	if _, err := st.SaveArticles(ctx, src.ID, []feed.Article{{GUID: "1", Title: "Long", Published: testNow.Add(-time.Hour),
		Format: feed.FormatMarkdown, Content: body.String()}}, testNow); err != nil {
		b.Fatal(err)
	}
	arts, err := st.Articles(ctx, store.ListQuery{Limit: 1})
	if err != nil || len(arts) != 1 {
		b.Fatal(err)
	}
	m := New(Options{Store: st, Renderer: render.New("dark", termenv.Ascii), Styles: theme.NewStyles(theme.Dark),
		Keys: keys.Default(), Now: func() time.Time { return testNow }})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m = next.(Model)
	m.focus = focusReader
	m.reader.Loading(arts[0])
	next, _ = m.Update(m.renderShown()())
	m = next.(Model)
	if !strings.Contains(m.reader.View(), "Paragraph 1") {
		b.Fatalf("the article is not shown:\n%s", m.reader.View())
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := m.recheckShown()
		next, _ := m.Update(cmd())
		m = next.(Model)
	}
}
