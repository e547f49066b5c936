package feed

import (
	"bytes"
	"context"
	"html"
	"iter"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/byline/byline/feed/sanitize"
	"github.com/yuin/goldmark/util"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
)

// The converter holds no per-call state, so one serves every goroutine.
var markdownConverter = sync.OnceValue(func() *converter.Converter {
	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(),
		table.NewTablePlugin(),
		strikethrough.NewStrikethroughPlugin(),
	))
	conv.Register.PreRenderer(cleanDecoded, 0)
	conv.Register.PreRenderer(headingTargets, 1)
	conv.Register.TagType(targetTag, converter.TagTypeInline, converter.PriorityStandard)
	conv.Register.RendererFor(targetTag, converter.TagTypeInline, writeTarget, converter.PriorityStandard)
	// A <details> block's summary is a line of its own in a browser; the
	// converter knows neither tag and ran the summary into the text.
	conv.Register.TagType("summary", converter.TagTypeBlock, converter.PriorityStandard)
	conv.Register.TagType("details", converter.TagTypeBlock, converter.PriorityStandard)
	conv.Register.RendererFor("a", converter.TagTypeInline, anchorWithoutAddress, converter.PriorityEarly)
	conv.Register.RendererFor("a", converter.TagTypeInline, addressAsWritten("href"), converter.PriorityEarly)
	for _, h := range []string{"h1", "h2", "h3", "h4", "h5", "h6"} {
		conv.Register.RendererFor(h, converter.TagTypeBlock, headingWithID, converter.PriorityEarly)
	}
	conv.Register.RendererFor("img", converter.TagTypeInline, addressAsWritten("src"), converter.PriorityEarly)
	return conv
})

// cleanDecoded passes every text and attribute value of the parsed page
// through the sanitiser, before anything is converted. The HTML parser
// decodes character references, so "&#x1b;]0;title&#7;", clean as text, is
// an escape sequence in the tree; the converter then dropped its BEL, and
// the sequence, with no terminator left, could only lose its ESC: "]0;title"
// was left as text where the same item's title read clean.
func cleanDecoded(_ converter.Context, doc *xhtml.Node) {
	for n := range doc.Descendants() {
		switch n.Type {
		case xhtml.TextNode:
			n.Data = sanitize.Text(n.Data)
		case xhtml.ElementNode:
			for i := range n.Attr {
				n.Attr[i].Val = sanitize.Text(n.Attr[i].Val)
			}
		}
	}
}

// standIn is the address a link or picture holds while the converter
// writes it (see addressAsWritten).
const standIn = "byline-address-as-written:0"

// addressAsWritten keeps the absolute web and mail addresses of links and
// pictures as the page wrote them. The converter writes every address
// through net/url and escapes it for Markdown, so that
// "…/Observer_(video_game)" came out "…Observer_%28video_game%29", "?a=x:y"
// "?a=x%3Ay", "q=a+b" "q=a%20b" and "é" "%C3%A9": a reader saw, and opened,
// an address the author did not write. The element is written by the
// converter as ever, holding a stand-in address that it leaves alone; the
// stand-in, in what was written for this one element, then becomes the
// address, in the form of a Markdown destination that reads back as
// exactly it. Relative addresses, resolved against the page, are left to
// the converter.
func addressAsWritten(attr string) converter.HandleRenderFunc {
	return func(ctx converter.Context, w converter.Writer, n *xhtml.Node) converter.RenderStatus {
		i := -1
		for j, a := range n.Attr {
			if a.Key == attr && a.Namespace == "" {
				i = j
			}
		}
		if i < 0 {
			return converter.RenderTryNext
		}
		written := n.Attr[i].Val
		address := strings.TrimSpace(written)
		if address == standIn {
			return converter.RenderTryNext
		}
		destination := address
		if fragment, ok := samePage(ctx, address); ok && attr == "href" {
			destination = "#" + fragment
		} else if !absoluteAddress(address) {
			return converter.RenderTryNext
		}
		n.Attr[i].Val = standIn
		var buf bytes.Buffer
		ctx.RenderNodes(ctx, &buf, n)
		n.Attr[i].Val = written
		out := buf.Bytes()
		if bytes.Count(out, []byte(standIn)) != 1 {
			return converter.RenderTryNext // not written as a link after all
		}
		_, _ = w.Write(bytes.Replace(out, []byte(standIn), []byte(markdownDestination(destination)), 1))
		return converter.RenderSuccess
	}
}

