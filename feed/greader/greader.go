// Package greader is a client for the Google Reader API as Miniflux,
// FreshRSS, Inoreader and others serve it: log in, list subscriptions,
// list item ids of a stream, fetch items, and mark items read or starred.
//
// It knows nothing of byline's store; what it returns is untrusted text.
package greader

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/byline/byline/feed"
)

// Stream and tag names of the API.
const (
	ReadingList = "user/-/state/com.google/reading-list"
	Read        = "user/-/state/com.google/read"
	Starred     = "user/-/state/com.google/starred"
)

// ErrUnauthorized means the server no longer accepts the session.
var ErrUnauthorized = errors.New("the server refused the session (HTTP 401)")

// Client talks to one server. Auth is the ClientLogin token; keep it to
// skip logging in again.
type Client struct {
	Base      string // the server's API root, e.g. https://rss.example.com/api/greader.php
	HTTP      *http.Client
	UserAgent string
	Auth      string
	token     string // the POST token, which FreshRSS issues apart from Auth
}

// New returns a client for an API root.
func New(base string, hc *http.Client, userAgent string) *Client {
	return &Client{Base: strings.TrimRight(base, "/"), HTTP: feed.SameHostRedirects(hc), UserAgent: userAgent}
}

// Login gets an Auth token with ClientLogin. The password is sent once and
// not kept.
func (c *Client) Login(ctx context.Context, user, password string) error {
	form := url.Values{"Email": {user}, "Passwd": {password}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Base+"/accounts/ClientLogin", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	body, err := c.send(req, false)
	if errors.Is(err, ErrUnauthorized) || (err != nil && strings.Contains(err.Error(), "HTTP 403")) {
		return errors.New("login refused: wrong user name or password (or the Google Reader API is not enabled for this user)")
	}
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Auth="); ok && v != "" {
			c.Auth, c.token = v, ""
			return nil
		}
	}
	return errors.New("login: the server's answer has no Auth token")
}

func (c *Client) send(req *http.Request, auth bool) ([]byte, error) {
	req.Header.Set("User-Agent", c.UserAgent)
	if auth {
		req.Header.Set("Authorization", "GoogleLogin auth="+c.Auth)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Base, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Base, err)
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return nil, ErrUnauthorized
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return nil, fmt.Errorf("%s: HTTP %d %s", req.URL.Path, resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	return body, nil
}

func (c *Client) get(ctx context.Context, path string, q url.Values, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Base+path+"?"+q.Encode(), nil)
	if err != nil {
		return err
	}
	body, err := c.send(req, true)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%s: not the JSON the API returns: %w", path, err)
	}
	return nil
}

// post sends a form with the POST token; a stale token is fetched again
// once.
func (c *Client) post(ctx context.Context, path string, form url.Values) ([]byte, error) {
	for attempt := 0; ; attempt++ {
		if c.token == "" {
			if err := c.fetchToken(ctx); err != nil {
				return nil, err
			}
		}
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set("T", c.token)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Base+path, strings.NewReader(f.Encode()))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		body, err := c.send(req, true)
		if errors.Is(err, ErrUnauthorized) && attempt == 0 {
			c.token = "" // the POST token may have expired; the Auth token may still be good
			continue
		}
		return body, err
	}
}

func (c *Client) fetchToken(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Base+"/reader/api/0/token", nil)
	if err != nil {
		return err
	}
	body, err := c.send(req, true)
	if err != nil {
		return err
	}
	c.token = strings.TrimSpace(string(body))
	if c.token == "" {
		return errors.New("the server gave an empty POST token")
	}
	return nil
}

// Subscription is a feed the account follows.
type Subscription struct {
	ID         string // feed/…
	Title      string
	URL        string
	HTMLURL    string
	Categories []string
}

// Subscriptions lists the account's feeds with their categories.
func (c *Client) Subscriptions(ctx context.Context) ([]Subscription, error) {
	var r struct {
		Subscriptions []struct {
			ID         string `json:"id"`
			Title      string `json:"title"`
			URL        string `json:"url"`
			HTMLURL    string `json:"htmlUrl"`
			Categories []struct {
				ID    string `json:"id"`
				Label string `json:"label"`
			} `json:"categories"`
		} `json:"subscriptions"`
	}
	if err := c.get(ctx, "/reader/api/0/subscription/list", url.Values{"output": {"json"}}, &r); err != nil {
		return nil, err
	}
	out := make([]Subscription, 0, len(r.Subscriptions))
	for _, s := range r.Subscriptions {
		sub := Subscription{ID: s.ID, Title: s.Title, URL: s.URL, HTMLURL: s.HTMLURL}
		for _, cat := range s.Categories {
			label := cat.Label
			if label == "" {
				label = cat.ID[strings.LastIndex(cat.ID, "/")+1:]
			}
			sub.Categories = append(sub.Categories, label)
		}
		out = append(out, sub)
	}
	return out, nil
}

