package feed

import (
	"bytes"
	"strings"

	"github.com/byline/byline/feed/sanitize"
	xhtml "golang.org/x/net/html"
)

// FeedLink is a feed an HTML page announces with <link rel="alternate">.
type FeedLink struct {
	URL   string
	Title string
	Type  string
}

var feedTypes = map[string]bool{
	"application/rss+xml": true, "application/atom+xml": true, "application/feed+json": true,
	"application/json": true, "application/rdf+xml": true, "text/xml": true, "application/xml": true,
}

// DiscoverFeeds lists the feeds an HTML page links to in its head, in page
// order, with URLs resolved against base.
func DiscoverFeeds(page []byte, base string) []FeedLink {
	z := xhtml.NewTokenizer(bytes.NewReader(page))
	var out []FeedLink
	seen := map[string]bool{}
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			return out
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) == "body" {
				return out
			}
			if string(name) != "link" || !hasAttr {
				continue
			}
			var rel, typ, href, title string
			for {
				k, v, more := z.TagAttr()
				switch string(k) {
				case "rel":
					rel = strings.ToLower(string(v))
				case "type":
					typ = strings.ToLower(strings.TrimSpace(string(v)))
				case "href":
					href = strings.TrimSpace(string(v))
				case "title":
					title = string(v)
				}
				if !more {
					break
				}
			}
			if !strings.Contains(" "+rel+" ", " alternate ") || !feedTypes[typ] || href == "" {
				continue
			}
			u := resolveURL(base, href)
			if !IsURL(u) || seen[u] {
				continue
			}
			seen[u] = true
			out = append(out, FeedLink{URL: sanitize.Line(u), Title: sanitize.Line(title), Type: typ})
		}
	}
}
