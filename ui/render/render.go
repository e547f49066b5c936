// Package render turns an article's Markdown into terminal text with
// Glamour, showing the author's words as CommonMark reads them.
//
// An article is parsed once, with goldmark, and every change is made on
// that tree (tree.go, reshape.go): links become their text and a number,
// pictures and raw HTML read as text, and Glamour's gaps are mended
// before Glamour's ANSI renderer writes the tree. Nothing is written back
// out as Markdown to be parsed again, and every cost is linear in the
// document. glamour_test.go pins each Glamour behaviour a transform works
// around. Renders run side by side under their own contexts; only the
// memo of rendered articles is shared.
//
// Markdown passes the sanitiser before Glamour sees it, and Glamour's
// output passes sanitize.StylingOnly, so the only escape sequences in what
// Render returns are SGR styling; byline's own OSC 8 links are added to it
// afterwards. The package must not import the store or the UI's panes.
package render

import (
	"bytes"
	"container/list"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/sanitize"
	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/ansi"
	"github.com/charmbracelet/glamour/styles"
	"github.com/muesli/termenv"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// MaxWidth is the widest an article is wrapped, however wide the pane:
// long lines are hard to read.
const MaxWidth = 100

// BuiltinStyles are the Glamour styles a config may name.
var BuiltinStyles = []string{"dark", "light", "notty", "ascii", "dracula", "tokyo-night", "pink"}

// CheckStyle reports whether style names a built-in style or a readable
// Glamour JSON style file.
func CheckStyle(style string) error {
	for _, s := range BuiltinStyles {
		if style == s {
			return nil
		}
	}
	if strings.HasSuffix(style, ".json") {
		data, err := readStyleFile(style)
		if err != nil {
			return fmt.Errorf("theme %q: %v", style, err)
		}
		if _, err := glamour.NewTermRenderer(glamour.WithStylesFromJSONBytes(data)); err != nil {
			return fmt.Errorf("theme %q: %v", style, err)
		}
		return nil
	}
	return fmt.Errorf("theme %q: not one of %s, nor a Glamour .json style file", style, strings.Join(BuiltinStyles, ", "))
}

// maxStyleFile is far more than a Glamour style needs.
const maxStyleFile = 1 << 20

// readStyleFile reads a Glamour JSON style: only a regular file, of a
// sensible size (a theme that names /dev/zero or a FIFO must not hang).
func readStyleFile(path string) ([]byte, error) {
	return feed.ReadRegularFile(path, maxStyleFile)
}

// Renderer renders Markdown at a width. It is safe for concurrent use:
// renders run side by side (a light or cached article never waits for a
// heavy one), each under its own context; only the memo is shared.
type Renderer struct {
	style   string
	profile termenv.Profile
	// hyperlinks makes the URLs of the links list OSC 8 hyperlinks.
	hyperlinks bool
	// wholeURLs writes every URL of the links list on one line, however
	// long: piped output is read by programs and copied whole, and the
	// terminal that finally shows it wraps it.
	wholeURLs bool
	// pictures renders paragraphs that are only a picture as parts of
	// their own (see Doc).
	pictures bool
	// glamourCounts leaves the numbering of list items to Glamour, which
	// counts each item's predecessors: for tests, to compare with.
	glamourCounts bool
	// highlightLines and highlightBytes are the longest code block
	// highlighted (see maxHighlightLines).
	highlightLines, highlightBytes int
	// plainPartLines is how many lines of plain code go to Glamour as
	// one block (see cutPlainCode).
	plainPartLines int

	stylesOnce sync.Once
	styles     *ansi.StyleConfig
	stylesErr  error

	mu       sync.Mutex // guards the memo
	memo     map[memoKey]*list.Element
	order    *list.List // most recently used first
	memoSize int
}

// Option sets how a Renderer writes what is not Glamour's.
type Option func(*Renderer)

// WithHyperlinks makes each URL of the links list an OSC 8 hyperlink, for
// terminals that support them.
func WithHyperlinks(on bool) Option { return func(r *Renderer) { r.hyperlinks = on } }

// WithPictures renders each paragraph that is only a picture as a part of
// its own, for a terminal that draws images (see RenderArticleParts).
func WithPictures(on bool) Option { return func(r *Renderer) { r.pictures = on } }

// WithWholeURLs writes each URL of the links list whole on one line, even
// when it is wider than the width; for output that is not a terminal.
func WithWholeURLs() Option { return func(r *Renderer) { r.wholeURLs = true } }

type memoKey struct {
	key   string
	width int
}

type memoEntry struct {
	k   memoKey
	doc Doc
}

// New returns a Renderer for a Glamour style (see CheckStyle) and colour
// profile. Pick the style before the program starts: detecting it inside a
// running Bubble Tea program would read the terminal's reply as keys.
func New(style string, profile termenv.Profile, opts ...Option) *Renderer {
	r := &Renderer{
		style:    style,
		profile:  profile,
		memo:     map[memoKey]*list.Element{},
		order:    list.New(),
		memoSize: 64,

		highlightLines: maxHighlightLines,
		highlightBytes: maxHighlightBytes,
		plainPartLines: plainPartLines,
	}
	for _, o := range opts {
		o(r)
	}
	return r
}

// WrapWidth is the wrap width for a pane of the given width.
func WrapWidth(pane int) int {
	w := pane - 2
	if w > MaxWidth {
		w = MaxWidth
	}
	if w < 20 {
		w = 20
	}
	return w
}

// The parser is Glamour's own (GFM, definition lists, heading IDs) and,
// as Hugo's, takes footnotes and heading attributes ("## Intro {#intro}",
// not shown); byline parses separately so that it can reshape the tree
// before Glamour renders it (see reshape).
var markdownParser = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.DefinitionList, extension.Footnote),
	goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithHeadingAttribute()),
).Parser()

