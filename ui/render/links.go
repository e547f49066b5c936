package render

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/byline/byline/feed/sanitize"
	"github.com/charmbracelet/x/ansi"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Link is a numbered link of an article.
type Link struct {
	N     int
	Text  string
	URL   string
	Image bool
}

var linkParser = goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser()

// NumberLinks rewrites Markdown so that every link reads "text [n]" and
// every image "[image: alt] [n]", and returns the links, numbered. A URL
// that appears twice keeps its first number. Links in code are left alone:
// they are not links. The list is not Markdown: Glamour would reflow it
// into one paragraph and break its URLs (see linksList).
func NumberLinks(md string) (string, []Link) {
	var n numberer
	out := n.rewrite(md)
	return out, n.links
}

// numberer numbers links across the parts of one document, so that a
// document rendered in parts (see parts) numbers them as if whole.
type numberer struct {
	links []Link
	byURL map[string]int
}

func (nb *numberer) number(url, label string, image bool) int {
	if n, ok := nb.byURL[url]; ok {
		return n
	}
	if nb.byURL == nil {
		nb.byURL = map[string]int{}
	}
	n := len(nb.links) + 1
	nb.byURL[url] = n
	nb.links = append(nb.links, Link{N: n, Text: label, URL: url, Image: image})
	return n
}

// rewrite numbers md's links and images and writes them as text.
func (nb *numberer) rewrite(md string) string {
	src := []byte(md)
	doc := linkParser.Parse(text.NewReader(src))
	type edit struct {
		start, end int
		repl       string
	}
	var edits []edit
	number := nb.number
	found := false
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch node := n.(type) {
		case *ast.Link, *ast.Image:
			var dest []byte
			image := false
			if l, ok := node.(*ast.Link); ok {
				dest = l.Destination
			} else {
				dest = node.(*ast.Image).Destination
				image = true
			}
			url := strings.TrimSpace(string(dest))
			label := strings.Join(strings.Fields(plainText(node, src)), " ")
			if url == "" {
				return ast.WalkSkipChildren, nil
			}
			found = true
			num := number(url, label, image)
			marker := `\[` + strconv.Itoa(num) + `\]`
			repl := escapeMarkdown(label) + " " + marker
			if image || label == "" && holdsImage(node) {
				// A picture, or a link that is only a picture (a thumbnail,
				// a badge): it shows as one, or the link reads " [4]".
				alt := "image"
				if label != "" {
					alt = "image: " + escapeMarkdown(label)
				} else if img := firstImage(node); img != nil {
					if a := strings.Join(strings.Fields(plainText(img, src)), " "); a != "" {
						alt = "image: " + escapeMarkdown(a)
					}
				}
				repl = `\[` + alt + `\] ` + marker
			}
			if start, end, ok := linkSpan(src, node.Pos(), image); ok {
				if end < len(src) && startsWordAt(src[end:]) {
					repl += " " // "![](x)Kann" reads "[image] [1] Kann", not "[1]Kann"
				}
				edits = append(edits, edit{start, end, repl})
			}
			// An image inside a link (a badge, a thumbnail) is not shown,
			// but its address is one of the article's: list it too.
			_ = ast.Walk(node, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
				if img, ok := c.(*ast.Image); ok && entering && c != node {
					if u := strings.TrimSpace(string(img.Destination)); u != "" {
						number(u, strings.Join(strings.Fields(plainText(img, src)), " "), true)
					}
				}
				return ast.WalkContinue, nil
			})
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			number(string(node.URL(src)), "", false)
		}
		return ast.WalkContinue, nil
	})
	if !found {
		return md
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	out := src
	last := len(src) + 1
	for _, e := range edits {
		if e.end > last { // overlapping spans: keep the outer one already applied
			continue
		}
		out = append(out[:e.start:e.start], append([]byte(e.repl), out[e.end:]...)...)
		last = e.start
	}
	return string(out)
}

// holdsImage reports whether n has an image inside it.
func holdsImage(n ast.Node) bool { return firstImage(n) != nil }