// pageKey is the context key of the address of the page being converted.
type pageKey struct{}

// samePage reports whether address is a place in the page being converted
// ("#x", or the page's own address with a fragment, as a browser reads
// it), and its fragment as written. The converter resolves every address
// against the page, which made a link to a heading of the article a link
// to the web.
func samePage(ctx converter.Context, address string) (string, bool) {
	at := strings.IndexByte(address, '#')
	if at < 0 || at == len(address)-1 {
		return "", false
	}
	fragment := address[at+1:]
	if at == 0 {
		return fragment, true
	}
	page, _ := ctx.Value(pageKey{}).(string)
	base, err := url.Parse(page)
	if err != nil || page == "" {
		return "", false
	}
	ref, err := url.Parse(address)
	if err != nil {
		return "", false
	}
	to := base.ResolveReference(ref)
	to.Fragment, to.RawFragment = "", ""
	base.Fragment, base.RawFragment = "", ""
	return fragment, to.String() == base.String()
}

// anchorWithoutAddress writes an <a> that has no href (a target, <a
// name="x">, or a link taken out) as its text: the converter wrote "[]()",
// or an empty link to the page itself, numbered in the reader.
func anchorWithoutAddress(ctx converter.Context, w converter.Writer, n *xhtml.Node) converter.RenderStatus {
	if _, ok := attribute(n, "href"); ok {
		return converter.RenderTryNext
	}
	ctx.RenderChildNodes(ctx, w, n)
	return converter.RenderSuccess
}

func hasHref(n *xhtml.Node) bool {
	_, ok := attribute(n, "href")
	return ok
}

// attribute is the value of n's attribute key.
func attribute(n *xhtml.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

// headingTargets gives each heading the id that a link to it names, so
// that the reader finds it where a browser would: its own id, an id or
// <a name> inside it, an empty anchor just before it, or the id of the
// section (or other element) it begins. Of several, the one a link of
// the page points to is taken, else the first.
func headingTargets(_ converter.Context, doc *xhtml.Node) {
	linked, claimed := map[string]bool{}, map[string]bool{}
	var headings []*xhtml.Node
	for n := range doc.Descendants() {
		if n.Type != xhtml.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.A:
			if href, ok := attribute(n, "href"); ok {
				if _, fragment, ok := strings.Cut(href, "#"); ok {
					linked[fragment] = true
					if id, err := url.PathUnescape(fragment); err == nil {
						linked[id] = true
					}
				}
			}
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			headings = append(headings, n)
		}
	}
	for _, h := range headings {
		var ids []string
		add := func(n *xhtml.Node) {
			if id, ok := attribute(n, "id"); ok && id != "" {
				ids = append(ids, id)
				if name, ok := strings.CutPrefix(id, "user-content-"); ok && name != "" {
					// GitHub's README headings: its script finds
					// #install at user-content-install.
					ids = append(ids, name)
				}
			}
			if n.DataAtom == atom.A {
				if name, ok := attribute(n, "name"); ok && name != "" {
					ids = append(ids, name)
				}
			}
		}
		add(h)
		for n := range headingNodes(h) {
			if n.Type == xhtml.ElementNode {
				add(n)
			}
		}
		for n := previousElement(h); n != nil && n.DataAtom == atom.A && emptyAnchor(n); n = previousElement(n) {
			add(n)
		}
		for n := h; n.Parent != nil && n.Parent.Type == xhtml.ElementNode && n.Parent.DataAtom != atom.Body && firstElement(n.Parent) == n; n = n.Parent {
			add(n.Parent)
		}
		dropPermalinks(h, ids)
		if len(ids) == 0 {
			continue
		}
		id := ids[0]
		for _, c := range ids {
			if linked[c] {
				id = c
				break
			}
		}
		setAttribute(h, "id", id)
		for _, c := range ids {
			claimed[c] = true
		}
	}
	markTargets(doc, linked, claimed)
}

// targetTag is the element markTargets puts where a linked id is, and
// writeTarget writes as an empty HTML anchor.
const targetTag = "byline-target"

