package ui

import (
	"context"
	"strings"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/imagecache"
	"github.com/byline/byline/library"
	"github.com/byline/byline/ui/images"
	"github.com/byline/byline/ui/render"
	tea "github.com/charmbracelet/bubbletea"
)

// ImageOptions say how the reader shows the pictures of articles.
type ImageOptions struct {
	// Drawer draws them; nil (or a Drawer in ModeOff) shows each as its
	// caption, the alt text and link number.
	Drawer *images.Drawer
	// Cache keeps their bytes for offline reading; required with a Drawer.
	Cache *imagecache.Cache
	// Fetcher gets those the cache lacks; nil offline.
	Fetcher *feed.Fetcher
	// MaxRows caps a picture's height in rows; 0: half the pane.
	MaxRows int
}

func (o ImageOptions) on() bool { return o.Drawer.Mode() != images.ModeOff && o.Cache != nil }

// PictureDrawnMsg carries one picture of the shown article, drawn at the
// pane's size, or why it cannot be (then its caption stands alone). Gen is
// the render it belongs to.
type PictureDrawnMsg struct {
	Gen   int
	URL   string
	Lines string
	Err   error
}

// pictures are the shown article's parts and the pictures drawn for them
// so far.
type pictures struct {
	gen   int
	doc   render.Doc
	drawn map[string]string
}

// showPictures starts drawing the pictures of a rendered article, each in
// its own command, so that the text shows at once and each picture
// appears as it arrives.
func (m *Model) showPictures(msg articleRenderedMsg) tea.Cmd {
	m.pics = pictures{gen: msg.Gen, doc: msg.Doc, drawn: map[string]string{}}
	if msg.Err != nil {
		return nil
	}
	return m.drawPictures()
}

// drawPictures draws those of the shown article's pictures not drawn yet.
func (m *Model) drawPictures() tea.Cmd {
	o := m.opts.Images
	if !o.on() {
		return nil
	}
	// The picture sits inside the document's margins (2 cells each side).
	maxCols := render.WrapWidth(m.readerWidth()) - 4
	maxRows := o.MaxRows
	if maxRows <= 0 {
		maxRows = max(m.mainHeight()/2, 4)
	}
	var cmds []tea.Cmd
	seen := map[string]bool{}
	for _, img := range m.pics.doc.Images() {
		if _, drawn := m.pics.drawn[img.URL]; seen[img.URL] || drawn {
			continue
		}
		seen[img.URL] = true
		cmds = append(cmds, drawPicture(m.io.ctx, o, img.URL, maxCols, maxRows, m.pics.gen))
	}
	return tea.Batch(cmds...)
}

// drawPicture gets a picture (cache, else network) and draws it, off the
// UI goroutine.
func drawPicture(ctx context.Context, o ImageOptions, url string, maxCols, maxRows, gen int) tea.Cmd {
	return func() tea.Msg {
		var lines string
		err := library.DrawPicture(ctx, o.Fetcher, o.Cache, url, func(data []byte) (err error) {
			lines, err = o.Drawer.DrawContext(ctx, url, data, maxCols, maxRows)
			return err
		})
		return PictureDrawnMsg{Gen: gen, URL: url, Lines: lines, Err: err}
	}
}

// pictureDrawn puts an arrived picture into the shown article, keeping
// the scroll position. A picture that cannot be drawn changes nothing: its
// caption is already there.
func (m Model) pictureDrawn(msg PictureDrawnMsg) (Model, tea.Cmd) {
	if msg.Gen != m.renderGen || msg.Gen != m.pics.gen || msg.Err != nil || msg.Lines == "" {
		return m, nil
	}
	above := m.pics.linesAbove(msg.URL, msg.Lines)
	again := m.stillFollowed()
	m.pics.drawn[msg.URL] = msg.Lines
	m.reader.SetBodyGrown(m.pics.body(), above)
	if again {
		m = m.followAgain()
	}
	return m, nil
}

// linesAbove says how many lines the picture of url adds above a line of
// the page body without it (PageBody's layout: parts a Gap apart, a
// picture's lines before its caption); the other pictures are counted as
// drawn or not when it is called.
func (p pictures) linesAbove(url, lines string) func(first int) int {
	return func(first int) int {
		added, at := 0, 0
		for i, part := range p.doc.Parts {
			if i > 0 {
				at += strings.Count(p.doc.Gap(i), "\n") - 1 // the blank line before it, if any
			}
			if at >= first {
				break
			}
			n := strings.Count(part.Text, "\n") + 1
			switch {
			case part.Image == nil:
			case part.Image.URL == url:
				added += strings.Count(lines, "\n") + 1
			default:
				if drawn, ok := p.drawn[part.Image.URL]; ok {
					n += strings.Count(drawn, "\n") + 1
				}
			}
			at += n
		}
		return added
	}
}

// lineOfPart is the line of the page body (PageBody's layout) where part
// i begins: its picture's first line, when one is drawn, else its text's.
func (p pictures) lineOfPart(i int) int {
	at := 0
	for j, part := range p.doc.Parts[:min(i, len(p.doc.Parts))] {
		at += strings.Count(part.Text, "\n") + strings.Count(p.doc.Gap(j+1), "\n") // its lines and the gap after
		if part.Image != nil {
			if drawn, ok := p.drawn[part.Image.URL]; ok {
				at += strings.Count(drawn, "\n") + 1
			}
		}
	}
	return at
}

// body is the article with the pictures drawn so far.
func (p pictures) body() string { return PageBody(p.doc, p.drawn) }

// PageBody is a rendered article with the pictures drawn so far (by URL)
// above their captions, indented to the document's margin: how both the
// reader and 'byline read' put pictures into the page. A picture not drawn
// is its caption alone.
func PageBody(doc render.Doc, drawn map[string]string) string {
	parts := make([]string, len(doc.Parts))
	for i, part := range doc.Parts {
		parts[i] = part.Text
		if part.Image == nil {
			continue
		}
		if lines, ok := drawn[part.Image.URL]; ok {
			parts[i] = "  " + strings.ReplaceAll(lines, "\n", "\n  ") + "\n" + part.Text
		}
	}
	var b strings.Builder
	for i, part := range parts {
		if i > 0 {
			b.WriteString(doc.Gap(i))
		}
		b.WriteString(part)
	}
	return b.String()
}
