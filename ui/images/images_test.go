package images

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// testPicture is a w×h picture with four coloured quarters and a
// transparent square in the middle: what the blocks drawing must show is
// plain to see.
func testPicture(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.NRGBA{A: 255}
			switch {
			case x < w/2 && y < h/2:
				c.R = 220
			case y < h/2:
				c.G = 200
			case x < w/2:
				c.B = 230
			default:
				c.R, c.G, c.B = 240, 240, 240
			}
			if x >= w*3/8 && x < w*5/8 && y >= h*3/8 && y < h*5/8 {
				c = color.NRGBA{}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeGIF(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := gif.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// webp1x1 is a valid lossless WebP of one pixel: the standard library and
// golang.org/x/image have no WebP encoder to make one at test time.
var webp1x1, _ = base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")

// The blocks drawing of a known picture at a known width, in 24-bit and
// 256 colours.
func TestBlocksGolden(t *testing.T) {
	for _, truecolor := range []bool{true, false} {
		name := "256"
		if truecolor {
			name = "truecolor"
		}
		t.Run(name, func(t *testing.T) {
			d := NewDrawer(ModeBlocks, truecolor, nil)
			out, err := d.Draw("https://img.example/a.png", encodePNG(t, testPicture(128, 96)), 16, 20)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(out, "\n")
			if len(lines) != 6 {
				t.Fatalf("%d lines, want 6 (16 columns of a 4:3 picture on 1:2 cells)", len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w != 16 {
					t.Errorf("line %d is %d cells wide, want 16", i, w)
				}
				if !strings.HasSuffix(l, "\x1b[0m") {
					t.Errorf("line %d does not reset its colours", i)
				}
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

// Every format decodes; what is not one of them, or is broken, or claims
// huge dimensions, is an error before any pixel is decoded.
func TestDecodeFormatsAndHostileImages(t *testing.T) {
	pic := testPicture(40, 40)
	pngData := encodePNG(t, pic)
	for name, data := range map[string][]byte{
		"png": pngData, "jpeg": encodeJPEG(t, pic), "gif": encodeGIF(t, pic), "webp": webp1x1,
	} {
		format, _, _, err := Check(data)
		if err != nil || format != name {
			t.Errorf("%s: Check = %q, %v", name, format, err)
		}
		if _, err := Decode(data); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, tc := range map[string]struct {
		data []byte
		want error
	}{
		"truncated":    {pngData[:len(pngData)/2], nil},
		"html":         {[]byte("<!doctype html><html><body>Not found</body></html>"), ErrFormat},
		"empty":        {nil, ErrFormat},
		"svg":          {[]byte(`<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"/>`), ErrFormat},
		"bomb":         {hugePNGHeader(t, 100000, 100000), ErrTooBig},
		"wide bomb":    {hugePNGHeader(t, 16000, 16000), ErrTooBig},
		"escape bytes": {append([]byte("\x1b]52;c;aGk=\x07"), pngData[8:]...), ErrFormat},
	} {
		_, err := Decode(tc.data)
		if err == nil {
			t.Errorf("%s: decoded", name)
			continue
		}
		if tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
}

// hugePNGHeader is a PNG that claims w×h pixels and has none: decoding it
// would allocate w×h×4 bytes.
func hugePNGHeader(t *testing.T, w, h int) []byte {
	data := encodePNG(t, image.NewGray(image.Rect(0, 0, 1, 1)))
	// IHDR's width and height follow the 8-byte signature and the chunk's
	// length and type; its CRC follows its 13 bytes.
	be := func(v uint32) []byte { return []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)} }
	copy(data[16:20], be(uint32(w)))
	copy(data[20:24], be(uint32(h)))
	copy(data[29:33], be(crc32.ChecksumIEEE(data[12:29])))
	return data
}

func TestTinyImagesAreNotDrawn(t *testing.T) {
	d := NewDrawer(ModeBlocks, true, nil)
	for _, size := range [][2]int{{1, 1}, {16, 16}, {300, 20}} {
		_, err := d.Draw("u", encodePNG(t, testPicture(size[0], size[1])), 80, 20)
		if !errors.Is(err, ErrTiny) {
			t.Errorf("%v: %v, want ErrTiny", size, err)
		}
	}
	if _, err := d.Draw("w", webp1x1, 80, 20); !errors.Is(err, ErrTiny) {
		t.Errorf("1×1 WebP: %v, want ErrTiny", err)
	}
}

func TestFit(t *testing.T) {
	for _, tc := range []struct{ w, h, maxCols, maxRows, cols, rows int }{
		{640, 480, 80, 40, 80, 30},  // width-bound
		{640, 480, 200, 20, 53, 20}, // height-bound: 4:3 at 20 rows
		{160, 80, 80, 40, 20, 5},    // natural size: 8 pixels a column
		{100, 4000, 80, 20, 1, 20},  // a very tall strip
		{4000, 10, 80, 20, 80, 1},   // a very wide one
	} {
		cols, rows := Fit(tc.w, tc.h, tc.maxCols, tc.maxRows)
		if cols != tc.cols || rows != tc.rows {
			t.Errorf("Fit(%d, %d, %d, %d) = %d×%d, want %d×%d", tc.w, tc.h, tc.maxCols, tc.maxRows, cols, rows, tc.cols, tc.rows)
		}
	}
}

func TestChoose(t *testing.T) {
	for _, tc := range []struct {
		setting  string
		terminal bool
		kitty    bool
		colors   int
		want     Mode
	}{
		{"auto", true, true, 1 << 24, ModeKitty},
		{"auto", true, false, 1 << 24, ModeBlocks},
		{"auto", true, false, 256, ModeBlocks},
		{"auto", true, false, 16, ModeOff},
		{"kitty", false, true, 1 << 24, ModeOff}, // not a terminal
		{"blocks", true, true, 16, ModeBlocks},
		{"off", true, true, 1 << 24, ModeOff},
	} {
		if got := Choose(tc.setting, tc.terminal, tc.kitty, tc.colors); got != tc.want {
			t.Errorf("Choose(%+v) = %v, want %v", tc, got, tc.want)
		}
	}
}

var apc = regexp.MustCompile("\x1b_G([^;\x1b]*)(?:;([^\x1b]*))?\x1b\\\\")

// An image is transmitted once, whatever the number of times and sizes it
// is drawn at; each size is one placement; the placeholders carry the
// image's ID in their colour and each cell's row and column.
func TestKittyTransmitsOnce(t *testing.T) {
	var term bytes.Buffer
	k := NewKitty(&term, 0x123456)
	d := NewDrawer(ModeKitty, true, k)
	data := encodePNG(t, testPicture(640, 480))
	first, err := d.Draw("https://img.example/a.png", data, 40, 40)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := d.Draw("https://img.example/a.png", data, 40, 40)
	wider, _ := d.Draw("https://img.example/a.png", data, 60, 40)
	if first != again {
		t.Error("the same size drew differently")
	}
	var transmissions, placements, chunks int
	var pngB64 strings.Builder
	for _, m := range apc.FindAllStringSubmatch(term.String(), -1) {
		switch {
		case strings.HasPrefix(m[1], "a=t,"):
			transmissions++
			if !strings.Contains(m[1], "i="+strconv.Itoa(0x123457)) || !strings.Contains(m[1], "q=2") || !strings.Contains(m[1], "f=100") {
				t.Errorf("transmission %q", m[1])
			}
			pngB64.WriteString(m[2])
			chunks++
		case strings.HasPrefix(m[1], "m="):
			pngB64.WriteString(m[2])
			chunks++
		case strings.HasPrefix(m[1], "a=p,"):
			placements++
			if !strings.Contains(m[1], "U=1") {
				t.Errorf("placement %q is not virtual", m[1])
			}
		}
	}
	if transmissions != 1 || placements != 2 {
		t.Errorf("%d transmissions and %d placements, want 1 and 2 (one per size)", transmissions, placements)
	}
	if !strings.Contains(term.String(), "m=0;") {
		t.Error("the last chunk is not marked m=0")
	}
	// What was sent is a PNG of the pixels, whole.
	raw, err := base64.StdEncoding.DecodeString(pngB64.String())
	if err != nil {
		t.Fatal(err)
	}
	if img, err := png.Decode(bytes.NewReader(raw)); err != nil || img.Bounds().Dx() != 640 {
		t.Errorf("transmitted image: %v", err)
	}

	lines := strings.Split(first, "\n")
	if len(lines) != 15 { // 40 columns of 4:3 on 1:2 cells
		t.Fatalf("%d rows, want 15", len(lines))
	}
	for r, l := range lines {
		if !strings.HasPrefix(l, "\x1b[38;2;18;52;87m") { // 0x123457
			t.Fatalf("row %d: colour %q", r, l[:20])
		}
		if w := ansi.StringWidth(l); w != 40 {
			t.Errorf("row %d is %d cells wide, want 40", r, w)
		}
		cells := []rune(ansi.Strip(l))
		if len(cells) != 120 {
			t.Fatalf("row %d: %d runes", r, len(cells))
		}
		for c := 0; c < 40; c++ {
			if cells[3*c] != placeholder || cells[3*c+1] != diacritics[r] || cells[3*c+2] != diacritics[c] {
				t.Fatalf("row %d column %d: %U %U %U", r, c, cells[3*c], cells[3*c+1], cells[3*c+2])
			}
		}
	}
	if n := strings.Count(wider, "\n") + 1; n != 23 {
		t.Errorf("60 columns: %d rows, want 23", n)
	}
	term.Reset()
	if err := k.Close(); err != nil || term.String() != "\x1b_Ga=d,d=I,i=1193047,q=2\x1b\\" {
		t.Errorf("Close wrote %q, %v", term.String(), err)
	}
}

// The terminal sees no byte of a source image: its metadata (a PNG text
// chunk holding an escape sequence) is gone, only pixels remain.
func TestNothingOfTheSourceReachesTheTerminal(t *testing.T) {
	data := encodePNG(t, testPicture(64, 64))
	// A tEXt chunk after IHDR.
	body := []byte("tEXtComment\x00\x1b[2J")
	text := binary.BigEndian.AppendUint32(nil, uint32(len(body)-4))
	text = append(text, body...)
	text = binary.BigEndian.AppendUint32(text, crc32.ChecksumIEEE(body))
	evil := append(append(append([]byte{}, data[:33]...), text...), data[33:]...)
	for _, mode := range []Mode{ModeBlocks, ModeKitty} {
		var term bytes.Buffer
		out, err := NewDrawer(mode, true, NewKitty(&term, 1)).Draw("u", evil, 40, 20)
		if err != nil {
			t.Fatalf("%v: %v", mode, err)
		}
		all := out + term.String()
		if strings.Contains(all, "\x1b[2J") || strings.Contains(all, "Comment") {
			t.Errorf("%v: the image's metadata reached the terminal", mode)
		}
	}
}

func BenchmarkDrawBlocks(b *testing.B) {
	data := encodePNG(b, photo(1200, 800))
	b.ReportAllocs()
	for b.Loop() {
		d := NewDrawer(ModeBlocks, true, nil) // nothing remembered: decode + scale + encode
		if _, err := d.Draw("u", data, 96, 30); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDrawKitty(b *testing.B) {
	data := encodePNG(b, photo(1200, 800))
	b.ReportAllocs()
	for b.Loop() {
		var term bytes.Buffer
		d := NewDrawer(ModeKitty, true, NewKitty(&term, 1))
		if _, err := d.Draw("u", data, 96, 30); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDrawBlocksJPEG(b *testing.B) {
	data := encodeJPEG(b, photo(1200, 800))
	b.ReportAllocs()
	for b.Loop() {
		d := NewDrawer(ModeBlocks, true, nil)
		if _, err := d.Draw("u", data, 96, 30); err != nil {
			b.Fatal(err)
		}
	}
}

// photo is a picture with smooth gradients and detail, like a screenshot
// or a photograph rather than flat colour.
func photo(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x ^ y) & 0xFF), 255})
		}
	}
	return img
}

// manyScans is a JPEG whose one scan is repeated n times: a decoder reads
// each again over the whole picture, as it reads a progressive JPEG's.
func manyScans(t testing.TB, n int) []byte {
	var buf bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	sos := bytes.Index(data, []byte{0xff, 0xda})
	eoi := bytes.LastIndex(data, []byte{0xff, 0xd9})
	if sos < 0 || eoi < sos {
		t.Fatal("no scan")
	}
	out := append([]byte{}, data[:sos]...)
	for range n {
		out = append(out, data[sos:eoi]...)
	}
	return append(out, 0xff, 0xd9)
}

// A JPEG of more scans than encoders write is refused before it is
// decoded: 20,000 scans in 740 KB held a decode slot for minutes. One of
// a progressive JPEG's usual ten is drawn.
func TestJPEGScansAreCountedBeforeDecoding(t *testing.T) {
	if got := jpegScans(manyScans(t, 10), MaxScans); got != 10 {
		t.Fatalf("counted %d scans, want 10", got)
	}
	if _, err := Decode(manyScans(t, 10)); err != nil {
		t.Fatalf("ten scans: %v", err)
	}
	hostile := manyScans(t, 2000)
	if _, _, _, err := Check(hostile); !errors.Is(err, ErrTooBig) || !strings.Contains(err.Error(), "scans") {
		t.Fatalf("Check: %v", err)
	}
	d := NewDrawer(ModeBlocks, true, nil)
	if _, err := d.Draw("https://example.com/scans.jpg", hostile, 40, 10); !errors.Is(err, ErrTooBig) {
		t.Fatalf("Draw: %v", err)
	}
}

func BenchmarkJPEGScans(b *testing.B) {
	for _, n := range []int{200, 2000} {
		data := manyScans(b, n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				jpegScans(data, 1<<30)
			}
		})
	}
}

// A decode stops when its context ends (an interrupted 'byline read'):
// the decoder's next read of its input says so.
func TestDecodeStopsWithItsContext(t *testing.T) {
	data := manyScans(t, 20)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := DecodeContext(ctx, data); !errors.Is(err, context.Canceled) {
		t.Fatalf("DecodeContext: %v", err)
	}
	d := NewDrawer(ModeBlocks, true, nil)
	if _, err := d.DrawContext(ctx, "https://example.com/a.jpg", data, 40, 10); !errors.Is(err, context.Canceled) {
		t.Fatalf("DrawContext: %v", err)
	}
	if _, err := d.Draw("https://example.com/a.jpg", data, 40, 10); err != nil {
		t.Fatalf("Draw: %v", err)
	}
}

// A picture is decoded within a time budget, whatever it is made of; one
// that takes longer stays its alt text instead of holding a decode slot.
// A large JPEG gets fewer scans than a small one.
func TestDecodeHasABudget(t *testing.T) {
	d := NewDrawer(ModeBlocks, true, nil)
	d.DecodeBudget = time.Nanosecond
	if _, err := d.Draw("https://example.com/a.jpg", manyScans(t, 3), 40, 10); !errors.Is(err, ErrTooBig) || !strings.Contains(err.Error(), "not decoded within") {
		t.Fatalf("over its budget: %v", err)
	}
	d.DecodeBudget = DecodeBudget
	if _, err := d.Draw("https://example.com/a.jpg", manyScans(t, 3), 40, 10); err != nil {
		t.Fatalf("within its budget: %v", err)
	}
	// 16 scans: drawn at 256×256, refused at the size where twelve
	// whole-picture scans is all a decode may take.
	var buf bytes.Buffer
	big := image.NewGray(image.Rect(0, 0, 6000, 4000))
	if err := jpeg.Encode(&buf, big, nil); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	sos := bytes.Index(data, []byte{0xff, 0xda})
	eoi := bytes.LastIndex(data, []byte{0xff, 0xd9})
	many := append([]byte{}, data[:sos]...)
	for range 16 {
		many = append(many, data[sos:eoi]...)
	}
	many = append(many, 0xff, 0xd9)
	if _, _, _, err := Check(many); !errors.Is(err, ErrTooBig) {
		t.Fatalf("16 scans at 6000×4000: %v", err)
	}
	if _, _, _, err := Check(manyScans(t, 16)); err != nil {
		t.Fatalf("16 scans at 256×256: %v", err)
	}
}
