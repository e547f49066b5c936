package feed

import (
	"io"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"codeberg.org/readeck/go-readability/v2"
	xhtml "golang.org/x/net/html"
)

// extractArticle reads a page's main content: the page is parsed once,
// loses its furniture (dropPageChrome), and readability reads that tree.
func extractArticle(r io.Reader, u *url.URL) (readability.Article, error) {
	doc, err := xhtml.Parse(r)
	if err != nil {
		return readability.Article{}, err
	}
	dropPageChrome(doc)
	parser := readability.NewParser()
	return parser.ParseAndMutate(doc, u)
}

// Page furniture (a consent notice, a dialog, a newsletter box) is not the
// article, and readability does not always know it: it keeps a block
// whose class names nothing it distrusts, and on a short page it reads
// again without its own checks, bringing back what it dropped. So the
// page's tree loses its furniture before readability reads it, by two
// rules that hold for any page rather than for any words on one:
//
//   - what says it is furniture: a dialog (<dialog>, role dialog or
//     alertdialog, aria-modal), a hidden element, an element whose id or
//     class names a consent notice (cookie-banner, consent, gdpr, a
//     consent platform's);
//   - a small block around a control (a button, a text field, a choice):
//     articles are read, not operated, and a few words with an Accept or
//     Subscribe button are the page talking to the reader, not the author.
//
// A block is small below chromeWords words; the climb from a control stops
// before the body, an <article> or <main>, or a block holding a heading
// of the first two levels.
const chromeWords = 60

// consentName matches an id or class that names a consent notice: a
// consent word on its own, or "cookie" with what it is (a banner, a
// notice). "cookie" alone is not enough: a recipe's cookie-tip is text.
var consentName = regexp.MustCompile(`(?i)(^|[^a-z])(consent|gdpr|ccpa|cmp|onetrust|cookiebot|didomi|usercentrics|cc-window)([^a-z]|$)|cookies?[-_ ]?(banner|notice|bar|consent|popup|pop-up|message|law|policy|wall|warning|alert|overlay|modal|dialog|box|container|info)`)

// dropPageChrome removes the page's furniture from the tree in place.
func dropPageChrome(doc *xhtml.Node) {
	var doomed, controls []*xhtml.Node
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != xhtml.ElementNode {
				continue
			}
			if saysFurniture(c) {
				doomed = append(doomed, c)
				continue // its inside goes with it
			}
			if isControl(c) {
				controls = append(controls, c)
			}
			walk(c)
		}
	}
	walk(doc)
	for _, n := range doomed {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
	// A page of many forms (a shop, a web app) is not an article with a
	// notice: only the first few controls are looked at.
	if len(controls) > 50 {
		controls = controls[:50]
	}
	for _, c := range controls {
		if block := smallBlockAround(c); block != nil && block.Parent != nil {
			block.Parent.RemoveChild(block)
		}
	}
}

func saysFurniture(n *xhtml.Node) bool {
	if n.Data == "dialog" {
		return true
	}
	switch strings.ToLower(attr(n, "role")) {
	case "dialog", "alertdialog":
		return true
	}
	if strings.EqualFold(attr(n, "aria-modal"), "true") {
		return true
	}
	if _, hidden := attrOK(n, "hidden"); hidden {
		return true
	}
	switch n.Data {
	case "html", "body", "article", "main":
		return false
	}
	return consentName.MatchString(attr(n, "id")) || consentName.MatchString(attr(n, "class"))
}

func isControl(n *xhtml.Node) bool {
	switch n.Data {
	case "button", "select", "textarea":
		return true
	case "input":
		return !strings.EqualFold(attr(n, "type"), "hidden")
	}
	return strings.EqualFold(attr(n, "role"), "button")
}

// smallBlockAround is the largest block around a control with fewer than
// chromeWords words, nil when the control stands in a larger one.
func smallBlockAround(c *xhtml.Node) *xhtml.Node {
	var block *xhtml.Node
	for n := c; n != nil && n.Type == xhtml.ElementNode; n = n.Parent {
		switch n.Data {
		case "html", "body", "article", "main":
			return block
		}
		if holdsHeading(n) || !fewerWords(n, chromeWords) {
			return block
		}
		block = n
	}
	return block
}

func holdsHeading(n *xhtml.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == xhtml.ElementNode && (c.Data == "h1" || c.Data == "h2" || c.Data == "article" || c.Data == "main" || holdsHeading(c)) {
			return true
		}
	}
	return false
}

// fewerWords reports whether n's text has fewer than limit words, reading
// no further than the limit.
func fewerWords(n *xhtml.Node, limit int) bool {
	words := 0
	var count func(n *xhtml.Node) bool
	count = func(n *xhtml.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case xhtml.TextNode:
				in := false
				for _, r := range c.Data {
					sp := unicode.IsSpace(r)
					if !sp && !in {
						if words++; words >= limit {
							return false
						}
					}
					in = !sp
				}
			case xhtml.ElementNode:
				if c.Data == "script" || c.Data == "style" {
					continue
				}
				if !count(c) {
					return false
				}
			}
		}
		return true
	}
	return count(n)
}

func attr(n *xhtml.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *xhtml.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}