// markTargets keeps the ids that the page's links point to on elements
// other than headings (a footnote, the reference it links back to, a
// paragraph) as an empty anchor, <a id="fn:1"></a>, at the start of the
// element's text, or before it where it holds no text of its own (a
// picture, code, a list or a table): Markdown has no other place for an
// id, and the reader finds such anchors in any Markdown. Claimed ids are
// headings' (see headingTargets).
func markTargets(doc *xhtml.Node, linked, claimed map[string]bool) {
	type target struct {
		n  *xhtml.Node
		id string
	}
	var targets []target
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != xhtml.ElementNode || headingAtoms[c.DataAtom] {
				continue // a heading's ids are its own
			}
			id, ok := attribute(c, "id")
			if name, named := attribute(c, "name"); c.DataAtom == atom.A && named && (!ok || !linked[id]) {
				id, ok = name, true
			}
			if ok && id != "" && linked[id] && !claimed[id] {
				claimed[id] = true // the first element of an id is the one
				targets = append(targets, target{c, id})
			}
			walk(c)
		}
	}
	walk(doc)
	for _, t := range targets {
		mark := &xhtml.Node{Type: xhtml.ElementNode, Data: targetTag, Attr: []xhtml.Attribute{{Key: "id", Val: t.id}}}
		switch parent, before := markPlace(t.n); {
		case markBefore[t.n.DataAtom] || t.n.DataAtom == atom.A && hasHref(t.n):
			if t.n.Parent != nil {
				t.n.Parent.InsertBefore(mark, t.n)
			}
		case parent != nil:
			parent.InsertBefore(mark, before)
		default:
			t.n.InsertBefore(mark, t.n.FirstChild)
		}
	}
}

// markBefore are the elements a target's mark goes before rather than
// into: no text of their own, or text that is not read as Markdown.
var markBefore = map[atom.Atom]bool{atom.Img: true, atom.Br: true, atom.Hr: true, atom.Pre: true, atom.Code: true,
	atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Table: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true,
	atom.Tr: true, atom.Script: true, atom.Style: true, atom.Iframe: true, atom.Video: true, atom.Audio: true,
	atom.Picture: true, atom.Svg: true}

// markPlace is where a target's mark goes in n: before its first text,
// in the paragraph holding it ("<li><p>Note" is "1. <a id></a>Note", not
// an item whose first line is empty), or before the first link or element
// that takes none (markBefore); nil where n holds neither.
func markPlace(n *xhtml.Node) (parent, before *xhtml.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == xhtml.TextNode && strings.TrimSpace(c.Data) != "",
			c.Type == xhtml.ElementNode && (markBefore[c.DataAtom] || c.DataAtom == atom.A && hasHref(c)):
			return n, c
		case c.Type == xhtml.ElementNode:
			if p, b := markPlace(c); p != nil {
				return p, b
			}
		}
	}
	return nil, nil
}

// writeTarget writes a target (see markTargets) as an empty HTML anchor.
func writeTarget(_ converter.Context, w converter.Writer, n *xhtml.Node) converter.RenderStatus {
	if id, ok := attribute(n, "id"); ok {
		_, _ = w.WriteString(`<a id="` + html.EscapeString(id) + `"></a>`)
	}
	return converter.RenderSuccess
}

// dropPermalinks takes out of heading h the links to a place in the
// page that a browser shows beside it on hover (Sphinx's "¶", an icon):
// with no letter or digit, such a link goes; one holding the heading's
// text and pointing to the heading itself (one of ids) is its text.
func dropPermalinks(h *xhtml.Node, ids []string) {
	var links []*xhtml.Node
	for n := range headingNodes(h) {
		if n.Type == xhtml.ElementNode && n.DataAtom == atom.A {
			if href, ok := attribute(n, "href"); ok && strings.HasPrefix(strings.TrimSpace(href), "#") {
				links = append(links, n)
			}
		}
	}
	for _, a := range links {
		if a.Parent == nil {
			continue
		}
		href, _ := attribute(a, "href")
		fragment := strings.TrimSpace(href)[1:]
		decoded, err := url.PathUnescape(fragment)
		if err != nil {
			decoded = fragment
		}
		switch {
		case !strings.ContainsFunc(textOf(a), func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }):
			a.Parent.RemoveChild(a)
		case slices.Contains(ids, fragment) || slices.Contains(ids, decoded):
			for c := a.FirstChild; c != nil; {
				next := c.NextSibling
				a.RemoveChild(c)
				a.Parent.InsertBefore(c, a)
				c = next
			}
			a.Parent.RemoveChild(a)
		}
	}
}

