// Package render turns an article's Markdown into terminal text with
// Glamour. It keeps one TermRenderer per width and memoises rendered output,
// because building a renderer and rendering a long article both cost
// milliseconds a keystroke cannot spare.
//
// Markdown passes the sanitiser before Glamour sees it, and Glamour's
// output passes sanitize.StylingOnly, so the only escape sequences in what
// Render returns are SGR styling; byline's own OSC 8 links are added to it
// afterwards.
package render

import (
	"container/list"
	"fmt"
	"strings"
	"sync"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/sanitize"
	"github.com/charmbracelet/glamour"
	"github.com/muesli/termenv"
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

	mu        sync.Mutex
	renderers map[int]*glamour.TermRenderer
	memo      map[memoKey]*list.Element
	order     *list.List // most recently used first
	memoSize  int
}

type memoKey struct {
	key   string
	width int
}

type memoEntry struct {
	k     memoKey
	out   string
	links []Link
}

// New returns a Renderer for a Glamour style (see CheckStyle) and colour
// profile. Pick the style before the program starts: detecting it inside a
// running Bubble Tea program would read the terminal's reply as keys.
func New(style string, profile termenv.Profile) *Renderer {
	return &Renderer{
		style:     style,
		profile:   profile,
		renderers: map[int]*glamour.TermRenderer{},
		memo:      map[memoKey]*list.Element{},
		order:     list.New(),
		memoSize:  64,
	}
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

func (r *Renderer) termRenderer(width int) (*glamour.TermRenderer, error) {
	if tr, ok := r.renderers[width]; ok {
		return tr, nil
	}
	opts := []glamour.TermRendererOption{glamour.WithWordWrap(width), glamour.WithColorProfile(r.profile)}
	if strings.HasSuffix(r.style, ".json") {
		data, err := readStyleFile(r.style)
		if err != nil {
			return nil, fmt.Errorf("theme %q: %v", r.style, err)
		}
		opts = append(opts, glamour.WithStylesFromJSONBytes(data))
	} else {
		opts = append(opts, glamour.WithStandardStyle(r.style))
	}
	tr, err := glamour.NewTermRenderer(opts...)
	if err != nil {
		return nil, err
	}
	r.renderers[width] = tr
	return tr, nil
}

// Render renders md wrapped at width. key identifies the content (an
// article ID and content hash, say) for the memo; an empty key is not
// memoised.
func (r *Renderer) Render(key, md string, width int) (string, error) {
	out, _, err := r.render(key, md, width, false)
	return out, err
}

// RenderArticle numbers md's links (see NumberLinks) and renders it; both
// the text and the links are memoised, so showing an article again, or
// previewing it while moving through the list, parses nothing twice.
func (r *Renderer) RenderArticle(key, md string, width int) (string, []Link, error) {
	return r.render(key, md, width, true)
}

func (r *Renderer) render(key, md string, width int, numberLinks bool) (string, []Link, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	mk := memoKey{key, width}
	if key != "" {
		if el, ok := r.memo[mk]; ok {
			r.order.MoveToFront(el)
			e := el.Value.(*memoEntry)
			return e.out, e.links, nil
		}
	}
	// Cleaned as Markdown first, so that no character reference decodes
	// to a control; the output filter below is the last line.
	md = sanitize.Markdown(md)
	var links []Link
	if numberLinks {
		md, links = NumberLinks(md)
	}
	tr, err := r.termRenderer(width)
	if err != nil {
		return "", nil, err
	}
	out, err := tr.Render(md)
	if err != nil {
		return "", nil, fmt.Errorf("render: %w", err)
	}
	out = trimLines(sanitize.StylingOnly(out))
	if key != "" {
		r.memo[mk] = r.order.PushFront(&memoEntry{mk, out, links})
		for r.order.Len() > r.memoSize {
			last := r.order.Back()
			delete(r.memo, last.Value.(*memoEntry).k)
			r.order.Remove(last)
		}
	}
	return out, links, nil
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
