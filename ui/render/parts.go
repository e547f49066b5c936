package render

import (
	"strings"

	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
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
}

// Doc is an article rendered in parts, so that pictures can be drawn
// between them: byline's image escapes are added by structure, after the
// output filter has run over Glamour's text, never by rewriting it.
type Doc struct {
	Parts []Part
	Links []Link
}

// Text is the article as text alone, every picture its caption.
func (d Doc) Text() string {
	texts := make([]string, len(d.Parts))
	for i, p := range d.Parts {
		texts[i] = p.Text
	}
	return strings.Join(texts, "\n\n")
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

// chunk is a run of top-level blocks of a document's Markdown, or one
// paragraph that is only a picture (an image, or a linked image).
type chunk struct {
	src   string
	image *Image
}

// splitPictures cuts md at its top-level paragraphs that hold only a
// picture with an http(s) address. A document with reference definitions
// is not cut (a reference may be used in one part and defined in another):
// its pictures stay captions.
func splitPictures(md string) []chunk {
	src := []byte(md)
	pc := parser.NewContext()
	doc := linkParser.Parse(text.NewReader(src), parser.WithContext(pc))
	if len(pc.References()) > 0 {
		return []chunk{{src: md}}
	}
	var out []chunk
	prev := 0
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		para, ok := n.(*ast.Paragraph)
		if !ok || para.Lines().Len() == 0 {
			continue
		}
		img := onlyPicture(para, src)
		if img == nil {
			continue
		}
		url := strings.TrimSpace(string(img.Destination))
		if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
			continue
		}
		lines := para.Lines()
		start, stop := lines.At(0).Start, lines.At(lines.Len()-1).Stop
		if start < prev || stop > len(md) {
			continue
		}
		out = append(out, chunk{src: md[prev:start]})
		alt := strings.Join(strings.Fields(plainText(img, src)), " ")
		out = append(out, chunk{src: md[start:stop], image: &Image{URL: url, Alt: alt}})
		prev = stop
	}
	if len(out) == 0 {
		return []chunk{{src: md}}
	}
	return append(out, chunk{src: md[prev:]})
}

// onlyPicture returns the image a paragraph holds and nothing else (bar
// spaces), directly or as a link's only content.
func onlyPicture(p *ast.Paragraph, src []byte) *ast.Image {
	var only ast.Node
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok && t.Segment.Len() > 0 && strings.TrimSpace(string(t.Segment.Value(src))) == "" {
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
	heading = strings.TrimSpace(strings.TrimRight(heading, "#"))
	if !sameWords(unescapeMarkdown(heading), title) {
		return md
	}
	return strings.TrimLeft(after, "\n")
}

// sameWords reports whether a and b have the same words, case aside.
func sameWords(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}
