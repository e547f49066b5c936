package render

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/ansi"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	xhtml "golang.org/x/net/html"
)

// specExample is one example of the CommonMark spec (the version goldmark
// implements: testdata/commonmark-0.31.2.json, goldmark's _test/spec.json).
type specExample struct {
	Markdown string `json:"markdown"`
	HTML     string `json:"html"`
	Example  int    `json:"example"`
	Section  string `json:"section"`
}

// bareStyle is the plain theme without the marks it adds to the author's
// words (heading hashes, emphasis stars, bullets, rules, code ticks), so
// that what remains are the words shown.
func bareStyle() *ansi.StyleConfig {
	sc, err := loadStyle("notty")
	if err != nil {
		panic(err)
	}
	for _, h := range []*ansi.StyleBlock{&sc.H1, &sc.H2, &sc.H3, &sc.H4, &sc.H5, &sc.H6} {
		h.Prefix = ""
	}
	for _, p := range []*ansi.StylePrimitive{&sc.Emph, &sc.Strong, &sc.Strikethrough, &sc.Code.StylePrimitive, &sc.Item} {
		p.BlockPrefix, p.BlockSuffix = "", ""
	}
	sc.HorizontalRule.Format = ""
	bar := "  "
	sc.BlockQuote.IndentToken = &bar
	sc.ImageText.Format = "{{.text}}"
	sc.DefinitionDescription.BlockPrefix = "\n"
	sc.Enumeration.BlockPrefix = "§ " // a list's numbers, told from the author's
	return sc
}

// htmlWords are the words a browser shows for the spec's HTML: text, and
// each picture as byline writes one ("[image: alt]").
func htmlWords(s string) (words []string, targets map[string]bool) {
	targets = map[string]bool{}
	doc, err := xhtml.Parse(strings.NewReader(s))
	if err != nil {
		return nil, targets
	}
	var b strings.Builder
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		switch n.Type {
		case xhtml.TextNode:
			b.WriteString(n.Data)
		case xhtml.ElementNode:
			for _, a := range n.Attr {
				if a.Key == "href" || a.Key == "src" {
					targets[a.Val] = true
				}
			}
			switch {
			case n.Data == "img":
				alt := ""
				for _, a := range n.Attr {
					if a.Key == "alt" {
						alt = a.Val
					}
				}
				b.WriteString(" " + pictureText(strings.Join(strings.Fields(alt), " ")) + " ")
			case htmlBlocks[n.Data]:
				b.WriteString(" ")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == xhtml.ElementNode && htmlBlocks[n.Data] {
			b.WriteString(" ")
		}
	}
	walk(doc)
	return strings.Fields(pictureSpaces.ReplaceAllString(b.String(), " $1 ")), targets
}

// htmlBlocks are the elements of the spec's HTML that start a line.
var htmlBlocks = map[string]bool{"p": true, "li": true, "ul": true, "ol": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"pre": true, "blockquote": true, "hr": true, "br": true, "html": true, "head": true, "body": true}

var (
	pictureSpaces = regexp.MustCompile(`\s*(\[image(?:: [^\]]*)?\])\s*`)
	linkMarker    = regexp.MustCompile(` ?\[[0-9]+\]`)
	listNumber    = regexp.MustCompile(`^[0-9]+§$`)
	specSkipped   = map[string]bool{"HTML blocks": true, "Raw HTML": true}
)

// shownWords are the words of rendered text, ordered-list numbers (which
// the HTML leaves to the browser) left out.
func shownWords(out string) []string {
	var words []string
	for _, line := range strings.Split(xansi.Strip(out), "\n") {
		for i, w := range strings.Fields(line) {
			if i == 0 && listNumber.MatchString(w) {
				continue
			}
			words = append(words, w)
		}
	}
	return words
}

// bylineWords renders md as an article in the bare theme and returns the
// words of its body, each link's number taken out: the link targets are
// in the links list, aside.
func bylineWords(t testing.TB, md string) (words []string, empty bool) {
	r := New("notty", termenv.Ascii, WithWholeURLs())
	r.stylesOnce.Do(func() { r.styles = bareStyle() })
	doc, err := r.renderDoc(context.Background(), md, 80, true)
	if err != nil {
		t.Fatal(err)
	}
	body := doc.Text()
	if len(doc.Links) > 0 {
		i := strings.LastIndex(body, "Links")
		body = body[:i]
	}
	body = pictureSpaces.ReplaceAllString(linkMarker.ReplaceAllString(body, ""), " $1 ")
	return shownWords(body), strings.TrimSpace(xansi.Strip(body)) == ""
}

// glamourWords renders md with plain Glamour in the same theme, link
// targets (which it writes inline) taken out.
func glamourWords(t testing.TB, md string, targets map[string]bool) []string {
	g, err := glamour.NewTermRenderer(glamour.WithStyles(*bareStyle()), glamour.WithWordWrap(80))
	if err != nil {
		t.Fatal(err)
	}
	out, err := g.Render(md)
	if err != nil {
		return nil
	}
	var words []string
	for _, w := range shownWords(out) {
		if !targets[w] && w != "→" {
			words = append(words, w)
		}
	}
	return words
}

// The words byline shows for each example of the CommonMark spec equal the
// words of the spec's HTML on 99% of the examples outside the raw HTML
// sections; no example shows nothing, and none that plain Glamour shows
// right is shown wrong.
func TestCommonMarkSpecWords(t *testing.T) {
	data, err := os.ReadFile("testdata/commonmark-0.31.2.json")
	if err != nil {
		t.Fatal(err)
	}
	var examples []specExample
	if err := json.Unmarshal(data, &examples); err != nil {
		t.Fatal(err)
	}
	same, total, glamourSame := 0, 0, 0
	for _, ex := range examples {
		if specSkipped[ex.Section] {
			continue
		}
		total++
		want, targets := htmlWords(ex.HTML)
		got, empty := bylineWords(t, ex.Markdown)
		if empty && len(want) > 0 {
			t.Errorf("example %d (%s) shows nothing:\n%q", ex.Example, ex.Section, ex.Markdown)
		}
		ok := strings.Join(got, " ") == strings.Join(want, " ")
		if ok {
			same++
		} else {
			t.Logf("example %d (%s) %q:\n got %q\nwant %q", ex.Example, ex.Section, ex.Markdown, got, want)
		}
		if strings.Join(glamourWords(t, ex.Markdown, targets), " ") == strings.Join(want, " ") {
			glamourSame++
			if !ok {
				t.Errorf("example %d (%s): plain Glamour shows its words, byline does not:\n%q", ex.Example, ex.Section, ex.Markdown)
			}
		}
	}
	pct := 100 * float64(same) / float64(total)
	t.Logf("CommonMark %d examples (raw HTML sections aside): byline shows the words of %d (%.1f%%), plain Glamour %d (%.1f%%)",
		total, same, pct, glamourSame, 100*float64(glamourSame)/float64(total))
	if pct < 99 {
		t.Errorf("byline shows the words of %.1f%% of the spec's examples, under 99%%", pct)
	}
}
