package render

import (
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/byline/byline/feed"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// renderPlain renders an article in the plain theme at width 80 and
// returns its body (the text above the links list) as it reads, and its
// links.
func renderPlain(t *testing.T, md string) (string, []Link) {
	t.Helper()
	r := New("notty", termenv.Ascii)
	out, links, err := r.RenderArticle("", md, 80)
	if err != nil {
		t.Fatal(err)
	}
	body := withoutLinksList(r, out, links, 80)
	lines := strings.Split(plainLines(body), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "  ") // the document's margin
	}
	return strings.TrimRight(strings.TrimSpace(strings.Join(lines, "\n")), "-"), links
}

// withoutLinksList is a rendered article without its links list and the
// list's heading.
func withoutLinksList(r *Renderer, out string, links []Link, width int) string {
	if len(links) == 0 {
		return out
	}
	body, ok := strings.CutSuffix(out, r.linksList(links, width))
	if !ok {
		panic("no links list at the end of\n" + out)
	}
	body = strings.TrimRight(body, "\n")
	body = strings.TrimSuffix(strings.TrimSuffix(body, "**Links**"), "Links")
	return strings.TrimSuffix(strings.TrimRight(body, " \n"), "--------")
}

// The article as its author wrote it: each case is a document no one here
// wrote, the text byline must show, and what it must not.
func TestArticleAsWritten(t *testing.T) {
	cases := []struct {
		name, md string
		want     []string
		not      []string
	}{
		{"paragraphs in a list item", "- Install the tool.\n\n  Then run it once.\n- Next.\n",
			[]string{"Install the tool.\n\n  Then run it once."}, []string{"tool.Then"}},
		{"the Apache licence's definitions", "1. Definitions.\n\n   \"License\" shall mean the terms.\n\n   \"Licensor\" shall mean the owner.\n",
			[]string{"Definitions.\n\n   \"License\" shall mean the terms.\n\n   \"Licensor\" shall mean"}, []string{"Definitions.\"", "terms.\""}},
		{"a code block in a list item", "1. Run:\n\n       make all\n\n   Then test.\n",
			[]string{"Run:\n", "make all\n", "\n\n   Then test."}, []string{"Run:make", "allThen"}},
		{"a table of contents", "- [1. Introduction](https://e.example/intro)\n- [2. Usage](https://e.example/usage)\n",
			[]string{"• 1. Introduction [1]\n• 2. Usage [2]"}, nil},
		{"a link that reads like a bullet", "- one\n- two\n\n[- draft](https://e.example/d) was the first\n",
			[]string{"\n\n- draft [1] was the first"}, []string{"• draft"}},
		{"a reference link followed by text in parentheses", "See [foo](not a link)\n\n[foo]: https://e.example/foo\n",
			[]string{"See foo [1] (not a link)"}, nil},
		{"a title holding a parenthesis", "See [here](https://e.example/ 'it)s') now.\n",
			[]string{"See here [1] now."}, []string{"s')"}},
		{"a link after brackets that are none", "[foo][bar][baz]\n\n[baz]: https://e.example/1\n[foo]: https://e.example/2\n",
			[]string{"[foo]bar [1]"}, []string{"[2]"}},
		{"nested brackets", "[link [foo [bar]]](https://e.example/uri) and [foo [bar](https://e.example/u)][ref]\n\n[ref]: https://e.example/ref\n",
			[]string{"link [foo [bar]] [1] and [foo bar [2]]ref [3]"}, nil},
		{"raw HTML blocks", "<details>\n<summary>More about it</summary>\n\nHidden text here.\n\n</details>\n\n<figure>\n<img src=\"https://e.example/i.png\" alt=\"A cat\">\n<figcaption>The cat sat</figcaption>\n</figure>\n\n<div>\nWrapped words\n</div>\n\n<script>alert(1)</script>\n\n<style>p{color:red}</style>\n\nThe end.\n",
			[]string{"More about it", "Hidden text here.", "[image: A cat] [1]", "The cat sat", "Wrapped words", "The end."}, []string{"alert", "color"}},
		{"inline HTML", "Press <kbd>Ctrl</kbd> and <img src=\"https://e.example/k.png\" alt=\"key\"> then<br>go on.\n",
			[]string{"Press Ctrl and [image: key] [1] then\ngo on."}, nil},
		{"an autolink of any scheme", "<made-up-scheme://foo,bar>\n", []string{"made-up-scheme://foo,bar"}, nil},
		{"references without their semicolon", "&copy and &nbsp are text; &copy; is not.\n", []string{"&copy and &nbsp are text; © is not."}, nil},
		{"an ampersand reference in code", "Write `&amp;` for &amp;.\n", []string{"Write &amp; for &."}, nil},
		{"backslash escapes", "C:\\\\\\[dir\\]\n", []string{"C:\\[dir]"}, nil},
		{"emphasis across a line break", "*foo\nbar* and **one\ntwo**\n", []string{"*foo bar* and **one two**"}, []string{"** **", "* *"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body, _ := renderPlain(t, c.md)
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("%q not in\n%s", w, body)
				}
			}
			for _, w := range c.not {
				if strings.Contains(body, w) {
					t.Errorf("%q in\n%s", w, body)
				}
			}
		})
	}
}

