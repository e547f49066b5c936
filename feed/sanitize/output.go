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
	return clean(s, true, false)
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

// charRef matches a character reference as html.UnescapeString reads one
// (Glamour decodes text with it): the semicolon is optional, and a number
// runs to its last digit.
var charRef = regexp.MustCompile(`&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?`)

// Markdown is Text for Markdown: a Markdown renderer decodes character
// references after the text was cleaned, so a reference to a control or
// an invisible character (&#x1b;, &#27;, &#27 without its semicolon,
// &#x9b;, &#8238;, &rlm;) has its ampersand escaped, and reads as the
// reference the author wrote instead of acting on the terminal. Removing
// it instead could join the text around it into a new reference
// ("&#x&#x200b;1b;"). Each reference is decoded as the renderer would
// (html.UnescapeString, whose numbers wrap around past 64 bits), so no
// spelling of one slips through. References to anything else are left.
func Markdown(s string) string {
	s = clean(s, false, true) // what it cleans is a conversion's output
	if !strings.Contains(s, "&") {
		return s
	}
	return charRef.ReplaceAllStringFunc(s, func(ref string) string {
		if dec := html.UnescapeString(ref); dec != ref && Text(dec) != dec || dangerousCodePoint(ref) {
			return "&amp;" + ref[1:]
		}
		return ref
	})
}

// dangerousCodePoint reports a numeric reference whose code point is one
// Text would remove, as a CommonMark parser reads it (html.UnescapeString
// turns &#x9b; into "›"; CommonMark into the C1 control).
func dangerousCodePoint(ref string) bool {
	num, ok := strings.CutPrefix(strings.TrimSuffix(ref, ";"), "&#")
	if !ok {
		return false
	}
	base := 10
	if num != "" && (num[0] == 'x' || num[0] == 'X') {
		num, base = num[1:], 16
	}
	n, err := strconv.ParseUint(num, base, 32)
	if err != nil || n == 0 || n > utf8.MaxRune {
		return false // the parser makes these U+FFFD
	}
	return dangerous(rune(n))
}

// dangerous reports a character Text would remove.
func dangerous(r rune) bool {
	return (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || invisible(r)
}
