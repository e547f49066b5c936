package render

import (
	"bufio"
	"bytes"
	"context"
	"html"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/sanitize"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	xhtml "golang.org/x/net/html"
)

// document is an article parsed once: the tree, and the source its
// segments point into. The transforms below change the tree and append
// the text they add to src; nothing is written back out as Markdown to be
// parsed again.
type document struct {
	root *ast.Document
	src  []byte
	// authored is how much of src is the author's text: what follows was
	// appended by the transforms (raw HTML blocks converted to Markdown).
	authored int
	ctx      context.Context
	// steps counts nodes visited since ctx was last asked whether the
	// render is still wanted.
	steps int
	// links are the numbered links, byURL their numbers.
	links []Link
	byURL map[string]int
	// pictures are the top-level paragraphs that are only a picture with a
	// web address: with pictures on, each becomes a part of its own.
	pictures map[ast.Node]*Image
	// anchors are the top-level blocks that hold a heading an in-page
	// link of the article points to, and the links' fragments naming it:
	// each begins a part of its own (see findAnchors).
	anchors map[ast.Node][]string
	// targets are the ids of the article's inline HTML (<a name="x">,
	// <span id="x">), gone with the HTML, and the blocks that held them
	// (see htmlAsText).
	targets map[string]ast.Node
	// cuts are the items of top-level lists that links point to, and the
	// links' fragments: cutLists cuts the lists there. close are the lists
	// it made, shown close to the part before them; spaced the lists
	// whose items are a blank line apart (see separateItemBlocks).
	cuts   map[ast.Node][]string
	close  map[ast.Node]bool
	spaced map[ast.Node]bool
}

// parse parses md once, with the renderer's settings. md is cleaned as
// Markdown first, so that no character reference decodes to a control;
// the output filter is the last line.
func parse(ctx context.Context, md string) *document {
	src := []byte(sanitize.Text(sanitize.Markdown(md)))
	if len(src) > 0 && src[len(src)-1] != '\n' {
		// A last line without its newline is given one by goldmark when
		// read (Segment.Value appends it in place), over whatever the
		// transforms have appended to src by then: a letter lost, soft
		// breaks turned hard. With the newline there, nothing is appended.
		src = append(src, '\n')
	}
	root := markdownParser.Parse(text.NewReader(src), parser.WithContext(parseContext())).(*ast.Document)
	return &document{root: root, src: src, ctx: ctx, authored: len(src)}
}

// stopped reports whether the render is no longer wanted, asking the
// context once every so many nodes.
func (d *document) stopped() bool {
	d.steps++
	if d.steps&1023 != 0 {
		return false
	}
	return d.ctx.Err() != nil
}

// collect walks the document once and returns its nodes of the given
// kinds by kind, each in document order, for a transform to replace after
// the walk; it stops when the render's context is done.
func (d *document) collect(kinds ...ast.NodeKind) (map[ast.NodeKind][]ast.Node, error) {
	found := make(map[ast.NodeKind][]ast.Node, len(kinds))
	err := ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if d.stopped() {
			return ast.WalkStop, d.ctx.Err()
		}
		if slices.Contains(kinds, n.Kind()) {
			found[n.Kind()] = append(found[n.Kind()], n)
		}
		return ast.WalkContinue, nil
	})
	return found, err
}

// text appends s to the source and returns a node showing it as it is:
// raw, so that it is not decoded again.
func (d *document) text(s string) *ast.Text {
	start := len(d.src)
	d.src = append(d.src, s...)
	return ast.NewRawTextSegment(text.NewSegment(start, len(d.src)))
}

// lineBreak is an empty text ending in a hard line break.
func (d *document) lineBreak() *ast.Text {
	t := d.text("")
	t.SetHardLineBreak(true)
	return t
}

// fragment parses Markdown made by a conversion (raw HTML's) into the
// document's source, and returns the blocks it holds.
func (d *document) fragment(md string) []ast.Node {
	if strings.TrimSpace(md) == "" {
		return nil
	}
	start := len(d.src)
	d.src = append(d.src, md...)
	if d.src[len(d.src)-1] != '\n' {
		d.src = append(d.src, '\n')
	}
	r := text.NewReader(d.src)
	r.SetPosition(0, text.NewSegment(start, start))
	var out []ast.Node
	frag := markdownParser.Parse(r, parser.WithContext(parseContext()))
	for c := frag.FirstChild(); c != nil; {
		next := c.NextSibling()
		frag.RemoveChild(frag, c)
		out = append(out, c)
		c = next
	}
	return out
}

