package render

import (
	"strings"
	"testing"

	"github.com/muesli/termenv"
)

// listStyles are the themes a list is checked in: the reader's colour
// themes and the plain ones piped output uses.
var listStyles = []struct {
	name    string
	profile termenv.Profile
}{{"notty", termenv.Ascii}, {"ascii", termenv.Ascii}, {"dark", termenv.TrueColor}, {"light", termenv.TrueColor}}

// shown renders md in a theme at width 60 and returns the lines as they
// read: no colours, no padding, the document's margin taken off.
func shown(t *testing.T, style string, profile termenv.Profile, md string) string {
	t.Helper()
	out, _, err := New(style, profile).RenderArticle("", md, 60)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(plainLines(out), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "  ")
	}
	return strings.Join(lines, "\n")
}

// The bars of a quote, whatever the theme draws them with.
var bars = strings.NewReplacer("│", "|")

// A tight list shows no blank line, however deep its items nest: each
// list Glamour ends wrote a newline of its own, so a list ending in a
// nested list ended with a blank line, one more for each level.
func TestTightNestedListsHaveNoBlankLine(t *testing.T) {
	cases := []struct{ md, want string }{
		{"- a\n  - a.1\n    - a.1.i\n- b\n", "• a\n  • a.1\n    • a.1.i\n• b"},
		{"- a\n  - a.1\n    - a.1.i\n      - a.1.i.x\n- b\n", "• a\n  • a.1\n    • a.1.i\n      • a.1.i.x\n• b"},
		{"- a\n  - a.1\n    - a.1.i\n\nAfter.\n", "• a\n  • a.1\n    • a.1.i\n\nAfter."},
		{"> - a\n>   - a.1\n>     - a.1.i\n> - b\n", "| • a\n|   • a.1\n|     • a.1.i\n| • b"},
	}
	for _, s := range listStyles {
		for _, c := range cases {
			if got := bars.Replace(shown(t, s.name, s.profile, c.md)); got != c.want {
				t.Errorf("%s: %q reads\n%s\nwant\n%s", s.name, c.md, got, c.want)
			}
		}
	}
}

// A quote that starts with a list starts with its first item, not with
// an empty line of the quote's bar (Glamour starts a list with a newline).
func TestQuotedListStartsAtFirstItem(t *testing.T) {
	cases := []struct{ md, want string }{
		{"> - one\n> - two\n", "| • one\n| • two"},
		{"> 1. one\n> 2. two\n\nAfter.\n", "| 1. one\n| 2. two\n\nAfter."},
		{"> Intro.\n>\n> - one\n", "| Intro.\n|\n| • one"},
	}
	for _, s := range listStyles {
		for _, c := range cases {
			if got := bars.Replace(shown(t, s.name, s.profile, c.md)); got != c.want {
				t.Errorf("%s: %q reads\n%s\nwant\n%s", s.name, c.md, got, c.want)
			}
		}
	}
}

// A list nested in a loose list's item hangs under the item's text, a
// blank line apart from the item's paragraphs and the next item, the same
// in every theme: the reader's themes put it left of the text with no
// space around it, piped output two columns right of it.
func TestNestedListsHangUnderItemText(t *testing.T) {
	cases := []struct{ md, want string }{
		{"1. First item.\n\n   Second paragraph.\n\n   - nested one\n   - nested two\n\n2. Second item.\n",
			"1. First item.\n\n   Second paragraph.\n\n   • nested one\n   • nested two\n\n2. Second item."},
		{"- a\n\n  - a.1\n  - a.2\n\n- b\n", "• a\n\n  • a.1\n  • a.2\n\n• b"},
		{"1. a\n   - a.1\n2. b\n", "1. a\n   • a.1\n2. b"},
	}
	for _, s := range listStyles {
		for _, c := range cases {
			if got := shown(t, s.name, s.profile, c.md); got != c.want {
				t.Errorf("%s: %q reads\n%s\nwant\n%s", s.name, c.md, got, c.want)
			}
		}
	}
}

