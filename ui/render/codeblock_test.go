package render

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/muesli/termenv"
	"github.com/yuin/goldmark/ast"
)

// A very long line of code is folded in one pass: every piece is cut from
// a bounded head of the rest, not from the whole rest (a 2 MB line in a
// hostile feed held a render for minutes).
func TestFoldCodeLineReadsTheLineOnce(t *testing.T) {
	defer func(f func(string, int) string) { truncate = f }(truncate)
	read := 0
	cut := truncate
	truncate = func(s string, width int) string {
		read += len(s)
		return cut(s, width)
	}
	for _, line := range []string{strings.Repeat("x", 60_000), strings.Repeat("é漢", 20_000), strings.Repeat("ab\tcd ", 12_000)} {
		read = 0
		out := foldCodeLine(line, 72)
		if read > 100*len(line) { // a head of 64 pieces per piece, and tabs expanded
			t.Errorf("folding a line of %d bytes read %d bytes", len(line), read)
		}
		var whole strings.Builder
		for i, l := range out {
			if i > 0 {
				l = strings.TrimPrefix(l, continuation)
			}
			whole.WriteString(strings.TrimSuffix(l, "\n"))
		}
		if whole.String() != expandTabs(line) {
			t.Errorf("the folded line lost or changed text")
		}
	}
}

// A long code block is cut into code blocks of at most maxCodeLines lines,
// fenced or indented, at the top, in a list item or in a quote, with the
// same info string and its text whole and in order: Glamour builds a
// block's text by adding one line at a time (40,000 lines took 10 s) and
// cannot be stopped within a node.
func TestLongCodeBlocksAreCut(t *testing.T) {
	const n = 3*maxCodeLines + 7
	var code strings.Builder
	for i := range n {
		fmt.Fprintf(&code, "line %d\n", i)
	}
	indented := func(prefix string) string {
		return prefix + strings.ReplaceAll(strings.TrimSuffix(code.String(), "\n"), "\n", "\n"+prefix) + "\n"
	}
	for name, md := range map[string]string{
		"fenced":          "```go\n" + code.String() + "```\n",
		"indented":        indented("    "),
		"in a list item":  "- item\n\n  ```go\n" + indented("  ") + "  ```\n",
		"in a quote":      "> ```go\n" + indented("> ") + "> ```\n",
		"indented quoted": "> text\n>\n" + indented(">     "),
	} {
		d := parse(context.Background(), md)
		d.splitLongCode()
		var blocks []ast.Node
		_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if entering && (n.Kind() == ast.KindFencedCodeBlock || n.Kind() == ast.KindCodeBlock) {
				blocks = append(blocks, n)
			}
			return ast.WalkContinue, nil
		})
		if len(blocks) != 4 {
			t.Errorf("%s: %d code blocks, want 4", name, len(blocks))
			continue
		}
		var got strings.Builder
		for _, b := range blocks {
			if b.Lines().Len() > maxCodeLines {
				t.Errorf("%s: a code block of %d lines", name, b.Lines().Len())
			}
			if f, ok := b.(*ast.FencedCodeBlock); ok && string(f.Language(d.src)) != "go" {
				t.Errorf("%s: a part lost its language: %q", name, f.Language(d.src))
			}
			if b.Parent() != blocks[0].Parent() {
				t.Errorf("%s: a part is not beside the first", name)
			}
			for i := 0; i < b.Lines().Len(); i++ {
				seg := b.Lines().At(i)
				got.Write(seg.Value(d.src))
			}
		}
		if got.String() != code.String() {
			t.Errorf("%s: the code's text changed", name)
		}
	}
}

// Glamour is given each code block's text as one segment: it adds the
// segments up one by one.
func TestReshapeGivesCodeAsOneSegment(t *testing.T) {
	md := "```\n" + strings.Repeat("a line of code long enough to be folded at the width of the pane, twice or more\n", 300) + "```\n"
	d := parse(context.Background(), md)
	d.src = reshape(d.root, d.src, 40, 60, true, nil)
	code := d.root.FirstChild()
	if code.Lines().Len() != 1 {
		t.Fatalf("the code block holds %d segments", code.Lines().Len())
	}
	seg := code.Lines().At(0)
	if got := strings.Count(string(seg.Value(d.src)), "\n"); got < 600 {
		t.Fatalf("the folded code holds %d lines", got)
	}
}

// A render of a long code block asks its context between its parts, and
// stops when it is cancelled in the middle.
func TestLongCodeBlockRenderStops(t *testing.T) {
	r := New("dark", termenv.TrueColor)
	md := "```\n" + strings.Repeat("x := 1\n", 20*maxCodeLines) + "```\n"
	var asked cancelledAfter
	asked.Context = context.Background()
	asked.n.Store(1 << 40)
	if _, err := r.RenderArticleParts(&asked, "", md, 80); err != nil {
		t.Fatal(err)
	}
	checks := 1<<40 - asked.n.Load()
	if checks < 20 {
		t.Fatalf("a render of a code block of %d lines asks its context %d times", 20*maxCodeLines, checks)
	}
	ctx := &cancelledAfter{Context: context.Background()}
	ctx.n.Store(checks / 2)
	if _, err := r.RenderArticleParts(ctx, "", md, 80); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled after %d of %d checks: %v", checks/2, checks, err)
	}
}

func BenchmarkLongCodeLine(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		md := "<pre><code>" + strings.Repeat("x", n) + "</code></pre>\n"
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r := New("dark", termenv.TrueColor)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, _, err := r.RenderArticle("", md, 80); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLongCodeBlock(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		md := "```go\n" + strings.Repeat("x := f(y) // a line\n", n) + "```\n"
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r := New("dark", termenv.TrueColor)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, _, err := r.RenderArticle("", md, 80); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
