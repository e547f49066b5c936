package feed

import (
	"fmt"
	"net/http"
)

// SameHostRedirects returns a copy of hc that follows a redirect only to
// the host the request went to. A sync client sends a password in a
// form, an API key in its own header, a session token in POST bodies: Go
// re-sends a body on a 307 and drops only its standard credential
// headers on a redirect to another host, so a server (or whoever answers
// for it) could otherwise send them anywhere.
func SameHostRedirects(hc *http.Client) *http.Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	c := *hc
	next := hc.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && (req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme) {
			return fmt.Errorf("the server redirected to %s://%s; byline sends credentials only to the server it was given", req.URL.Scheme, req.URL.Host)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return fmt.Errorf("stopped after 10 redirects")
		}
		return nil
	}
	return &c
}
