package feed

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/byline/byline/feed/sanitize"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// Page is a web page saved to read later: what its metadata says about it
// and its main content. Every string in it is clean (PlainText or
// sanitize.Line; Markdown went through HTMLToMarkdown).
type Page struct {
	// URL is where the page was found after redirects, canonical (see
	// CanonicalURL).
	URL         string
	Title       string
	Author      string
	SiteName    string
	Description string
	// Image is the lead image's http(s) URL, from og:image and the like.
	Image     string
	Published time.Time // zero when the page gave no date
	// Markdown is the main content, extracted with readability; empty for
	// a document that is not HTML.
	Markdown string
	// NotHTML is the media type of a document that is not a web page (a
	// PDF): it is kept as a link, titled from its file name.
	NotHTML string
	// Problem says the page was saved but looks incomplete (a paywall, a
	// page that needs JavaScript, no article found).
	Problem string
}

// shortPage is the fewest words a page's main content has before it is
// taken for a stub rather than an article.
const shortPage = 60

// Page fetches a page and reads its metadata (OpenGraph, JSON-LD,
// <meta>) and its main content. Only http(s) URLs are fetched. An error
// means nothing was learnt from the page: it could not be fetched.
func (f *Fetcher) Page(ctx context.Context, pageURL string) (Page, error) {
	if !IsURL(pageURL) {
		return Page{}, fmt.Errorf("%s: only http and https pages can be saved", sanitize.Line(pageURL))
	}
	resp, err := f.get(ctx, pageURL, Validators{}, "text/html, application/xhtml+xml;q=0.9, */*;q=0.5", nil)
	if resp != nil && resp.Status >= 200 && resp.Status < 300 {
		// A document too large to read whole can still be kept as a link
		// when it is not a web page.
		if mt := mediaType(resp.ContentType); mt != "" && !isHTML(mt) {
			return linkPage(resp.FinalURL, mt), nil
		}
	}
	if err != nil {
		return Page{}, err
	}
	return PageFromHTML(resp.Body, resp.ContentType, resp.FinalURL)
}

func mediaType(ct string) string {
	mt, _, _ := mime.ParseMediaType(ct)
	return strings.ToLower(mt)
}

func isHTML(mt string) bool { return mt == "text/html" || mt == "application/xhtml+xml" }

// linkPage is a document that is not HTML, kept as a link titled with its
// file name.
func linkPage(finalURL, mt string) Page {
	p := Page{URL: canonicalOr(finalURL), NotHTML: sanitize.Line(mt)}
	if u, err := url.Parse(finalURL); err == nil {
		p.SiteName = sanitize.Line(u.Hostname())
		if name := path.Base(u.Path); name != "/" && name != "." {
			p.Title = PlainText(name)
		}
		if p.Title == "" {
			p.Title = p.SiteName
		}
	}
	return p
}

// PageFromHTML reads a fetched page: contentType is the response's
// header (it may name the encoding), pageURL where the page was found.
func PageFromHTML(body []byte, contentType, pageURL string) (Page, error) {
	u, err := url.Parse(pageURL)
	if err != nil {
		return Page{}, fmt.Errorf("bad page URL: %w", err)
	}
	// Escapes go before the HTML parser, as a feed's do: it would drop
	// an ESC and keep the rest of its sequence as text.
	body = sanitize.StripEscapes(body)
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return Page{}, fmt.Errorf("page encoding: %w", err)
	}
	p := Page{URL: canonicalOr(pageURL), SiteName: sanitize.Line(u.Hostname())}
	art, err := extractArticle(r, u)
	if err != nil {
		p.Title = titleFromURL(u)
		p.Problem = "the page could not be read: " + sanitize.Line(err.Error())
		return p, nil
	}
	p.Title = PlainText(art.Title())
	if p.Title == "" {
		p.Title = titleFromURL(u)
	}
	p.Author = PlainText(art.Byline())
	if s := PlainText(art.SiteName()); s != "" {
		p.SiteName = s
	}
	p.Description = PlainText(art.Excerpt())
	image := art.ImageURL()
	if image == "" {
		image = jsonLDImage(body)
	}
	if img, err := u.Parse(strings.TrimSpace(image)); err == nil && image != "" && IsURL(img.String()) {
		p.Image = sanitize.Line(img.String())
	}
	if t, err := art.PublishedTime(); err == nil && t.Year() > 1970 {
		p.Published = t
	}
	var html bytes.Buffer
	if err := art.RenderHTML(&html); err != nil {
		p.Problem = "no article found on the page"
		return p, nil
	}
	md, err := HTMLToMarkdown(html.String(), pageURL)
	if err != nil {
		p.Problem = "the article could not be converted: " + sanitize.Line(err.Error())
		return p, nil
	}
	p.Markdown = strings.TrimSpace(md)
	switch words := len(strings.Fields(PlainText(p.Markdown))); {
	case words == 0:
		p.Problem = "no article found on the page"
	case words < shortPage:
		counted := fmt.Sprintf("%d words", words)
		if words == 1 {
			counted = "1 word"
		}
		p.Problem = "only " + counted + " on the page: it may be behind a paywall or need JavaScript"
	}
	return p, nil
}

