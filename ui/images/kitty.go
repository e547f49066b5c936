package images

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"io"
	"strconv"
	"strings"
	"sync"
)

// placeholder is the kitty graphics protocol's image placeholder: a cell
// showing it, coloured with an image's ID and marked with its row and
// column, shows that part of the image's virtual placement. Being text, it
// scrolls, wraps and redraws with the rest of the view.
const placeholder = '\U0010EEEE'

// chunk is the most base64 one transmission escape may carry.
const chunk = 4096

// maxTransmit bounds the pixels sent for one image: the terminal scales
// them into the placement's cells, and no pane is wider than this.
const maxTransmit = 1280

// Kitty draws images with the kitty graphics protocol. Each image's pixels
// are transmitted once per session, when it is first placed, straight to
// the terminal (out, which the program's renderer writes through too; see
// Terminal); after that, placing it at another size sends one short
// escape, and drawing it is only placeholder text. It is safe for
// concurrent use.
type Kitty struct {
	mu     sync.Mutex
	out    io.Writer
	next   uint32
	ids    map[string]uint32   // image key → transmitted image ID
	placed map[uint32][2]int   // image ID → columns and rows of its placement
	sent   map[uint32]struct{} // IDs to delete at the end
}

// NewKitty returns a Kitty writing to out, numbering images from firstID
// (any 24-bit value; pick it at random so that two programs in one
// terminal do not share IDs).
func NewKitty(out io.Writer, firstID uint32) *Kitty {
	return &Kitty{out: out, next: firstID&0xFFFFFF | 1, ids: map[string]uint32{}, placed: map[uint32][2]int{}, sent: map[uint32]struct{}{}}
}

// Place makes sure the image for key (its URL, say) has been transmitted
// and has a virtual placement of cols×rows cells, and returns the
// placeholder text that shows it: rows lines of cols cells.
func (k *Kitty) Place(key string, img image.Image, cols, rows int) (string, error) {
	cols, rows = min(cols, len(diacritics)), min(rows, len(diacritics))
	k.mu.Lock()
	defer k.mu.Unlock()
	id, ok := k.ids[key]
	if !ok {
		id = k.next
		k.next = (k.next + 1) & 0xFFFFFF
		if k.next == 0 {
			k.next = 1
		}
		if _, err := k.out.Write(transmission(id, img)); err != nil {
			return "", fmt.Errorf("kitty transmission: %w", err)
		}
		k.ids[key] = id
		k.sent[id] = struct{}{}
	}
	if k.placed[id] != [2]int{cols, rows} {
		// The same placement ID replaces the earlier placement.
		if _, err := io.WriteString(k.out, placement(id, cols, rows)); err != nil {
			return "", fmt.Errorf("kitty placement: %w", err)
		}
		k.placed[id] = [2]int{cols, rows}
	}
	return Placeholders(id, cols, rows), nil
}

// Close frees the terminal's copies of every image transmitted.
func (k *Kitty) Close() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	var b strings.Builder
	for id := range k.sent {
		b.WriteString("\x1b_Ga=d,d=I,i=" + strconv.FormatUint(uint64(id), 10) + ",q=2\x1b\\")
	}
	k.sent = map[uint32]struct{}{}
	if b.Len() == 0 {
		return nil
	}
	_, err := io.WriteString(k.out, b.String())
	return err
}

// transmission is the escape that sends img's pixels as image id: a PNG
// encoded here from the decoded pixels (never the source's bytes), in
// base64 chunks, quietly (q=2: the terminal answers nothing, so nothing
// reaches the program's input).
func transmission(id uint32, img image.Image) []byte {
	b := img.Bounds()
	if b.Dx() > maxTransmit || b.Dy() > maxTransmit {
		w, h := b.Dx(), b.Dy()
		if w >= h {
			w, h = maxTransmit, max(h*maxTransmit/w, 1)
		} else {
			w, h = max(w*maxTransmit/h, 1), maxTransmit
		}
		img = Scale(img, w, h)
	}
	var pngBuf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	_ = enc.Encode(&pngBuf, img) // writes to memory: cannot fail
	data := base64.StdEncoding.EncodeToString(pngBuf.Bytes())
	var out bytes.Buffer
	first := true
	for {
		part := data[:min(chunk, len(data))]
		data = data[len(part):]
		more := 0
		if data != "" {
			more = 1
		}
		if first {
			fmt.Fprintf(&out, "\x1b_Ga=t,f=100,t=d,i=%d,q=2,m=%d;%s\x1b\\", id, more, part)
			first = false
		} else {
			fmt.Fprintf(&out, "\x1b_Gm=%d;%s\x1b\\", more, part)
		}
		if more == 0 {
			return out.Bytes()
		}
	}
}

// placement is the escape that gives image id a virtual placement of
// cols×rows cells, shown wherever its placeholders are.
func placement(id uint32, cols, rows int) string {
	return fmt.Sprintf("\x1b_Ga=p,U=1,i=%d,p=1,c=%d,r=%d,q=2\x1b\\", id, cols, rows)
}

// Placeholders is the text that shows image id's virtual placement: rows
// lines of cols placeholder cells, each with its row and column
// diacritics, in the foreground colour that encodes the ID (24-bit:
// red is the ID's high byte).
func Placeholders(id uint32, cols, rows int) string {
	colour := fmt.Sprintf("\x1b[38;2;%d;%d;%dm", id>>16&0xFF, id>>8&0xFF, id&0xFF)
	var b strings.Builder
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(colour)
		for c := 0; c < cols; c++ {
			b.WriteRune(placeholder)
			b.WriteRune(diacritics[r])
			b.WriteRune(diacritics[c])
		}
		b.WriteString("\x1b[39m")
	}
	return b.String()
}
