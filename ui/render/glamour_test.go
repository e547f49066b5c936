package render

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/ansi"
	"github.com/charmbracelet/glamour/styles"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Each test here pins a behaviour of Glamour that a transform of this
// package works around. When a Glamour upgrade changes one, its test
// fails, and the workaround named in it must go or change: left alone, it
// would turn into the bug. They drive Glamour's ANSI renderer as byline
// does, over a tree built here.

// glamourTree renders a tree with Glamour's ANSI renderer alone, and
// returns what it shows.
func glamourTree(t *testing.T, doc ast.Node, src []byte, style string, width int) string {
	t.Helper()
	ar := ansi.NewRenderer(ansi.Options{WordWrap: width, ColorProfile: termenv.Ascii, Styles: *styles.DefaultStyles[style], PreserveNewLines: true})
	gr := renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(ar, 1000)))
	var buf bytes.Buffer
	if err := gr.Render(&buf, src, doc); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(trimLines(xansi.Strip(buf.String())))
}

// inParagraph is a document of one paragraph holding an inline node (made
// by wrap, or the texts themselves) over texts, one for each string.
func inParagraph(wrap ast.Node, texts ...string) (ast.Node, []byte) {
	doc, p := ast.NewDocument(), ast.NewParagraph()
	doc.AppendChild(doc, p)
	parent := ast.Node(p)
	if wrap != nil {
		p.AppendChild(p, wrap)
		parent = wrap
	}
	var src []byte
	for _, s := range texts {
		start := len(src)
		src = append(src, s...)
		parent.AppendChild(parent, ast.NewTextSegment(text.NewSegment(start, len(src))))
	}
	return doc, src
}

// Glamour decodes the references in text with html.UnescapeString, which
// takes one without its semicolon (asText escapes every ampersand).
func TestGlamourDecodesTextAgain(t *testing.T) {
	doc, src := inParagraph(nil, "&amp;lt; &copy")
	if got := glamourTree(t, doc, src, "notty", 80); got != "&lt; ©" {
		t.Fatalf("Glamour writes text as %q; asText's escaped ampersands are due a look", got)
	}
}

// Glamour reads backslash escapes in the text it writes again
// (escapeReplacer): asText doubles each backslash.
func TestGlamourUnescapesTextAgain(t *testing.T) {
	doc, src := inParagraph(nil, `C:\\\[dir\]`)
	if got := glamourTree(t, doc, src, "notty", 80); got != `C:\[dir]` {
		t.Fatalf("Glamour writes text as %q; asText's doubled backslashes are due a look", got)
	}
}

// Glamour decodes a code span's references but reads no escapes in it
// (asCode escapes ampersands only).
func TestGlamourDecodesCodeSpans(t *testing.T) {
	span := ast.NewCodeSpan()
	doc, src := inParagraph(span, `&amp; \[`)
	if got := glamourTree(t, doc, src, "notty", 80); got != `& \[` {
		t.Fatalf("Glamour writes a code span as %q; asCode is due a look", got)
	}
}

// A code block in a theme without highlighting is written as text, its
// escapes read again (reshape's plainCode doubles its backslashes).
func TestGlamourUnescapesPlainCodeBlocks(t *testing.T) {
	src := []byte(`\[x\]` + "\n")
	doc, code := ast.NewDocument(), ast.NewCodeBlock()
	code.Lines().Append(text.NewSegment(0, len(src)))
	doc.AppendChild(doc, code)
	if got := strings.TrimSpace(glamourTree(t, doc, src, "notty", 80)); got != "[x]" {
		t.Fatalf("Glamour writes a plain code block as %q; reshape's plainCode is due a look", got)
	}
}

// Glamour's wrapper breaks a word after its hyphens, and does not count
// the hyphen: a line runs a column past the width. It neither breaks at
// nor miscounts U+2011 (reshape writes hyphens as nbHyphen).
func TestGlamourBreaksAfterHyphensUncounted(t *testing.T) {
	const width = 30 // 26 for text, the margins taken off
	doc, src := inParagraph(nil, strings.Repeat("well-known ", 10))
	out := glamourTree(t, doc, src, "notty", width)
	wide := false
	for _, l := range strings.Split(out, "\n") {
		wide = wide || xansi.StringWidth(l) > width-2
	}
	doc, src = inParagraph(nil, strings.Repeat("well"+nbHyphen+"known ", 10))
	nb := glamourTree(t, doc, src, "notty", width)
	if !strings.Contains(out, "well-\n") || !wide || strings.Contains(nb, nbHyphen+"\n") {
		t.Fatalf("Glamour's wrapper and hyphens changed:\n%s\n%s\nreshape's nbHyphen is due a look", out, nb)
	}
}

