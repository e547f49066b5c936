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
	pieces, _ := cutLongWords(word, 60, 0)
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
