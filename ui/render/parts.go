package render

import (
	"github.com/byline/byline/feed"
	"net/url"
	"strings"

	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
)

// Image is a picture of an article that a terminal may draw (ui/images):
// its address, alt text and number in the links list.
type Image struct {
	URL string
	Alt string
	N   int
}

// Part is a piece of a rendered article: text, or a picture. A picture's
// Text is its caption, the alt text and link number it is shown as when
// it is not drawn.
type Part struct {
	Text  string
	Image *Image
	// Close: the part follows the one before it on the next line, not
	// after a blank line (a list cut at an item a link points to).
	Close bool
}

// Doc is an article rendered in parts, so that pictures can be drawn
// between them: byline's image escapes are added by structure, after the
// output filter has run over Glamour's text, never by rewriting it.
// Anchors are the headings its in-page links point to, by the link's
// fragment ("intro" for a link to "#intro"): each heading's part, which
// begins with it (or with the quote or list holding it).
type Doc struct {
	Parts   []Part
	Links   []Link
	Anchors map[string]int
}

// Text is the article as text alone, every picture its caption.
func (d Doc) Text() string {
	var b strings.Builder
	for i, p := range d.Parts {
		if i > 0 {
			b.WriteString(d.Gap(i))
		}
		b.WriteString(p.Text)
	}
	return b.String()
}

// Gap is what goes between part i and the one before it: a blank line,
// or a line break alone before a Close part.
func (d Doc) Gap(i int) string {
	if i > 0 && i < len(d.Parts) && d.Parts[i].Close {
		return "\n"
	}
	return "\n\n"
}

// Images are the pictures of the article, in order.
func (d Doc) Images() []Image {
	var out []Image
	for _, p := range d.Parts {
		if p.Image != nil {
			out = append(out, *p.Image)
		}
	}
	return out
}

// group is a run of top-level blocks of a document, or one paragraph
// that is only a picture, rendered as one part.
type group struct {
	root    *ast.Document
	image   *Image
	anchors []string
	close   bool // see Part.Close
}

// findAnchors notes the headings that the article's in-page links point
// to, under each link's fragment as written ("intro" for "#intro"): a
// heading's id is its automatic one ("## Setup steps" is setup-steps) or
// the one written after it ("## Intro {#intro}"), or an id in the
// article's inline HTML (see noteTargets); a fragment may percent-encode
// it ("#caf%C3%A9"). A heading in a quote is found at the top-level block
// holding it; one in an item of a list, at that item, the list cut there
// (see cutLists).
func (d *document) findAnchors() {
	wanted := map[string][]string{} // a heading id, the fragments naming it
	for _, l := range d.links {
		if !inPage(l.URL) {
			continue
		}
		fragment := l.URL[1:]
		wanted[fragment] = append(wanted[fragment], fragment)
		if id, err := url.PathUnescape(fragment); err == nil && id != fragment {
			wanted[id] = append(wanted[id], fragment)
		}
	}
	if len(wanted) == 0 {
		return
	}
	type found struct {
		n         ast.Node // the heading, or the block that held an anchor
		fragments []string
		anchor    bool
	}
	var targets []found
	for top := d.root.FirstChild(); top != nil; top = top.NextSibling() {
		_ = ast.Walk(top, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			h, ok := n.(*ast.Heading)
			if !entering || !ok {
				return ast.WalkContinue, nil
			}
			if v, ok := h.AttributeString("id"); ok {
				if id, ok := v.([]byte); ok && len(wanted[string(id)]) > 0 {
					targets = append(targets, found{h, wanted[string(id)], false})
					delete(wanted, string(id)) // the first heading of an id is the one
				}
			}
			return ast.WalkSkipChildren, nil
		})
	}
	// Then the ids of inline HTML.
	for id, n := range d.targets {
		if fragments := wanted[id]; len(fragments) > 0 {
			targets = append(targets, found{n, fragments, true})
		}
	}
	// Where each is: its top-level block, or in a list, its item.
	for _, t := range targets {
		var item ast.Node
		top := t.n
		for top.Parent() != nil && top.Parent() != d.root {
			item, top = top, top.Parent()
		}
		if top.Parent() == nil {
			continue // taken out of the article since
		}
		if _, ok := top.(*ast.List); ok && item != nil && item != top.FirstChild() {
			if d.cuts == nil {
				d.cuts = map[ast.Node][]string{}
			}
			d.cuts[item] = append(d.cuts[item], t.fragments...)
			continue
		}
		if t.anchor && top.Kind() == ast.KindParagraph && top.FirstChild() == nil && top.NextSibling() != nil {
			// The anchor was all the block held (<a name="x"></a> on a
			// line before a heading): the block after it.
			top = top.NextSibling()
		}
		if d.anchors == nil {
			d.anchors = map[ast.Node][]string{}
		}
		d.anchors[top] = append(d.anchors[top], t.fragments...)
	}
}

