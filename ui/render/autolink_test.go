package render

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// A bare address in a raw HTML block reads as the HTML shows it (the
// block's "a/>]" reached the Markdown as "a/&gt;]", which showed as
// written, in the text and the links list); in the author's Markdown, and
// between < and >, an address keeps its text as goldmark has it.
func TestBareAddressesDecoded(t *testing.T) {
	for _, theme := range []string{"notty", "dark"} {
		out, _, err := New(theme, termenv.TrueColor).RenderArticle("", "</summary>http://e-x.com/>]\n", 80)
		if err != nil {
			t.Fatal(err)
		}
		if text := ansi.Strip(out); strings.Contains(text, "&gt;") || !strings.Contains(text, "http://e-x.com/>") {
			t.Errorf("%s: %q", theme, text)
		}
		out, _, err = New(theme, termenv.TrueColor).RenderArticle("", "See <https://example.com/?a=1&amp;b=2> now.\n", 80)
		if err != nil {
			t.Fatal(err)
		}
		if text := ansi.Strip(out); !strings.Contains(text, "https://example.com/?a=1&amp;b=2") {
			t.Errorf("%s: an autolink's text changed: %q", theme, text)
		}
		out, _, err = New(theme, termenv.TrueColor).RenderArticle("", "See http://e.com/x&amp;b now.\n", 80)
		if err != nil {
			t.Fatal(err)
		}
		if text := ansi.Strip(out); !strings.Contains(text, "http://e.com/x&amp;b") {
			t.Errorf("%s: a bare address's text changed: %q", theme, text)
		}
	}
}