// A heading's emphasis reads as its text in the plain themes, as its
// code does; colour themes still show it.
func TestHeadingEmphasisInPlainThemes(t *testing.T) {
	md := "Intro.\n\n## Sub *em* and **strong** with `code`\n\nSome *emphasis*.\n"
	for _, style := range []string{"notty", "ascii"} {
		got := shown(t, style, termenv.Ascii, md)
		if !strings.Contains(got, "## Sub em and strong with code\n") || !strings.Contains(got, "Some *emphasis*.") {
			t.Errorf("%s reads\n%s", style, got)
		}
	}
	out, _, err := New("dark", termenv.TrueColor).RenderArticle("", md, 60)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plainLines(out), "## Sub em and strong with code") || !strings.Contains(out, "\x1b[3") {
		t.Errorf("dark reads %q", out)
	}
}

// A list in a quote starts at the quote's bar, in a list item too:
// Glamour indents every list with a list around it, as if it were nested
// in an item.
func TestListInQuoteInItemAtTheBar(t *testing.T) {
	md := "- a\n\n  > quoted\n  >\n  > - one\n  > - two\n- b\n"
	want := "• a\n\n| quoted\n|\n| • one\n| • two\n\n• b"
	for _, s := range listStyles {
		if got := bars.Replace(shown(t, s.name, s.profile, md)); got != want {
			t.Errorf("%s reads\n%s\nwant\n%s", s.name, got, want)
		}
	}
}

// A tight list's item that ends in a code block or a quote is followed by
// the next item with no blank line (Glamour ends such a block's line and
// then the item's); a loose list keeps its blank line.
func TestTightItemEndingInBlock(t *testing.T) {
	cases := []struct{ md, want string }{
		{"- b\n  ```\n  code\n  ```\n- c\n", "• b\n    code\n• c"},
		{"- a\n  > quote\n- b\n", "• a\n| quote\n• b"},
		{"- b\n  ```\n  code\n  ```\n  - nested\n- c\n", "• b\n    code\n  • nested\n• c"},
		{"- a\n  - b\n    ```\n    code\n    ```\n- c\n", "• a\n  • b\n      code\n• c"},
		{"- b\n\n  ```\n  code\n  ```\n\n- c\n", "• b\n\n    code\n\n• c"},
		{"- b\n  ```\n  code\n  ```\n\nAfter.\n", "• b\n    code\n\nAfter."},
	}
	for _, s := range listStyles {
		for _, c := range cases {
			if got := bars.Replace(shown(t, s.name, s.profile, c.md)); got != c.want {
				t.Errorf("%s: %q reads\n%s\nwant\n%s", s.name, c.md, got, c.want)
			}
		}
	}
}

// Each nested list hangs under its own item's text, whatever the markers
// of the other items in the article; and its long items wrap to the
// width, every line under the text.
func TestNestedListsHangPerItem(t *testing.T) {
	md := "9. nine\n10. ten\n    - under ten\n      - under bullet\n\nText.\n\n- a\n  1. one\n     - deep " + strings.Repeat("word ", 30) + "\n"
	want := "9. nine\n10. ten\n    • under ten\n      • under bullet\n\nText.\n\n• a\n  1. one\n     • deep word word"
	for _, s := range listStyles {
		got := shown(t, s.name, s.profile, md)
		if !strings.HasPrefix(got, want) {
			t.Errorf("%s reads\n%s\nwant\n%s", s.name, got, want)
			continue
		}
		lines := strings.Split(got, "\n")
		words := 0
		for _, l := range lines[strings.Count(want, "\n"):] {
			if len([]rune(l)) > 56 || !strings.HasPrefix(l, "     • deep") && !strings.HasPrefix(l, "       word") {
				t.Errorf("%s: line %q", s.name, l)
			}
			words += strings.Count(l, "word")
		}
		if words != 30 {
			t.Errorf("%s: %d words of 30:\n%s", s.name, words, got)
		}
	}
}

// A list nested in a task item hangs under the item's text, after its box.
func TestNestedListHangsUnderTask(t *testing.T) {
	for _, s := range listStyles {
		got := strings.ReplaceAll(shown(t, s.name, s.profile, "- [ ] task\n  - sub\n- [x] done\n"), "✓", "x")
		if want := "[ ] task\n    • sub\n[x] done"; got != want {
			t.Errorf("%s reads\n%s\nwant\n%s", s.name, got, want)
		}
	}
}
