// Package termbg asks the terminal whether its background is dark, once,
// with a short timeout, and only when asked.
//
// Bubble Tea's own init asks the same question through lipgloss and waits
// five seconds for a terminal that never answers (a plain pseudo-terminal,
// some multiplexers), before byline has even read its command line. This
// package's init runs first (its import path sorts before Bubble Tea's and
// it needs only lipgloss and ui/tty), and settles the answer so that Bubble Tea does
// not ask: byline picks its colours from its own theme, and asks here only
// for theme "auto".
package termbg

import (
	"bytes"
	"strconv"
	"time"

	"github.com/byline/byline/ui/tty"
	"github.com/charmbracelet/lipgloss"
)

func init() {
	lipgloss.SetHasDarkBackground(true)
}

// Dark asks the terminal for its background colour and reports whether it
// is dark; ok is false when the terminal did not say within timeout (or
// there is no terminal), and the caller should pick a default.
func Dark(timeout time.Duration) (dark, ok bool) {
	return parse(tty.Ask("\x1b]11;?\x07", timeout))
}

// parse finds an OSC 11 answer ("\x1b]11;rgb:RRRR/GGGG/BBBB") in b.
func parse(b []byte) (dark, found bool) {
	i := bytes.Index(b, []byte("]11;rgb:"))
	if i < 0 {
		return false, false
	}
	rest := b[i+len("]11;rgb:"):]
	var rgb [3]float64
	for c := 0; c < 3; c++ {
		end := bytes.IndexAny(rest, "/\x07\x1b")
		if end < 0 {
			return false, false
		}
		v, err := strconv.ParseUint(string(rest[:end]), 16, 32)
		if err != nil || end == 0 {
			return false, false
		}
		rgb[c] = float64(v) / float64(uint64(1)<<(4*end)-1)
		rest = rest[end:]
		if c < 2 {
			rest = rest[1:]
		}
	}
	lum := 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
	return lum < 0.5, true
}
