package render

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// shortLines counts the lines of out that end a paragraph line early: the
// next line of the same paragraph (same indentation, not blank) starts
// with a word that would have fitted after it in width columns.
func shortLines(out string, width int) (n int, example string) {
	lines := strings.Split(ansi.Strip(out), "\n")
	for i := 0; i+1 < len(lines); i++ {
		cur, next := lines[i], lines[i+1]
		if strings.TrimSpace(cur) == "" || strings.TrimSpace(next) == "" {
			continue
		}
		indent := len(cur) - len(strings.TrimLeft(cur, " "))
		if len(next)-len(strings.TrimLeft(next, " ")) != indent {
			continue
		}
		word := strings.Fields(next)[0]
		if ansi.StringWidth(cur)+1+ansi.StringWidth(word) <= width {
			n++
			example = cur + "⏎" + next
		}
	}
	return n, example
}

// Glamour's wrapper breaks after a hyphen without counting it; cutting the
// line that then ran past the width left a word alone on a line, mid
// paragraph. Paragraphs full of hyphenated words, flags, dates and URLs
// fill their lines at every width.
func TestHyphensLeaveNoShortLines(t *testing.T) {
	words := strings.Fields(`The date comes from the front matter, or from a date at the start of
		the file name (2026-01-01-hello.md), else the file's time. Kim Jong-un met the state-of-the-art
		end-to-end C-end team; pass --config or -v, see e-mail and x-ray, well-known long-running
		re-enter co-operate self-hosted read-only up-to-date Jean-Pierre Saint-Émilion Baden-Württemberg
		a b c d e f g`)
	rng := rand.New(rand.NewPCG(1, 2))
	r := New("notty", termenv.Ascii)
	for trial := 0; trial < 40; trial++ {
		var b strings.Builder
		for i := 0; i < 80; i++ {
			b.WriteString(words[rng.IntN(len(words))] + " ")
		}
		md := b.String()
		for width := 30; width <= 100; width += 7 {
			out, err := r.Render("", md, width)
			if err != nil {
				t.Fatal(err)
			}
			// The document's margin takes two columns on each side.
			if n, ex := shortLines(out, width-4); n > 0 {
				t.Fatalf("width %d: %d lines end early, as %q, in:\n%s", width, n, ex, out)
			}
			for _, l := range strings.Split(out, "\n") {
				if ansi.StringWidth(l) > width {
					t.Fatalf("width %d: line %q is wider", width, l)
				}
			}
			if got, want := strings.Join(strings.Fields(ansi.Strip(out)), " "), strings.Join(strings.Fields(md), " "); got != want {
				t.Fatalf("width %d: the text changed:\n got %q\nwant %q", width, got, want)
			}
		}
	}
}

// Glamour prints a text's backslash escapes as written; what shows is
// what the Markdown says: the characters, without their backslashes, in
// headings and prose, and in code spans as they are.
func TestBackslashEscapesReadAsText(t *testing.T) {
	md := "# C\\# \\& F\\#\n\nTilde \\~ff, \\*not emphasis\\*, \\_x\\_, a \\\\ backslash, \\&amp; written out.\n\n`a \\& b`"
	out, err := New("notty", termenv.Ascii).Render("", md, 80)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"C# & F#", "Tilde ~ff, *not emphasis*, _x_, a \\ backslash, &amp; written out.", "a \\& b"} {
		if !strings.Contains(out, want) {
			t.Errorf("%q not in:\n%s", want, out)
		}
	}
}

// A hostile article can be one word of megabytes: cutting it to the line
// takes time in proportion to it (this ran for minutes when each cut
// measured the rest of the word).
func TestHugeWordIsCutInLinearTime(t *testing.T) {
	word := strings.Repeat("ab-", 1<<18) // 768 KB, hyphens and all
	pieces, _ := breakLines(word, 60, 0, false)
	if len(pieces) < len(word)/60 {
		t.Fatalf("%d pieces", len(pieces))
	}
	for _, p := range pieces {
		if ansi.StringWidth(p) > 60 {
			t.Fatalf("a piece %d wide", ansi.StringWidth(p))
		}
	}
	if strings.Join(pieces, "") != word {
		t.Fatal("the pieces are not the word")
	}
}

