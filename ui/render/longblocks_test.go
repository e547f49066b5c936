package render

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// longDocs are documents of long lists and a long code block, as an
// author writes them: every item and line is named by a word and its
// number ("item 7", "sub 3", "line 12"), once, in order.
func longDocs() map[string]string {
	const n = 1500
	var bullet, ordered, nested, loose, paragraphs, code, indented strings.Builder
	code.WriteString("```go\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&bullet, "- item %d\n", i)
		fmt.Fprintf(&ordered, "1. item %d\n", i)
		fmt.Fprintf(&nested, "- item %d\n", i)
		switch {
		case i >= 508 && i <= 516:
			// items holding short lists, on both sides of item 512
			for j := 1; j <= 3; j++ {
				fmt.Fprintf(&nested, "  - sub %d.%d\n", i, j)
			}
		case i == 700:
			// an item holding a list longer than 512 items
			for j := 1; j <= 600; j++ {
				fmt.Fprintf(&nested, "  1. sub %d.%d\n", i, j)
			}
		}
		fmt.Fprintf(&loose, "- item %d\n\n", i)
		fmt.Fprintf(&paragraphs, "1. item %d\n\n   more %d\n\n", i, i)
		fmt.Fprintf(&code, "line %d := f(%d) // a line\n", i, i)
		fmt.Fprintf(&indented, "    line %d\n", i)
	}
	code.WriteString("```\n")
	return map[string]string{
		"bullet list":             bullet.String(),
		"ordered list":            ordered.String(),
		"nested lists":            nested.String(),
		"loose list":              loose.String(),
		"list of paragraphs":      paragraphs.String(),
		"fenced code block":       "Before.\n\n" + code.String() + "\nAfter.\n",
		"indented code block":     "Before.\n\n" + indented.String() + "\nAfter.\n",
		"code block in a list":    "- item 0\n\n" + strings.ReplaceAll("  "+code.String(), "\n", "\n  ") + "\n- item 1501\n",
		"ordered list from 0":     strings.ReplaceAll(ordered.String(), "1. item", "0. item"),
		"list under a paragraph":  "Some text.\n\n" + bullet.String() + "\nMore text.\n",
		"ordered list in a quote": "> " + strings.ReplaceAll(strings.TrimSuffix(ordered.String(), "\n"), "\n", "\n> ") + "\n",
	}
}

var numbered = regexp.MustCompile(`\b(item|sub|line|more) (\d+(?:\.\d+)?)\b`)

// A long list or code block reads as the author wrote it: every item and
// line once, in order; the gaps between them as a short one's are (none
// in a tight list or a code block, the same everywhere in a loose one);
// an ordered list numbered 1 to the end. Glamour's own numbering costs
// the square of a list's length, and long lists and code blocks were cut
// into runs of 512, each cut a blank line on the screen and the numbers
// after it started again from the run's own count.
func TestLongBlocksAsWritten(t *testing.T) {
	for name, md := range longDocs() {
		t.Run(name, func(t *testing.T) {
			want := numbered.FindAllString(md, -1)
			for _, style := range []struct {
				name    string
				profile termenv.Profile
			}{{"notty", termenv.Ascii}, {"dark", termenv.TrueColor}} {
				out, _, err := New(style.name, style.profile).RenderArticle("", md, 80)
				if err != nil {
					t.Fatal(err)
				}
				// Glamour counting each item's predecessors, the whole list
				// in one, writes the same. (Not compared for code: Chroma
				// picks between two equally near terminal colours at random.)
				counting := New(style.name, style.profile)
				counting.glamourCounts = true
				if uncut, _, err := counting.RenderArticle("", md, 80); !strings.Contains(name, "code") && (err != nil || uncut != out) {
					t.Fatalf("%s: the render differs from Glamour's own numbering of the whole list (%v):\n%s", style.name, err, firstDifference(out, uncut))
				}
				lines := strings.Split(ansi.Strip(out), "\n")
				var got []string
				gaps := map[string][]int{} // the blank lines before each item, by its word and the one before
				last, lastWord := -1, ""
				for i, l := range lines {
					found := numbered.FindAllString(l, -1)
					if len(found) == 0 {
						continue
					}
					got = append(got, found...)
					word := strings.Fields(found[0])[0]
					if last >= 0 {
						blank := 0
						for j := last + 1; j < i && strings.TrimSpace(lines[j]) == ""; j++ {
							blank++
						}
						gaps[lastWord+" > "+word] = append(gaps[lastWord+" > "+word], blank)
					}
					last, lastWord = i, strings.Fields(found[len(found)-1])[0]
					if strings.Contains(name, "ordered") {
						// "  12. item 12": the number Glamour writes is the item's
						n, _ := strconv.Atoi(strings.Fields(found[0])[1])
						mark := strconv.Itoa(n)
						if strings.Contains(name, "from 0") {
							mark = strconv.Itoa(n - 1)
						}
						if !strings.Contains(l, mark+". "+found[0]) {
							t.Fatalf("%s: %q is not numbered %s", style.name, strings.TrimSpace(l), mark)
						}
					}
				}
				if strings.Join(got, ",") != strings.Join(want, ",") {
					t.Fatalf("%s: %d items and lines shown, want %d, in order", style.name, len(got), len(want))
				}
				for pair, gs := range gaps {
					for i, g := range gs {
						if g != gs[0] {
							t.Fatalf("%s: %d blank lines at the %dth step %s, %d at the first", style.name, g, i+1, pair, gs[0])
						}
						if pair == "line > line" && g != 0 {
							t.Fatalf("%s: a blank line in the code", style.name)
						}
					}
				}
			}
		})
	}
}

