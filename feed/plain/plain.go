// Package plain turns HTML fragments and text into plain text, for search
// and excerpts. It sits below feed and the store, and imports neither.
package plain

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/byline/byline/feed/sanitize"
	xhtml "golang.org/x/net/html"
)

// Text turns an HTML fragment (or plain text) into one line of plain
// text: tags dropped, entities decoded, white space folded. Script and style
// contents are skipped. Decoding can make controls out of entities
// (&#x1b;), so the text is cleaned again after it.
func Text(s string) string {
	return text(s, -1)
}

// Prefix is Text cut short: it holds at least the first n runes of Text(s)
// (all of it when shorter), and stops reading s soon after, so an excerpt
// of a long body does not convert all of it.
//
// The start of s it reads is a window ending just before a tag, twice as
// long each time the text in it falls short: the window is cleaned, not
// all of s (a feed item's body is read here at every refresh, and most of
// it is past its excerpt). Cut before a '<', a window ends where a text
// token ends in s, outside any reference, so what it makes starts what s
// makes. Where there is an escape sequence, in s or made by a reference,
// all of s is read: an escape string that ends past where reading
// stopped is no string cut short (see sanitize.skipString), and its text
// would stay. Such a body is a hostile one; anything else cleaning removes
// (a soft hyphen, a carriage return, a byte-order mark) is the same cut
// short or not.
func Prefix(s string, n int) string {
	max := n + 1 // one more, so an excerpt knows it cut
	for w := 4*max + 256; w < len(s); w *= 2 {
		end := strings.LastIndexByte(s[:w], '<')
		if end <= 0 {
			break // no tag to end a window before: all of s
		}
		t, dirty := read(s[:end], max)
		if dirty {
			return text(s, -1)
		}
		if utf8.RuneCountInString(t) >= max {
			return t
		}
	}
	if t, dirty := read(s, max); !dirty {
		return t
	}
	return text(s, -1)
}

// escaping reports whether s holds an ESC or a C1 control that begins a
// sequence (CSI, DCS, SOS, OSC, PM, APC).
func escaping(s string) bool {
	if strings.IndexByte(s, 0x1b) >= 0 {
		return true
	}
	for i := 0; ; {
		j := strings.IndexByte(s[i:], 0xc2)
		if j < 0 || i+j+1 >= len(s) {
			return false
		}
		i += j + 1
		switch s[i] {
		case 0x90, 0x98, 0x9b, 0x9d, 0x9e, 0x9f:
			return true
		}
	}
}

// text converts s, stopping once the output holds max runes (never when
// max < 0).
func text(s string, max int) string {
	t, _ := read(s, max)
	return t
}

// read is text, and whether s, or what reading it made, holds an escape
// sequence (escaping). The input is cleaned first, where its lines still end an
// unfinished escape string (folded, one would run on to a terminator
// paragraphs later and take the text between), and where invisible
// characters are gone before the runes are counted; the output is cleaned
// again for what decoding references made.
func read(s string, max int) (string, bool) {
	dirty := escaping(s)
	s = sanitize.Text(s)
	if !strings.ContainsAny(s, "<&") {
		return Fold(s), dirty
	}
	z := xhtml.NewTokenizer(strings.NewReader(s))
	f := spaceFolder{}
	if max < 0 || len(s)/2 < 4*max {
		f.b.Grow(len(s) / 2)
	} else {
		f.b.Grow(4 * max)
	}
	skip := 0
	for {
		tok := z.Next()
		if max >= 0 && f.runes >= max {
			tok = xhtml.ErrorToken
		}
		switch tok {
		case xhtml.ErrorToken:
			out := f.b.String()
			return cleaned(out), dirty || escaping(out)
		case xhtml.TextToken:
			if skip == 0 {
				f.write(z.Text())
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				if tok == xhtml.StartTagToken { // <script/> holds nothing
					skip++
				}
			case "br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "blockquote", "img", "hr":
				f.space = true
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				if skip > 0 {
					skip--
				}
			case "a", "b", "i", "em", "strong", "code", "span", "sub", "sup", "small", "mark", "abbr", "q", "s", "u":
				// inline: no space
			default:
				f.space = true
			}
		}
	}
}

// cleaned is folded text without escape sequences or invisible controls
// (sanitize.Text), folded again where they went.
func cleaned(folded string) string {
	if clean := sanitize.Text(folded); clean != folded {
		return sanitize.Line(clean)
	}
	return folded
}

// spaceFolder writes text with every run of white space as one space, and
// none at the start.
type spaceFolder struct {
	b     strings.Builder
	space bool
	runes int // written so far
}

func (f *spaceFolder) write(p []byte) {
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				f.space = true
				i++
				continue
			}
			// A run of ASCII other than white space, written at once.
			j := i + 1
			for j < len(p) && p[j] < utf8.RuneSelf && !asciiSpace[p[j]] {
				j++
			}
			f.flush()
			f.b.Write(p[i:j])
			f.runes += j - i
			i = j
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if unicode.IsSpace(r) {
			f.space = true
		} else {
			f.flush()
			f.b.Write(p[i : i+size])
			f.runes++
		}
		i += size
	}
}

// asciiSpace is the ASCII white space unicode.IsSpace knows.
var asciiSpace = [utf8.RuneSelf]bool{' ': true, '\n': true, '\t': true, '\r': true, '\f': true, '\v': true}

func (f *spaceFolder) flush() {
	if f.space && f.b.Len() > 0 {
		f.b.WriteByte(' ')
		f.runes++
	}
	f.space = false
}

// Fold writes s with every run of white space as one space, and none at
// the start.
func Fold(s string) string {
	f := spaceFolder{}
	f.b.Grow(len(s))
	f.write([]byte(s))
	return f.b.String()
}

// Excerpt cuts s to at most n runes at a word boundary, adding an ellipsis
// when it cut.
func Excerpt(s string, n int) string {
	count, end := 0, len(s)
	for i := range s {
		if count == n {
			end = i
			break
		}
		count++
	}
	if end == len(s) {
		return s
	}
	cut := s[:end]
	if sp := strings.LastIndexByte(cut, ' '); sp > len(cut)*2/3 {
		cut = cut[:sp]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}