func (r *Renderer) styleConfig() (*ansi.StyleConfig, error) {
	r.stylesOnce.Do(func() { r.styles, r.stylesErr = loadStyle(r.style) })
	return r.styles, r.stylesErr
}

func loadStyle(style string) (*ansi.StyleConfig, error) {
	if strings.HasSuffix(style, ".json") {
		data, err := readStyleFile(style)
		if err != nil {
			return nil, fmt.Errorf("theme %q: %v", style, err)
		}
		var sc ansi.StyleConfig
		if err := json.Unmarshal(data, &sc); err != nil {
			return nil, fmt.Errorf("theme %s: %w", style, err)
		}
		return &sc, nil
	}
	builtin, ok := styles.DefaultStyles[style]
	if !ok {
		return nil, fmt.Errorf("theme %q: no such Glamour style", style)
	}
	sc := *builtin // a copy: the built-in styles are shared
	// Glamour pads inline code with a space each side after it has wrapped
	// the line, so a line with code spans came out wider than the width
	// and had its last word pushed onto a line of its own. The padding
	// goes; the code keeps its colours.
	sc.Code.Prefix, sc.Code.Suffix = "", ""
	if sc.Document.BackgroundColor == nil {
		// Glamour pads every line of a block to the full width with
		// spaces styled as the block: with the document's colour on them,
		// each pad was an escape sequence of its own, ten times the bytes
		// of the text, written, filtered and kept for every line (and no
		// trim could see they were blank). The colour goes on the text
		// itself, which is where it shows; the pads are plain spaces,
		// trimmed.
		if sc.Text.Color == nil {
			sc.Text.Color = sc.Document.Color
		}
		sc.Document.Color = nil
	}
	return &sc, nil
}

// glamourRenderer is Glamour's ANSI renderer for one render: it keeps the
// state of the document it is writing, so renders running side by side
// each have their own. It stops at the next node once ctx is done.
func (r *Renderer) glamourRenderer(ctx context.Context, sc *ansi.StyleConfig, width int, hangs map[ast.Node]int) renderer.Renderer {
	styles, h := hangingStyle(sc, hangs)
	// PreserveNewLines keeps the hard line breaks; reshape has already
	// turned every soft line break into a space.
	ar := ansi.NewRenderer(ansi.Options{WordWrap: width, ColorProfile: r.profile, Styles: styles, PreserveNewLines: true})
	return renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(cancellable{ar, ctx, !r.glamourCounts, h}, 1000)))
}

// cancellable is a node renderer that asks its context before each node,
// and tells Glamour each list item's number.
type cancellable struct {
	r       renderer.NodeRenderer
	ctx     context.Context
	numbers bool
	hangs   *listHangs // nil: Glamour's own indents for nested lists
}

func (c cancellable) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	c.r.RegisterFuncs(checking{reg, c.ctx, c.numbers, c.hangs})
}

type checking struct {
	reg     renderer.NodeRendererFuncRegisterer
	ctx     context.Context
	numbers bool
	hangs   *listHangs
}