// The built-in styles pad a code span with a space each side, after the
// line has been wrapped (loadStyle takes the padding out).
func TestGlamourPadsCodeSpans(t *testing.T) {
	span := ast.NewCodeSpan()
	doc, src := inParagraph(nil, "a")
	doc.FirstChild().AppendChild(doc.FirstChild(), span)
	src = append(src, 'x')
	span.AppendChild(span, ast.NewTextSegment(text.NewSegment(1, 2)))
	if got := glamourTree(t, doc, src, "dark", 80); got != "a x" {
		t.Fatalf("Glamour writes a code span as %q; loadStyle's padding removal is due a look", got)
	}
}

// Glamour counts a quote's bar as one column: a full quoted line is a
// column too wide, and the document's wrapping puts its last word on a
// line of its own, without the bar (reshape wraps quoted text itself).
func TestGlamourQuoteBarCountsOne(t *testing.T) {
	doc, src := inParagraph(nil, strings.Repeat("x ", 40))
	p := doc.FirstChild()
	q := ast.NewBlockquote()
	doc.ReplaceChild(doc, p, q)
	q.AppendChild(q, p)
	out := glamourTree(t, doc, src, "dark", 40)
	for _, l := range strings.Split(out, "\n") {
		if strings.TrimSpace(l) != "" && !strings.Contains(l, "│") {
			return
		}
	}
	t.Fatalf("Glamour keeps every quoted line in its quote now:\n%s\nreshape's wrapping of quotes is due a look", out)
}

// Glamour writes a paragraph in a list item as bare text, running it on
// into the next (separateItemBlocks ends it with line breaks).
func TestGlamourJoinsItemParagraphs(t *testing.T) {
	g, err := glamour.NewTermRenderer(glamour.WithStandardStyle("notty"), glamour.WithWordWrap(80))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := g.Render("- one.\n\n  two.\n")
	if !strings.Contains(out, "one.two.") {
		t.Fatalf("Glamour writes a list item's paragraphs as %q; separateItemBlocks is due a look", out)
	}
}

// Glamour drops an autolink whose address net/url cannot parse, and with
// it the text (inlineLinks writes every autolink as text).
func TestGlamourDropsUnparsedAutolinks(t *testing.T) {
	g, err := glamour.NewTermRenderer(glamour.WithStandardStyle("notty"), glamour.WithWordWrap(80))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := g.Render("<https://e.example/%zz>\n")
	if strings.Contains(out, "e.example") {
		t.Fatalf("Glamour now shows %q; inlineLinks' autolinks may go back to Glamour", out)
	}
}

// Glamour writes an HTML block as its text, tags stripped: pictures
// dropped and blocks run together (htmlAsText converts them).
func TestGlamourStripsHTMLBlocks(t *testing.T) {
	g, err := glamour.NewTermRenderer(glamour.WithStandardStyle("notty"), glamour.WithWordWrap(80))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := g.Render("<figure>\n<img src=\"https://e.example/c.png\" alt=\"A cat\">\n<figcaption>sat</figcaption>\n</figure>\n")
	if strings.Contains(out, "cat") {
		t.Fatalf("Glamour now shows %q of an HTML block; htmlAsText is due a look", out)
	}
}

// Plain themes write emphasis markers around each text of an emphasis
// (joinEmphasisText makes one text of them).
func TestGlamourMarksEachEmphasisText(t *testing.T) {
	doc, src := inParagraph(ast.NewEmphasis(1), "foo", " bar")
	if got := glamourTree(t, doc, src, "notty", 80); got != "*foo** bar*" {
		t.Fatalf("Glamour writes emphasis over two texts as %q; joinEmphasisText is due a look", got)
	}
}

// Glamour's wrapper counts each byte of a space outside ASCII as a column
// (asText writes plain spaces for them).
func TestGlamourCountsWideSpacesByByte(t *testing.T) {
	doc, src := inParagraph(nil, strings.Repeat("ab\u2009", 20)) // a thin space is three bytes
	lines := strings.Split(glamourTree(t, doc, src, "notty", 40), "\n")
	if xansi.StringWidth(lines[0]) > 30 {
		t.Fatalf("Glamour now counts wide spaces as one column (%q); asText's plain spaces are due a look", lines[0])
	}
}