// commonMarkText is what text of the source reads as in CommonMark:
// backslash escapes and character references decoded, a reference only
// with its semicolon ("&copy" is text, "&copy;" is ©).
func commonMarkText(b []byte) string {
	if bytes.IndexByte(b, '\\') < 0 && bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	// goldmark's HTML writer decodes as CommonMark says and escapes what it
	// writes for HTML; reading that HTML's text back gives the text.
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	gmhtml.DefaultWriter.Write(w, b)
	_ = w.Flush()
	return html.UnescapeString(buf.String())
}

// shownText is the text of an inline node as a reader sees it: decoded,
// code spans as written, pictures by their alt text.
func (d *document) shownText(n ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			if t.IsRaw() {
				b.Write(t.Segment.Value(d.src))
			} else {
				b.WriteString(commonMarkText(t.Segment.Value(d.src)))
			}
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.AutoLink:
			b.Write(t.Label(d.src))
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(sanitize.Text(b.String())), " ")
}

// destination is a link's address as its author wrote it: escapes and
// references decoded, nothing percent-encoded.
func destination(dest []byte) string {
	return strings.TrimSpace(sanitize.Text(commonMarkText(dest)))
}

// number gives url its number in the links list: a URL listed before
// keeps its first number.
func (d *document) number(url, label string, image bool) int {
	if n, ok := d.byURL[url]; ok {
		return n
	}
	if d.byURL == nil {
		d.byURL = map[string]int{}
	}
	n := len(d.links) + 1
	d.byURL[url] = n
	d.links = append(d.links, Link{N: n, Text: label, URL: url, Image: image})
	return n
}

// findPictures notes the top-level paragraphs that hold only a picture
// with a web address (an image, or a link whose only content is one).
func (d *document) findPictures() {
	for n := d.root.FirstChild(); n != nil; n = n.NextSibling() {
		para, ok := n.(*ast.Paragraph)
		if !ok {
			continue
		}
		img := onlyPicture(para, d.src)
		if img == nil {
			continue
		}
		url := destination(img.Destination)
		if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
			continue
		}
		if d.pictures == nil {
			d.pictures = map[ast.Node]*Image{}
		}
		d.pictures[para] = &Image{URL: url, Alt: d.shownText(img)}
	}
}

// onlyPicture returns the image a paragraph holds and nothing else (bar
// spaces), directly or as a link's only content.
func onlyPicture(p *ast.Paragraph, src []byte) *ast.Image {
	var only ast.Node
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok && strings.TrimSpace(string(t.Segment.Value(src))) == "" {
			continue
		}
		if only != nil {
			return nil
		}
		only = c
	}
	if l, ok := only.(*ast.Link); ok && l.ChildCount() == 1 {
		only = l.FirstChild()
	}
	img, _ := only.(*ast.Image)
	return img
}

// inlineLinks turns every link, picture and autolink into text, numbering
// them when numbered is set:
//
//   - a link becomes its own text (emphasis and code kept) and a marker
//     "[n]", n its number in the links list;
//   - a picture reads "[image: alt] [n]";
//   - an autolink shows its address as written, whatever its scheme
//     (Glamour dropped one it could not parse, and with it the text).
//
// Links in code are not links, and stay as written. A link's own pictures
// (a badge, a thumbnail) read "[image: alt]" inside it, and are listed
// after it. Each node is replaced where it stands, so the cost is linear
// in the document.
func (d *document) inlineLinks(numbered bool) error {
	var found []ast.Node
	err := ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if d.stopped() {
			return ast.WalkStop, d.ctx.Err()
		}
		switch n.Kind() {
		case ast.KindLink, ast.KindImage, ast.KindAutoLink:
			found = append(found, n)
			if n.Kind() == ast.KindImage || numbered && n.Kind() == ast.KindLink {
				return ast.WalkSkipChildren, nil // its text is its alt; a link's pictures are its own
			}
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		return err
	}
	for i, n := range found {
		if i&1023 == 0 && d.ctx.Err() != nil {
			return d.ctx.Err()
		}
		switch node := n.(type) {
		case *ast.AutoLink:
			d.autoLink(node, numbered)
		case *ast.Link:
			if numbered {
				d.link(node)
			}
		case *ast.Image:
			if numbered {
				d.image(node)
			}
		}
	}
	return nil
}