func (c checking) Register(kind ast.NodeKind, f renderer.NodeRendererFunc) {
	if kind == ast.KindListItem && c.numbers {
		f = numberItems(f)
	}
	if kind == ast.KindList {
		f = listEdges(f, c.hangs)
	}
	c.reg.Register(kind, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if err := c.ctx.Err(); err != nil {
			return ast.WalkStop, err
		}
		return f(w, src, n, entering)
	})
}

// numberItems gives Glamour's list item renderer each item as the first
// of a list that starts at the item's own number. Glamour numbers an item
// by counting the items before it, on entering it and again on leaving,
// so a list cost the square of its length (20,000 items took 15 s); an
// item's number is its predecessor's plus one, counted once here. Its
// text, its blocks and the items after it are the item's own: Glamour
// writes the same, and a list is never cut.
func numberItems(f renderer.NodeRendererFunc) renderer.NodeRendererFunc {
	index := map[ast.Node]int{} // an item's place in its list, from 0
	// One stand-in item and one stand-in list a list: Glamour reads them
	// while it renders the item and keeps neither.
	item := &firstItem{}
	lists := map[*ast.List]*ast.List{}
	return func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		list, ok := n.Parent().(*ast.List)
		if !ok {
			return f(w, src, n, entering)
		}
		i, seen := index[n]
		if !seen {
			if prev := n.PreviousSibling(); prev != nil {
				i = index[prev] + 1
			}
			index[n] = i
		}
		alone := lists[list]
		if alone == nil {
			alone = ast.NewList(list.Marker)
			alone.IsTight = list.IsTight
			lists[list] = alone
		}
		alone.Start = list.Start + i
		item.Node, item.list = n, alone
		return f(w, src, item, entering)
	}
}

// listEdges gives Glamour's list renderer two lists as other blocks, at
// one edge each, for the newlines Glamour writes around a list:
//
//   - it starts a list with a newline, which ends the line of the item
//     holding it; a quote's first list started with an empty line of the
//     quote's bar. Such a list is entered as a paragraph that comes first,
//     which starts with none (the block it pushes is styled as a
//     paragraph: with the built-in themes, as a list in a quote is);
//   - it ends a list with a newline, which ends its last line; a list
//     whose last item ends in a list already ends with the nested list's,
//     and a tight nested list showed a blank line before the next item,
//     one more for each level. Such a list is finished as a quote is,
//     without one.
//
// A list nested in a list item is indented by the item's marker width
// (listHangs); any other list (at the top, or in a quote in an item,
// which Glamour indented as nested) at its block's left edge, as a list
// at the top is.
//
// glamour_test.go pins each of these.
func listEdges(f renderer.NodeRendererFunc, h *listHangs) renderer.NodeRendererFunc {
	return func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		seen := enteredAs{Node: n, kind: n.Kind()}
		switch {
		case h != nil && inItem(n):
			// No list around it: Glamour indents it by the style's
			// List.Indent, h's, which is the item's marker width
			// whenever Glamour reads it for this list.
			seen.reparent, seen.parent = true, nil
			if entering {
				h.stack = append(h.stack, h.hang(n.Parent()))
			}
			*h.indent = h.stack[len(h.stack)-1]
		case h != nil:
			// At the top, or in a quote in an item: indented as a list at
			// the top is (the style's LevelIndent is that, in h's).
			seen.reparent, seen.parent = true, ast.NewList('-')
		case !inItem(n):
			seen.reparent, seen.parent = true, nil
		}
		if entering && n.PreviousSibling() == nil && n.Parent() != nil && n.Parent().Kind() == ast.KindBlockquote {
			seen.kind = ast.KindParagraph
		}
		if !entering && endsInList(n) {
			seen.kind = ast.KindBlockquote
		}
		status, err := f(w, src, seen, entering)
		if h != nil && inItem(n) && !entering {
			h.stack = h.stack[:len(h.stack)-1]
			if len(h.stack) > 0 {
				*h.indent = h.stack[len(h.stack)-1]
			}
		}
		return status, err
	}
}

// listHangs indents each list nested in a list item by the item's marker
// width, so that it hangs under the item's text. Glamour indents every
// nested list by the style's one LevelIndent (piped output put it two
// columns right of its item's text, the reader's themes one left of an
// ordered item's); a list it sees at the top it indents by the style's
// List.Indent, a pointer it reads each time it measures or writes the
// list. Each list nested in an item is shown to Glamour at the top, and
// indent, that pointer, holds the indent of the innermost such list
// being written; lists at the top (and in quotes) are shown nested, and
// the style's LevelIndent is the top's indent. Glamour counts the width
// left for such a list as if every one around it had its indent:
// listWidth wraps the items' text to that.
type listHangs struct {
	indent *uint
	of     map[ast.Node]int // each item's marker width
	sc     *ansi.StyleConfig
	stack  []uint
}