// Glamour writes a list item's wrapped lines at the list's margin, with
// no hang under the item's text (reshape wraps items itself and
// hangItems indents their lines).
func TestGlamourHasNoHangingIndent(t *testing.T) {
	g, err := glamour.NewTermRenderer(glamour.WithStandardStyle("notty"), glamour.WithWordWrap(30))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := g.Render("- one two three four five six seven eight nine\n")
	if !strings.Contains(xansi.Strip(out), "\n  seven") && !strings.Contains(xansi.Strip(out), "\n  six") {
		t.Fatalf("Glamour wraps a list item as %q; hangItems is due a look", out)
	}
}

// Glamour keeps the spaces that start a line after a hard break in a list
// item: hangItems' indent relies on them.
func TestGlamourKeepsSpacesAfterBreakInItem(t *testing.T) {
	doc, list, item, p := ast.NewDocument(), ast.NewList('-'), ast.NewListItem(2), ast.NewParagraph()
	doc.AppendChild(doc, list)
	list.AppendChild(list, item)
	item.AppendChild(item, p)
	src := []byte("one   two")
	first := ast.NewTextSegment(text.NewSegment(0, 3))
	first.SetHardLineBreak(true)
	p.AppendChild(p, first)
	p.AppendChild(p, ast.NewTextSegment(text.NewSegment(3, 9)))
	if got := glamourTree(t, doc, src, "notty", 40); got != "• one\n     two" /* the margin, then the three spaces */ {
		t.Fatalf("Glamour writes an item's indented line as %q; hangItems is due a look", got)
	}
}

// Glamour has no renderer for footnote nodes: it warns on stdout and
// drops them (footnotes writes them as text).
func TestGlamourDropsFootnotes(t *testing.T) {
	link := east.NewFootnoteLink(1)
	doc, src := inParagraph(nil, "text")
	doc.FirstChild().AppendChild(doc.FirstChild(), link)
	if got := glamourTree(t, doc, src, "notty", 40); got != "text" {
		t.Fatalf("Glamour writes a footnote reference as %q; footnotes is due a look", got)
	}
}

// Glamour numbers a list item by counting the items before it and adding
// its list's Start, read from the item's parent, and keeps no hold of the
// item (numberItems hands it each item as the first of a stand-in list
// starting at the item's number, so a long list is not counted over and
// over).
func TestGlamourNumbersItemsFromParent(t *testing.T) {
	doc, src := ast.NewDocument(), []byte("abc")
	list := ast.NewList('.')
	list.Start = 7
	doc.AppendChild(doc, list)
	for i := range 3 {
		item := ast.NewListItem(3)
		block := ast.NewTextBlock()
		block.AppendChild(block, ast.NewTextSegment(text.NewSegment(i, i+1)))
		item.AppendChild(item, block)
		list.AppendChild(list, item)
	}
	trim := func(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), "\n  ", "\n") }
	if got := trim(glamourTree(t, doc, src, "notty", 40)); got != "7. a\n8. b\n9. c" {
		t.Fatalf("Glamour numbers the items:\n%s", got)
	}
	ar := ansi.NewRenderer(ansi.Options{WordWrap: 40, ColorProfile: termenv.Ascii, Styles: *styles.DefaultStyles["notty"], PreserveNewLines: true})
	gr := renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(cancellable{ar, context.Background(), true, nil}, 1000)))
	list.Start = 41
	var buf bytes.Buffer
	if err := gr.Render(&buf, src, doc); err != nil {
		t.Fatal(err)
	}
	if got := trim(trimLines(buf.String())); got != "41. a\n42. b\n43. c" {
		t.Fatalf("numbered by byline:\n%s", got)
	}
}

// Glamour highlights a code block with the Chroma lexer its language
// names, found in Chroma's registry (plainLongCode names plainLexer).
func TestGlamourFindsLexerByName(t *testing.T) {
	r := New("dark", termenv.TrueColor)
	code := strings.Repeat("func f() int { return 1 } // comment\n", 3)
	for lang, want := range map[string]int{"go": 4, plainLanguage: 1} {
		out, err := r.Render("", "```"+lang+"\n"+code+"```\n", 80)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(colours(out)); (want == 1) != (got == 1) || got < want {
			t.Errorf("```%s shows %d colours, want %d", lang, got, want)
		}
	}
}

