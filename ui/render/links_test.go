package render

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/byline/byline/feed"
	"github.com/muesli/termenv"
)

func TestNumberLinks(t *testing.T) {
	md := "See [the docs](https://go.dev/doc \"title (x)\") and ![a cat](https://img.example/cat.png).\n\n" +
		"Again [docs](https://go.dev/doc), a [ref link][r], `[not](a link)`, and <https://auto.example/>.\n\n" +
		"[![badge](https://img.example/b.svg)](https://ci.example/)\n\n```\n[code](https://code.example/)\n```\n\n[r]: https://ref.example/\n"
	rendered, links, err := New("notty", termenv.Ascii).RenderArticle("", md, 80)
	if err != nil {
		t.Fatal(err)
	}
	wantURLs := []string{"https://go.dev/doc", "https://img.example/cat.png", "https://ref.example/", "https://auto.example/", "https://ci.example/", "https://img.example/b.svg"}
	var got []string
	for _, l := range links {
		got = append(got, l.URL)
	}
	if strings.Join(got, " ") != strings.Join(wantURLs, " ") {
		t.Fatalf("links = %v\nwant %v\n%s", got, wantURLs, rendered)
	}
	for _, want := range []string{"the docs [1]", "[image: a cat] [2]", "docs [1]", "ref link [3]", "[not](a link)", "[image: badge] [5]", "[code](https://code.example/)", "https://auto.example/",
		"[1] the docs — https://go.dev/doc", "[4] https://auto.example/", "[5] badge — https://ci.example/", "[6] image: badge — https://img.example/b.svg"} {
		if !strings.Contains(rendered, want) {
			t.Errorf("rendered lacks %q:\n%s", want, rendered)
		}
	}
	if strings.Contains(rendered, "(https://go.dev") {
		t.Errorf("a link was left inline:\n%s", rendered)
	}
}

// The corpus feed with many links: every link of every item is numbered
// once and listed.
func TestNumberLinksOnManyLinksFeed(t *testing.T) {
	path := filepath.Join(corpusFeeds(), "many-links.rss")
	if _, err := os.Stat(path); err != nil {
		t.Skip("shared corpus not found; skipping")
	}
	res, err := feed.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, a := range res.Articles {
		md, err := feed.ToMarkdown(a.Content, a.Format, a.Link)
		if err != nil {
			t.Fatal(err)
		}
		r := New("notty", termenv.Ascii, WithWholeURLs())
		out, links, err := r.RenderArticle("", md, 80)
		if err != nil {
			t.Fatal(err)
		}
		body := withoutLinksList(r, out, links, 80)
		for i, l := range links {
			if l.N != i+1 || l.URL == "" {
				t.Fatalf("%s: bad link %d: %+v", a.Title, i, l)
			}
			if !strings.Contains(out, "["+itoa(l.N)+"] ") {
				t.Fatalf("%s: link %d not listed", a.Title, l.N)
			}
			if !strings.Contains(body, "["+itoa(l.N)+"]") && !strings.Contains(body, l.URL) && !l.Image {
				t.Fatalf("%s: link %d not in the text", a.Title, l.N)
			}
		}
		if strings.Count(md, "](http") > 0 && len(links) == 0 {
			t.Fatalf("%s: links not found", a.Title)
		}
		if strings.Contains(body, "](http") && !strings.Contains(md, "```") {
			t.Errorf("%s: inline link left:\n%s", a.Title, out)
		}
		total += len(links)
	}
	t.Logf("%d links numbered in %d articles", total, len(res.Articles))
	if total < 20 {
		t.Fatalf("only %d links numbered in many-links.rss", total)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestNumberLinksKeepsEscapedLabelsReadable(t *testing.T) {
	rendered, links, _ := New("notty", termenv.Ascii).RenderArticle("", `[a\_b\_c](https://x.example/a_b_c) and [1\*2](https://y.example/)`, 80)
	if !strings.Contains(rendered, "a_b_c [1]") || !strings.Contains(rendered, "1*2 [2]") || strings.Contains(rendered, `\_`) {
		t.Fatalf("labels: %v\n%s", links, rendered)
	}
}

func TestRenderArticleMemoisesTextAndLinks(t *testing.T) {
	r := New("notty", termenv.Ascii)
	md := "See [one](https://one.example/)."
	out1, links1, err := r.RenderArticle("k", md, 60)
	if err != nil || len(links1) != 1 || !strings.Contains(out1, "one [1]") {
		t.Fatalf("first: %q %v %v", out1, links1, err)
	}
	// The memo answers for the same key, whatever md says now.
	out2, links2, _ := r.RenderArticle("k", "changed", 60)
	if out2 != out1 || len(links2) != 1 || links2[0].URL != "https://one.example/" {
		t.Fatalf("memo: %q %v", out2, links2)
	}
}

// A URL wrapped over many lines of the links list is one hyperlink, on
// its first piece: each piece carrying the whole URL made the output grow
// with the square of its length. A URL longer than terminals take is
// text alone.
func TestLongURLOneHyperlink(t *testing.T) {
	for _, size := range []int{2000, 100_000} {
		url := "https://e.example/" + strings.Repeat("a", size)
		for _, width := range []int{20, 60} {
			out, _, err := New("notty", termenv.Ascii, WithHyperlinks(true)).RenderArticle("", "[long]("+url+") and <"+url+"b>\n", width)
			if err != nil {
				t.Fatal(err)
			}
			opens := strings.Count(out, "\x1b]8;;https://")
			want := 2
			if size > MaxHyperlinkURL {
				want = 0
			}
			if opens != want || len(out) > 8*len(url) { // the URLs in the text and the list, their indentation, the hyperlinks
				t.Fatalf("%d-byte URLs at width %d: %d hyperlinks, %d bytes", size, width, opens, len(out))
			}
			if !strings.Contains(out, "\x1b]8;;"+url+"\x1b\\") && want > 0 {
				t.Fatalf("the hyperlink is not to the whole URL")
			}
		}
	}
}