// What a review of the rewriting found, each case as it was seen.
func TestReshapeKeepsTheText(t *testing.T) {
	notty := New("notty", termenv.Ascii)
	dark := New("dark", termenv.ANSI256)
	render := func(r *Renderer, md string, width int) string {
		t.Helper()
		out, err := r.Render("", md, width)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	// A reference an escape makes, or one without its semicolon, never
	// reaches the terminal as a control.
	for _, md := range []string{"Hidden: &\\#x1b;[8msecret&\\#x1b;[0m and &#27[5mblink&#27[0m", "&#27]8;;[&#27 and xy xy xy xy xy xy xy xy xy xy xy"} {
		for _, r := range []*Renderer{notty, dark} {
			out := render(r, md, 40)
			if plain := ansi.Strip(out); strings.ContainsRune(plain, 0x1b) || strings.Contains(out, "\x1b[8m") || strings.Contains(out, "\x1b[5m") {
				t.Errorf("%q: a control in the output: %q", md, out)
			}
			for _, l := range strings.Split(out, "\n") {
				if ansi.StringWidth(l) > 40 {
					t.Errorf("%q: line %q wider than 40", md, l)
				}
			}
		}
	}
	cases := []struct {
		name, md string
		width    int
		want     []string // in the output, spaces folded
		not      []string
	}{
		{"document ending in code keeps its first letter", "x-y\n\n    code", 60, []string{"x-y"}, nil},
		{"soft breaks before a last code block", "one two\nthree four\nfive six\n\n    code", 60, []string{"one two three four five six"}, nil},
		{"www link with hyphens", "see www.my-site.com/a-b now", 60, []string{"www.my-site.com/a-b now"}, []string{"%E2%80%91", "see /www"}},
		{"a cut never splits a reference", strings.Repeat("x", 34) + "\\&" + strings.Repeat("y", 30) + " and " + strings.Repeat("x", 35) + "&lt;" + strings.Repeat("y", 30), 40,
			[]string{"&", "<"}, []string{"amp;", "lt;"}},
		{"emphasis markers once", "**" + strings.Repeat("b", 50) + "**", 40, nil, []string{"****"}},
		{"an escaped reference reads as written", "a &\\#x1b;[8mx and \\&amp; b", 60, []string{"a &#x1b;[8mx and &amp; b"}, nil},
	}
	for _, c := range cases {
		out := ansi.Strip(render(notty, c.md, c.width))
		folded := strings.Join(strings.Fields(out), " ")
		joined := strings.Join(strings.Fields(out), "")
		for _, w := range c.want {
			if !strings.Contains(folded, w) && !strings.Contains(joined, strings.ReplaceAll(w, " ", "")) {
				t.Errorf("%s: %q not in\n%s", c.name, w, out)
			}
		}
		for _, w := range c.not {
			if strings.Contains(out, w) {
				t.Errorf("%s: %q in\n%s", c.name, w, out)
			}
		}
	}
	// A word that fits the line is not cut because the word before a soft
	// break was long.
	out := ansi.Strip(render(notty, "word "+strings.Repeat("a", 30)+"\n"+strings.Repeat("b", 30)+" more words here", 60))
	if !strings.Contains(out, strings.Repeat("b", 30)) {
		t.Errorf("a 30-letter word was cut:\n%s", out)
	}
	// Words joined by no-break spaces break there, as Glamour does.
	letters := strings.Join(strings.Split("abcdefghijklmnopqrstuvw", ""), "\u00a0")
	if n, ex := shortLines(render(notty, letters, 40), 36); n > 0 {
		t.Errorf("no-break spaces: a line ends early: %q", ex)
	}
	// A heading's long word starts on the heading's line.
	out = ansi.Strip(render(notty, "# "+strings.Repeat("h", 60), 40))
	if first := strings.TrimSpace(strings.Split(strings.TrimSpace(out), "\n")[0]); first == "#" {
		t.Errorf("the heading's mark alone on a line:\n%s", out)
	}
	// Narrow widths are the widths.
	for _, width := range []int{20, 23} {
		for _, l := range strings.Split(render(notty, strings.Repeat("z", 60), width), "\n") {
			if ansi.StringWidth(l) > width {
				t.Errorf("width %d: line %q", width, l)
			}
		}
	}
}

// Glamour counts a quote's bar as one column: a full quoted line came out
// one too wide, and its last word went to a line of its own, without the
// bar. Every line of a quote carries the bar, at every width, and the
// quote's words all show, in order.
func TestQuotesKeepTheirBar(t *testing.T) {
	quote := "> “This curious little tome doesn’t quite know what it wants to be. A manifesto? A cookbook? " +
		"The ramblings of a *forager* with opinions? It is all of these, and a [guide](https://guide.example/) " +
		"to the weeds between the paving stones.”\n>\n> A second paragraph, shorter.\n"
	for _, style := range []string{"notty", "dark"} {
		r := New(style, termenv.Ascii)
		for width := 30; width <= 120; width += 7 {
			out, _, err := r.RenderArticle("", quote, width)
			if err != nil {
				t.Fatal(err)
			}
			body := ansi.Strip(out)
			if i := strings.Index(body, "--------"); i > 0 {
				body = body[:i] // the links list
			}
			for _, l := range strings.Split(strings.TrimSpace(body), "\n") {
				l = strings.TrimSpace(l)
				if !strings.HasPrefix(l, "|") && !strings.HasPrefix(l, "│") {
					t.Fatalf("%s at %d: a quoted line without its bar: %q in\n%s", style, width, l, body)
				}
			}
			if got, want := letters(body), letters("This curious little tome doesnt quite know what it wants to be A manifesto A cookbook The ramblings of a forager with opinions It is all of these and a guide to the weeds between the paving stones A second paragraph shorter"); got != want {
				t.Fatalf("%s at %d: the words changed:\n%s", style, width, body)
			}
		}
	}
}

// A picture followed at once by text, and a link that is only a picture,
// read as pictures with their numbers, apart from the words around them.
func TestPictureMarkers(t *testing.T) {
	md := "![](https://img.example/a.png)Kann Software Kunst?\n\n[![](https://img.example/b.png)](https://site.example/post) and [![Logo](https://img.example/l.png)](https://site.example/)\n"
	out, _, err := New("notty", termenv.Ascii).RenderArticle("", md, 60)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[image] [1] Kann", "[image] [2] and", "[image: Logo] [4]"} {
		if !strings.Contains(out, want) {
			t.Errorf("%q not in\n%s", want, out)
		}
	}
}