// headingNodes are the nodes under heading h, but for those of a heading
// in it (HTML lets one nest, in a <div>): each node is read for one
// heading, so that a page of headings nested a few hundred deep costs no
// more than its size.
func headingNodes(h *xhtml.Node) iter.Seq[*xhtml.Node] {
	return func(yield func(*xhtml.Node) bool) {
		var stack []*xhtml.Node
		for c := h.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if n.Type == xhtml.ElementNode && headingAtoms[n.DataAtom] {
				continue
			}
			if !yield(n) {
				return
			}
			for c := n.LastChild; c != nil; c = c.PrevSibling {
				stack = append(stack, c)
			}
		}
	}
}

var headingAtoms = map[atom.Atom]bool{atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true}

// textOf is the text of the elements under n.
func textOf(n *xhtml.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == xhtml.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// previousElement is the element before n among its siblings, when only
// white space or comments stand between them.
func previousElement(n *xhtml.Node) *xhtml.Node {
	return elementPast(n.PrevSibling, func(p *xhtml.Node) *xhtml.Node { return p.PrevSibling })
}

// firstElement is n's first child element, when only white space or
// comments come before it.
func firstElement(n *xhtml.Node) *xhtml.Node {
	return elementPast(n.FirstChild, func(c *xhtml.Node) *xhtml.Node { return c.NextSibling })
}

// elementPast is the first element from n on, going by next, past white
// space and comments only.
func elementPast(n *xhtml.Node, next func(*xhtml.Node) *xhtml.Node) *xhtml.Node {
	for ; n != nil; n = next(n) {
		switch {
		case n.Type == xhtml.ElementNode:
			return n
		case n.Type == xhtml.CommentNode, n.Type == xhtml.TextNode && strings.TrimSpace(n.Data) == "":
		default:
			return nil
		}
	}
	return nil
}

// emptyAnchor reports an <a> that is only a target: no address, no text.
func emptyAnchor(n *xhtml.Node) bool {
	if _, ok := attribute(n, "href"); ok {
		return false
	}
	for c := range n.Descendants() {
		if c.Type == xhtml.TextNode && strings.TrimSpace(c.Data) != "" || c.Type == xhtml.ElementNode {
			return false
		}
	}
	return true
}

func setAttribute(n *xhtml.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, xhtml.Attribute{Key: key, Val: val})
}

// headingWithID writes a heading that has an id (see headingTargets) as
// the converter does, followed by the id as a heading attribute ("## Über
// uns {#über-uns}"), which the reader's Markdown parser takes as the
// heading's id.
func headingWithID(ctx converter.Context, w converter.Writer, n *xhtml.Node) converter.RenderStatus {
	i := -1
	for j, a := range n.Attr {
		if a.Key == "id" && a.Namespace == "" {
			i = j
		}
	}
	if i < 0 {
		return converter.RenderTryNext
	}
	attr := headingAttribute(n.Attr[i].Val)
	if attr == "" {
		return converter.RenderTryNext
	}
	n.Attr[i].Key = "byline-id" // written by the converter's own renderer
	var buf bytes.Buffer
	ctx.RenderNodes(ctx, &buf, n)
	n.Attr[i].Key = "id"
	out := buf.Bytes()
	end := len(bytes.TrimRight(out, " \n"))
	line := out[bytes.LastIndexByte(out[:end], '\n')+1 : end]
	if !bytes.HasPrefix(line, []byte("#")) {
		_, _ = w.Write(out) // not written as one heading line
		return converter.RenderSuccess
	}
	_, _ = w.Write(out[:end])
	_, _ = w.WriteString(" " + attr)
	_, _ = w.Write(out[end:])
	return converter.RenderSuccess
}