// firstImage is the first image inside n, or nil.
func firstImage(n ast.Node) *ast.Image {
	var found *ast.Image
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := c.(*ast.Image); ok && entering && c != n && found == nil {
			found = img
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// startsWordAt reports whether b starts with a letter or a digit.
func startsWordAt(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for ch := t.FirstChild(); ch != nil; ch = ch.NextSibling() {
				if tx, ok := ch.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return unescapeMarkdown(b.String())
}

// unescapeMarkdown drops the backslash of backslash escapes: text segments
// keep them, and the label is escaped again when it is written back.
func unescapeMarkdown(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// linkSpan finds the source of an inline link or image that starts at
// pos: "[label](dest "title")", "[label][ref]", "[label][]" or "[ref]",
// with a leading "!" for images.
func linkSpan(src []byte, pos int, image bool) (start, end int, ok bool) {
	if pos < 0 || pos >= len(src) {
		return 0, 0, false
	}
	start = pos
	if src[start] == '!' {
		start++
	}
	if src[start] != '[' {
		return 0, 0, false
	}
	open := start
	if image {
		if open == 0 || src[open-1] != '!' {
			return 0, 0, false
		}
		start = open - 1
	} else if pos != open {
		return 0, 0, false
	}
	close := matchBracket(src, open, '[', ']')
	if close < 0 {
		return 0, 0, false
	}
	end = close + 1
	if end < len(src) {
		switch src[end] {
		case '(':
			if p := matchParen(src, end); p >= 0 {
				end = p + 1
			}
		case '[':
			if p := matchBracket(src, end, '[', ']'); p >= 0 {
				end = p + 1
			}
		}
	}
	return start, end, true
}

// matchBracket returns the index of the bracket closing the one at i,
// minding backslash escapes, nesting and code spans.
func matchBracket(src []byte, i int, open, close byte) int {
	depth := 0
	for j := i; j < len(src); j++ {
		switch c := src[j]; {
		case c == '\\':
			j++
		case c == '`':
			k := j
			for k < len(src) && src[k] == '`' {
				k++
			}
			ticks := string(src[j:k])
			if e := bytes.Index(src[k:], []byte(ticks)); e >= 0 {
				j = k + e + len(ticks) - 1
			} else {
				j = k - 1
			}
		case c == open:
			depth++
		case c == close:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// matchParen returns the index of the parenthesis closing the link
// destination that opens at i, minding <...> destinations, quoted titles
// and nesting.
func matchParen(src []byte, i int) int {
	depth := 0
	for j := i; j < len(src); j++ {
		switch c := src[j]; c {
		case '\\':
			j++
		case '<':
			if e := bytes.IndexByte(src[j:], '>'); e >= 0 {
				j += e
			}
		case '"':
			if e := bytes.IndexByte(src[j+1:], '"'); e >= 0 {
				j += e + 1
			}
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j
			}
		case '\n':
			if j+1 < len(src) && src[j+1] == '\n' {
				return -1 // a link never spans a blank line
			}
		}
	}
	return -1
}

func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>#|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// linksList writes the links one to a line: its number, its label where
// it has one, and its URL whole. On a terminal a line that does not fit
// moves the URL to a line of its own, and a URL wider than the line
// continues on the next at character boundaries, so that every character
// can be read and copied; with wholeURLs it is written whole.
// URLs become OSC 8 hyperlinks here, where they are written, after the
// output filter has run over Glamour's text.
func (r *Renderer) linksList(links []Link, width int) string {
	numWidth := len("[" + strconv.Itoa(links[len(links)-1].N) + "]")
	var b strings.Builder
	for _, l := range links {
		num := "[" + strconv.Itoa(l.N) + "]"
		lead := "  " + num + strings.Repeat(" ", numWidth-len(num)+1)
		hang := strings.Repeat(" ", len(lead))
		label := sanitize.Line(l.Text)
		if l.Image {
			label = strings.TrimSuffix("image: "+label, ": ")
		}
		url := sanitize.Line(l.URL)
		if label == url || strings.HasPrefix(label, "http://") || strings.HasPrefix(label, "https://") {
			label = "" // the URL says it
		}
		switch {
		case label == "":
			b.WriteString(r.wrapURL(lead, hang, url, width))
		case ansi.StringWidth(lead+label+" — "+url) <= width:
			b.WriteString(lead + label + " — " + r.link(url, url) + "\n")
		default:
			for i, w := range strings.Split(ansi.Wrap(label, max(width-len(hang), 10), ""), "\n") {
				if i == 0 {
					b.WriteString(lead + w + "\n")
				} else {
					b.WriteString(hang + w + "\n")
				}
			}
			b.WriteString(r.wrapURL(hang, hang, url, width))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// URL writes an address on a line of its own at the document's margin,
// the way the links list writes each one: whole, or wrapped at character
// boundaries, and a hyperlink where the terminal supports it.
func (r *Renderer) URL(url string, width int) string {
	return strings.TrimSuffix(r.wrapURL("  ", "  ", sanitize.Line(url), width), "\n")
}

// wrapURL writes url after lead, continuing under hang at character
// boundaries when it is wider than the line.
func (r *Renderer) wrapURL(lead, hang, url string, width int) string {
	if r.wholeURLs {
		return lead + r.link(url, url) + "\n"
	}
	var b strings.Builder
	prefix, rest := lead, url
	for {
		part := ansi.Truncate(rest, max(width-len(prefix), 10), "")
		if part == "" { // one character wider than the room
			part = string([]rune(rest)[:1])
		}
		b.WriteString(prefix + r.link(part, url) + "\n")
		rest = rest[len(part):]
		if rest == "" {
			return b.String()
		}
		prefix = hang
	}
}

// link makes text (a URL, or a part of one written over several lines) a
// hyperlink to url where the terminal supports OSC 8. Only web and mail
// addresses become links; sanitize.Line has removed anything that could
// end the sequence early.
func (r *Renderer) link(text, url string) string {
	if !r.hyperlinks || !(strings.HasPrefix(url, "http://") || strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "mailto:")) {
		return text
	}
	return Hyperlink(url, text)
}

// Hyperlink wraps text in an OSC 8 hyperlink to url, terminated with ST
// rather than BEL (which some terminals and multiplexers take for the
// bell). url must hold no control characters (sanitize.Line).
func Hyperlink(url, text string) string {
	return "\x1b]8;;" + url + "\x1b\\" + text + "\x1b]8;;\x1b\\"
}
