package render

import (
	"strings"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// Inline HTML's block elements (a <details> in a paragraph) end a line,
// as a browser shows them: their texts never run together.
func TestInlineBlockHTMLSeparatesText(t *testing.T) {
	for _, c := range []struct{ md, want string }{
		{"Intro <details><summary>Click to expand</summary>Hidden details text here.</details> after.\n",
			"Intro\nClick to expand\nHidden details text here.\nafter."},
		{"a<div>b</div>c <p>d</p>\n", "a\nb\nc\nd"},
		{"one<li>two</li><li>three</li>\n", "one\ntwo\nthree"},
		{"x <span>y</span>z <b>w</b>\n", "x yz w"},
	} {
		got, _ := renderPlain(t, c.md)
		if got != c.want {
			t.Errorf("%q reads\n%q\nwant\n%q", c.md, got, c.want)
		}
	}
}

// Footnotes (on by default in Hugo) read as a marker where they are
// referred to and as their text at the end of the article, numbered in
// the order they are referred to.
func TestFootnotes(t *testing.T) {
	md := "Text with a footnote[^note] and another[^2].\n\n[^2]: Second.\n[^note]: The footnote text.\n\nLast paragraph.\n"
	got, _ := renderPlain(t, md)
	want := "Text with a footnote[^1] and another[^2].\n\nLast paragraph.\n\n--------\n\n[^1] The footnote text.\n\n[^2] Second."
	if got != want {
		t.Fatalf("reads\n%s\nwant\n%s", got, want)
	}
}

// Heading attributes ({#id}, as Hugo takes them) are not shown.
func TestHeadingAttributesHidden(t *testing.T) {
	got, _ := renderPlain(t, "## 1. Introduction {#intro}\n\nText.\n")
	if got != "## 1. Introduction\n\nText." {
		t.Fatalf("reads %q", got)
	}
}

// Superscripts and subscripts keep their meaning: x² and H₂O, or x^(n+1)
// where Unicode has no such letters.
func TestSupAndSub(t *testing.T) {
	for _, c := range []struct{ md, want string }{
		{"x<sup>2</sup> and H<sub>2</sub>O\n", "x² and H₂O"},
		{"e<sup>-10</sup>\n", "e⁻¹⁰"},
		{"x<sup>n+1</sup> y<sup>*a*</sup> z<sub>ij</sub>\n", "x^(n+1) y^(*a*) z_ij"},
		{"2<sup>nd</sup> edition\n", "2^nd edition"},
		{"open<sup>no close\n", "openno close"},
	} {
		got, _ := renderPlain(t, c.md)
		if got != c.want {
			t.Errorf("%q reads %q, want %q", c.md, got, c.want)
		}
	}
}

// Every numbered link shows its number in the text, in order: an
// autolink too.
func TestAutolinksShowTheirNumber(t *testing.T) {
	md := "[a](https://a.example/) <https://b.example/x> https://c.example/y www.d.example <me@e.example> [f](https://f.example/).\n"
	got, links := renderPlain(t, md)
	got = strings.Join(strings.Fields(got), " ")
	want := "a [1] https://b.example/x [2] https://c.example/y [3] www.d.example [4] me@e.example [5] f [6]."
	if got != want {
		t.Fatalf("reads\n%s\nwant\n%s", got, want)
	}
	if len(links) != 6 {
		t.Fatalf("links = %v", links)
	}
}

// A marker is followed by a space before any text but closing
// punctuation.
func TestMarkerSpacedFromWhatFollows(t *testing.T) {
	for _, c := range []struct{ md, want string }{
		{"See [foo](not a link)\n\n[foo]: https://foo.example\n", "See foo [1] (not a link)"},
		{"[a](https://a.example/)*b* [c](https://c.example/).\n", "a [1] *b* c [2]."},
		{"([a](https://a.example/)), \"[b](https://b.example/)\"\n", "(a [1]), \"b [2]\""},
	} {
		got, _ := renderPlain(t, c.md)
		if got != c.want {
			t.Errorf("%q reads %q, want %q", c.md, got, c.want)
		}
	}
}

// A relative reference (another file of a Markdown folder) cannot be
// opened: it reads as its text, unnumbered. A link to a place in the page
// is numbered and listed: the reader follows it.
func TestRelativeLinksUnnumbered(t *testing.T) {
	md := "- [Intro](#intro)\n- [Other](other.md)\n- [Up](../index.md)\n- [Web](https://web.example/)\n- [Mail](mailto:a@b.example)\n"
	got, links := renderPlain(t, md)
	want := "• Intro [1]\n• Other\n• Up\n• Web [2]\n• Mail [3]"
	if got != want {
		t.Fatalf("reads\n%s\nwant\n%s", got, want)
	}
	if len(links) != 3 || links[0].URL != "#intro" || links[1].URL != "https://web.example/" || links[2].URL != "mailto:a@b.example" {
		t.Fatalf("links = %v", links)
	}
}

// On a terminal a URL of more than a few lines is cut in the links list
// to its head and its size; piped, it is written whole.
func TestHugeURLCutInLinksList(t *testing.T) {
	url := "https://long.example/" + strings.Repeat("a", 200<<10)
	md := "[big](" + url + ") and [small](https://small.example/).\n"
	out, _, err := New("dark", termenv.TrueColor, WithHyperlinks(true)).RenderArticle("", md, 80)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out, "\n"); n > 30 {
		t.Fatalf("%d lines", n)
	}
	plain := xansi.Strip(out)
	if !strings.Contains(plain, "… (200 KB)") || !strings.Contains(plain, "https://long.example/aaa") || !strings.Contains(plain, "https://small.example/") {
		t.Fatalf("no head and size:\n%s", plain)
	}
	if strings.Count(out, "\x1b]8;;https://small") != 1 || strings.Contains(out, "\x1b]8;;https://long") {
		t.Fatalf("hyperlinks wrong:\n%q", out)
	}
	piped, _, err := New("notty", termenv.Ascii, WithWholeURLs()).RenderArticle("", md, 80)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(piped, url+"\n") {
		t.Fatal("piped output cut the URL")
	}
}

