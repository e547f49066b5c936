package feed

import (
	"strings"
	"unicode"

	"github.com/byline/byline/feed/sanitize"
	xhtml "golang.org/x/net/html"
)

// PlainText turns an HTML fragment (or plain text) into one line of plain
// text: tags dropped, entities decoded, white space folded. Script and style
// contents are skipped.
func PlainText(s string) string {
	s = sanitize.Text(s)
	if !strings.ContainsAny(s, "<&") {
		return foldSpace(s)
	}
	z := xhtml.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return foldSpace(b.String())
		case xhtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case xhtml.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				skip++
			case "br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "blockquote":
				b.WriteByte(' ')
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				if skip > 0 {
					skip--
				}
			default:
				b.WriteByte(' ')
			}
		}
	}
}

func foldSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Excerpt cuts s to at most n runes at a word boundary, adding an ellipsis
// when it cut.
func Excerpt(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n
	for i := n; i > n*2/3; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ,.;:") + "…"
}