func (h *listHangs) hang(item ast.Node) uint {
	return uint(nestedIndent(item, h.of, h.sc))
}

// hangingStyle is sc for listHangs: its List.Indent a pointer of the
// render's own, its LevelIndent the top's indent.
func hangingStyle(sc *ansi.StyleConfig, hangs map[ast.Node]int) (ansi.StyleConfig, *listHangs) {
	c := *sc
	var top uint
	if sc.List.Indent != nil {
		top = *sc.List.Indent
	}
	h := &listHangs{indent: new(uint), of: hangs, sc: sc}
	c.List.LevelIndent = top
	c.List.Indent = h.indent
	return c, h
}

// endsInList reports whether a list's last item ends in a list, or in a
// quote in a tight list: a block that ends its own line.
func endsInList(list ast.Node) bool {
	last := list.LastChild()
	if last == nil || last.LastChild() == nil {
		return false
	}
	k := last.LastChild().Kind()
	return k == ast.KindList || k == ast.KindBlockquote && tight(last)
}

// inItem reports whether a list is nested in a list item.
func inItem(list ast.Node) bool {
	return list.Parent() != nil && list.Parent().Kind() == ast.KindListItem
}

// enteredAs is a node seen as one of another kind, or with another
// parent (none: at the top of the document).
type enteredAs struct {
	ast.Node
	kind     ast.NodeKind
	reparent bool
	parent   ast.Node
}

func (n enteredAs) Kind() ast.NodeKind { return n.kind }

func (n enteredAs) Parent() ast.Node {
	if n.reparent {
		return n.parent
	}
	return n.Node.Parent()
}

// firstItem is a list item seen as the first of list.
type firstItem struct {
	ast.Node
	list *ast.List
}

func (i *firstItem) PreviousSibling() ast.Node { return nil }
func (i *firstItem) Parent() ast.Node          { return i.list }

// LastChild is the item's last block; a quote that ends an item of a
// tight list is seen as a list, which ends its own line as a quote does:
// Glamour ends the item with another newline, a blank line, after any
// other block.
func (i *firstItem) LastChild() ast.Node {
	last := i.Node.LastChild()
	if last != nil && last.Kind() == ast.KindBlockquote && tight(i.Node) {
		return enteredAs{Node: last, kind: ast.KindList}
	}
	return last
}

// tight reports whether n is an item of a tight list.
func tight(n ast.Node) bool {
	l, ok := n.Parent().(*ast.List)
	return ok && l.IsTight
}

// Render renders md wrapped at width, its links as Glamour writes them:
// for short texts of byline's own (an article's header). key identifies
// the content for the memo; an empty key is not memoised.
func (r *Renderer) Render(key, md string, width int) (string, error) {
	doc, err := r.render(context.Background(), key, md, width, false)
	return doc.Text(), err
}

// RenderArticle is RenderArticleParts as text alone, every picture its
// caption, without a context: for tests and short articles.
func (r *Renderer) RenderArticle(key, md string, width int) (string, []Link, error) {
	doc, err := r.render(context.Background(), key, md, width, true)
	return doc.Text(), doc.Links, err
}

// RenderArticleParts renders an article's Markdown: every link reads as
// its text and a number, and the links are listed at the end (Doc.Links
// holds them); with WithPictures, each paragraph that is only a picture
// is a part of its own, whose text is its caption, so that the picture
// can be drawn above it. It stops, with ctx's error, soon after ctx is
// done. Text and links are memoised by key (an article ID and content
// hash, say; an empty key is not memoised), so showing an article again,
// or previewing it while moving through the list, parses nothing twice.
func (r *Renderer) RenderArticleParts(ctx context.Context, key, md string, width int) (Doc, error) {
	return r.render(ctx, key, md, width, true)
}

func (r *Renderer) render(ctx context.Context, key, md string, width int, article bool) (Doc, error) {
	mk := memoKey{key, width}
	if key != "" {
		r.mu.Lock()
		el, ok := r.memo[mk]
		if ok {
			r.order.MoveToFront(el)
		}
		r.mu.Unlock()
		if ok {
			return el.Value.(*memoEntry).doc, nil
		}
	}
	doc, err := r.renderDoc(ctx, md, width, article)
	if err != nil {
		return Doc{}, err
	}
	if key != "" {
		r.mu.Lock()
		if _, ok := r.memo[mk]; !ok {
			r.memo[mk] = r.order.PushFront(&memoEntry{mk, doc})
			for r.order.Len() > r.memoSize {
				last := r.order.Back()
				delete(r.memo, last.Value.(*memoEntry).k)
				r.order.Remove(last)
			}
		}
		r.mu.Unlock()
	}
	return doc, nil
}

