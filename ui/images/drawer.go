package images

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"image"
	"sync"
	"time"
)

// maxMaster is the largest side of the copy of a decoded image kept for
// drawing it again at another width: enough for any pane, far less memory
// than a large photograph.
const maxMaster = 1280

// Drawer turns image bytes into the text that shows them, in one mode.
// It keeps a few decoded images and what it drew at each size, so that a
// resize or showing an article again decodes nothing twice. Decoding is
// bounded to two at a time. It is safe for concurrent use; call it from
// commands, never from Update or View.
type Drawer struct {
	mode      Mode
	truecolor bool
	kitty     *Kitty
	// MinSide is the smallest width or height drawn (MinSide by default).
	MinSide int
	// DecodeBudget is the longest a picture is decoded for (DecodeBudget
	// by default); one that takes longer stays its alt text.
	DecodeBudget time.Duration

	decoding chan struct{}
	mu       sync.Mutex
	masters  map[string]*list.Element
	order    *list.List // of *master, most recently used first
	drawn    map[drawKey]string
}

type master struct {
	url string
	img image.Image
}

type drawKey struct {
	url              string
	maxCols, maxRows int
}

// DecodeBudget is the longest one picture is decoded for, by default.
const DecodeBudget = 5 * time.Second

// mastersKept is how many decoded images a Drawer keeps.
const mastersKept = 16

// NewDrawer returns a Drawer for mode: blocks in 24-bit colour when
// truecolor, else in 256 colours; kitty is where kitty images go.
func NewDrawer(mode Mode, truecolor bool, kitty *Kitty) *Drawer {
	return &Drawer{
		mode: mode, truecolor: truecolor, kitty: kitty, MinSide: MinSide, DecodeBudget: DecodeBudget,
		decoding: make(chan struct{}, 2),
		masters:  map[string]*list.Element{},
		order:    list.New(),
		drawn:    map[drawKey]string{},
	}
}

// Mode is the Drawer's mode.
func (d *Drawer) Mode() Mode {
	if d == nil {
		return ModeOff
	}
	return d.mode
}

// Draw returns the lines that show the image url holds (data, its bytes),
// at most maxCols wide and maxRows tall. An image that is not a PNG, JPEG,
// GIF or WebP, is too large to decode, is broken or is tiny is an error:
// the caller shows its alt text.
func (d *Drawer) Draw(url string, data []byte, maxCols, maxRows int) (string, error) {
	return d.DrawContext(context.Background(), url, data, maxCols, maxRows)
}

// DrawContext is Draw that gives up when ctx ends, while it waits to
// decode or decodes: an interrupted 'byline read' stops at once.
func (d *Drawer) DrawContext(ctx context.Context, url string, data []byte, maxCols, maxRows int) (string, error) {
	if d.Mode() == ModeOff {
		return "", fmt.Errorf("images are off")
	}
	k := drawKey{url, maxCols, maxRows}
	d.mu.Lock()
	out, ok := d.drawn[k]
	d.mu.Unlock()
	if ok {
		return out, nil
	}
	img, err := d.master(ctx, url, data)
	if err != nil {
		return "", err
	}
	b := img.Bounds()
	cols, rows := Fit(b.Dx(), b.Dy(), maxCols, maxRows)
	if cols == 0 {
		return "", ErrTiny
	}
	switch d.mode {
	case ModeKitty:
		out, err = d.kitty.Place(url, img, cols, rows)
		if err != nil {
			return "", err
		}
	default:
		out = DrawBlocks(img, cols, rows, d.truecolor)
	}
	d.mu.Lock()
	if len(d.drawn) >= 512 {
		d.drawn = map[drawKey]string{}
	}
	d.drawn[k] = out
	d.mu.Unlock()
	return out, nil
}

// master decodes url's image once (or finds it decoded), scaled down to
// maxMaster.
func (d *Drawer) master(ctx context.Context, url string, data []byte) (image.Image, error) {
	d.mu.Lock()
	if el, ok := d.masters[url]; ok {
		d.order.MoveToFront(el)
		d.mu.Unlock()
		return el.Value.(*master).img, nil
	}
	d.mu.Unlock()
	_, w, h, err := Check(data)
	if err != nil {
		return nil, err
	}
	if w < d.MinSide || h < d.MinSide {
		return nil, fmt.Errorf("%w: %d×%d", ErrTiny, w, h)
	}
	select {
	case d.decoding <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	// A decode has DecodeBudget: whatever the picture is made of, it
	// holds a slot no longer (the decoders read as they go, and each
	// read asks the context).
	dctx, cancel := context.WithTimeout(ctx, d.DecodeBudget)
	img, err := DecodeContext(dctx, data)
	cancel()
	if err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("%w: not decoded within %v", ErrTooBig, d.DecodeBudget)
	}
	if err == nil && (w > maxMaster || h > maxMaster) {
		if w >= h {
			w, h = maxMaster, max(h*maxMaster/w, 1)
		} else {
			w, h = max(w*maxMaster/h, 1), maxMaster
		}
		img = Scale(img, w, h)
	}
	<-d.decoding
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.masters[url] = d.order.PushFront(&master{url, img})
	for d.order.Len() > mastersKept {
		last := d.order.Back()
		delete(d.masters, last.Value.(*master).url)
		d.order.Remove(last)
	}
	return img, nil
}
