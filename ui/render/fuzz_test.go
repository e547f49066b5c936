package render

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/byline/byline/feed/sanitize"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// renderTokens are the pieces FuzzRender builds Markdown from: letters and
// wide characters, Markdown syntax, references spelled every way, escapes
// and controls, links, hyphens and spaces of every kind.
var renderTokens = []string{
	"a", "b", "c", "ab", "abcdefghij", "é", "中", "中文", "\u0301",
	" ", " ", "\n", "\n\n", "-", "--", "\\", "+", "=", "#", "# ", "*", "**", "_", "`",
	">", "> ", "~", ".", ",", "/", "- ", "1. ", "    ", "|", "\u2011", "\u00a0", "\t",
	"\u200b", "!", "&", "\\&", "&amp;", "&#x1b;", "&#27", "&\\#27;", "&#18446744073709551643;", "&shy",
	"[", "]", "(", ")", "http://e-x.com/", "www.a-b.org", "[8m", "]8;;", "\u202e", "\u0085", "\x9b", "\xff",
	"\x1b", "<", "a@b-c.de", "\u3000", "x-y", "\\\n",
}

var sgrSequence = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// FuzzRender renders Markdown made of renderTokens at any width, in a
// styled and a plain theme: no control but SGR styling reaches the
// output, no line is wider than a usable width, and the letters of text
// without links or references all show, in order.
func FuzzRender(f *testing.F) {
	f.Add([]byte("hello world"), uint8(40), false)
	f.Add([]byte{7, 7, 7, 7, 7, 7, 7, 7, 2, 7, 7, 7, 7, 7, 7, 7}, uint8(20), true)
	f.Add([]byte{43, 44, 45, 46, 47, 48, 49, 58, 59, 3, 4}, uint8(30), true)
	f.Fuzz(func(t *testing.T, data []byte, w uint8, dark bool) {
		var b strings.Builder
		for _, c := range data {
			b.WriteString(renderTokens[int(c)%len(renderTokens)])
		}
		md := b.String()
		width := 1 + int(w)%120
		style := "notty"
		if dark {
			style = "dark"
		}
		out, _, err := New(style, termenv.TrueColor).RenderArticle("", md, width)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range sgrSequence.ReplaceAllString(out, "") {
			if c == 0x1b || (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f) || unicode.Is(unicode.Cf, c) {
				t.Fatalf("control %U in the output at width %d:\n%q", c, width, out)
			}
		}
		if width >= 20 {
			for _, l := range strings.Split(out, "\n") {
				if ansi.StringWidth(l) > width {
					t.Fatalf("a line %d wide at width %d: %q", ansi.StringWidth(l), width, l)
				}
			}
		}
		clean := sanitize.Markdown(md)
		if strings.ContainsAny(clean, "&[<@") || strings.Contains(clean, "www.") || strings.Contains(clean, "http") ||
			strings.Contains(clean, "```") || strings.Contains(clean, "~~~") {
			return // links are numbered and listed, references decoded, fences take an info string
		}
		if got, want := letters(ansi.Strip(out)), letters(clean); got != want {
			t.Fatalf("letters differ at width %d (%s):\n got %q\nwant %q", width, style, got, want)
		}
	})
}

func letters(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
