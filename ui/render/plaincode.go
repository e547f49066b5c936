package render

import (
	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark/ast"
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

// plainLongCode marks every code block over the highlighting cap to be
// shown plain: its language becomes plainLanguage (an indented block
// becomes a fenced one, which Glamour writes alike). Its text is not
// touched, and it stays one block.
func (d *document) plainLongCode(maxLines, maxBytes int) {
	var long []ast.Node
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Kind() != ast.KindFencedCodeBlock && n.Kind() != ast.KindCodeBlock {
			return ast.WalkContinue, nil
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