// Glamour writes a newline before each code block and the block's text as
// it is given: a block whose text does not end in a newline runs on into
// the next with no blank line (cutPlainCode hands it a long plain block
// in such pieces).
func TestGlamourCodeBlocksRunOn(t *testing.T) {
	src := []byte("a\nb\nc\n")
	doc := ast.NewDocument()
	for _, seg := range []text.Segment{text.NewSegment(0, 3), text.NewSegment(4, 6)} {
		code := ast.NewCodeBlock()
		code.Lines().Append(seg)
		doc.AppendChild(doc, code)
	}
	got := glamourTree(t, doc, src, "notty", 40)
	if lines := strings.Split(got, "\n"); len(lines) != 3 || strings.TrimSpace(lines[1]) != "b" || strings.TrimSpace(lines[2]) != "c" {
		t.Fatalf("Glamour writes two code blocks, the first without its last newline, as\n%s", got)
	}
}

// Glamour starts a list with a newline and ends it with one: a quote's
// first list started with an empty line of its bar, and a list ending in
// a nested list ended with a blank line. A paragraph that comes first
// starts without one, and a quote ends without one (listEdges enters and
// finishes such lists as those).
func TestGlamourListNewlines(t *testing.T) {
	md := []byte("> - one\n\n- a\n  - a.1\n    - a.1.i\n- b\n")
	doc := markdownParser.Parse(text.NewReader(md))
	if got := glamourTree(t, doc, md, "notty", 40); !strings.HasPrefix(got, "|\n  | • one") || !strings.Contains(got, "a.1.i\n\n  • b") {
		t.Fatalf("Glamour writes a quoted list and a nested one as\n%s\nlistEdges is due a look", got)
	}
	ar := ansi.NewRenderer(ansi.Options{WordWrap: 40, ColorProfile: termenv.Ascii, Styles: *styles.DefaultStyles["notty"], PreserveNewLines: true})
	gr := renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(cancellable{ar, context.Background(), true, nil}, 1000)))
	var buf bytes.Buffer
	if err := gr.Render(&buf, md, doc); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(trimLines(buf.String())); !strings.HasPrefix(got, "| • one") || !strings.Contains(got, "a.1.i\n  • b") || strings.Contains(got, "\n\n\n") {
		t.Fatalf("with listEdges:\n%s", got)
	}
}

// Glamour indents every nested list by the theme's one LevelIndent,
// whatever its item's marker (hangLists sets it to the markers' width).
func TestGlamourNestedListIndent(t *testing.T) {
	md := []byte("1. a\n   - a.1\n")
	doc := markdownParser.Parse(text.NewReader(md))
	for style, want := range map[string]string{"notty": "1. a\n      • a.1", "dark": "1. a\n    • a.1"} {
		if got := glamourTree(t, doc, md, style, 40); !strings.Contains(got, want) {
			t.Errorf("Glamour writes a nested list in %s as\n%s\nlistHangs is due a look", style, got)
		}
	}
}

// Glamour ends a list item with a newline unless it is its list's last or
// its last block is a list (numberItems' firstItem reports a tight item's
// closing quote as a list; separateItemBlocks closes a loose item's list
// with an empty paragraph for the blank line).
func TestGlamourEndsItemsUnlessList(t *testing.T) {
	for md, want := range map[string]string{
		"- a\n  > q\n- b\n": "| q\n\n  • b",
		"- a\n  - x\n- b\n": "• x\n  • b",
		"- a\n\n  q\n- b\n": "q\n  • b",
	} {
		src := []byte(md)
		doc := markdownParser.Parse(text.NewReader(src))
		if got := glamourTree(t, doc, src, "notty", 40); !strings.Contains(got, want) {
			t.Errorf("Glamour writes %q as\n%s\nnumberItems' LastChild is due a look", md, got)
		}
	}
}

// Glamour indents a list with no list around it by the style's
// List.Indent, read through its pointer when it writes the list, not when
// the renderer is made (listHangs sets it for each nested list as Glamour
// comes to it).
func TestGlamourReadsListIndentWhenWriting(t *testing.T) {
	md := []byte("- a\n")
	doc := markdownParser.Parse(text.NewReader(md))
	sc := *styles.DefaultStyles["notty"]
	indent := uint(0)
	sc.List.Indent = &indent
	ar := ansi.NewRenderer(ansi.Options{WordWrap: 40, ColorProfile: termenv.Ascii, Styles: sc, PreserveNewLines: true})
	gr := renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(ar, 1000)))
	indent = 5
	var buf bytes.Buffer
	if err := gr.Render(&buf, md, doc); err != nil {
		t.Fatal(err)
	}
	if got := strings.Trim(trimLines(buf.String()), "\n"); got != "       • a" /* the margin, then 5 */ {
		t.Fatalf("Glamour indents a list by List.Indent as %q; listHangs is due a look", got)
	}
}
