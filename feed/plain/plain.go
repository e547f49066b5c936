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
func Prefix(s string, n int) string {
	return text(s, n+1) // one more, so an excerpt knows it cut
}

// text converts s, stopping once the output holds max runes (never when
// max < 0). The input is cleaned first, where its lines still end an
// unfinished escape string (folded, one would run on to a terminator
// paragraphs later and take the text between), and where invisible
// characters are gone before the runes are counted; the output is cleaned
// again for what decoding references made.
func text(s string, max int) string {
	s = sanitize.Text(s)
	if !strings.ContainsAny(s, "<&") {
		return Fold(s)
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
			return cleaned(f.b.String())
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
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
				f.space = true
			} else {
				f.flush()
				f.b.WriteByte(c)
				f.runes++
			}
			i++
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
