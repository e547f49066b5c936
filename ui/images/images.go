// Package images draws an article's pictures in the terminal: it decodes
// image bytes (PNG, JPEG, GIF, WebP) with their dimensions checked first,
// fits them to the article's width, and writes them as half blocks in
// colour or as kitty graphics placeholders.
//
// Nothing of an image's bytes or metadata reaches the terminal except as
// pixels: the escape sequences are written here, from decoded pixels, and
// added to the rendered article by structure after its output filter.
// It fetches nothing and reads no store: the bytes are given to it.
package images

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // registers GIF; Decode takes the first frame
	_ "image/jpeg"
	_ "image/png"
	"io"
	"strings"

	_ "golang.org/x/image/webp"
)

// Mode is how images are drawn.
type Mode int

const (
	// ModeOff shows an image as its alt text and numbered link.
	ModeOff Mode = iota
	// ModeBlocks draws two pixels per cell with half blocks in colour.
	ModeBlocks
	// ModeKitty draws with the kitty graphics protocol's Unicode placeholders.
	ModeKitty
)

func (m Mode) String() string {
	switch m {
	case ModeBlocks:
		return "blocks"
	case ModeKitty:
		return "kitty"
	}
	return "off"
}

// Modes are the values of the images setting; "auto" is decided at start
// (see Choose).
var Modes = []string{"auto", "kitty", "blocks", "off"}

// CheckMode reports whether s is one of Modes.
func CheckMode(s string) error {
	for _, m := range Modes {
		if s == m {
			return nil
		}
	}
	return fmt.Errorf("images must be one of %s, not %q", strings.Join(Modes, ", "), s)
}

// Choose turns the images setting into a mode: kitty where asked for or
// where the terminal answered the kitty graphics query, blocks where asked
// for or where the terminal has at least 256 colours, else off; and off
// whatever the setting when the output is not a terminal.
func Choose(setting string, terminal, kittyAnswered bool, colors int) Mode {
	if !terminal {
		return ModeOff
	}
	switch setting {
	case "off":
		return ModeOff
	case "kitty":
		return ModeKitty
	case "blocks":
		return ModeBlocks
	}
	switch {
	case kittyAnswered:
		return ModeKitty
	case colors >= 256:
		return ModeBlocks
	}
	return ModeOff
}

// Limits on what is decoded. A picture's header can claim any size; a
// decompression bomb is refused from its header, before a pixel is
// decoded.
const (
	// MaxSide is the widest or tallest image decoded.
	MaxSide = 16384
	// MaxPixels bounds the memory one decode takes (about 4 bytes a
	// pixel).
	MaxPixels = 24_000_000
	// MinSide is the smallest image drawn: tracking pixels, spacers and
	// icons are not pictures of the article.
	MinSide = 32
)

// Errors for images that are shown as their alt text.
var (
	ErrFormat = errors.New("not a PNG, JPEG, GIF or WebP image")
	ErrTooBig = errors.New("image dimensions too large")
	ErrTiny   = errors.New("image too small to be worth drawing")
)

// Check reads an image's header: its format and dimensions, and whether
// it may be decoded. It decodes no pixels.
func Check(data []byte) (format string, w, h int, err error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", 0, 0, ErrFormat
	}
	switch format {
	case "png", "jpeg", "gif", "webp":
	default:
		return "", 0, 0, ErrFormat
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxSide || cfg.Height > MaxSide || cfg.Width*cfg.Height > MaxPixels {
		return format, cfg.Width, cfg.Height, fmt.Errorf("%w: %d×%d", ErrTooBig, cfg.Width, cfg.Height)
	}
	if format == "jpeg" {
		// Each scan is decoded over the whole picture: a large one gets
		// fewer (a 24-megapixel picture, 12).
		limit := min(MaxScans, maxScanPixels/(cfg.Width*cfg.Height))
		if n := jpegScans(data, limit); n > limit {
			return format, cfg.Width, cfg.Height, fmt.Errorf("%w: more than %d scans at %d×%d", ErrTooBig, limit, cfg.Width, cfg.Height)
		}
	}
	return format, cfg.Width, cfg.Height, nil
}

// MaxScans is the most scans a JPEG may have to be decoded. A progressive
// JPEG is decoded scan by scan, each over the whole picture: 20,000 scans
// in 740 KB held a decode for minutes. Encoders write one scan for a
// baseline picture and about ten for a progressive one (libjpeg's
// progression: 10 in colour, 6 in grey, 18 for CMYK).
const MaxScans = 32

// maxScanPixels bounds a JPEG's scans times its pixels: twelve scans of
// the largest picture decoded.
const maxScanPixels = 12 * MaxPixels

// jpegScans counts the scans (start-of-scan markers) of a JPEG, walking
// its segments and skipping each scan's coded data, and stops counting
// past limit. It reads the bytes once and decodes nothing.
func jpegScans(data []byte, limit int) int {
	scans := 0
	for i := 2; i+1 < len(data) && scans <= limit; {
		if data[i] != 0xff { // coded data or padding: on to the next 0xFF
			j := bytes.IndexByte(data[i:], 0xff)
			if j < 0 {
				return scans
			}
			i += j
			continue
		}
		m := data[i+1]
		switch {
		case m == 0xff: // fill byte
			i++
			continue
		case m == 0x00 || m >= 0xd0 && m <= 0xd7: // a stuffed 0xFF, a restart marker: coded data
			i += 2
			continue
		case m == 0xd8 || m == 0x01:
			i += 2
			continue
		case m == 0xd9: // end of image
			return scans
		}
		if i+3 >= len(data) {
			return scans
		}
		n := int(data[i+2])<<8 | int(data[i+3])
		if m == 0xda {
			scans++
		}
		i += 2 + n // the coded data after a scan's header is skipped above
	}
	return scans
}

// Decode decodes an image whose header passed Check. A truncated or
// corrupt image is an error; GIF gives its first frame.
func Decode(data []byte) (image.Image, error) {
	return DecodeContext(context.Background(), data)
}

// DecodeContext is Decode that stops when ctx ends: the decoders read
// their input a few kilobytes at a time as they go, and each read asks
// ctx first.
func DecodeContext(ctx context.Context, data []byte) (image.Image, error) {
	if _, _, _, err := Check(data); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(ctxReader{ctx, bytes.NewReader(data)})
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	return img, nil
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (r ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

// Cell is the size in pixels an image is laid out at per cell: a cell is
// about twice as tall as it is wide, and a picture of 8 pixels a column
// reads at its natural size on most terminals.
const (
	cellW = 8
	cellH = 16
)

// Fit lays an image of w×h pixels out in cells: at its natural size (see
// cellW), at most maxCols wide and maxRows tall, keeping its aspect ratio
// on cells twice as tall as wide.
func Fit(w, h, maxCols, maxRows int) (cols, rows int) {
	if w <= 0 || h <= 0 || maxCols <= 0 || maxRows <= 0 {
		return 0, 0
	}
	cols = min((w+cellW-1)/cellW, maxCols)
	rows = rowsFor(w, h, cols)
	if rows > maxRows {
		rows = maxRows
		// cols/rows = 2w/h on cells of aspect 1:2.
		cols = max(min(int(float64(rows)*2*float64(w)/float64(h)+0.5), maxCols), 1)
	}
	return cols, max(rows, 1)
}

func rowsFor(w, h, cols int) int {
	return int(float64(cols)*float64(h)/(2*float64(w)) + 0.5)
}
