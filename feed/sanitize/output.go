package sanitize

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// StylingOnly is the last filter before the terminal, for text that a
// library has rendered from cleaned input: it keeps SGR styling (CSI
// parameters m) and printable text, and drops everything else that Text
// drops: every other escape sequence, C0 controls but newline and tab,
// C1 controls, DEL and the invisible format characters. A Markdown parser
// decodes &#x1b; into ESC after the input was cleaned; whatever the
// encoding was, what comes out of here can only set colours.
//
// Run it on a renderer's output before byline adds its own sequences
// (OSC 8 hyperlinks), which it would remove.
func StylingOnly(s string) string {
	return clean(s, true)
}

// sgrEnd returns the end of the SGR sequence (ESC [ digits ; : m) that
// starts at s[i], or 0 when there is none there.
func sgrEnd(s string, i int) int {
	if i+1 >= len(s) || s[i] != 0x1b || s[i+1] != '[' {
		return 0
	}
	for j := i + 2; j < len(s); j++ {
		switch c := s[j]; {
		case c >= '0' && c <= '9', c == ';', c == ':':
		case c == 'm':
			return j + 1
		default:
			return 0
		}
	}
	return 0
}

// charRef matches a character reference as CommonMark reads one.
var charRef = regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)

// Markdown is Text for Markdown: a Markdown parser decodes character
// references after the text was cleaned, so a reference to a control or
// an invisible character (&#x1b;, &#27;, &#x9b;, &#8238;, &rlm;) has its
// ampersand escaped, and reads as the reference the author wrote instead
// of acting on the terminal. Removing it instead could join the text
// around it into a new reference ("&#x&#x200b;1b;"). References to
// anything else are left for the parser.
func Markdown(s string) string {
	s = Text(s)
	if !strings.Contains(s, "&") {
		return s
	}
	return charRef.ReplaceAllStringFunc(s, func(ref string) string {
		var r rune
		switch {
		case ref[1] == '#' && (ref[2] == 'x' || ref[2] == 'X'):
			n, _ := strconv.ParseUint(ref[3:len(ref)-1], 16, 32)
			r = rune(n)
		case ref[1] == '#':
			n, _ := strconv.ParseUint(ref[2:len(ref)-1], 10, 32)
			r = rune(n)
		default:
			// Named references can stand for two characters; all of them
			// are checked.
			if dec := html.UnescapeString(ref); dec != ref && Text(dec) != dec {
				return "&amp;" + ref[1:]
			}
			return ref
		}
		if r == 0 || r > utf8.MaxRune || (r >= 0xd800 && r <= 0xdfff) {
			return ref // the parser makes these U+FFFD
		}
		if dangerous(r) {
			return "&amp;" + ref[1:]
		}
		return ref
	})
}

// dangerous reports a character Text would remove.
func dangerous(r rune) bool {
	return (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || invisible(r)
}