// ItemIDs lists the ids of a stream's items, excluding those tagged
// exclude when it is set. It follows continuations to the end; callers
// treat the result as a set.
func (c *Client) ItemIDs(ctx context.Context, stream, exclude string) ([]int64, error) {
	var ids []int64
	seen := map[int64]bool{}
	cont := ""
	for page := 0; page < 1000; page++ {
		q := url.Values{"output": {"json"}, "s": {stream}, "n": {"10000"}}
		if exclude != "" {
			q.Set("xt", exclude)
		}
		if cont != "" {
			q.Set("c", cont)
		}
		var r struct {
			ItemRefs []struct {
				ID string `json:"id"`
			} `json:"itemRefs"`
			Continuation string `json:"continuation"`
		}
		if err := c.get(ctx, "/reader/api/0/stream/items/ids", q, &r); err != nil {
			return nil, err
		}
		added := 0
		for _, ref := range r.ItemRefs {
			id, err := ParseItemID(ref.ID)
			if err != nil {
				return nil, err
			}
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
				added++
			}
		}
		if r.Continuation == "" || r.Continuation == cont || added == 0 {
			return ids, nil
		}
		cont = r.Continuation
	}
	return ids, nil
}

// Item is one article from the server.
type Item struct {
	ID         int64
	Title      string
	Link       string
	Author     string
	Published  time.Time
	Summary    string // HTML
	Content    string // HTML
	Categories []string
	StreamID   string // the subscription it came from
}

// Contents fetches items by id, at most 250 a request.
func (c *Client) Contents(ctx context.Context, ids []int64) ([]Item, error) {
	var out []Item
	for start := 0; start < len(ids); start += 250 {
		form := url.Values{}
		for _, id := range ids[start:min(start+250, len(ids))] {
			form.Add("i", LongID(id))
		}
		body, err := c.post(ctx, "/reader/api/0/stream/items/contents?output=json", form)
		if err != nil {
			return nil, err
		}
		var r struct {
			Items []struct {
				ID        string `json:"id"`
				Title     string `json:"title"`
				Published int64  `json:"published"`
				Author    string `json:"author"`
				Canonical []struct {
					Href string `json:"href"`
				} `json:"canonical"`
				Alternate []struct {
					Href string `json:"href"`
				} `json:"alternate"`
				Summary struct {
					Content string `json:"content"`
				} `json:"summary"`
				Content struct {
					Content string `json:"content"`
				} `json:"content"`
				Categories []string `json:"categories"`
				Origin     struct {
					StreamID string `json:"streamId"`
				} `json:"origin"`
			} `json:"items"`
		}
		if err := json.Unmarshal(body, &r); err != nil {
			return nil, fmt.Errorf("items: not the JSON the API returns: %w", err)
		}
		for _, it := range r.Items {
			id, err := ParseItemID(it.ID)
			if err != nil {
				return nil, err
			}
			item := Item{ID: id, Title: it.Title, Author: it.Author, Summary: it.Summary.Content, Content: it.Content.Content, StreamID: it.Origin.StreamID}
			if it.Published > 0 {
				item.Published = time.Unix(it.Published, 0)
			}
			switch {
			case len(it.Canonical) > 0:
				item.Link = it.Canonical[0].Href
			case len(it.Alternate) > 0:
				item.Link = it.Alternate[0].Href
			}
			for _, cat := range it.Categories {
				// User labels are tags; the service's own states are not.
				if strings.HasPrefix(cat, "user/") && strings.Contains(cat, "/label/") {
					item.Categories = append(item.Categories, cat[strings.LastIndex(cat, "/")+1:])
				}
			}
			out = append(out, item)
		}
	}
	return out, nil
}

// EditTag adds and removes a state tag (Read, Starred) on items, at most
// 250 a request.
func (c *Client) EditTag(ctx context.Context, ids []int64, add, remove string) error {
	for start := 0; start < len(ids); start += 250 {
		form := url.Values{}
		for _, id := range ids[start:min(start+250, len(ids))] {
			form.Add("i", LongID(id))
		}
		if add != "" {
			form.Set("a", add)
		}
		if remove != "" {
			form.Set("r", remove)
		}
		if _, err := c.post(ctx, "/reader/api/0/edit-tag", form); err != nil {
			return err
		}
	}
	return nil
}

// LongID is an item id in the API's long form.
func LongID(id int64) string {
	return fmt.Sprintf("tag:google.com,2005:reader/item/%016x", uint64(id))
}

// ParseItemID reads an item id in any form servers send: the long form
// (hexadecimal, 16 digits), the short form of it (hexadecimal too:
// ".../item/10" is 16), or a plain decimal number.
func ParseItemID(s string) (int64, error) {
	if i := strings.LastIndex(s, "/item/"); i >= 0 {
		u, err := strconv.ParseUint(s[i+len("/item/"):], 16, 64)
		if err != nil {
			return 0, fmt.Errorf("bad item id %q", s)
		}
		return int64(u), nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("bad item id %q", s)
	}
	return n, nil
}

// Subscribe follows a feed URL, in a category when one is given.
func (c *Client) Subscribe(ctx context.Context, feedURL, title, category string) error {
	form := url.Values{"ac": {"subscribe"}, "s": {"feed/" + feedURL}}
	if title != "" {
		form.Set("t", title)
	}
	if category != "" {
		form.Set("a", "user/-/label/"+category)
	}
	_, err := c.post(ctx, "/reader/api/0/subscription/edit", form)
	return err
}

// Unsubscribe stops following a subscription (its feed/… id).
func (c *Client) Unsubscribe(ctx context.Context, streamID string) error {
	_, err := c.post(ctx, "/reader/api/0/subscription/edit", url.Values{"ac": {"unsubscribe"}, "s": {streamID}})
	return err
}
