package render

import (
	"strings"

	"github.com/charmbracelet/glamour/ansi"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// continuation starts the rest of a code line that did not fit.
const continuation = "↪ "

// reshape readies a parsed document for Glamour, which would otherwise
// fold hard line breaks into the paragraph and wrap long code lines to
// column 0:
//
//   - a soft line break becomes a space, so that the only newlines left in
//     a paragraph are hard breaks, which Glamour then keeps;
//   - a code line wider than codeWidth continues on the next line, indented
//     as it was and marked with continuation; tabs become spaces first,
//     since a terminal's tab stops are not the renderer's.
//
// New text is appended to src, which is returned; the tree points into it.
func reshape(doc ast.Node, src []byte, codeWidth int) []byte {
	var softBreaks []*ast.Text
	var code []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch node := n.(type) {
		case *ast.Text:
			if node.SoftLineBreak() {
				softBreaks = append(softBreaks, node)
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			code = append(code, node)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	if len(softBreaks) > 0 {
		space := len(src)
		src = append(src, ' ')
		for _, t := range softBreaks {
			t.SetSoftLineBreak(false)
			t.Parent().InsertAfter(t.Parent(), t, ast.NewTextSegment(text.NewSegment(space, space+1)))
		}
	}
	for _, n := range code {
		width := codeWidth - 2*depth(n)
		lines := n.Lines()
		segs := text.NewSegments()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			for _, l := range foldCodeLine(string(seg.Value(src)), width) {
				segs.Append(text.NewSegment(len(src), len(src)+len(l)))
				src = append(src, l...)
			}
		}
		n.SetLines(segs)
	}
	return src
}

// depth is how many lists and quotes hold n: each indents its code.
func depth(n ast.Node) int {
	d := 0
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case ast.KindListItem, ast.KindBlockquote:
			d++
		}
	}
	return d
}

// foldCodeLine expands tabs in one line of code (with its newline) and cuts
// it into lines at most width cells wide, each continuation indented like
// the line and marked.
func foldCodeLine(line string, width int) []string {
	nl := strings.HasSuffix(line, "\n")
	line = expandTabs(strings.TrimSuffix(line, "\n"))
	var out []string
	if xansi.StringWidth(line) <= width {
		out = []string{line}
	} else {
		indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
		if xansi.StringWidth(indent) > width/2 {
			indent = ""
		}
		prefix := indent + continuation
		room := max(width-xansi.StringWidth(prefix), 8)
		first := xansi.Truncate(line, width, "")
		out = append(out, first)
		rest := line[len(first):]
		for rest != "" {
			part := xansi.Truncate(rest, room, "")
			if part == "" { // a character wider than the room
				_, size := firstRune(rest)
				part = rest[:size]
			}
			out = append(out, prefix+part)
			rest = rest[len(part):]
		}
	}
	if nl {
		for i := range out {
			out[i] += "\n"
		}
	} else {
		for i := range out[:len(out)-1] {
			out[i] += "\n"
		}
	}
	return out
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i > 0 {
			return r, i
		}
	}
	return 0, len(s)
}

func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := 4 - col%4
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col += xansi.StringWidth(string(r))
	}
	return b.String()
}

// codeWidth is how many cells a line of code has at the top level: the
// wrap width less the document's and the code block's margins on both
// sides.
func codeWidth(sc *ansi.StyleConfig, width int) int {
	margins := uint(0)
	if sc.Document.Margin != nil {
		margins += 2 * *sc.Document.Margin
	}
	if sc.CodeBlock.Margin != nil {
		margins += *sc.CodeBlock.Margin
	}
	if sc.CodeBlock.Indent != nil {
		margins += *sc.CodeBlock.Indent
	}
	return max(width-int(margins), 20)
}

// fitLines breaks every line wider than width at the last cell that fits,
// continuing it under its own indentation: Glamour wraps at spaces and
// hyphens only, so a long URL, hash or path would run past the pane.
func fitLines(s string, width int) string {
	if !strings.Contains(s, "\n") && xansi.StringWidth(s) <= width {
		return s
	}
	lines := strings.Split(s, "\n")
	out := lines[:0:0]
	for _, l := range lines {
		w := xansi.StringWidth(l)
		if w <= width {
			out = append(out, l)
			continue
		}
		plain := xansi.Strip(l)
		k := len(plain) - len(strings.TrimLeft(plain, " "))
		if k > width/2 {
			k = 0
		}
		indent := strings.Repeat(" ", k)
		out = append(out, xansi.Cut(l, 0, width))
		for from := width; from < w; from += width - k {
			out = append(out, indent+xansi.Cut(l, from, from+width-k))
		}
	}
	return strings.Join(out, "\n")
}
