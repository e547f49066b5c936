package feed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	neturl "net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

const imageAccept = "image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1"

// imageTypes are the formats byline draws, as net/http sniffs them.
var imageTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true}

// GetImage fetches an article's image, within the Fetcher's timeouts and
// body limit. Only http and https URLs are fetched, and only a body that
// is a PNG, JPEG, GIF or WebP by its first bytes is returned, whatever the
// server says it is: an error page, an HTML page or an SVG is an error.
func (f *Fetcher) GetImage(ctx context.Context, url string) ([]byte, error) {
	if !IsWebURL(url) {
		return nil, fmt.Errorf("image %q: only http and https images are fetched", url)
	}
	resp, err := f.get(ctx, url, Validators{}, imageAccept, nil)
	if err != nil {
		return nil, err
	}
	if ct, _, err := mime.ParseMediaType(resp.ContentType); err == nil && (strings.HasPrefix(ct, "text/") || strings.Contains(ct, "html")) {
		return nil, fmt.Errorf("%s: not an image but %s", url, ct)
	}
	if sniffed := http.DetectContentType(resp.Body); !imageTypes[sniffed] {
		return nil, fmt.Errorf("%s: not a PNG, JPEG, GIF or WebP image", url)
	}
	return resp.Body, nil
}

// CopyImage fetches an article's image as GetImage does, writing its
// body to w as it arrives instead of holding it: at most the body limit
// is written, and a body that is no PNG, JPEG, GIF or WebP by its first
// bytes is an error before anything is written.
func (f *Fetcher) CopyImage(ctx context.Context, url string, w io.Writer) error {
	if !IsWebURL(url) {
		return fmt.Errorf("image %q: only http and https images are fetched", url)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("bad URL %q: %w", url, err)
	}
	req.Header.Set("User-Agent", f.UserAgent)
	req.Header.Set("Accept", imageAccept)
	resp, err := f.Client.Do(req)
	if err != nil {
		return describeNetError(url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &StatusError{Code: resp.StatusCode, URL: url}
	}
	if ct, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type")); err == nil && (strings.HasPrefix(ct, "text/") || strings.Contains(ct, "html")) {
		return fmt.Errorf("%s: not an image but %s", url, ct)
	}
	limit := f.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	body := io.LimitReader(resp.Body, limit+1)
	head := make([]byte, 512)
	n, err := io.ReadFull(body, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return describeNetError(url, err)
	}
	if !imageTypes[http.DetectContentType(head[:n])] {
		return fmt.Errorf("%s: not a PNG, JPEG, GIF or WebP image", url)
	}
	if _, err := w.Write(head[:n]); err != nil {
		return err
	}
	written, err := io.Copy(w, body)
	if err != nil {
		return describeNetError(url, err)
	}
	if int64(n)+written > limit {
		return fmt.Errorf("%s: response larger than %d MB", url, limit>>20)
	}
	return nil
}

// IsWebURL reports whether s is an absolute http or https URL with a host.
func IsWebURL(s string) bool {
	u, err := neturl.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

var imageParser = goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser()

// ImageURLs lists the http(s) images of a Markdown document, each once, in
// order.
func ImageURLs(md string) []string {
	src := []byte(md)
	seen := map[string]bool{}
	var urls []string
	_ = ast.Walk(imageParser.Parse(text.NewReader(src)), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering {
			u := strings.TrimSpace(string(img.Destination))
			if IsWebURL(u) && !seen[u] {
				seen[u] = true
				urls = append(urls, u)
			}
		}
		return ast.WalkContinue, nil
	})
	return urls
}
