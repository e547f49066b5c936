package render

import (
	"bytes"
	"sort"
	"strconv"
	"strings"

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
// every image "[image: alt] [n]", and lists the links, numbered, at the
// end. A URL that appears twice keeps its first number. Links in code are
// left alone: they are not links.
func NumberLinks(md string) (string, []Link) {
	src := []byte(md)
	doc := linkParser.Parse(text.NewReader(src))
	type edit struct {
		start, end int
		repl       string
	}
	var edits []edit
	var links []Link
	byURL := map[string]int{}
	number := func(url, label string, image bool) int {
		if n, ok := byURL[url]; ok {
			return n
		}
		n := len(links) + 1
		byURL[url] = n
		links = append(links, Link{N: n, Text: label, URL: url, Image: image})
		return n
	}
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
			num := number(url, label, image)
			marker := `\[` + strconv.Itoa(num) + `\]`
			repl := escapeMarkdown(label) + " " + marker
			if image {
				alt := "image"
				if label != "" {
					alt = "image: " + escapeMarkdown(label)
				}
				repl = `\[` + alt + `\] ` + marker
			}
			if start, end, ok := linkSpan(src, node.Pos(), image); ok {
				edits = append(edits, edit{start, end, repl})
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			number(string(node.URL(src)), "", false)
		}
		return ast.WalkContinue, nil
	})
	if len(links) == 0 {
		return md, nil
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
	var b strings.Builder
	b.Write(bytes.TrimRight(out, "\n"))
	b.WriteString("\n\n---\n\n**Links**\n\n")
	for i, l := range links {
		b.WriteString(`\[` + strconv.Itoa(l.N) + `\] ` + escapeMarkdown(l.URL))
		if i < len(links)-1 {
			b.WriteString("  \n")
		}
	}
	b.WriteString("\n")
	return b.String(), links
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

// Hyperlink makes each link's URL, where it stands whole in rendered
// text, an OSC 8 hyperlink, for terminals that support them. URLs come
// sanitised, so they cannot end the sequence early.
func Hyperlink(rendered string, links []Link) string {
	for _, l := range links {
		if l.URL == "" || strings.ContainsAny(l.URL, "\x1b\x07") {
			continue
		}
		rendered = strings.ReplaceAll(rendered, l.URL, "\x1b]8;;"+l.URL+"\x1b\\"+l.URL+"\x1b]8;;\x1b\\")
	}
	return rendered
}