func (d *document) autoLink(l *ast.AutoLink, numbered bool) {
	// A bare address found in a raw HTML block's text, once converted to
	// Markdown, takes what follows it up to a space, references the
	// conversion wrote included ("a/&gt;]" for the HTML's "a/>]"): they
	// read as the characters the HTML shows. (In the author's own Markdown
	// such an address reads as written, as goldmark and a browser have it.)
	shown := string(l.Label(d.src))
	converted := l.AutoLinkType == ast.AutoLinkURL && d.inFragment(l)
	if converted {
		shown = html.UnescapeString(shown)
	}
	url := shown
	if l.AutoLinkType == ast.AutoLinkURL {
		url = string(l.URL(d.src)) // a www. link opens with its http://
		if converted {
			url = html.UnescapeString(url)
		}
	} else if !strings.HasPrefix(strings.ToLower(url), "mailto:") {
		url = "mailto:" + url
	}
	if numbered {
		shown += " [" + strconv.Itoa(d.number(sanitize.Text(url), "", false)) + "]"
		if spaceAfter(l, d.src) {
			shown += " "
		}
	}
	p := l.Parent()
	p.ReplaceChild(p, l, d.text(shown))
}

// inFragment reports an autolink of a raw HTML block's conversion (parsed
// from what was appended to src after the author's text, see the
// fragment parse). Its label is a part of src, which tells where it
// stands.
func (d *document) inFragment(l *ast.AutoLink) bool {
	label := l.Label(d.src)
	at := cap(d.src) - cap(label)
	if len(label) == 0 || at < 0 || at >= len(d.src) || &d.src[at] != &label[0] {
		return false
	}
	return at >= d.authored
}

// pictureText is how a picture reads in text: "[image: alt]" or "[image]".
func pictureText(alt string) string {
	if alt == "" {
		return "[image]"
	}
	return "[image: " + alt + "]"
}

func (d *document) image(img *ast.Image) {
	url := destination(img.Destination)
	alt := d.shownText(img)
	shown := pictureText(alt)
	if listed(url) {
		shown += " [" + strconv.Itoa(d.number(url, alt, true)) + "]"
	}
	if spaceAfter(img, d.src) {
		shown += " " // "![](x)Kann" reads "[image] [1] Kann", not "[1]Kann"
	}
	p := img.Parent()
	p.ReplaceChild(p, img, d.text(shown))
}

