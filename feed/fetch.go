package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// DefaultMaxBody is the largest response body a Fetcher reads, after
// decompression.
const DefaultMaxBody = 20 << 20

// Fetcher gets feed documents over HTTP. The zero value is not usable; call
// NewFetcher.
type Fetcher struct {
	Client    *http.Client
	UserAgent string
	MaxBody   int64
}

// DefaultTimeout bounds one whole fetch: connecting, waiting and reading
// the body. A server that trickles a byte a second hits it too.
const DefaultTimeout = 30 * time.Second

// NewFetcher returns a Fetcher with connect and total timeouts (total is
// DefaultTimeout when zero), a redirect limit and the default body limit.
func NewFetcher(userAgent string, total time.Duration) *Fetcher {
	if total <= 0 {
		total = DefaultTimeout
	}
	connect := min(10*time.Second, total)
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   connect,
		ResponseHeaderTimeout: total,
		// A refresh sends up to six requests to one host at once; keep
		// their connections for the next ones instead of dialling again.
		MaxIdleConnsPerHost: 6,
		IdleConnTimeout:     60 * time.Second,
		// With a DialContext of its own a Transport speaks only HTTP/1.1
		// unless told otherwise; HTTP/2 lets one host's requests share a
		// connection.
		ForceAttemptHTTP2: true,
	}
	return &Fetcher{
		Client: &http.Client{
			Transport: tr,
			Timeout:   total,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) >= 10 {
					return errors.New("too many redirects")
				}
				return nil
			},
		},
		UserAgent: userAgent,
		MaxBody:   DefaultMaxBody,
	}
}

// Validators are the conditional-GET values remembered from a previous
// response.
type Validators struct {
	ETag         string
	LastModified string
}

// Response is the outcome of one fetch.
type Response struct {
	Status      int
	NotModified bool
	Body        []byte
	FinalURL    string
	ContentType string
	Validators  Validators
	// PermanentURL is set when every redirect on the way was permanent
	// (301, 308): the resource now lives there.
	PermanentURL string
	// MaxAge is the Cache-Control max-age, RetryAfter the Retry-After
	// delay; zero when the response had none.
	MaxAge     time.Duration
	RetryAfter time.Duration
}

// StatusError is an HTTP response that is neither success nor 304.
type StatusError struct {
	Code int
	URL  string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s: HTTP %d %s", e.URL, e.Code, http.StatusText(e.Code))
}

const feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

// Get fetches url, sending the validators from the last response.
func (f *Fetcher) Get(ctx context.Context, url string, v Validators) (*Response, error) {
	return f.get(ctx, url, v, feedAccept, nil)
}

// GetWhen is Get that calls ready once the server has answered with a
// body, and reads the body only if ready returns nil. Until then the body
// waits in the connection (over HTTP/1.1, in the kernel's buffers), not in
// a byte slice: a caller with many requests in flight bounds the bodies it
// holds by what ready lets through.
func (f *Fetcher) GetWhen(ctx context.Context, url string, v Validators, ready func() error) (*Response, error) {
	return f.get(ctx, url, v, feedAccept, ready)
}

func (f *Fetcher) get(ctx context.Context, url string, v Validators, accept string, ready func() error) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("bad URL %q: %w", url, err)
	}
	req.Header.Set("User-Agent", f.UserAgent)
	req.Header.Set("Accept", accept)
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := f.Client.Do(req)
	if err != nil {
		return nil, describeNetError(url, err)
	}
	defer resp.Body.Close()
	out := &Response{
		Status:      resp.StatusCode,
		FinalURL:    resp.Request.URL.String(),
		ContentType: resp.Header.Get("Content-Type"),
		Validators: Validators{
			ETag:         resp.Header.Get("ETag"),
			LastModified: resp.Header.Get("Last-Modified"),
		},
	}
	out.MaxAge = maxAge(resp.Header.Get("Cache-Control"))
	out.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), time.Now())
	out.PermanentURL = permanentTarget(resp)
	if resp.StatusCode == http.StatusNotModified {
		out.NotModified = true
		out.Validators = v
		return out, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return out, &StatusError{Code: resp.StatusCode, URL: url}
	}
	limit := f.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	if ready != nil {
		if err := ready(); err != nil {
			return out, fmt.Errorf("%s: %w", url, err)
		}
	}
	body, err := readBody(resp, limit+1)
	if err != nil {
		return out, describeNetError(url, err)
	}
	if int64(len(body)) > limit {
		return out, fmt.Errorf("%s: response larger than %d MB", url, limit>>20)
	}
	out.Body = body
	return out, nil
}

// readBody reads at most limit bytes of a response body, in one buffer of
// the announced length when there is one.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	r := io.LimitReader(resp.Body, limit)
	if n := resp.ContentLength; n > 0 && n < limit && !resp.Uncompressed {
		var buf bytes.Buffer
		buf.Grow(int(n) + bytes.MinRead)
		_, err := buf.ReadFrom(r)
		return buf.Bytes(), err
	}
	return io.ReadAll(r)
}

func describeNetError(url string, err error) error {
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return &netError{url + ": cancelled", err}
	case errors.As(err, &ne) && ne.Timeout():
		return &netError{url + ": timed out", err}
	}
	// The network's own words, for the failures people meet most.
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns) && dns.IsNotFound:
		return &netError{fmt.Sprintf("%s: no such host %s (a typo, or no network)", url, dns.Name), err}
	case errors.As(err, &dns):
		return &netError{fmt.Sprintf("%s: could not look up %s (no network, or the name server is down)", url, dns.Name), err}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &netError{url + ": connection refused (nothing answers there)", err}
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETDOWN):
		return &netError{url + ": network unreachable", err}
	}
	// url.Error repeats the method and URL; keep the cause.
	var ue *neturl.Error
	if errors.As(err, &ue) {
		return &netError{fmt.Sprintf("%s: %v", url, ue.Err), err}
	}
	return &netError{fmt.Sprintf("%s: %v", url, err), err}
}

// netError is a network failure worded for people, with its cause kept for
// errors.Is and errors.As.
type netError struct {
	text string
	err  error
}

func (e *netError) Error() string { return e.text }
func (e *netError) Unwrap() error { return e.err }

// Unreachable reports whether err says a server could not be reached at
// all: no route, no address, nothing listening, no answer to connect. When
// every source fails so, it is the network that is down.
func Unreachable(err error) bool {
	var op *net.OpError
	var dns *net.DNSError
	return errors.As(err, &op) && op.Op == "dial" || errors.As(err, &dns) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ENETUNREACH) ||
		errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETDOWN)
}

// maxAge reads max-age from a Cache-Control header.
func maxAge(cc string) time.Duration {
	for _, part := range strings.Split(cc, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(k, "max-age") {
			if n, err := strconv.Atoi(strings.Trim(v, `"`)); err == nil && n > 0 {
				return time.Duration(n) * time.Second
			}
		}
	}
	return 0
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(h); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// permanentTarget returns the final URL when the request was redirected
// and every redirect was permanent.
func permanentTarget(resp *http.Response) string {
	req := resp.Request
	if req == nil || req.Response == nil {
		return ""
	}
	final := req.URL.String()
	for r := req; r != nil && r.Response != nil; r = r.Response.Request {
		if c := r.Response.StatusCode; c != http.StatusMovedPermanently && c != http.StatusPermanentRedirect {
			return ""
		}
	}
	return final
}