// A list item's lines after its first (its wrapped lines, its later
// paragraphs, its code, its nested list) start under its text, not at the
// list's margin; in a loose list, its blocks are a blank line apart.
func TestListItemsHang(t *testing.T) {
	md := "1. First step.\n\n   Second paragraph of the first step.\n2. Second step, which is a very long item that needs to wrap across the lines of the eighty columns.\n\n" +
		"   ```\n   code\n   ```\n\n   After code.\n3. Ten.\n\n- Bullet with a line\\\n  break and a nested list:\n  - nested item that is long enough to wrap across the lines at eighty columns, yes.\n\n  Back in the bullet.\n"
	got, _ := renderPlain(t, md)
	want := `1. First step.

   Second paragraph of the first step.

2. Second step, which is a very long item that needs to wrap across the
   lines of the eighty columns.

     code

   After code.

3. Ten.

• Bullet with a line
  break and a nested list:

  • nested item that is long enough to wrap across the lines at eighty
    columns, yes.

  Back in the bullet.`
	if got != want {
		t.Fatalf("reads\n%s\nwant\n%s", got, want)
	}
}

// The hang is as wide as the item's own marker.
func TestListItemsHangUnderWideMarkers(t *testing.T) {
	got, _ := renderPlain(t, "9. Nine.\n10. Ten, which is a very long item that needs to wrap across the lines of eighty.\n")
	want := "9. Nine.\n10. Ten, which is a very long item that needs to wrap across the lines of\n    eighty."
	if got != want {
		t.Fatalf("reads\n%s\nwant\n%s", got, want)
	}
}

// A line's padding to the width is plain spaces, trimmed, not one colour
// sequence a space: the output is of the order of its text.
func TestPaddingIsNotStyled(t *testing.T) {
	md := "Some *text* with **bold** and `code`.\n\n- item one\n- item two\n\n> a quote\n"
	out, _, err := New("dark", termenv.ANSI256).RenderArticle("", md, 80)
	if err != nil {
		t.Fatal(err)
	}
	if plain := xansi.Strip(out); len(out) > 6*len(plain) {
		t.Fatalf("%d bytes for %d of text:\n%q", len(out), len(plain), out)
	}
}

// In a colour theme, emphasis is styling alone: an item in italics wraps
// under its text like any other.
func TestListItemsHangWithEmphasis(t *testing.T) {
	md := "- *An item in italics all along, long enough that it wraps across the line at sixty columns and more.* Then **bold** ok.\n"
	out, _, err := New("dark", termenv.ANSI256).RenderArticle("", md, 60)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(xansi.Strip(out), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[1], "    wraps") {
		t.Fatalf("reads\n%s", strings.Join(lines, "\n"))
	}
}

// In a plain theme too: a run of emphasis, strikethrough or code that
// wraps is cut into one a line, each marked, and the lines hang.
func TestListItemsHangWithMarkedRuns(t *testing.T) {
	md := "- *An item in italics all along, long enough that it wraps across the line at sixty columns and more.* Then `a long code span with many words inside it that goes past the width` and ~~struck text that is long enough to wrap around the line~~ done.\n"
	out, _, err := New("notty", termenv.Ascii).RenderArticle("", md, 60)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	var words []string
	for i, l := range lines {
		if i > 0 && !strings.HasPrefix(l, "    ") {
			t.Errorf("line %d does not hang: %q", i+1, l)
		}
		if xansi.StringWidth(l) > 60 {
			t.Errorf("line %d too wide: %q", i+1, l)
		}
		words = append(words, strings.Fields(strings.NewReplacer("*", "", "~~", "").Replace(l))...)
	}
	if got := strings.Join(words, " "); got != "• An item in italics all along, long enough that it wraps across the line at sixty columns and more. Then a long code span with many words inside it that goes past the width and struck text that is long enough to wrap around the line done." {
		t.Errorf("reads %q", got)
	}
	if !strings.HasPrefix(lines[1], "    *wraps") {
		t.Errorf("each line of the italics is not marked:\n%s", out)
	}
}

// A quoted list's items hang under their text too.
func TestQuotedListItemsHang(t *testing.T) {
	md := "> 1. A quoted item long enough to wrap around the line at sixty columns for sure.\n>\n>    Its second paragraph, also long enough to wrap around the line at sixty.\n> 2. Two.\n"
	out, _, err := New("notty", termenv.Ascii).RenderArticle("", md, 60)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(out, "\n") {
		rest := strings.TrimPrefix(strings.TrimSpace(l), "|")
		if strings.TrimSpace(rest) == "" || strings.HasPrefix(rest, " 1. ") || strings.HasPrefix(rest, " 2. ") {
			continue
		}
		if !strings.HasPrefix(rest, "    ") || rest[4] == ' ' {
			t.Errorf("line %d does not hang under its item: %q\n%s", i+1, l, out)
		}
	}
}