// firstDifference shows the first line where two renders differ.
func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d: %q\n   vs %q", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines vs %d", len(al), len(bl))
}

var sgr = regexp.MustCompile("\x1b\\[[0-9;]*m")

// colours are the SGR sequences of text that is not blank, each once.
func colours(out string) map[string]bool {
	found := map[string]bool{}
	for _, l := range strings.Split(out, "\n") {
		seqs := sgr.FindAllStringIndex(l, -1)
		for i, s := range seqs {
			end := len(l)
			if i+1 < len(seqs) {
				end = seqs[i+1][0]
			}
			if strings.TrimSpace(l[s[1]:end]) != "" {
				found[l[s[0]:s[1]]] = true
			}
		}
	}
	return found
}

// A code block over the highlighting cap (in lines, or in bytes) is shown
// plain: the same text in the same frame as highlighted, in one colour,
// at the top, indented, in a list item or in a quote. One under the cap
// is highlighted. Chroma took 16 s over a block of 400,000 lines.
func TestLongCodeShownPlain(t *testing.T) {
	var code strings.Builder
	for i := range 60 {
		fmt.Fprintf(&code, "func f%d() int { return %d } // a comment\n", i, i)
	}
	indent := func(prefix string, s string) string {
		return prefix + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n"+prefix) + "\n"
	}
	for name, md := range map[string]string{
		"fenced":         "Text.\n\n```go\n" + code.String() + "```\n\nMore.\n",
		"no language":    "```\n" + code.String() + "```\n",
		"indented":       "Text.\n\n" + indent("    ", code.String()),
		"in a list item": "- item\n\n" + indent("  ", "```go\n"+code.String()+"```") + "- next\n",
		"in a quote":     indent("> ", "```go\n"+code.String()+"```"),
	} {
		t.Run(name, func(t *testing.T) {
			highlighted, _, err := New("dark", termenv.TrueColor).RenderArticle("", md, 80)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(colours(highlighted)); n < 4 {
				t.Fatalf("a code block under the cap shows %d colours:\n%s", n, highlighted)
			}
			for _, cap := range []struct {
				name         string
				lines, bytes int
			}{{"lines", 59, maxHighlightBytes}, {"bytes", maxHighlightLines, len(code.String()) - 1}} {
				r := New("dark", termenv.TrueColor)
				r.highlightLines, r.highlightBytes = cap.lines, cap.bytes
				plain, _, err := r.RenderArticle("", md, 80)
				if err != nil {
					t.Fatal(err)
				}
				if cs := colours(plain); len(cs) > 2 { // the text's, and the code's
					t.Fatalf("over the cap in %s, the code shows %d colours: %v", cap.name, len(cs), cs)
				}
				if ansi.Strip(plain) != ansi.Strip(highlighted) {
					t.Fatalf("over the cap in %s, the text or its frame changed:\n%s", cap.name, firstDifference(ansi.Strip(plain), ansi.Strip(highlighted)))
				}
			}
		})
	}
}

