package reader

import (
	"fmt"
	"strings"
	"testing"

	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/theme"
)

// longBody is a rendered body of n lines of coloured code.
func longBody(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "    \x1b[38;5;251mx = %d\x1b[0m\n", i)
	}
	return b.String()
}

// BenchmarkSearch searches an article of N and 10N lines as a key typed
// in the search does: in Update, so its cost is the keyboard's delay.
func BenchmarkSearch(b *testing.B) {
	for _, n := range []int{40_000, 400_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			km := keys.Default()
			m := New(theme.NewStyles(theme.Dark), &km)
			m.SetSize(100, 40)
			m.Show(store.ArticleSummary{ID: 1, Title: "Long"}, longBody(n), "", false, false)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				q := "x = 4095"
				if i%2 == 1 {
					q = "x = 409"
				}
				if m.Search(q) == 0 {
					b.Fatal("no match")
				}
			}
		})
	}
}

// A search reads the body shown, after it changed too (a picture came,
// the article was rendered again), not the lines it read the first time.
func TestSearchReadsTheNewBody(t *testing.T) {
	km := keys.Default()
	m := New(theme.NewStyles(theme.Dark), &km)
	m.SetSize(80, 20)
	m.Show(store.ArticleSummary{ID: 1, Title: "T"}, "  \x1b[1mAlpha\x1b[0m text\n  more", "", false, false)
	if n := m.Search("alpha"); n != 1 {
		t.Fatalf("alpha on %d lines", n)
	}
	m.SetBody("  Beta text\n  \x1b[3mbeta\x1b[0m again")
	if n := m.Search("beta"); n != 2 {
		t.Fatalf("after the body changed, beta on %d lines", n)
	}
	if n := m.Search("alpha"); n != 0 {
		t.Fatalf("after the body changed, alpha on %d lines", n)
	}
	m.Clear()
	m.Show(store.ArticleSummary{ID: 2, Title: "U"}, "  Gamma", "", false, false)
	if n := m.Search("gamma"); n != 1 {
		t.Fatalf("another article: gamma on %d lines", n)
	}
}
