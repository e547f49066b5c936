package plain

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Prefix reads only the start of a body; an excerpt of it must be the
// excerpt of the whole text, whatever the markup, white space or
// references in the way.
func TestExcerptOfPrefixIsExcerptOfText(t *testing.T) {
	bodies := []string{
		"",
		"short",
		strings.Repeat("word ", 500),
		strings.Repeat(" \n\t ", 2000) + strings.Repeat("spaced   out\n\n", 300),
		"<p>" + strings.Repeat("<b>bold</b> <i>it</i>&amp; ", 300) + "</p>",
		"<script>" + strings.Repeat("var x = 1; ", 500) + "</script><p>" + strings.Repeat("after the script ", 100) + "</p>",
		strings.Repeat("<div><span></span></div>\n", 1000) + "the text",
		strings.Repeat("日本語のタイトル、", 200),
		strings.Repeat("&#x1b;[31m red ", 200),
		strings.Repeat("<a href=\"https://example.com/a/very/long/path\">a link</a> ", 200),
	}
	// And the items of the shared corpus's feeds.
	files, _ := filepath.Glob("../../../shared/corpus/feeds/*")
	item := regexp.MustCompile(`(?s)<(?:description|content:encoded|content)[^>]*>(.*?)</(?:description|content:encoded|content)>`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, m := range item.FindAllSubmatch(b, 20) {
			s := string(m[1])
			s = strings.TrimSuffix(strings.TrimPrefix(s, "<![CDATA["), "]]>")
			bodies = append(bodies, s)
		}
	}
	for _, n := range []int{80, 300} {
		for i, b := range bodies {
			if got, want := Excerpt(Prefix(b, n), n), Excerpt(Text(b), n); got != want {
				t.Errorf("body %d, %d runes:\n got %q\nwant %q", i, n, got, want)
			}
		}
	}
	t.Logf("%d bodies", len(bodies))
}