// titleFromURL names a page that has no title: its last path segment,
// else its host.
func titleFromURL(u *url.URL) string {
	if name := path.Base(u.Path); name != "/" && name != "." {
		if t := PlainText(strings.NewReplacer("-", " ", "_", " ").Replace(strings.TrimSuffix(name, path.Ext(name)))); t != "" {
			return t
		}
	}
	return sanitize.Line(u.Hostname())
}

// trackingParams are query parameters that say how a link was shared, not
// what it points to.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true, "msclkid": true,
	"mc_cid": true, "mc_eid": true, "igshid": true, "yclid": true, "twclid": true, "ttclid": true,
	"_hsenc": true, "_hsmi": true, "mkt_tok": true, "oly_anon_id": true, "oly_enc_id": true,
	"vero_id": true, "wt_mc": true, "ref_src": true, "ref_url": true,
}

// CanonicalURL is the form of an http(s) URL that two links to the same
// page share: scheme and host lower case, default port, fragment and
// tracking parameters (utm_*, fbclid, …) dropped, the remaining query
// sorted.
func CanonicalURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if !IsURL(raw) {
		return "", fmt.Errorf("%s: not an http or https URL", sanitize.Line(raw))
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("%s: not a URL", sanitize.Line(raw))
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if h, port, ok := strings.Cut(u.Host, ":"); ok && ((u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443")) {
		u.Host = h
	}
	if u.Hostname() == "" {
		return "", fmt.Errorf("%s: not a URL", sanitize.Line(raw))
	}
	u.User = nil // never keep credentials in a stored link
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if trackingParams[strings.ToLower(k)] || strings.HasPrefix(strings.ToLower(k), "utm_") {
				delete(q, k)
			}
		}
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			for _, v := range q[k] {
				if k == "" && v == "" {
					continue // "&=" is no parameter: written, it would read as none next time
				}
				if b.Len() > 0 {
					b.WriteByte('&')
				}
				b.WriteString(url.QueryEscape(k))
				if v != "" {
					b.WriteByte('=')
					b.WriteString(url.QueryEscape(v))
				}
			}
		}
		u.RawQuery = b.String()
	}
	u.ForceQuery = false
	return sanitize.Line(u.String()), nil
}

// canonicalOr is CanonicalURL, or the URL as it is when it has no
// canonical form.
func canonicalOr(raw string) string {
	if c, err := CanonicalURL(raw); err == nil {
		return c
	}
	return sanitize.Line(raw)
}

// jsonLDImage finds the image of a page's JSON-LD metadata, which
// readability does not read: "image" as a URL, an ImageObject or a list of
// either, at the top level or in an @graph.
func jsonLDImage(body []byte) string {
	z := xhtml.NewTokenizer(bytes.NewReader(body))
	inLD := false
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return ""
		case xhtml.StartTagToken:
			name, hasAttr := z.TagName()
			inLD = false
			if string(name) != "script" {
				continue
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "type" && strings.EqualFold(strings.TrimSpace(string(v)), "application/ld+json") {
					inLD = true
				}
			}
		case xhtml.TextToken:
			if !inLD {
				continue
			}
			inLD = false
			var doc any
			if json.Unmarshal(z.Text(), &doc) != nil {
				continue
			}
			if img := imageIn(doc, 0, false); img != "" {
				return img
			}
		}
	}
}

func imageIn(v any, depth int, isImage bool) string {
	if depth > 4 {
		return ""
	}
	switch v := v.(type) {
	case string:
		if isImage {
			return v
		}
	case []any:
		for _, x := range v {
			if s := imageIn(x, depth+1, isImage); s != "" {
				return s
			}
		}
	case map[string]any:
		if u, ok := v["url"].(string); ok && (isImage || v["@type"] == "ImageObject") {
			return u
		}
		if img, ok := v["image"]; ok {
			if s := imageIn(img, depth+1, true); s != "" {
				return s
			}
		}
		if g, ok := v["@graph"]; ok {
			return imageIn(g, depth+1, false)
		}
	}
	return ""
}