// Typographic spaces (hair, thin, no-break) count as one column each:
// Glamour's wrapper counted their bytes and wrapped quoted lines early,
// leaving a word alone ("Plant" / "Expert" / "[1]").
func TestTypographicSpacesWrapAsSpaces(t *testing.T) {
	md := "> *“*The Creative Forager is a compelling, thoughtful, and philosophical approach to using wild plants. " +
		"I give it two ‘leaves’ up.”\u200a—\u200a[Dan D’Lyon, Plant\u00a0Expert](https://www.amazon.com/dp/0692095446/)\n\n" +
		"Outside\u2009a\u2009quote\u00a0too, thin\u2009spaces and no-break\u00a0spaces between many words of a long paragraph that wraps.\n"
	for _, width := range []int{50, 60, 70, 80} {
		out, _, err := New("notty", termenv.Ascii).RenderArticle("", md, width)
		if err != nil {
			t.Fatal(err)
		}
		body := ansi.Strip(out)
		body = body[:strings.Index(body, "--------")]
		unquoted := strings.NewReplacer("| ", "", "|", "").Replace(body)
		if n, ex := shortLines(unquoted, width-4); n > 0 {
			t.Errorf("width %d: a line ends early: %q in\n%s", width, ex, body)
		}
	}
}

// The title shown above the body is not said again by the body's first
// heading; other headings stay.
func TestWithoutTitle(t *testing.T) {
	cases := []struct{ md, title, want string }{
		{"# No front matter\n\nJust text.\n", "No front matter", "Just text.\n"},
		{"\n\n#  C\\# and  F\\# #\nbody", "C# and F#", "body"},
		{"# Another heading\n\nbody", "The title", "# Another heading\n\nbody"},
		{"## The title\n\nbody", "The title", "## The title\n\nbody"},
		{"Text first.\n\n# The title", "The title", "Text first.\n\n# The title"},
		// A folder's title taken from its heading, which reads without its marks.
		{"# A *big* heading with `code`\n\nBody.\n", "A big heading with code", "Body.\n"},
		{"# A *big* heading with `code`\n\nBody.\n", "A *big* heading with `code`", "Body.\n"},
		// A page's heading keeps its id as an attribute, which is not text.
		{"# Über uns {#über-uns}\n\nWir.\n", "Über uns", "Wir.\n"},
		{"# History # {id=\"History_(1900)\"}\n\nThen.\n", "History", "Then.\n"},
		{"# Sets {a, b}\n\nbody", "Sets {a, b}", "body"},
	}
	for _, c := range cases {
		if got := WithoutTitle(c.md, c.title); got != c.want {
			t.Errorf("WithoutTitle(%q, %q) = %q, want %q", c.md, c.title, got, c.want)
		}
	}
}

// Quotes and lists nested past maxNesting show their contents at that
// depth: every word stays, and a hostile article of 200 quotes in quotes
// renders (it held Glamour for minutes).
func TestDeepNestingIsFlattened(t *testing.T) {
	var list strings.Builder
	for i := 0; i < 100; i++ {
		list.WriteString(strings.Repeat("  ", i) + "- item" + itoa(i) + "\n")
	}
	md := list.String() + "\n" + strings.Repeat(">", 200) + " deep quote\n"
	out, _, err := New("notty", termenv.Ascii).RenderArticle("", md, 80)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		if !strings.Contains(out, "item"+itoa(i)+"\n") && !strings.HasSuffix(strings.TrimSpace(out), "item"+itoa(i)) && !strings.Contains(out, "item"+itoa(i)+" ") {
			t.Fatalf("item%d lost:\n%s", i, out)
		}
	}
	if !strings.Contains(out, "deep quote") {
		t.Fatalf("the deep quote's text is lost:\n%s", out)
	}
	// Shallow nesting is left as it is.
	shallow := "- a\n  - b\n    - c\n\n> > quoted twice\n"
	flat, _, _ := New("notty", termenv.Ascii).RenderArticle("", shallow, 80)
	if !strings.Contains(flat, "| | quoted twice") || !strings.Contains(flat, "    • c") {
		t.Fatalf("shallow nesting changed:\n%s", flat)
	}
}