func (d *document) link(l *ast.Link) {
	url := destination(l.Destination)
	label := d.shownText(l)
	var pictures []*ast.Image
	_ = ast.Walk(l, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := c.(*ast.Image); ok && entering {
			pictures = append(pictures, img)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	marker := ""
	if listed(url) || inPage(url) {
		image := label == "" && len(pictures) > 0
		marker = "[" + strconv.Itoa(d.number(url, label, image)) + "]"
	}
	// A link's pictures are not drawn, but their addresses are the
	// article's: listed after the link.
	for _, img := range pictures {
		alt := d.shownText(img)
		if u := destination(img.Destination); listed(u) {
			d.number(u, alt, true)
		}
		ip := img.Parent()
		ip.ReplaceChild(ip, img, d.text(pictureText(alt)))
	}
	p := l.Parent()
	hasText := l.FirstChild() != nil
	for c := l.FirstChild(); c != nil; {
		next := c.NextSibling()
		p.InsertBefore(p, l, c)
		c = next
	}
	if marker != "" {
		if hasText {
			marker = " " + marker
		}
		if spaceAfter(l, d.src) {
			marker += " "
		}
		p.InsertBefore(p, l, d.text(marker))
	}
	p.RemoveChild(p, l)
}

// inPage reports whether a link's address is a place in the article
// ("#intro"): it is listed, and the reader follows it to the heading.
func inPage(url string) bool { return len(url) > 1 && url[0] == '#' }

// listed reports whether a link's address goes in the links list: one
// with a scheme. A reference relative to the article (another file of a
// Markdown folder, "../up.md") has nowhere to open from the reader: it
// reads as its text alone.
func listed(url string) bool {
	i := strings.IndexByte(url, ':')
	if i < 1 {
		return false
	}
	for j := 0; j < i; j++ {
		c := url[j]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (j == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// spaceAfter reports whether a marker put after n needs a space before
// the text that follows it: before a word or an opening bracket ("foo [4]
// (not a link)"), not before white space or closing punctuation
// ("foo [4]." "(foo [4])").
func spaceAfter(n ast.Node, src []byte) bool {
	next := n.NextSibling()
	for next != nil && next.Kind() != ast.KindText && next.FirstChild() != nil {
		next = next.FirstChild() // emphasis, a code span: their first text
	}
	t, ok := next.(*ast.Text)
	if !ok {
		return next != nil
	}
	v := t.Segment.Value(src)
	if len(v) == 0 {
		return false
	}
	if !t.IsRaw() && (v[0] == '\\' || v[0] == '&') {
		v = []byte(commonMarkText(v))
	}
	r, _ := utf8.DecodeRune(v)
	if unicode.IsSpace(r) || unicode.In(r, unicode.Pe, unicode.Pf) {
		return false
	}
	return !strings.ContainsRune(".,;:!?…'\"%-/–—", r)
}

// htmlAsText shows raw HTML in a Markdown source as a browser would show
// its text, through the conversion feeds' HTML goes through (scripts and
// styles dropped), where Glamour drops it all, text and all: a block
// (<details>, <figure>, a <div> around a paragraph) becomes the Markdown
// it converts to; inline, <br> breaks the line, <img> is a picture, and
// any other tag is left out, its text around it kept.
func (d *document) htmlAsText() error {
	found, err := d.collect(ast.KindHTMLBlock, ast.KindRawHTML)
	if err != nil {
		return err
	}
	blocks, inline := found[ast.KindHTMLBlock], found[ast.KindRawHTML]
	for _, n := range blocks {
		if err := d.ctx.Err(); err != nil {
			return err
		}
		b := n.(*ast.HTMLBlock)
		var raw []byte
		for i := 0; i < b.Lines().Len(); i++ {
			line := b.Lines().At(i)
			raw = append(raw, line.Value(d.src)...)
		}
		if b.HasClosure() {
			closure := b.ClosureLine
			raw = append(raw, closure.Value(d.src)...)
		}
		md, _ := feed.ToMarkdown(string(raw), feed.FormatHTML, "")
		p := b.Parent()
		for _, c := range d.fragment(md) {
			p.InsertBefore(p, b, c)
		}
		p.RemoveChild(p, b)
	}
	done := map[ast.Node]bool{}
	var breaks []*ast.Text
	for _, n := range inline {
		if done[n] {
			continue
		}
		r := n.(*ast.RawHTML)
		raw := d.rawHTML(r)
		p := r.Parent()
		name, closing := tagName(raw)
		if !closing {
			d.noteTargets(r, raw)
		}
		switch {
		case name == "br" && !closing:
			p.ReplaceChild(p, r, d.lineBreak())
			continue
		case name == "img" && !closing:
			md, _ := feed.ToMarkdown(raw, feed.FormatHTML, "")
			if blocks := d.fragment(md); len(blocks) == 1 && blocks[0].Kind() == ast.KindParagraph {
				for c := blocks[0].FirstChild(); c != nil; {
					next := c.NextSibling()
					p.InsertBefore(p, r, c)
					c = next
				}
			}
		case (name == "sup" || name == "sub") && !closing:
			if end := d.closingTag(r, name); end != nil {
				done[end] = true
				d.script(r, end, name == "sup")
				continue
			}
		case blockTags[name]:
			// A block in a paragraph ends its line, as a browser shows
			// it: "<summary>Click</summary>Hidden" is two lines, not
			// "ClickHidden".
			b := d.lineBreak()
			p.ReplaceChild(p, r, b)
			breaks = append(breaks, b)
			continue
		}
		p.RemoveChild(p, r)
	}
	for _, b := range breaks {
		d.tidyBreak(b)
	}
	return nil
}

// noteTargets notes the ids a tag of inline HTML gives (id, and an
// <a>'s name), which a link of the article may point to, with the block
// holding it.
func (d *document) noteTargets(r *ast.RawHTML, raw string) {
	if !strings.Contains(raw, "=") {
		return // no attributes
	}
	z := xhtml.NewTokenizer(strings.NewReader(raw))
	if tok := z.Next(); tok != xhtml.StartTagToken && tok != xhtml.SelfClosingTagToken {
		return
	}
	tag, more := z.TagName()
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		if len(v) == 0 || string(k) != "id" && (string(k) != "name" || string(tag) != "a") {
			continue
		}
		if d.targets == nil {
			d.targets = map[string]ast.Node{}
		}
		if _, ok := d.targets[string(v)]; !ok {
			d.targets[string(v)] = r.Parent()
		}
	}
}

// rawHTML is the text of inline raw HTML.
func (d *document) rawHTML(r *ast.RawHTML) string {
	var raw []byte
	for i := 0; i < r.Segments.Len(); i++ {
		seg := r.Segments.At(i)
		raw = append(raw, seg.Value(d.src)...)
	}
	return string(raw)
}

// tagName is the lower-case name of the tag raw HTML starts with, and
// whether it is a closing tag; "" for a comment, a declaration or an
// instruction.
func tagName(raw string) (name string, closing bool) {
	s := strings.TrimPrefix(raw, "<")
	if strings.HasPrefix(s, "/") {
		s, closing = s[1:], true
	}
	end := 0
	for end < len(s) && (isTagNameByte(s[end]) || s[end] >= 'A' && s[end] <= 'Z') {
		end++
	}
	return strings.ToLower(s[:end]), closing
}

// blockTags are the HTML elements a browser shows as blocks of their own:
// inline in Markdown, each ends a line.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "caption": true, "center": true,
	"dd": true, "details": true, "dialog": true, "div": true, "dl": true, "dt": true, "fieldset": true,
	"figcaption": true, "figure": true, "footer": true, "form": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "header": true, "hgroup": true, "hr": true, "li": true, "main": true,
	"menu": true, "nav": true, "ol": true, "p": true, "pre": true, "section": true, "summary": true,
	"table": true, "tbody": true, "tfoot": true, "thead": true, "tr": true, "ul": true,
}

// tidyBreak drops a line break a block tag left where it breaks nothing:
// at the start or end of its paragraph, or after another break. The
// spaces that start the line after it go too.
func (d *document) tidyBreak(b *ast.Text) {
	p := b.Parent()
	if p == nil {
		return
	}
	prev, next := b.PreviousSibling(), b.NextSibling()
	if t, ok := next.(*ast.Text); ok && !t.IsRaw() {
		t.Segment = t.Segment.TrimLeftSpace(d.src)
	}
	if prev == nil || next == nil {
		p.RemoveChild(p, b)
		return
	}
	if t, ok := prev.(*ast.Text); ok && t.HardLineBreak() {
		p.RemoveChild(p, b)
	}
}

// closingTag finds the tag that closes the element open starts, among
// the nodes after it in the same parent.
func (d *document) closingTag(open ast.Node, name string) ast.Node {
	for n := open.NextSibling(); n != nil; n = n.NextSibling() {
		if r, ok := n.(*ast.RawHTML); ok {
			if tn, closing := tagName(d.rawHTML(r)); tn == name {
				if closing {
					return n
				}
				return nil // nested: left as text
			}
		}
	}
	return nil
}

var (
	superscripts = map[rune]rune{'0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾'}
	subscripts   = map[rune]rune{'0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎'}
)

// script shows the text between <sup> and </sup> (or <sub>) so that it
// keeps its meaning once it is on the line: in the Unicode superscript
// digits where it has only those (x², H₂O), else after a caret (x^n,
// x^(n+1)) or an underscore for a subscript. Where it is only digits and
// signs, a line without the raise would read "x2".
func (d *document) script(open, end ast.Node, sup bool) {
	p := open.Parent()
	plain, words := true, true
	var b strings.Builder
	for n := open.NextSibling(); n != end; n = n.NextSibling() {
		t, ok := n.(*ast.Text)
		if !ok || t.HardLineBreak() {
			plain = false
			break
		}
		if t.IsRaw() {
			b.Write(t.Segment.Value(d.src))
		} else {
			b.WriteString(commonMarkText(t.Segment.Value(d.src)))
		}
	}
	content := b.String()
	table, mark := superscripts, "^"
	if !sup {
		table, mark = subscripts, "_"
	}
	if plain {
		if content == "" {
			p.RemoveChild(p, open)
			p.RemoveChild(p, end)
			return
		}
		mapped := []rune{}
		for _, r := range content {
			m, ok := table[r]
			if !ok {
				mapped = nil
				break
			}
			mapped = append(mapped, m)
		}
		if mapped != nil {
			for n := open.NextSibling(); n != end; {
				next := n.NextSibling()
				p.RemoveChild(p, n)
				n = next
			}
			p.ReplaceChild(p, open, d.text(string(mapped)))
			p.RemoveChild(p, end)
			return
		}
		for _, r := range content {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				words = false
			}
		}
	}
	if plain && words {
		p.ReplaceChild(p, open, d.text(mark))
		p.RemoveChild(p, end)
		return
	}
	p.ReplaceChild(p, open, d.text(mark+"("))
	p.ReplaceChild(p, end, d.text(")"))
}

func isTagNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
}

// separateItemBlocks keeps the break between the blocks of a list item:
// Glamour writes a paragraph in a list item as bare text, so a second
// paragraph ran on from the first ("Definitions.\"License\" shall…"), and
// one after a code block lost its blank line. The items of a loose list
// holding such an item are a blank line apart, as its paragraphs are.
func (d *document) separateItemBlocks() {
	var items []ast.Node
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == ast.KindListItem && n.ChildCount() > 1 {
			items = append(items, n)
		}
		return ast.WalkContinue, nil
	})
	spaced := map[ast.Node]bool{}
	d.spaced = spaced
	for _, item := range items {
		list, ok := item.Parent().(*ast.List)
		if !ok || list.IsTight || spaced[list] {
			continue
		}
		spaced[list] = true
		for it := list.FirstChild(); it != nil && it.NextSibling() != nil; it = it.NextSibling() {
			switch last := it.LastChild(); {
			case last == nil:
			case last.Kind() == ast.KindParagraph:
				last.AppendChild(last, d.lineBreak())
			case last.Kind() == ast.KindList:
				// Glamour ends an item with a newline unless it ends in a
				// list: with an empty paragraph last, it ends with one
				// after the nested list, which is the blank line.
				it.AppendChild(it, ast.NewParagraph())
			}
		}
	}
	for _, item := range items {
		for c := item.FirstChild(); c != nil; c = c.NextSibling() {
			next := c.NextSibling()
			if next == nil {
				break
			}
			if c.Kind() != ast.KindParagraph && c.Kind() != ast.KindTextBlock {
				if next.Kind() == ast.KindParagraph && next.FirstChild() != nil {
					next.InsertBefore(next, next.FirstChild(), d.lineBreak())
				}
				continue
			}
			switch next.Kind() {
			case ast.KindParagraph, ast.KindTextBlock:
				c.AppendChild(c, d.lineBreak())
				c.AppendChild(c, d.lineBreak())
			case ast.KindList:
				if c.Kind() == ast.KindParagraph {
					// A loose item's list is a block of its own, a blank
					// line after the paragraph before it (the list's
					// newline ends the paragraph's line).
					c.AppendChild(c, d.lineBreak())
				}
			default:
				if c.Kind() == ast.KindParagraph {
					c.AppendChild(c, d.lineBreak())
				}
			}
		}
	}
}

