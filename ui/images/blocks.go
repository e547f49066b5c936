package images

import (
	"image"
	"image/color"
	"strconv"
	"strings"

	"golang.org/x/image/draw"
)

// upperHalf draws the cell's top pixel in the foreground colour and its
// bottom pixel in the background colour; lowerHalf is for a cell whose top
// pixel is transparent.
const (
	upperHalf = "▀"
	lowerHalf = "▄"
)

// Scale resizes img to exactly w×h pixels.
func Scale(img image.Image, w, h int) *image.NRGBA {
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.BiLinear.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
	return dst
}

// DrawBlocks draws img in cols×rows cells, two pixels to a cell, in 24-bit
// colour or, when truecolor is false, in the 256 colours of xterm's
// palette. Each line ends with its styling reset, so that a line cut by a
// scrolling viewport leaks no colour into the next.
func DrawBlocks(img image.Image, cols, rows int, truecolor bool) string {
	px := Scale(img, cols, rows*2)
	var b strings.Builder
	b.Grow(cols * rows * 24)
	for y := 0; y < rows; y++ {
		var fg, bg string // the colours in force on this line
		for x := 0; x < cols; x++ {
			top, bottom := px.NRGBAAt(x, 2*y), px.NRGBAAt(x, 2*y+1)
			topOn, bottomOn := top.A >= 128, bottom.A >= 128
			var glyph, wantFG, wantBG string
			switch {
			case topOn && bottomOn:
				glyph, wantFG, wantBG = upperHalf, sgrColor(top, truecolor, true), sgrColor(bottom, truecolor, false)
			case topOn:
				glyph, wantFG, wantBG = upperHalf, sgrColor(top, truecolor, true), "49"
			case bottomOn:
				glyph, wantFG, wantBG = lowerHalf, sgrColor(bottom, truecolor, true), "49"
			default:
				glyph, wantFG, wantBG = " ", fg, "49"
			}
			var params []string
			if wantFG != fg {
				params = append(params, wantFG)
				fg = wantFG
			}
			if wantBG != bg {
				params = append(params, wantBG)
				bg = wantBG
			}
			if len(params) > 0 {
				b.WriteString("\x1b[" + strings.Join(params, ";") + "m")
			}
			b.WriteString(glyph)
		}
		b.WriteString("\x1b[0m")
		if y < rows-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// sgrColor is the SGR parameters for c as foreground or background.
func sgrColor(c color.NRGBA, truecolor, fg bool) string {
	lead := "48"
	if fg {
		lead = "38"
	}
	if truecolor {
		return lead + ";2;" + strconv.Itoa(int(c.R)) + ";" + strconv.Itoa(int(c.G)) + ";" + strconv.Itoa(int(c.B))
	}
	return lead + ";5;" + strconv.Itoa(xterm256(c))
}

// cubeLevels are the channel values of xterm's 6×6×6 colour cube.
var cubeLevels = [6]int{0, 95, 135, 175, 215, 255}

// xterm256 is the nearest colour of xterm's 256-colour palette in its
// colour cube (16–231) or grey ramp (232–255); the first 16 are left out,
// since each terminal's theme chooses them.
func xterm256(c color.NRGBA) int {
	r, g, b := int(c.R), int(c.G), int(c.B)
	ri, gi, bi := nearestLevel(r), nearestLevel(g), nearestLevel(b)
	cube := 16 + 36*ri + 6*gi + bi
	cubeDist := dist(r, g, b, cubeLevels[ri], cubeLevels[gi], cubeLevels[bi])
	// Grey ramp: 8, 18, …, 238.
	avg := (r + g + b) / 3
	gi2 := min(max((avg-8+5)/10, 0), 23)
	grey := 8 + 10*gi2
	if dist(r, g, b, grey, grey, grey) < cubeDist {
		return 232 + gi2
	}
	return cube
}

func nearestLevel(v int) int {
	best, bestD := 0, 1<<30
	for i, l := range cubeLevels {
		if d := (v - l) * (v - l); d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

func dist(r1, g1, b1, r2, g2, b2 int) int {
	return (r1-r2)*(r1-r2) + (g1-g2)*(g1-g2) + (b1-b2)*(b1-b2)
}
