// Package sanitize is the one place where text from outside (feeds, web
// pages, files, error messages that quote them) is made safe to print on a
// terminal. Only byline's own styling may emit escape sequences.
//
// It lives with feed, where outside text comes in: feed cleans what it
// extracts before any parser can strip an ESC and leave the rest of a
// sequence behind as text, and the CLI and every UI component pass
// everything through it again on the way out. It imports nothing but the
// standard library.
package sanitize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text removes from s every C0 and C1 control character except newline and
// tab, every escape sequence (CSI, OSC, DCS, APC, PM, SOS and the
// two-character ones, in 7-bit and 8-bit form), bidirectional overrides and
// other invisible format characters. Invalid UTF-8 becomes U+FFFD.
// Carriage returns are dropped, so CRLF text reads as LF text.
func Text(s string) string {
	return clean(s, false, false)
}

// clean is Text, keeping SGR sequences when keepSGR. converted says s is
// the output of a conversion (HTML to Markdown), which writes a backslash
// before punctuation: there an ESC followed by a backslash is no string
// terminator (ESC \), only an ESC, and only the ESC goes.
func clean(s string, keepSGR, converted bool) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	// marks counts the marks and joiners written on the last character
	// written: what is removed between two runs of them (an invisible
	// character, a control, an escape sequence) and an SGR kept between
	// them are no character, and the runs join into one, so the count
	// goes on across them. Counting the output, not the input, caps it
	// in one pass.
	marks := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			b.WriteRune(utf8.RuneError)
			marks = 0
			i++
			continue
		}
		switch {
		case r == 0x1b: // ESC
			if end := sgrEnd(s, i); keepSGR && end > 0 {
				b.WriteString(s[i:end])
				i = end
				continue
			}
			if converted && i+1 < len(s) && s[i+1] == '\\' {
				i++ // the converter's backslash escape stays
				continue
			}
			i = skipEscape(s, i+1, converted)
			continue
		case r == 0x9b: // 8-bit CSI
			i = skipCSI(s, i+size)
			continue
		case r == 0x90 || r == 0x9d || r == 0x98 || r == 0x9e || r == 0x9f: // 8-bit DCS, OSC, SOS, PM, APC
			i = skipString(s, i+size, converted)
			continue
		case r == '\n' || r == '\t':
			b.WriteRune(r)
			marks = 0
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			// other C0 and C1 controls: dropped
		case invisible(r):
			// dropped: they can reorder or hide what the user reads
		default:
			if marks = stacked(r, marks); marks <= maxStacked {
				b.WriteString(s[i : i+size])
			} // else one mark too many on one character
		}
		i += size
	}
	return b.String()
}

// StripEscapes removes 7-bit escape sequences and C0 controls other than
// tab, newline and carriage return from a document in any ASCII-compatible
// encoding, leaving every other byte alone. Feed documents pass through it
// before parsing: an XML parser drops a stray ESC but keeps the rest of its
// sequence as text, and the document's encoding is not known yet.
func StripEscapes(b []byte) []byte {
	clean := true
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			clean = false
			break
		}
	}
	if clean {
		return b
	}
	s := string(b)
	out := make([]byte, 0, len(b))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b:
			i = skipEscape(s, i+1, false)
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			i++
		default:
			out = append(out, c)
			i++
		}
	}
	return out
}

// Line is Text for one-line fields (titles, authors, tags, source names):
// newlines and tabs become spaces and runs of white space fold to one.
func Line(s string) string {
	return strings.Join(strings.Fields(Text(s)), " ")
}

// isClean is the fast path: text with nothing to remove comes back
// without a copy. Most text is clean, and most of what is not ASCII is
// letters and punctuation, checked here without building anything.
func isClean(s string) bool {
	marks := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == 0x7f || (c < 0x20 && c != '\n' && c != '\t') {
				return false
			}
			marks = 0
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size <= 1) || r <= 0x9f || invisible(r) {
			return false
		}
		if marks = stacked(r, marks); marks > maxStacked {
			return false
		}
		i += size
	}
	return true
}

