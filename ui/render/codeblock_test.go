package render

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/muesli/termenv"
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

// A render of an article of many code blocks asks its context between
// them, and stops when it is cancelled in the middle.
func TestCodeBlocksRenderStops(t *testing.T) {
	r := New("dark", termenv.TrueColor)
	md := strings.Repeat("```go\n"+strings.Repeat("x := 1\n", 500)+"```\n\nText.\n\n", 20)
	var asked cancelledAfter
	asked.Context = context.Background()
	asked.n.Store(1 << 40)
	if _, err := r.RenderArticleParts(&asked, "", md, 80); err != nil {
		t.Fatal(err)
	}
	checks := 1<<40 - asked.n.Load()
	if checks < 20 {
		t.Fatalf("a render of 20 code blocks asks its context %d times", checks)
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

// BenchmarkLongCodeBlock renders code blocks of N lines: 1,000 and 2,000
// highlighted, and 40,000 and 400,000 over the cap, plain and linear (the
// highlighting took 16 s for 400,000).
func BenchmarkLongCodeBlock(b *testing.B) {
	for _, n := range []int{1000, maxHighlightLines, 40_000, 400_000} {
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
