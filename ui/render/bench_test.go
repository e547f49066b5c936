package render

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/byline/byline/feed"
	"github.com/muesli/termenv"
)

// longFeedArticle is a feed article of 5,000 words: the corpus' articles,
// converted as refresh converts them, one after another (and again, until
// there are 5,000 words).
func longFeedArticle(b *testing.B) string {
	paths, _ := filepath.Glob(filepath.Join(corpusFeeds(), "*"))
	var articles []string
	for _, p := range paths {
		res, err := feed.ReadFile(p)
		if err != nil {
			continue
		}
		for _, a := range res.Articles {
			if m, err := feed.ToMarkdown(a.Content, a.Format, a.Link); err == nil && strings.TrimSpace(m) != "" {
				articles = append(articles, m)
			}
		}
	}
	if len(articles) == 0 {
		b.Skip("shared corpus not found; skipping")
	}
	var md strings.Builder
	for words := 0; words < 5000; {
		for _, a := range articles {
			md.WriteString(a + "\n\n")
			if words += len(strings.Fields(a)); words >= 5000 {
				break
			}
		}
	}
	return md.String()
}

// BenchmarkRenderArticle renders the demo tour's longest article and a
// 5,000-word feed article, as the reader does (dark, true colour, 100
// columns), without the memo.
func BenchmarkRenderArticle(b *testing.B) {
	tour, err := os.ReadFile(filepath.Join("..", "..", "feed", "demo", "tour", "035-finding.md"))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, md string }{{"tour-longest", string(tour)}, {"feed-5000-words", longFeedArticle(b)}} {
		b.Run(c.name, func(b *testing.B) {
			r := New("dark", termenv.TrueColor)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, _, err := r.RenderArticle("", c.md, 100); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// manyLinks is an article of n links, ten to a paragraph.
func manyLinks(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "see [link %d](https://e.example/%d) ", i, i)
		if i%10 == 9 {
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

// BenchmarkNumberLinks renders articles of N and 10N links: the cost of
// numbering them is linear (it copied the rest of the document for each).
func BenchmarkNumberLinks(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		md := manyLinks(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r := New("notty", termenv.Ascii)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, links, err := r.RenderArticle("", md, 80); err != nil || len(links) != n {
					b.Fatal(len(links), err)
				}
			}
		})
	}
}

// corpusFeeds is the shared corpus' feeds folder: beside the repository
// (../shared), or beside the folder holding it (a worktree's).
func corpusFeeds() string {
	for _, up := range []string{"../../..", "../../../.."} {
		dir := filepath.Join(up, "shared", "corpus", "feeds")
		if _, err := os.Stat(dir); err == nil {
			return dir
		}
	}
	return filepath.Join("..", "..", "..", "shared", "corpus", "feeds")
}

// BenchmarkLongList renders lists of N and 10N items: linear (Glamour
// alone takes time to the square of a list's length).
func BenchmarkLongList(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		md := strings.Repeat("1. item\n", n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r := New("notty", termenv.Ascii)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := r.Render("", md, 80); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLongListTerminal is BenchmarkLongList as a terminal shows
// it: the dark theme in colour, items of a sentence that wraps.
func BenchmarkLongListTerminal(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		md := strings.Repeat("- an item of a long list, with a sentence long enough that it wraps onto a second line of the pane\n", n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r := New("dark", termenv.TrueColor)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, _, err := r.RenderArticle("", md, 80); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLongURL writes the links list of an article whose one link is
// N and 10N bytes long, hyperlinks on, at 40 columns: time, memory and
// the bytes written grow with the URL (they grew with its square).
func BenchmarkLongURL(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000, 1000000} {
		md := "[long](https://e.example/" + strings.Repeat("a", n) + ")\n"
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r := New("dark", termenv.TrueColor, WithHyperlinks(true))
			b.ReportAllocs()
			var out string
			for i := 0; i < b.N; i++ {
				var err error
				if out, _, err = r.RenderArticle("", md, 40); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(out)), "bytes-written")
		})
	}
}