// cutLists cuts top-level lists before the items links point to (see
// findAnchors), each list's items moved once, so that each such item
// begins a part. The lists after a cut go on numbering, and are close to
// the one before (their part follows on the next line, as Glamour writes
// a list's items) unless the list's items are a blank line apart (see
// separateItemBlocks): the parts read as the list did.
func (d *document) cutLists() {
	if len(d.cuts) == 0 {
		return
	}
	for top := d.root.FirstChild(); top != nil; top = top.NextSibling() {
		l, ok := top.(*ast.List)
		if !ok {
			continue
		}
		cur := l
		i := 0
		for item := l.FirstChild(); item != nil; i++ {
			next := item.NextSibling()
			if fragments, ok := d.cuts[item]; ok && item != l.FirstChild() {
				rest := ast.NewList(l.Marker)
				rest.IsTight = l.IsTight
				if l.IsOrdered() {
					rest.Start = l.Start + i
				}
				d.root.InsertAfter(d.root, cur, rest)
				cur = rest
				if d.anchors == nil {
					d.anchors = map[ast.Node][]string{}
				}
				d.anchors[rest] = fragments
				if !d.spaced[l] {
					if d.close == nil {
						d.close = map[ast.Node]bool{}
					}
					d.close[rest] = true
				}
			}
			if cur != l {
				l.RemoveChild(l, item)
				cur.AppendChild(cur, item)
			}
			item = next
		}
		top = cur // the lists made follow it
	}
}

// split cuts the document at its picture paragraphs (see findPictures)
// and before the blocks holding its anchors (see findAnchors), moving its
// blocks into one document per part; without either it is one part.
func (d *document) split() []*group {
	if len(d.pictures) == 0 && len(d.anchors) == 0 {
		return []*group{{root: d.root}}
	}
	var out []*group
	var cur *group
	for n := d.root.FirstChild(); n != nil; {
		next := n.NextSibling()
		d.root.RemoveChild(d.root, n)
		if img, ok := d.pictures[n]; ok {
			g := &group{root: ast.NewDocument(), image: img}
			g.root.AppendChild(g.root, n)
			out = append(out, g)
			cur = nil
		} else {
			ids, anchor := d.anchors[n]
			if cur == nil || anchor {
				cur = &group{root: ast.NewDocument(), anchors: ids, close: d.close[n]}
				out = append(out, cur)
			}
			cur.root.AppendChild(cur.root, n)
		}
		n = next
	}
	if len(out) == 0 {
		out = []*group{{root: ast.NewDocument()}}
	}
	return out
}

// trimBlankLines drops the lines at either end of s that show nothing
// (Glamour pads some blocks with a line of styled spaces).
func trimBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	blank := func(l string) bool { return strings.TrimSpace(xansi.Strip(l)) == "" }
	for len(lines) > 0 && blank(lines[0]) {
		lines = lines[1:]
	}
	for len(lines) > 0 && blank(lines[len(lines)-1]) {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// WithoutTitle drops md's first line when it is a top-level heading that
// says the article's title: the reader and 'byline read' show the title
// above the body, and a Markdown file without front matter (whose title is
// its first heading) or a page whose text starts with its <h1> said it
// twice.
func WithoutTitle(md, title string) string {
	rest := strings.TrimLeft(md, " \t\n")
	line, after, _ := strings.Cut(rest, "\n")
	heading, ok := strings.CutPrefix(strings.TrimSpace(line), "# ")
	if !ok {
		return md
	}
	heading = strings.TrimSpace(strings.TrimRight(feed.WithoutHeadingAttributes(heading), "#"))
	// The title is the heading as it reads (a folder's title taken from
	// it is so) or, stored before that, as it was written.
	if !sameWords(feed.InlineText(heading), title) && !sameWords(unescapeMarkdown(heading), title) {
		return md
	}
	return strings.TrimLeft(after, "\n")
}

// sameWords reports whether a and b have the same words, case aside.
func sameWords(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}
