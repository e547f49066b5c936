package render

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/byline/byline/feed/sanitize"

	"github.com/charmbracelet/glamour/ansi"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// continuation starts the rest of a code line that did not fit.
const continuation = "↪ "

// nbHyphen stands in for a hyphen in text while Glamour wraps it (see
// reshape); an article's own U+2011 shows as the hyphen it looks like.
const nbHyphen = "\u2011"

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
//
// plainCode says that Glamour writes code blocks as text (a theme without
// highlighting, or no colours), reading their backslash escapes again: a
// backslash is written as two there.
func reshape(doc ast.Node, src []byte, codeWidth, textWidth int, plainCode bool, sc *ansi.StyleConfig) []byte {
	flattenDeepBlocks(doc)
	hangs := markerWidths(doc, sc)
	var softBreaks []*ast.Text
	var leaves []*ast.Text // in reading order
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
			leaves = append(leaves, node)
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			code = append(code, node)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	softBroken := make(map[*ast.Text]ast.Node, len(softBreaks)) // the space written for each
	if len(softBreaks) > 0 {
		space := len(src)
		src = append(src, ' ')
		for _, t := range softBreaks {
			t.SetSoftLineBreak(false)
			sp := ast.NewTextSegment(text.NewSegment(space, space+1))
			t.Parent().InsertAfter(t.Parent(), t, sp)
			softBroken[t] = sp
		}
	}
	// Each text is written again as it will read, for three reasons.
	//   - Glamour prints a text's backslash escapes as they are (\&, \_)
	//     and decodes its character references with html.UnescapeString,
	//     which takes &#27 and &copy without their semicolons (text, in
	//     CommonMark), one an escape made (&\#x1b;), and the &amp; of a
	//     code span: the text is decoded here as CommonMark says (code as
	//     written), cleaned of what a terminal would act on, and its
	//     ampersands escaped, so that Glamour's decoding gives back exactly
	//     the clean text.
	//   - Glamour's word wrapper breaks after a hyphen but does not count
	//     it, so a line with hyphens ran past the width, and cutting it to
	//     fit left a word or two alone on a line ("(2026-01-" / "01-" /
	//     "hello.md)"). Hyphens are written as non-breaking hyphens, which
	//     it counts (glamour turns them back): a hyphenated word, a flag or
	//     a URL moves to the next line whole, as most wrappers do.
	//   - A word wider than the line (a URL, a hash, a path) would run past
	//     it, and then be cut at dots and commas: it is cut here, to lines
	//     as wide as the text, and the words after it flow on from its last
	//     piece. carry is the width of the word the last leaf ended in, when
	//     the next leaf of the same block goes on with it ("…/603" then
	//     "__Call…").
	//   - In a quote, Glamour counts the bar "│ " as one column: a full line
	//     came out a column too wide, and the document's own wrapping then
	//     put its last word on a line of its own, without the bar. Quoted
	//     text is wrapped here, a little narrower than Glamour would, with
	//     hard breaks (col is the column the quote's line has reached;
	//     open is the text before, when it ended in a space a break can
	//     take).
	//   - Glamour writes a list item's paragraphs as bare text after its
	//     marker, so the item's wrapped lines and its later paragraphs
	//     started at the margin, where they read as outside the list. An
	//     item's text is wrapped here, as quoted text is, to the width
	//     Glamour gives the list less the marker's, and each line after the
	//     first starts with spaces as wide as the marker (hangItems).
	carry, col := 0, 0
	var block ast.Node
	var open *ast.Text
	for _, leaf := range leaves {
		if b := blockOf(leaf); b != block {
			block, carry, col, open = b, 0, 0, nil
		}
		room := lineRoom(leaf, textWidth)
		_, hang := itemOf(leaf, hangs)
		hanging := hang > 0
		if hanging {
			if quoted(leaf) {
				room = max(room-hang, 8) // lineRoom's generous count of the quote's bars
			} else {
				room = max(listWidth(leaf, sc, textWidth, hangs)-hang, 8)
			}
		}
		limit := room
		if inEmphasis(leaf) {
			// Glamour writes emphasis markers around each piece (notty:
			// "**a" / "****b**"): such a word is left to fitLines.
			limit = 1 << 30
		}
		t := leaf
		code := t.Parent() != nil && t.Parent().Kind() == ast.KindCodeSpan
		var shown string
		if t.IsRaw() { // code, or text a transform wrote
			shown = sanitize.Text(string(t.Segment.Value(src)))
		} else {
			shown = sanitize.Text(commonMarkText(t.Segment.Value(src)))
		}
		var pieces []string
		if quoted(t) || hanging {
			if open != nil && col > 0 && startsWord(shown) && col+firstWordWidth(shown) > room {
				open.SetHardLineBreak(true) // the break goes at the space the text before ended in
				if sp := softBroken[open]; sp != nil && sp.Parent() != nil {
					sp.Parent().RemoveChild(sp.Parent(), sp)
				}
				col = 0
			}
			switch {
			case hanging:
				// Each line of emphasis or code is its own (liftBreaks),
				// with the marks a plain theme writes around it.
				marks := marksWidth(t, sc)
				pieces, col = breakLines(shown, max(room-marks, 8), col, true)
				col += marks
			case inEmphasis(t):
				pieces = []string{shown}
				col += xansi.StringWidth(shown) + 2 // and the markers plain themes write around it
			default:
				pieces, col = breakLines(shown, room, col, true)
			}
			carry = 0
		} else {
			var next int
			pieces, next = breakLines(shown, limit, carry, false)
			carry = next
			col += xansi.StringWidth(shown)
		}
		open = nil
		if strings.HasSuffix(shown, " ") {
			open = t
		}
		if t.HardLineBreak() || softBroken[t] != nil {
			carry = 0
		}
		if t.HardLineBreak() {
			col, open = 0, nil
		} else if softBroken[t] != nil {
			col++ // the space written for it
			open = t
		}
		for i, piece := range pieces {
			start := len(src)
			if code {
				src = append(src, asCode(piece)...)
			} else {
				src = append(src, asText(piece)...)
			}
			seg := text.NewSegment(start, len(src))
			if i == len(pieces)-1 {
				t.Segment = seg // the last piece keeps the node, and its line break
				break
			}
			n := ast.NewTextSegment(seg)
			n.SetRaw(t.IsRaw())
			n.SetHardLineBreak(true)
			t.Parent().InsertBefore(t.Parent(), t, n)
		}
	}
	src = joinEmphasisText(doc, src)
	src = hangItems(doc, src, hangs)
	for _, n := range code {
		width := codeWidth - 2*depth(n)
		indent := ""
		if _, hang := itemOf(n, hangs); hang > 0 {
			// Code in a list item sits under the item's text.
			indent = strings.Repeat(" ", hang)
			width -= hang
		}
		lines := n.Lines()
		start := len(src)
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			for _, l := range foldCodeLine(string(seg.Value(src)), width) {
				if plainCode {
					l = strings.ReplaceAll(l, `\`, `\\`)
				}
				if indent != "" && l != "\n" {
					l = indent + l
				}
				src = append(src, l...)
			}
		}
		end := len(src)
		if end > start && src[end-1] == '\n' && runsOn(n) {
			// Glamour writes the code as it is given, and then what
			// follows on the next line: a tight item's newline, or a
			// nested list's. With the code's own, a blank line came
			// between (TestGlamourCodeBlocksRunOn).
			end--
		}
		// One segment: Glamour adds a code block's segments up one at a
		// time, which costs the square of their number.
		segs := text.NewSegments()
		if end > start {
			segs.Append(text.NewSegment(start, end))
		}
		n.SetLines(segs)
	}
	return src
}

// runsOn reports whether a code block is in an item of a tight list and
// followed by nothing of the item or by a list: its last line is ended by
// what Glamour writes next.
func runsOn(code ast.Node) bool {
	item := code.Parent()
	if item == nil || item.Kind() != ast.KindListItem || !tight(item) {
		return false
	}
	next := code.NextSibling()
	return next == nil || next.Kind() == ast.KindList
}

// marksWidth is the width of the marks Glamour writes around a text of
// the emphasis, strikethrough or code span holding n ("**", "~~"; none in
// colour themes).
func marksWidth(n ast.Node, sc *ansi.StyleConfig) int {
	if sc == nil {
		return 0
	}
	decor := func(p ansi.StylePrimitive) int {
		return xansi.StringWidth(p.BlockPrefix + p.Prefix + p.Suffix + p.BlockSuffix)
	}
	w := 0
	for p := n.Parent(); p != nil && p.Type() == ast.TypeInline; p = p.Parent() {
		switch e := p.(type) {
		case *ast.Emphasis:
			if e.Level == 1 {
				w += decor(sc.Emph)
			} else {
				w += decor(sc.Strong)
			}
		case *east.Strikethrough:
			w += decor(sc.Strikethrough)
		case *ast.CodeSpan:
			w += decor(sc.Code.StylePrimitive)
		}
	}
	return w
}

// liftBreaks moves each line break inside emphasis, strikethrough or a
// code span of a list item's text out of it, splitting it in two there:
// Glamour writes such a node's text as one token (a break inside it was
// lost, or its closing mark started the next line), and the hang's spaces
// go between the two, unstyled.
func liftBreaks(doc ast.Node, hangs map[ast.Node]int) {
	var breaks []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		t, ok := n.(*ast.Text)
		if ok && entering && t.HardLineBreak() && t.Parent() != nil && t.Parent().Type() == ast.TypeInline {
			if _, hang := itemOf(t, hangs); hang > 0 {
				breaks = append(breaks, t)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, t := range breaks {
		block := blockOf(t)
		t.SetHardLineBreak(false)
		cur := ast.Node(t)
		for cur.Parent() != block {
			p := cur.Parent()
			if cur.NextSibling() != nil {
				var rest ast.Node
				switch e := p.(type) {
				case *ast.Emphasis:
					rest = ast.NewEmphasis(e.Level)
				case *east.Strikethrough:
					rest = east.NewStrikethrough()
				case *ast.CodeSpan:
					rest = ast.NewCodeSpan()
				default:
					rest = nil
				}
				if rest == nil {
					break // a node not known here keeps its break inside
				}
				for n := cur.NextSibling(); n != nil; {
					next := n.NextSibling()
					rest.AppendChild(rest, n)
					n = next
				}
				p.Parent().InsertAfter(p.Parent(), p, rest)
			}
			cur = p
		}
		brk := ast.NewText()
		brk.SetHardLineBreak(true)
		cur.Parent().InsertAfter(cur.Parent(), cur, brk)
	}
}

// markerWidths is how wide Glamour writes each list item's marker ("• ",
// "12. "), counted once a list; task items (their box is Glamour's) are
// left out.
func markerWidths(doc ast.Node, sc *ansi.StyleConfig) map[ast.Node]int {
	out := map[ast.Node]int{}
	if sc == nil {
		return out
	}
	eachMarker(doc, sc, func(item ast.Node, width int) { out[item] = width })
	return out
}

// eachMarker calls f with each list item and how wide Glamour writes its
// marker, task items left out (see markerWidths).
func eachMarker(doc ast.Node, sc *ansi.StyleConfig, f func(item ast.Node, width int)) {
	decor := func(p ansi.StylePrimitive) int {
		return xansi.StringWidth(p.BlockPrefix + p.Prefix + p.Suffix + p.BlockSuffix)
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := n.(*ast.List)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		i := 0
		for item := l.FirstChild(); item != nil; item = item.NextSibling() {
			i++
			if first := item.FirstChild(); first != nil && first.FirstChild() != nil && first.FirstChild().Kind() == east.KindTaskCheckBox {
				continue
			}
			if l.IsOrdered() {
				// Glamour's numbering (ansi.NewElement's KindListItem).
				e := i
				if l.Start != 1 {
					e += l.Start - 1
				}
				f(item, digits(e)+decor(sc.Enumeration))
			} else {
				f(item, decor(sc.Item))
			}
		}
		return ast.WalkContinue, nil
	})
}

// digits is how many characters n is written in.
func digits(n int) int {
	d := 1
	if n < 0 {
		d, n = 2, -n
	}
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}

// plainHeadings writes the emphasis of each heading as its text in a
// theme that shows emphasis with marks (the plain themes, piped output):
// a heading is already set apart, Glamour writes its code spans as their
// text there, and "## The *new* way" read with the author's asterisks
// where the reader's themes show the words. Colour themes keep it.
func plainHeadings(doc ast.Node, sc *ansi.StyleConfig) {
	marks := func(p ansi.StylePrimitive) bool {
		return p.BlockPrefix+p.Prefix+p.Suffix+p.BlockSuffix != ""
	}
	emph, strong := marks(sc.Emph), marks(sc.Strong)
	if !emph && !strong {
		return
	}
	var found []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock && n.Kind() != ast.KindHeading && n.Kind() != ast.KindDocument && n.FirstChild() != nil && n.FirstChild().Type() == ast.TypeInline {
			return ast.WalkSkipChildren, nil // a paragraph's text
		}
		if e, ok := n.(*ast.Emphasis); ok && blockOf(e) != nil && blockOf(e).Kind() == ast.KindHeading {
			if e.Level == 1 && emph || e.Level > 1 && strong {
				found = append(found, e)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, e := range found {
		p := e.Parent()
		for c := e.FirstChild(); c != nil; {
			next := c.NextSibling()
			p.InsertBefore(p, e, c)
			c = next
		}
		p.RemoveChild(p, e)
	}
}

// itemOf is the list item whose own block (a paragraph, not one of a list
// or quote inside it) holds n, and its marker's width.
func itemOf(n ast.Node, hangs map[ast.Node]int) (ast.Node, int) {
	b := n
	if n.Type() != ast.TypeBlock {
		b = blockOf(n)
	}
	if b == nil || b.Parent() == nil || b.Parent().Kind() != ast.KindListItem {
		return nil, 0
	}
	return b.Parent(), hangs[b.Parent()]
}

// listWidth is the width Glamour wraps the text of the list holding n
// to: the text's width less each list's indent and margins. A list nested
// in an item is indented by the item's marker width (listHangs), and
// Glamour measures the room for each such list as if every one around it
// were indented as it is: the text is wrapped to the narrowest of those.
func listWidth(n ast.Node, sc *ansi.StyleConfig, textWidth int, hangs map[ast.Node]int) int {
	w := textWidth
	var nested []int // the indents of the lists nested in items, innermost first
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() != ast.KindList {
			continue
		}
		if inItem(p) {
			hang := nestedIndent(p.Parent(), hangs, sc)
			nested = append(nested, hang)
			w -= hang
		} else if sc.List.Indent != nil {
			w -= int(*sc.List.Indent)
		}
		if sc.List.Margin != nil {
			w -= 2 * int(*sc.List.Margin)
		}
	}
	// w is the room less every indent; Glamour's count for the k-th
	// nested list from the outside has k times its indent taken off, and
	// the indents of the lists inside it, where this text also sits.
	room := w
	for i, hang := range nested {
		k := len(nested) - i
		outer := 0
		for _, o := range nested[i+1:] {
			outer += o
		}
		room = min(room, w+outer+hang-k*hang)
	}
	return room
}

// nestedIndent is how far a list nested in item is indented: as wide as
// the item's marker, or a task item's box.
func nestedIndent(item ast.Node, hangs map[ast.Node]int, sc *ansi.StyleConfig) int {
	if w := hangs[item]; w > 0 {
		return w
	}
	if first := item.FirstChild(); first != nil && first.FirstChild() != nil {
		if box, ok := first.FirstChild().(*east.TaskCheckBox); ok {
			mark := sc.Task.Unticked
			if box.IsChecked {
				mark = sc.Task.Ticked
			}
			return xansi.StringWidth(mark)
		}
	}
	return int(sc.List.LevelIndent)
}

// hangItems starts each line of a list item's text after its first with
// spaces as wide as the item's marker: a line after a line break (the
// author's, the wrapping's, the break between its paragraphs), and the
// first of a paragraph after a block of the item (a code block, a list).
// A blank line gets none.
func hangItems(doc ast.Node, src []byte, hangs map[ast.Node]int) []byte {
	if len(hangs) == 0 {
		return src
	}
	liftBreaks(doc, hangs)
	var leaves []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering {
			leaves = append(leaves, t)
		}
		return ast.WalkContinue, nil
	})
	spaces := map[int]text.Segment{}
	for i, t := range leaves {
		item, hang := itemOf(t, hangs)
		if hang == 0 {
			continue
		}
		if t.HardLineBreak() && len(t.Segment.Value(src)) == 0 {
			continue // a blank line, or the start of one
		}
		block := blockOf(t)
		starts := false
		if i > 0 {
			prev := leaves[i-1]
			pb := blockOf(prev)
			if prev.HardLineBreak() && (pb == block || pb != nil && pb.Parent() == item) {
				starts = true
			}
		}
		if !starts && block != item.FirstChild() && firstLeaf(block) == ast.Node(t) {
			starts = true
		}
		if !starts {
			continue
		}
		seg, ok := spaces[hang]
		if !ok {
			start := len(src)
			src = append(src, strings.Repeat(" ", hang)...)
			seg = text.NewSegment(start, len(src))
			spaces[hang] = seg
		}
		at := ast.Node(t)
		for at.Parent() != block && at.Parent().FirstChild() == at {
			at = at.Parent()
		}
		indent := ast.NewRawTextSegment(seg)
		at.Parent().InsertBefore(at.Parent(), at, indent)
	}
	return src
}

// firstLeaf is the first text of a block.
func firstLeaf(b ast.Node) ast.Node {
	n := b.FirstChild()
	for n != nil && n.Kind() != ast.KindText && n.FirstChild() != nil {
		n = n.FirstChild()
	}
	return n
}

// joinEmphasisText makes each run of text in emphasis or strikethrough
// that no line break ends one text: plain themes write emphasis markers
// around each of Glamour's texts, so emphasis across a soft line break,
// or over text goldmark read in pieces, read "*foo** **bar*".
func joinEmphasisText(doc ast.Node, src []byte) []byte {
	var parents []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && (n.Kind() == ast.KindEmphasis || n.Kind() == east.KindStrikethrough) {
			parents = append(parents, n)
		}
		return ast.WalkContinue, nil
	})
	for _, p := range parents {
		for c := p.FirstChild(); c != nil; c = c.NextSibling() {
			t, ok := c.(*ast.Text)
			if !ok || t.HardLineBreak() {
				continue
			}
			next, ok := t.NextSibling().(*ast.Text)
			if !ok {
				continue
			}
			start := len(src)
			src = append(src, t.Segment.Value(src)...)
			for ok && !t.HardLineBreak() {
				src = append(src, next.Segment.Value(src)...)
				t.SetHardLineBreak(next.HardLineBreak())
				p.RemoveChild(p, next)
				next, ok = t.NextSibling().(*ast.Text)
			}
			t.Segment = text.NewSegment(start, len(src))
		}
	}
	return src
}

// asText writes shown text for Glamour's text elements, which decode
// references and read backslash escapes again (escapeReplacer): ampersands
// and backslashes escaped, hyphens non-breaking, and every other space
// (no-break, hair, thin, ideographic…) a plain one: Glamour's wrapper
// breaks at them all the same, and counts each of their bytes as a
// column, so a line holding a few was wrapped early.
func asText(shown string) string {
	return plainSpaces(textWriter.Replace(shown))
}

// asCode is asText for a code span, which Glamour decodes but does not
// unescape.
func asCode(shown string) string {
	return plainSpaces(codeWriter.Replace(shown))
}

func plainSpaces(s string) string {
	if !strings.ContainsFunc(s, isWideSpace) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isWideSpace(r) {
			return ' '
		}
		return r
	}, s)
}

var codeWriter = strings.NewReplacer("&", "&amp;", "-", nbHyphen)

var textWriter = strings.NewReplacer("&", "&amp;", "-", nbHyphen, `\`, `\\`)

// isWideSpace reports white space other than ASCII's (which the wrapper
// counts right).
func isWideSpace(r rune) bool { return r > 0x7f && unicode.IsSpace(r) }

// lineRoom is the width a word in n may take: the text's width less what
// the blocks holding n put before it (bullets, quote bars, a heading's
// marks), counted generously.
func lineRoom(n ast.Node, textWidth int) int {
	room := textWidth - 4*depth(n)
	for p := n.Parent(); p != nil; p = p.Parent() {
		if h, ok := p.(*ast.Heading); ok {
			room -= h.Level + 1
		}
	}
	return max(room, 8)
}

// quoted reports whether n is inside a block quote.
func quoted(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindBlockquote {
			return true
		}
	}
	return false
}

// startsWord reports whether s starts with a word, not white space.
func startsWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return s != "" && !unicode.IsSpace(r)
}

// firstWordWidth is the width of the word s starts with.
func firstWordWidth(s string) int {
	end := strings.IndexFunc(s, unicode.IsSpace)
	if end < 0 {
		end = len(s)
	}
	return xansi.StringWidth(s[:end])
}

// inEmphasis reports whether n is inside emphasis or strikethrough.
func inEmphasis(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case ast.KindEmphasis, east.KindStrikethrough:
			return true
		}
	}
	return false
}

// breakLines cuts s into pieces, each ending where a line must break.
// With wrap, s goes on from a line at column col and lines break at spaces
// too, as a word wrapper breaks them; without, only a word wider than limit
// is cut, and col is the width of a word s goes on with (the end of the
// text before it). A word wider than limit ends its piece at limit cells
// and goes on in the next. end is col for the text after s. Words end at
// white space as Glamour's wrapper reads it (a no-break space too).
func breakLines(s string, limit, col int, wrap bool) (pieces []string, end int) {
	limit = max(limit, 8)
	from, i := 0, 0
	for i < len(s) {
		spaces := i
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsSpace(r) {
				break
			}
			i += size
		}
		if i > spaces && !wrap {
			col = 0 // a new word
		}
		if i == len(s) {
			if i > spaces && wrap && col > 0 {
				col++ // the space ending the line so far
			}
			break
		}
		stop := i
		for stop < len(s) {
			r, size := utf8.DecodeRuneInString(s[stop:])
			if unicode.IsSpace(r) {
				break
			}
			stop += size
		}
		word := s[i:stop]
		width := xansi.StringWidth(word)
		if wrap && i > spaces && col > 0 {
			if col+1+width > limit {
				pieces = append(pieces, s[from:spaces]) // the line breaks at these spaces
				from, col = i, 0
			} else {
				col++
			}
		}
		for col+width > limit {
			if col >= limit {
				// The line so far is full: break before this word.
				pieces = append(pieces, s[from:i])
				from, col = i, 0
				continue
			}
			room := limit - col
			head := xansi.Truncate(measured(word, room), room, "")
			if head == "" {
				_, size := utf8.DecodeRuneInString(word)
				head = word[:size] // a character wider than the room: it goes on
			}
			cut := i + len(head)
			pieces = append(pieces, s[from:cut])
			from, i, col = cut, cut, 0
			width -= xansi.StringWidth(head)
			word = s[i:stop]
		}
		col += width
		i = stop
	}
	return append(pieces, s[from:]), col
}

// measured is as much of word as can hold room cells: all of it, unless
// it is huge (a hostile article's megabyte word), when a head is enough
// and keeps the cutting linear. The head ends on a character.
func measured(word string, room int) string {
	most := 64 * (room + 1)
	if len(word) <= most {
		return word
	}
	for most > 0 && !utf8.RuneStart(word[most]) {
		most--
	}
	return word[:most]
}

// blockOf is the block n is inline in.
func blockOf(n ast.Node) ast.Node {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock {
			return p
		}
	}
	return nil
}

// maxNesting is how deep quotes and lists go before their contents are
// shown at that depth: Glamour's time grows steeply with nesting (a hostile
// article of 200 quotes in quotes held a render for minutes), and no
// reader follows more levels than this on a terminal.
const maxNesting = 8

// flattenDeepBlocks writes every quote or list nested deeper than
// maxNesting as one paragraph at that depth, a line for each block it
// held (its text and its code), in order.
func flattenDeepBlocks(doc ast.Node) {
	var deep []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && (n.Kind() == ast.KindBlockquote || n.Kind() == ast.KindList) && nesting(n) >= maxNesting {
			deep = append(deep, n)
			return ast.WalkSkipChildren, nil // the outermost: it takes all within
		}
		return ast.WalkContinue, nil
	})
	for _, n := range deep {
		p := ast.NewParagraph()
		if prev := n.PreviousSibling(); prev != nil && prev.Kind() == ast.KindTextBlock {
			// A tight list item's text runs on into what follows it.
			start := ast.NewText()
			start.SetHardLineBreak(true)
			p.AppendChild(p, start)
		}
		var blocks []ast.Node
		_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering || c.Type() != ast.TypeBlock {
				return ast.WalkContinue, nil
			}
			if c.Kind() == ast.KindFencedCodeBlock || c.Kind() == ast.KindCodeBlock || c.FirstChild() != nil && c.FirstChild().Type() == ast.TypeInline {
				blocks = append(blocks, c)
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		})
		for _, b := range blocks {
			if b.Kind() == ast.KindFencedCodeBlock || b.Kind() == ast.KindCodeBlock {
				lines := b.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					seg.Stop = max(seg.Start, seg.Stop-1) // its newline: a hard break instead
					t := ast.NewRawTextSegment(seg)
					t.SetHardLineBreak(true)
					p.AppendChild(p, t)
				}
				continue
			}
			for c := b.FirstChild(); c != nil; {
				next := c.NextSibling()
				p.AppendChild(p, c)
				c = next
			}
			end := ast.NewText()
			end.SetHardLineBreak(true)
			p.AppendChild(p, end)
		}
		n.Parent().ReplaceChild(n.Parent(), n, p)
	}
}

// nesting is how many quotes and lists hold n.
func nesting(n ast.Node) int {
	d := 0
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case ast.KindBlockquote, ast.KindList:
			d++
		}
	}
	return d
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
		first := truncate(measured(line, width), width)
		out = append(out, first)
		rest := line[len(first):]
		for rest != "" {
			// Each piece is cut from a head of the rest, not from all of
			// it: a megabyte line is read once.
			part := truncate(measured(rest, room), room)
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

// truncate is the head of s at most width cells wide.
var truncate = func(s string, width int) string { return xansi.Truncate(s, width, "") }

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
// textWidth is the width of a paragraph's lines at the top level: the
// document's margins taken off.
func textWidth(sc *ansi.StyleConfig, width int) int {
	margins := 0
	if sc.Document.Margin != nil {
		margins = 2 * int(*sc.Document.Margin)
	}
	return max(width-margins, 8)
}

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
	if width < 1 {
		return s
	}
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