// Link text keeps its emphasis and code: styled, not flattened to words.
func TestLinkTextKeepsEmphasisAndCode(t *testing.T) {
	out, _, err := New("dark", termenv.TrueColor).RenderArticle("", "See [**bold** and `code`](https://e.example/) here.\n", 80)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ansi.Strip(out), "bold and code [1] here.") {
		t.Fatalf("link text lost:\n%s", ansi.Strip(out))
	}
	if !regexp.MustCompile(`;1mbold`).MatchString(out) || !regexp.MustCompile(`;48;5;236mcode`).MatchString(out) {
		t.Fatalf("the link's bold and code are not styled:\n%q", out)
	}
}

// URLs are listed and opened as the author wrote them: references
// decoded, nothing percent-encoded; labels read as text.
func TestURLsAsWritten(t *testing.T) {
	md := "[a](https://en.wikipedia.org/wiki/Observer_(video_game)) [b](https://e.example/?a=x:y&amp;q=a+b) [c](https://e.example/é) " +
		"[d](<https://e.example/a b>) [e](https://e.example/\\_x\\_) [&gt;observer_](https://f.example/) [AT&amp;T](https://att.example/)\n"
	out, links, err := New("notty", termenv.Ascii, WithWholeURLs()).RenderArticle("", md, 80)
	if err != nil {
		t.Fatal(err)
	}
	want := []Link{
		{1, "a", "https://en.wikipedia.org/wiki/Observer_(video_game)", false},
		{2, "b", "https://e.example/?a=x:y&q=a+b", false},
		{3, "c", "https://e.example/é", false},
		{4, "d", "https://e.example/a b", false},
		{5, "e", "https://e.example/_x_", false},
		{6, ">observer_", "https://f.example/", false},
		{7, "AT&T", "https://att.example/", false},
	}
	if len(links) != len(want) {
		t.Fatalf("links = %+v", links)
	}
	for i, l := range links {
		if l != want[i] {
			t.Errorf("link %d = %+v, want %+v", i+1, l, want[i])
		}
		if !strings.Contains(out, want[i].URL) {
			t.Errorf("%s not shown:\n%s", want[i].URL, out)
		}
	}
	if !strings.Contains(out, "[7] AT&T — https://att.example/") || !strings.Contains(out, ">observer_ [6]") {
		t.Errorf("labels:\n%s", out)
	}
}

// The items of a loose list whose items hold several paragraphs are as far
// apart as the paragraphs: item 2 does not read as item 1's last line.
func TestLooseListItemsApart(t *testing.T) {
	body, _ := renderPlain(t, "1. One.\n\n   More of one.\n\n2. Two.\n\n   More of two.\n")
	if !strings.Contains(body, "More of one.\n\n2. Two.") {
		t.Fatalf("items run together:\n%s", body)
	}
	tight, _ := renderPlain(t, "- a\n- b\n\n  more b\n- c\n")
	if !strings.Contains(tight, "• a\n") {
		t.Fatalf("tight list:\n%s", tight)
	}
}

// A long list is numbered through, every item shown once, in order.
func TestLongListNumberedThrough(t *testing.T) {
	n := 1543
	md := strings.Repeat("1. item\n", n)
	out, err := New("notty", termenv.Ascii).Render("", md, 80)
	if err != nil {
		t.Fatal(err)
	}
	want := 1
	for _, l := range strings.Split(out, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if got := strings.TrimSpace(l); got != strconv.Itoa(want)+". item" {
			t.Fatalf("line %q, want item %d", got, want)
		}
		want++
	}
	if want != n+1 {
		t.Fatalf("%d items shown of %d", want-1, n)
	}
}

// A feed's addresses, converted from its HTML, are listed and opened as
// the page wrote them (the conversion percent-encoded 11% of a real
// corpus' links).
func TestFeedURLsAsWritten(t *testing.T) {
	urls := []string{"https://en.wikipedia.org/wiki/Observer_(video_game)", "https://e.example/?a=x:y&q=a+b", "https://e.example/é",
		"https://e.example/a\\b?x=&amp;y", "https://e.example/<c>", "mailto:someone@e.example?subject=Hi there"}
	var page strings.Builder
	for i, u := range urls {
		page.WriteString(`<p><a href="` + html.EscapeString(u) + `">link ` + strconv.Itoa(i) + `</a> <img src="` + html.EscapeString(u) + `/i.png" alt="pic"></p>`)
	}
	md, err := feed.ToMarkdown(page.String(), feed.FormatHTML, "https://e.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	_, links, err := New("notty", termenv.Ascii).RenderArticle("", md, 80)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range links {
		got = append(got, l.URL)
	}
	var want []string
	for _, u := range urls {
		if strings.ContainsAny(u, "<>") {
			continue // written by the converter, as an address cannot hold them
		}
		want = append(want, u, u+"/i.png")
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%s not listed as written; links %q\n%s", w, got, md)
		}
	}
}

// Every http(s) address of the corpus' feeds is listed exactly as its
// page wrote it (94.1% were, before the conversion kept them).
func TestCorpusURLsAsWritten(t *testing.T) {
	total, exact := 0, 0
	for _, a := range loadCorpus(t) {
		_, links, err := New("notty", termenv.Ascii).RenderArticle("", a.md, 80)
		if err != nil {
			t.Fatal(err)
		}
		listed := map[string]bool{}
		for _, l := range links {
			listed[l.URL] = true
		}
		for _, u := range a.urls {
			total++
			if listed[u] {
				exact++
			} else if total-exact <= 5 {
				t.Errorf("%s: %s not listed as written", a.name, u)
			}
		}
	}
	t.Logf("%d of %d addresses listed as written", exact, total)
}
