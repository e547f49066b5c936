// Package render turns an article's Markdown into terminal text with
// Glamour. It keeps one Glamour renderer per width and memoises rendered
// output, because building a renderer and rendering a long article both cost
// milliseconds a keystroke cannot spare.
//
// Markdown passes the sanitiser before Glamour sees it, and Glamour's
// output passes sanitize.StylingOnly, so the only escape sequences in what
// Render returns are SGR styling; byline's own OSC 8 links are added to it
// afterwards.
package render

import (
	"bytes"
	"container/list"
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
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
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

// Renderer renders Markdown at a width. It is safe for concurrent use.
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

	mu        sync.Mutex
	styles    *ansi.StyleConfig
	renderers map[int]renderer.Renderer
	memo      map[memoKey]*list.Element
	order     *list.List // most recently used first
	memoSize  int
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
		style:     style,
		profile:   profile,
		renderers: map[int]renderer.Renderer{},
		memo:      map[memoKey]*list.Element{},
		order:     list.New(),
		memoSize:  64,
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

// The parser is Glamour's own (GFM, definition lists, heading IDs); byline
// parses separately so that it can reshape the tree before Glamour renders
// it (see reshape).
var markdownParser = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.DefinitionList),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
).Parser()

func (r *Renderer) styleConfig() (*ansi.StyleConfig, error) {
	if r.styles != nil {
		return r.styles, nil
	}
	if strings.HasSuffix(r.style, ".json") {
		data, err := readStyleFile(r.style)
		if err != nil {
			return nil, fmt.Errorf("theme %q: %v", r.style, err)
		}
		var sc ansi.StyleConfig
		if err := json.Unmarshal(data, &sc); err != nil {
			return nil, fmt.Errorf("theme %s: %w", r.style, err)
		}
		r.styles = &sc
		return r.styles, nil
	}
	builtin, ok := styles.DefaultStyles[r.style]
	if !ok {
		return nil, fmt.Errorf("theme %q: no such Glamour style", r.style)
	}
	sc := *builtin // a copy: the built-in styles are shared
	// Glamour pads inline code with a space each side after it has wrapped
	// the line, so a line with code spans came out wider than the width
	// and had its last word pushed onto a line of its own. The padding
	// goes; the code keeps its colours.
	sc.Code.Prefix, sc.Code.Suffix = "", ""
	r.styles = &sc
	return r.styles, nil
}

func (r *Renderer) glamourRenderer(width int) (renderer.Renderer, *ansi.StyleConfig, error) {
	sc, err := r.styleConfig()
	if err != nil {
		return nil, nil, err
	}
	if gr, ok := r.renderers[width]; ok {
		return gr, sc, nil
	}
	// PreserveNewLines keeps the hard line breaks; reshape has already
	// turned every soft line break into a space.
	ar := ansi.NewRenderer(ansi.Options{WordWrap: width, ColorProfile: r.profile, Styles: *sc, PreserveNewLines: true})
	gr := renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(ar, 1000)))
	r.renderers[width] = gr
	return gr, sc, nil
}

// Render renders md wrapped at width. key identifies the content (an
// article ID and content hash, say) for the memo; an empty key is not
// memoised.
func (r *Renderer) Render(key, md string, width int) (string, error) {
	doc, err := r.render(key, md, width, false)
	return doc.Text(), err
}

// RenderArticle numbers md's links (see NumberLinks), renders it and lists
// the links at its end (see linksList); both the text and the links are
// memoised, so showing an article again, or previewing it while moving
// through the list, parses nothing twice.
func (r *Renderer) RenderArticle(key, md string, width int) (string, []Link, error) {
	doc, err := r.render(key, md, width, true)
	return doc.Text(), doc.Links, err
}

// RenderArticleParts is RenderArticle in parts: with WithPictures, each
// paragraph that is only a picture is a part of its own, whose text is its
// caption, so that the picture can be drawn above it.
func (r *Renderer) RenderArticleParts(key, md string, width int) (Doc, error) {
	return r.render(key, md, width, true)
}

func (r *Renderer) render(key, md string, width int, numberLinks bool) (Doc, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	mk := memoKey{key, width}
	if key != "" {
		if el, ok := r.memo[mk]; ok {
			r.order.MoveToFront(el)
			return el.Value.(*memoEntry).doc, nil
		}
	}
	// Cleaned as Markdown first, so that no character reference decodes
	// to a control; the output filter below is the last line.
	md = sanitize.Markdown(md)
	chunks := []chunk{{src: md}}
	if numberLinks && r.pictures {
		chunks = splitPictures(md)
	}
	var nb numberer
	if numberLinks {
		for i := range chunks {
			chunks[i].src = nb.rewrite(chunks[i].src)
			if img := chunks[i].image; img != nil {
				img.N = nb.byURL[img.URL]
			}
		}
		if len(nb.links) > 0 {
			last := &chunks[len(chunks)-1]
			last.src = strings.TrimRight(last.src, "\n") + "\n\n---\n\n**Links**\n"
		}
	}
	var doc Doc
	for _, c := range chunks {
		if c.image == nil && strings.TrimSpace(c.src) == "" {
			continue
		}
		out, err := r.glamour(c.src, width)
		if err != nil {
			return Doc{}, err
		}
		// The output filter: only Glamour's styling passes; byline's own
		// escapes are added after it, by structure (linksList, and the
		// pictures drawn between parts).
		text := sanitize.StylingOnly(out)
		if len(chunks) > 1 {
			// Parts are joined by one blank line, as Glamour spaces blocks.
			text = trimBlankLines(text)
		}
		doc.Parts = append(doc.Parts, Part{Text: text, Image: c.image})
	}
	doc.Links = nb.links
	if len(nb.links) > 0 {
		if len(doc.Parts) == 0 {
			doc.Parts = []Part{{}}
		}
		last := &doc.Parts[len(doc.Parts)-1]
		last.Text += "\n" + r.linksList(nb.links, width)
	}
	if key != "" {
		r.memo[mk] = r.order.PushFront(&memoEntry{mk, doc})
		for r.order.Len() > r.memoSize {
			last := r.order.Back()
			delete(r.memo, last.Value.(*memoEntry).k)
			r.order.Remove(last)
		}
	}
	return doc, nil
}

// glamour renders sanitised Markdown with Glamour's ANSI renderer, after
// reshaping the tree, and fits the result to width.
func (r *Renderer) glamour(md string, width int) (string, error) {
	gr, sc, err := r.glamourRenderer(width)
	if err != nil {
		return "", err
	}
	src := []byte(sanitize.Text(md))
	if len(src) > 0 && src[len(src)-1] != '\n' {
		// A last line without its newline is given one by goldmark when
		// read (Segment.Value appends it in place), over whatever reshape
		// has appended to src by then: a letter lost, soft breaks turned
		// hard. With the newline there, nothing is appended.
		src = append(src, '\n')
	}
	doc := markdownParser.Parse(text.NewReader(src))
	src = reshape(doc, src, codeWidth(sc, width), textWidth(sc, width))
	var buf bytes.Buffer
	if err := gr.Render(&buf, src, doc); err != nil {
		return "", fmt.Errorf("render: %w", err)
	}
	out := strings.ReplaceAll(buf.String(), nbHyphen, "-")
	return fitLines(trimLines(out), width), nil
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
