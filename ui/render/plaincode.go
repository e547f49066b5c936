package render

import (
	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// A code block is highlighted up to maxHighlightLines lines and
// maxHighlightBytes bytes; a longer one is shown as plain code, in the
// frame and colour of the highlighted code's text. Glamour highlights a
// block whole, with Chroma, and cannot be stopped within it: Chroma's Go
// lexer takes about 50 µs a line here (a 400,000-line block held a
// render for 16 s), so the cap bounds how long a render that is no longer
// wanted goes on, to a tenth of a second or so. Code of thousands of lines
// is a listing or a dump, read by scrolling and searching, not by colour.
const (
	maxHighlightLines = 2000
	maxHighlightBytes = 128 << 10
)

// plainLanguage names plainLexer, Chroma's lexer for code shown plain.
const plainLanguage = "byline-plain"

// plainLexer reads all of a text as one token of text: Chroma's own
// plain-text lexer matches line by line and joins the pieces again, a
// second for 100,000 lines. Glamour finds a lexer by name in Chroma's
// registry, so it is registered there, once.
type plainLexer struct{}

var _ = lexers.Register(plainLexer{})

var plainConfig = chroma.Config{Name: plainLanguage}

func (plainLexer) Config() *chroma.Config { return &plainConfig }

func (plainLexer) Tokenise(_ *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	return chroma.Literator(chroma.Token{Type: chroma.Text, Value: text}), nil
}

func (l plainLexer) SetRegistry(*chroma.LexerRegistry) chroma.Lexer     { return l }
func (l plainLexer) SetAnalyser(func(text string) float32) chroma.Lexer { return l }
func (plainLexer) AnalyseText(string) float32                           { return 0 }

// loopingLexers are the Chroma lexers that never finish on some inputs
// of a character or two (Chroma 2.20: "jungle" on "-", "1" or ":",
// "jsonata" on a quote or a backslash): a feed item of a hundred bytes
// held a render, and a core, for good. Code they would read is shown
// plain. TestLexersFinish runs every other lexer on such inputs, so an
// upgrade that brings another fails loudly.
var loopingLexers = map[string]bool{"Jungle": true, "JSONata": true}

// loops reports a fenced block whose language Glamour would hand to one of
// loopingLexers: Glamour looks it up as chroma's quick.Highlight does
// (by name, alias, file name or MIME type; neither of these lexers is
// chosen by analysing text, the lookup for a block with no language).
func (d *document) loops(n ast.Node) bool {
	f, ok := n.(*ast.FencedCodeBlock)
	if !ok {
		return false
	}
	lang := string(f.Language(d.src))
	if lang == "" || lang == plainLanguage {
		return false
	}
	l := lexers.Get(lang)
	return l != nil && loopingLexers[l.Config().Name]
}

// plainLongCode marks every code block over the highlighting cap, or in a
// language whose lexer loops (loopingLexers), to be shown plain: its
// language becomes plainLanguage (an indented block becomes a fenced one,
// which Glamour writes alike). Its text is not touched.
func (d *document) plainLongCode(maxLines, maxBytes int) {
	var long []ast.Node
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Kind() != ast.KindFencedCodeBlock && n.Kind() != ast.KindCodeBlock {
			return ast.WalkContinue, nil
		}
		if d.loops(n) {
			long = append(long, n)
			return ast.WalkSkipChildren, nil
		}
		lines := n.Lines()
		size := 0
		for i := 0; i < lines.Len() && size <= maxBytes; i++ {
			seg := lines.At(i)
			size += seg.Len()
		}
		if lines.Len() > maxLines || size > maxBytes {
			long = append(long, n)
		}
		return ast.WalkSkipChildren, nil
	})
	for _, n := range long {
		plain := ast.NewFencedCodeBlock(d.text(plainLanguage))
		plain.SetLines(n.Lines())
		plain.SetBlankPreviousLines(n.HasBlankPreviousLines())
		p := n.Parent()
		p.ReplaceChild(p, n, plain)
	}
}

// plainPartLines is how many lines of plain code Glamour is handed as one
// block: a render asks its context between blocks (see cutPlainCode).
const plainPartLines = 2048

// cutPlainCode cuts each code block shown plain (all of them when the
// theme highlights none) that is longer than partLines lines into blocks
// of that many, one after another where it was, so that a render asks its
// context between them and stops soon after it is cancelled. It runs
// after reshape, which has made each block's text one segment. Every
// block but the last ends without its last newline: Glamour writes a
// newline before each code block, so the blocks read as the one they
// were, without a blank line between them. Only plain code is cut: a
// highlighter reads a block whole (a comment or a string may run on past
// a cut).
func (d *document) cutPlainCode(partLines int, all bool) {
	if partLines <= 0 {
		return
	}
	var long []ast.Node
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Kind() != ast.KindFencedCodeBlock && n.Kind() != ast.KindCodeBlock {
			return ast.WalkContinue, nil
		}
		if n.Lines().Len() == 1 && (all || isPlain(n, d.src)) {
			long = append(long, n)
		}
		return ast.WalkSkipChildren, nil
	})
	for _, n := range long {
		seg := n.Lines().At(0)
		code := d.src[seg.Start:seg.Stop]
		var cuts []int // where each block but the first begins
		lines := 0
		for i, c := range code {
			if c == '\n' {
				lines++
				if lines%partLines == 0 && i+1 < len(code) {
					cuts = append(cuts, seg.Start+i+1)
				}
			}
		}
		if len(cuts) == 0 {
			continue
		}
		p, cur := n.Parent(), n
		starts := append([]int{seg.Start}, cuts...)
		for i, start := range starts {
			stop := seg.Stop
			if i+1 < len(starts) {
				stop = starts[i+1] - 1 // without its newline
			}
			segs := text.NewSegments()
			segs.Append(text.NewSegment(start, stop))
			if i == 0 {
				n.SetLines(segs)
				continue
			}
			var part ast.Node
			if f, ok := n.(*ast.FencedCodeBlock); ok {
				part = ast.NewFencedCodeBlock(f.Info)
			} else {
				part = ast.NewCodeBlock()
			}
			part.SetLines(segs)
			p.InsertAfter(p, cur, part)
			cur = part
		}
	}
}

// isPlain reports whether a code block is marked to be shown plain.
func isPlain(n ast.Node, src []byte) bool {
	f, ok := n.(*ast.FencedCodeBlock)
	return ok && string(f.Language(src)) == plainLanguage
}