// renderDoc parses md once, changes the tree (raw HTML as text, links
// numbered, Glamour's gaps mended, text reshaped), cuts it into parts at
// its pictures, and renders each part with Glamour.
func (r *Renderer) renderDoc(ctx context.Context, md string, width int, article bool) (Doc, error) {
	sc, err := r.styleConfig()
	if err != nil {
		return Doc{}, err
	}
	d := parse(ctx, md)
	if err := d.htmlAsText(); err != nil {
		return Doc{}, err
	}
	if err := d.footnotes(); err != nil {
		return Doc{}, err
	}
	if article && r.pictures {
		d.findPictures()
	}
	if err := d.inlineLinks(article); err != nil {
		return Doc{}, err
	}
	for _, img := range d.pictures {
		img.N = d.byURL[img.URL]
	}
	if article {
		d.findAnchors()
	}
	plainCode := sc.CodeBlock.Theme == "" && (sc.CodeBlock.Chroma == nil || r.profile == termenv.Ascii)
	if !plainCode {
		d.plainLongCode(r.highlightLines, r.highlightBytes)
	}
	d.separateItemBlocks()
	d.cutLists()
	plainHeadings(d.root, sc)
	d.src = reshape(d.root, d.src, codeWidth(sc, width), textWidth(sc, width), plainCode, sc)
	d.cutPlainCode(r.plainPartLines, plainCode)
	hangs := markerWidths(d.root, sc)
	if err := ctx.Err(); err != nil {
		return Doc{}, err
	}
	groups := d.split()
	if len(d.links) > 0 {
		// The links list's heading ends the text; the list itself is not
		// Markdown (Glamour would reflow it and break its URLs): it is
		// written after, by linksList.
		last := groups[len(groups)-1]
		if last.image != nil {
			last = &group{root: ast.NewDocument()}
			groups = append(groups, last)
		}
		last.root.AppendChild(last.root, ast.NewThematicBreak())
		heading := ast.NewParagraph()
		var label ast.Node = d.text("Links")
		if sc.Strong.BlockPrefix == "" && sc.Strong.BlockSuffix == "" {
			// Bold where the style can show it; a plain style (piped
			// output) would write it as **Links**.
			strong := ast.NewEmphasis(2)
			strong.AppendChild(strong, label)
			label = strong
		}
		heading.AppendChild(heading, label)
		last.root.AppendChild(last.root, heading)
	}
	var doc Doc
	for _, g := range groups {
		if g.image == nil && g.root.FirstChild() == nil {
			continue
		}
		var buf bytes.Buffer
		if err := r.glamourRenderer(ctx, sc, width, hangs).Render(&buf, d.src, g.root); err != nil {
			if ctx.Err() != nil {
				return Doc{}, ctx.Err()
			}
			return Doc{}, fmt.Errorf("render: %w", err)
		}
		out := strings.ReplaceAll(buf.String(), nbHyphen, "-")
		// The output filter: only Glamour's styling passes; byline's own
		// escapes are added after it, by structure (linksList, and the
		// pictures drawn between parts).
		text := sanitize.StylingOnly(fitLines(trimLines(out), width))
		if len(groups) > 1 {
			// Parts are joined by one blank line, as Glamour spaces blocks.
			text = trimBlankLines(text)
		}
		for _, id := range g.anchors {
			if doc.Anchors == nil {
				doc.Anchors = map[string]int{}
			}
			if _, ok := doc.Anchors[id]; !ok {
				doc.Anchors[id] = len(doc.Parts)
			}
		}
		doc.Parts = append(doc.Parts, Part{Text: text, Image: g.image, Close: g.close})
	}
	doc.Links = d.links
	if len(d.links) > 0 {
		if len(doc.Parts) == 0 {
			doc.Parts = []Part{{}}
		}
		last := &doc.Parts[len(doc.Parts)-1]
		last.Text += "\n" + r.linksList(d.links, width)
	}
	return doc, nil
}

// trimLines drops the padding Glamour puts at the end of every line and
// the blank lines around the document: they only get in the way of copying
// text and of plain output.
func trimLines(s string) string {
	lines := strings.Split(strings.Trim(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}