// A code block just over the cap shows all its lines, once, in order,
// plain.
func TestCodeOverTheCap(t *testing.T) {
	var md strings.Builder
	md.WriteString("```go\n")
	for i := range maxHighlightLines + 1 {
		fmt.Fprintf(&md, "x := %d\n", i)
	}
	md.WriteString("```\n")
	out, _, err := New("dark", termenv.TrueColor).RenderArticle("", md.String(), 80)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range strings.Split(ansi.Strip(out), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			got = append(got, l)
		}
	}
	want := strings.Split(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(md.String(), "```go\n"), "```\n")), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%d lines shown of %d, or not in order", len(got), len(want))
	}
	if cs := colours(out); len(cs) > 1 {
		t.Fatalf("the code shows %d colours: %v", len(cs), cs)
	}
}

// Plain code is handed to Glamour in blocks of plainPartLines lines, and
// reads as the one block it was: the same bytes as uncut in every
// built-in theme in colour, the same text without (see below), at the
// top, indented, in a list item and in a quote.
func TestPlainCodeCutReadsWhole(t *testing.T) {
	var code strings.Builder
	for i := range 100 {
		fmt.Fprintf(&code, "func f%d() int { return %d } // \\ a comment\n", i, i)
	}
	indent := func(prefix string, s string) string {
		return prefix + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n"+prefix) + "\n"
	}
	docs := map[string]string{
		"fenced":         "Text.\n\n```go\n" + code.String() + "```\n\nMore.\n",
		"indented":       "Text.\n\n" + indent("    ", code.String()) + "\nMore.\n",
		"in a list item": "- item\n\n" + indent("  ", "```go\n"+code.String()+"```") + "- next\n",
		"in a quote":     indent("> ", "```\n"+code.String()+"```"),
		"long lines":     "```\n" + strings.Repeat(strings.Repeat("word ", 40)+"\n", 30) + "```\n",
	}
	for _, style := range BuiltinStyles {
		for _, profile := range []termenv.Profile{termenv.TrueColor, termenv.Ascii} {
			for name, md := range docs {
				render := func(partLines int) string {
					r := New(style, profile)
					r.highlightLines, r.plainPartLines = 50, partLines
					out, _, err := r.RenderArticle("", md, 80)
					if err != nil {
						t.Fatal(err)
					}
					return out
				}
				cut, whole := render(7), render(0)
				if profile == termenv.Ascii {
					// Glamour writes plain code as one styled run, whose
					// reset (of an italic theme, dracula) comes at a cut
					// rather than at the end: the same on the screen.
					cut, whole = ansi.Strip(cut), ansi.Strip(whole)
				}
				if cut != whole {
					t.Errorf("%s, %v, %s: cut in blocks of 7 lines, the code reads differently:\n%s", style, profile, name, firstDifference(cut, whole))
				}
			}
		}
	}
}

// A render of a code block too long to highlight asks its context between
// its blocks, and stops when it is cancelled in the middle.
func TestLongCodeBlockRenderStops(t *testing.T) {
	r := New("dark", termenv.TrueColor)
	md := "```go\n" + strings.Repeat("x := 1\n", 20*plainPartLines) + "```\n"
	var asked cancelledAfter
	asked.Context = context.Background()
	asked.n.Store(1 << 40)
	if _, err := r.RenderArticleParts(&asked, "", md, 80); err != nil {
		t.Fatal(err)
	}
	checks := 1<<40 - asked.n.Load()
	if checks < 20 {
		t.Fatalf("a render of a code block of %d lines asks its context %d times", 20*plainPartLines, checks)
	}
	ctx := &cancelledAfter{Context: context.Background()}
	ctx.n.Store(checks / 2)
	if _, err := r.RenderArticleParts(ctx, "", md, 80); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled after %d of %d checks: %v", checks/2, checks, err)
	}
}