// footnotes writes each footnote reference as "[^n]", n the footnote's
// number in the order they are referred to, and the footnotes at the end
// of the article after a rule, each read "[^n] its text": Glamour has no
// renderer for footnote nodes (it prints a warning to stdout and drops
// them, text and all).
func (d *document) footnotes() error {
	found, err := d.collect(east.KindFootnoteLink, east.KindFootnoteBacklink, east.KindFootnoteList)
	if err != nil {
		return err
	}
	refs, backs, lists := found[east.KindFootnoteLink], found[east.KindFootnoteBacklink], found[east.KindFootnoteList]
	for _, n := range refs {
		p := n.Parent()
		p.ReplaceChild(p, n, d.text("[^"+strconv.Itoa(n.(*east.FootnoteLink).Index)+"]"))
	}
	for _, n := range backs {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	for _, list := range lists {
		p := list.Parent()
		p.InsertBefore(p, list, ast.NewThematicBreak())
		for fn := list.FirstChild(); fn != nil; fn = fn.NextSibling() {
			mark := "[^" + strconv.Itoa(fn.(*east.Footnote).Index) + "]"
			first := fn.FirstChild()
			if first != nil && first.Kind() == ast.KindParagraph {
				if first.FirstChild() != nil {
					mark += " "
				}
				first.InsertBefore(first, first.FirstChild(), d.text(mark))
			} else {
				para := ast.NewParagraph()
				para.AppendChild(para, d.text(mark))
				p.InsertBefore(p, list, para)
			}
			for c := fn.FirstChild(); c != nil; {
				next := c.NextSibling()
				p.InsertBefore(p, list, c)
				c = next
			}
		}
		p.RemoveChild(p, list)
	}
	return nil
}