// maxStacked is the most combining marks and joiners one character keeps.
// Scripts and emoji need a few; a hostile text stacks thousands ("zalgo",
// a run of joiners), which measuring a line's width takes time to the
// square of: half a megabyte of them held a render for minutes.
const maxStacked = 16

// stacked counts the marks and joiners in a row: r's place in the run
// that ends before it was n long.
func stacked(r rune, n int) int {
	if r == 0x200c || r == 0x200d || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
		return n + 1
	}
	return 0
}

// skipEscape returns the index just past the escape sequence whose ESC
// stood before i (converted: see clean).
func skipEscape(s string, i int, converted bool) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1, converted)
	}
	// ESC followed by intermediates (0x20-0x2f) and one final byte.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips parameter and intermediate bytes and the final byte. A
// malformed sequence ends at the first byte that cannot belong to it, and
// that byte is then read as text (and filtered like any other).
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		switch {
		case c >= 0x20 && c <= 0x3f:
			i++
		case c >= 0x40 && c <= 0x7e:
			return i + 1
		default:
			return i
		}
	}
	return i
}

// skipString skips a control string (OSC, DCS, SOS, PM, APC) that starts
// at s[i], just after its introducer, up to and including its terminator:
// BEL, ESC \ or 8-bit ST. A string with no terminator on its line (the
// text or the line ends, or another escape sequence or string starts
// first) is not skipped: a terminal would swallow the text after it, but
// here that text is the article, and it stays, with only the introducer
// gone. In converted text (see clean) ESC \ is the converter's backslash
// after an ESC, and ends no string: a heading's unterminated OSC took
// everything up to a '[' escaped paragraphs later.
func skipString(s string, i int, converted bool) int {
	if end, ok := stringEnd(s, i, converted); ok {
		return end
	}
	return i
}

// stringEnd looks for the end of the control string that starts at s[i]:
// just past its terminator (ok), or where the look stopped without one.
// Each look stops at the next introducer, so a text of introducers is
// read once, not once an introducer (300 KB of 8-bit OSCs took minutes).
func stringEnd(s string, i int, converted bool) (end int, ok bool) {
	for j := i; j < len(s); {
		switch s[j] {
		case 0x07:
			return j + 1, true
		case '\n':
			return j, false
		case 0x1b:
			if !converted && j+1 < len(s) && s[j+1] == '\\' {
				return j + 2, true
			}
			return j, false
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		switch r {
		case 0x9c: // 8-bit ST
			return j + size, true
		case 0x90, 0x98, 0x9b, 0x9d, 0x9e, 0x9f: // another introducer
			return j, false
		}
		j += size
	}
	return len(s), false
}

// invisible reports characters that change how surrounding text is
// ordered or shown without being visible themselves: every format
// character (category Cf: bidi marks, embeddings, overrides and isolates,
// zero-width space, word joiner, BOM, soft hyphen, invisible operators,
// Arabic and Syriac number signs, tag characters, ...) and the fillers that
// render as nothing. Zero-width joiner and non-joiner stay: emoji and
// several scripts (Persian, the Indic scripts) need them to read right.
func invisible(r rune) bool {
	if r < 0xad {
		return false
	}
	switch r {
	case 0x200c, 0x200d: // ZWNJ, ZWJ
		return false
	case 0x034f, // combining grapheme joiner
		0x115f, 0x1160, 0x3164, 0xffa0, // Hangul fillers
		0x17b4, 0x17b5, // Khmer inherent vowels, invisible
		0x2800: // braille blank, the usual "empty" name
		return true
	case 0xfff9, 0xfffa, 0xfffb: // interlinear annotation
		return true
	}
	return unicode.Is(unicode.Cf, r)
}
