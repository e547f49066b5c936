package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"strings"

	"github.com/byline/byline/feed/sanitize"
	"golang.org/x/net/html/charset"
)

// FullArticle fetches an article's page and returns its main content,
// extracted with readability, as Markdown. The error says why there is
// none: the page could not be fetched, was not HTML, or held no article.
func (f *Fetcher) FullArticle(ctx context.Context, pageURL string) (string, error) {
	u, err := url.Parse(pageURL)
	if err != nil || !IsURL(pageURL) {
		return "", fmt.Errorf("the article has no web page to fetch")
	}
	resp, err := f.get(ctx, pageURL, Validators{}, "text/html, application/xhtml+xml;q=0.9, */*;q=0.5", nil)
	if err != nil {
		return "", err
	}
	ct := resp.ContentType
	if mt, _, _ := mime.ParseMediaType(ct); ct != "" && mt != "text/html" && mt != "application/xhtml+xml" {
		return "", fmt.Errorf("the page is %s, not HTML", mt)
	}
	// Escapes go before the HTML parser, as a feed's do (see PageFromHTML).
	body, err := charset.NewReader(bytes.NewReader(sanitize.StripEscapes(resp.Body)), ct)
	if err != nil {
		return "", fmt.Errorf("page encoding: %w", err)
	}
	art, err := extractArticle(body, u)
	if err != nil {
		return "", fmt.Errorf("extract article: %w", err)
	}
	var html bytes.Buffer
	if err := art.RenderHTML(&html); err != nil {
		return "", errors.New("no article found on the page")
	}
	md, err := HTMLToMarkdown(html.String(), resp.FinalURL)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(md) == "" {
		return "", errors.New("no article found on the page")
	}
	return md, nil
}