// headingAttribute writes id as a goldmark heading attribute: {#id} where
// goldmark reads all of it so, else {id="…"}; "" for an id no link can
// name (empty, or holding white space).
func headingAttribute(id string) string {
	if id == "" || strings.ContainsFunc(id, unicode.IsSpace) {
		return ""
	}
	plain := true
	for i := 0; i < len(id); i++ {
		if c := id[i]; util.IsPunct(c) && c != '_' && c != '-' && c != ':' && c != '.' {
			plain = false
		}
	}
	if plain {
		return "{#" + id + "}"
	}
	return `{id="` + attributeEscaper.Replace(id) + `"}`
}

var attributeEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// absoluteAddress reports a web or mail address that needs no page to
// resolve it, on one line.
func absoluteAddress(s string) bool {
	u, err := url.Parse(s)
	if err != nil || strings.ContainsAny(s, "\r\n<>") {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return true
	}
	return false
}

// markdownDestination writes an address as a Markdown link destination
// that reads back as exactly it: as it is where CommonMark reads it so
// (most addresses), else in angle brackets, with the characters CommonMark
// would read otherwise escaped.
func markdownDestination(s string) string {
	if !strings.ContainsAny(s, " <>\\") && balancedParens(s) && !startsReference.MatchString(s) {
		return s
	}
	return "<" + destinationEscaper.Replace(s) + ">"
}

// startsReference matches a character reference as CommonMark reads one.
var startsReference = regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)

// balancedParens reports whether every parenthesis in s is closed, in
// order, as a destination outside angle brackets needs.
func balancedParens(s string) bool {
	depth := 0
	for _, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

var destinationEscaper = strings.NewReplacer(`\`, `\\`, "<", `\<`, ">", `\>`, "&", `\&`)

// HTMLToMarkdown converts item HTML to Markdown, keeping tables and code
// blocks; relative links and images are resolved against base when it is an
// http(s) URL.
func HTMLToMarkdown(html, base string) (string, error) {
	var opts []converter.ConvertOptionFunc
	if strings.HasPrefix(base, "http://") || strings.HasPrefix(base, "https://") {
		opts = append(opts, converter.WithDomain(base))
	}
	opts = append(opts, converter.WithContext(context.WithValue(context.Background(), pageKey{}, base)))
	md, err := markdownConverter().ConvertString(html, opts...)
	if err != nil && strings.Contains(err.Error(), "open stack of elements exceeds") {
		// The HTML parser refuses elements nested more than 512 deep; the
		// article is read with the deepest ones let go (their text kept)
		// rather than not at all.
		md, err = markdownConverter().ConvertString(shallower(html, maxNesting), opts...)
	}
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(md), nil
}

// maxNesting is how deep shallower lets elements nest: well under the
// HTML parser's 512, which counts the elements it opens itself too.
const maxNesting = 256

// shallower is html with the tags of elements nested deeper than max
// left out, and everything else, their text included, as it was.
func shallower(s string, max int) string {
	z := xhtml.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	b.Grow(len(s))
	var kept []bool // for each element open, whether its tags are kept
	depth := 0
	for {
		tok := z.Next()
		switch tok {
		case xhtml.ErrorToken:
			return b.String()
		case xhtml.StartTagToken:
			name, _ := z.TagName()
			if voidElements[string(name)] {
				b.Write(z.Raw())
				continue
			}
			keep := depth < max
			kept = append(kept, keep)
			if keep {
				depth++
				b.Write(z.Raw())
			}
			continue
		case xhtml.EndTagToken:
			if len(kept) == 0 {
				b.Write(z.Raw())
				continue
			}
			keep := kept[len(kept)-1]
			kept = kept[:len(kept)-1]
			if keep {
				depth--
				b.Write(z.Raw())
			}
			continue
		}
		b.Write(z.Raw())
	}
}

// voidElements have no end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// ToMarkdown returns the article body as Markdown, whatever format it was
// received in, without control characters or escape sequences: they go
// before conversion, so that the converter cannot drop an ESC and leave
// the rest of a sequence as text. The converter decodes entities, and the
// Markdown it writes can hold character references a Markdown parser
// decodes in turn, so its output is cleaned as Markdown again.
func ToMarkdown(content string, format Format, base string) (string, error) {
	content = sanitize.Text(content)
	switch format {
	case FormatMarkdown, FormatText:
		return sanitize.Markdown(content), nil
	default:
		md, err := HTMLToMarkdown(content, base)
		return sanitize.Markdown(md), err
	}
}