// Raw escape sequences and controls in a body never reach the text, whole
// sequences go (not only their ESC), in a body of markup or of plain
// text, at its start or past what an excerpt reads; CRLF is white space.
func TestTextHasNoEscapes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a \x1b]0;title\x07 b", "a b"},
		{"<p>a \x1b]0;<b>title</b>\x07 b</p>", "a b"},
		{"<p>a \x1b[31mred\x1b[0m b</p>", "a red b"},
		{"a\r\nb\r\n", "a b"},
		{"<p>a</p>\r\n<p>b\x00c\x7f</p>", "a bc"},
		{"<p>x &#x1b;]8;;https://evil/&#x1b;\\ y</p>", "x y"},
		{"one\u202etwo", "onetwo"},
	} {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := Prefix(tc.in, 300); got != tc.want {
			t.Errorf("Prefix(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	long := "<p>" + strings.Repeat("word ", 100) + "</p>" + strings.Repeat("\x1b]0;x\x07<b>y</b>", 1000)
	for _, s := range []string{Text(long), Prefix(long, 50)} {
		if strings.ContainsAny(s, "\x1b\x07") {
			t.Errorf("an escape reached the text: %q", s[:min(len(s), 80)])
		}
	}
}

// An unfinished escape string ends with its line, and takes no more text
// than that (folding first let it run to a terminator paragraphs later);
// invisible padding at the start of a body is not counted into an
// excerpt's runes (an excerpt of it came out empty).
func TestTextKeepsWhatControlsDoNotCover(t *testing.T) {
	for _, in := range []string{
		"Intro \u009d\n\nImportant gorilla words.\n\nend \u009c tail",
		"<p>Intro \x1b]0;</p>\n<p>Important gorilla words.</p>\n<p>end \x07 tail</p>",
	} {
		if got := Text(in); !strings.Contains(got, "gorilla") {
			t.Errorf("Text(%q) = %q: the words between lost", in, got)
		}
	}
	body := "<p>" + strings.Repeat("\u200b", 301) + "</p><p>Untitled body words.</p>"
	if got := Excerpt(Prefix(body, 300), 300); got != "Untitled body words." {
		t.Errorf("excerpt of a body padded with invisible characters: %q", got)
	}
	padded := "<p>" + strings.Repeat("\u034f\u00a0", 160) + "</p><p>Real summary text.</p>"
	if got := Excerpt(Prefix(padded, 300), 300); !strings.Contains(got, "Real summary text.") {
		t.Errorf("excerpt of newsletter padding: %q", got)
	}
}

// A self-closing script or style (XHTML, SVG) holds nothing: the text
// after it is text.
func TestSelfClosingScriptHoldsNothing(t *testing.T) {
	for _, in := range []string{`<p>before <script src="x"/> after</p>`, `<svg><style/></svg><p>after</p>`} {
		if got := Text(in); !strings.Contains(got, "after") {
			t.Errorf("Text(%q) = %q", in, got)
		}
	}
}

// prefixFragments are pieces bodies are made of here: text, markup,
// references, scripts and comments that span a window's end, escape
// sequences raw and as references, CJK and combining marks.
var prefixFragments = []string{
	"word ", "other words here ", "  \n\t ", "<p>", "</p>", "<b>", "</b>", "<br>", "<a href=\"https://example.com/x?a=1&amp;b=2\">",
	"</a>", "&amp;", "&lt;", "&lt", "&#x41;", "&#65;", "&nbsp;", "<!-- a <b>comment</b> -->", "<script>if (a < b) x();</script>",
	"<script>", "</script>", "<style>p{}</style>", "<script/>", "\x1b]0;title\x07", "\x1b[31m", "\x1b]8;;https://evil/", "&#x1b;[31m",
	"&#x1b;]0;", "\x07", "日本語の", "e\u0301\u0301", "\u200b", "<img alt=\"x < y\">", "<title>a<b</title>", "<", "&", "\r\n",
}

// TestPrefixWindowsReadAsTheWhole: an excerpt of Prefix, which reads only
// windows of the start of a body, is the excerpt of the whole text, for
// bodies made at random of the fragments above (escapes, scripts and
// comments across a window's end, text that starts late).
func TestPrefixWindowsReadAsTheWhole(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for i := range 1500 {
		var b strings.Builder
		for range rng.IntN(400) {
			b.WriteString(prefixFragments[rng.IntN(len(prefixFragments))])
		}
		s := b.String()
		for _, n := range []int{20, 80, 300} {
			if got, want := Excerpt(Prefix(s, n), n), Excerpt(Text(s), n); got != want {
				t.Fatalf("body %d (%d bytes), %d runes:\n got %q\nwant %q\nbody %q", i, len(s), n, got, want, s)
			}
		}
	}
}

func FuzzPrefix(f *testing.F) {
	for _, s := range prefixFragments {
		f.Add(strings.Repeat(s, 40))
	}
	f.Add(strings.Repeat("<p>word &amp; <b>bold</b></p>\n", 40) + "\x1b]0;" + strings.Repeat("x ", 200) + "\x07 end")
	f.Fuzz(func(t *testing.T, s string) {
		for _, n := range []int{10, 80} {
			if got, want := Excerpt(Prefix(s, n), n), Excerpt(Text(s), n); got != want {
				t.Fatalf("%d runes:\n got %q\nwant %q", n, got, want)
			}
		}
	})
}

// BenchmarkPrefixLong: the excerpt of a 35 KB article (a feed that sends
// whole articles) reads its start, not all of it.
// German text is full of soft hyphens, which cleaning removes.
func BenchmarkPrefixLong(b *testing.B) {
	for _, c := range []struct{ name, word string }{{"plain", "words"}, {"soft_hyphens", "Silben&shy;trennung"}} {
		body := strings.Repeat("<p>A paragraph of a long article, with <a href=\"https://example.com/x\">a link</a> and <em>some</em> "+c.word+" in it.</p>\n", 300)
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				Prefix(body, 300)
			}
		})
	}
}
