package main

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"github.com/byline/byline/ui/meta"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/imagecache"
	"github.com/byline/byline/library"
	"github.com/byline/byline/store"
	"github.com/byline/byline/ui"
	"github.com/byline/byline/ui/images"
	"github.com/byline/byline/ui/render"
	"github.com/muesli/termenv"
)

// kittyQueryTimeout is how long byline waits, once at start, for the
// terminal to say whether it takes kitty graphics. Terminals answer in
// milliseconds; the device-attributes question sent with it ends the wait
// early on those that do not take them.
const kittyQueryTimeout = 400 * time.Millisecond

// imageCacheDir is where pictures are kept: $XDG_CACHE_HOME/byline/images,
// or, for a library named with --data-dir (the demo, a test), a folder
// inside it, so that libraries do not share pictures.
func (a *app) imageCacheDir() string {
	if a.dataDir != xdgDir("XDG_DATA_HOME", filepath.Join(".local", "share")) {
		return filepath.Join(a.dataDir, "images")
	}
	return filepath.Join(xdgDir("XDG_CACHE_HOME", ".cache"), "images")
}

// imageCacheBytes is the picture cache's bound.
func (a *app) imageCacheBytes() int64 {
	if a.cfg.ImageCacheMB <= 0 {
		return imagecache.DefaultMax
	}
	return int64(a.cfg.ImageCacheMB * (1 << 20))
}

func (a *app) openImageCache() (*imagecache.Cache, error) {
	return imagecache.Open(a.imageCacheDir(), a.imageCacheBytes())
}

// imageMode decides how pictures are drawn: setting is the config's or
// --images; "auto" asks the terminal (once, now: before any program reads
// keys) and looks at its colours.
func (a *app) imageMode(setting string) images.Mode {
	if setting == "" {
		setting = "auto"
	}
	colors := 0
	switch termenv.EnvColorProfile() {
	case termenv.TrueColor:
		colors = 1 << 24
	case termenv.ANSI256:
		colors = 256
	}
	kitty := false
	if setting == "auto" && a.stdoutIsTerminal {
		kitty = images.QueryKitty(kittyQueryTimeout)
	}
	return images.Choose(setting, a.stdoutIsTerminal, kitty, colors)
}

// newKitty returns a kitty image writer to out, numbering images from a
// random ID so that two programs in one terminal do not share IDs.
func newKitty(out io.Writer) *images.Kitty {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return images.NewKitty(out, binary.BigEndian.Uint32(b[:])&0x7FFFFF|0x100000)
}

// drawPictures draws the pictures of doc above their captions for 'byline
// read': from the cache, else fetched (unless offline), as many and for as
// long as a save keeps them (library.DrawPictures). A picture that cannot
// be had or drawn stays its caption; one line on stderr says when some
// were left out.
func (a *app) drawPictures(doc render.Doc, d *images.Drawer, cache *imagecache.Cache, width int) string {
	var f *feed.Fetcher
	if !a.offline {
		f = a.fetcher()
	}
	maxRows := a.cfg.ImageHeight
	if maxRows <= 0 {
		maxRows = 24
	}
	var urls []string
	for _, img := range doc.Images() {
		urls = append(urls, img.URL)
	}
	drawn := map[string]string{}
	left := library.DrawPictures(a.ctx, f, cache, urls, func(ctx context.Context, url string, data []byte) error {
		lines, err := d.DrawContext(ctx, url, data, width-4, maxRows)
		if err == nil {
			drawn[url] = lines
		}
		return err
	})
	if left > 0 && a.ctx.Err() == nil {
		fmt.Fprintf(a.stderr, "byline: %s left out (at most %d, within %v, as for a save); their captions stand in\n",
			meta.Plural(left, "picture", "pictures"), library.MaxPicturesKept, library.PicturesBudget)
	}
	return ui.PageBody(doc, drawn)
}

// gcImages keeps the starred articles' pictures, trims the cache to its
// bound and says what it holds.
func (a *app) gcImages(st *store.Store) error {
	cache, err := a.openImageCache()
	if err != nil {
		return err
	}
	pins := library.New(library.Options{Store: st, Images: cache, Offline: true}) // pins; fetches nothing
	if err := pins.KeepPictures(a.ctx); err != nil {
		return err
	}
	removed, err := cache.Trim()
	if err != nil {
		return err
	}
	n, size, err := cache.Usage()
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Image cache: %s, %s (removed %d; bound %s) in %s.\n", meta.Plural(n, "image", "images"), megabytes(size), removed, megabytes(a.imageCacheBytes()), cache.Dir())
	return nil
}

// readerImages sets up the reader's pictures: the mode, the drawer and, for
// kitty, the terminal output both Bubble Tea and the drawer write through.
// The returned function frees the terminal's copies of the images; call it
// after the program ends.
func (a *app) readerImages() (mode images.Mode, d *images.Drawer, cache *imagecache.Cache, term *images.Terminal, done func()) {
	done = func() {}
	mode = a.imageMode(a.cfg.Images)
	if mode == images.ModeOff {
		return mode, nil, nil, nil, done
	}
	cache, err := a.openImageCache()
	if err != nil {
		fmt.Fprintf(a.stderr, "byline: pictures are not shown: %v\n", err)
		return images.ModeOff, nil, nil, nil, done
	}
	var kitty *images.Kitty
	if mode == images.ModeKitty {
		term = images.NewTerminal(os.Stdout)
		kitty = newKitty(term)
		done = func() { _ = kitty.Close() }
	}
	d = images.NewDrawer(mode, termenv.EnvColorProfile() == termenv.TrueColor, kitty)
	return mode, d, cache, term, done
}
