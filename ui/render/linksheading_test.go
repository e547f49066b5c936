package render

import (
	"strings"
	"testing"

	"github.com/muesli/termenv"
)

// The links list's heading is bold on a terminal, and plain text where
// the style writes bold as marks (notty, what 'byline read' uses piped).
func TestLinksHeadingWithoutMarksInPlainStyles(t *testing.T) {
	md := "See [the docs](https://example.com/docs) for more.\n"
	for _, style := range []string{"notty", "ascii"} {
		out, _, err := New(style, termenv.Ascii, WithWholeURLs()).RenderArticle("", md, 80)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "**Links**") || !strings.Contains(out, "Links") {
			t.Errorf("%s: the links heading reads:\n%s", style, out)
		}
	}
	out, _, err := New("dark", termenv.ANSI256).RenderArticle("", md, 80)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "**Links**") || !strings.Contains(out, "\x1b[1mLinks") && !strings.Contains(out, ";1mLinks") {
		t.Errorf("dark: the links heading is not bold:\n%q", out)
	}
}
