// Package miniflux is a client for Miniflux's own REST API: an API key
// made at login, feeds, entries changed after a time (with real change
// times, so the latest change can win), and entry status and stars.
//
// It knows nothing of byline's store; what it returns is untrusted text.
package miniflux

import (
	"bytes"
	"context"
	"crypto/rand"
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

// ErrUnauthorized means the server refused the API key or password.
var ErrUnauthorized = errors.New("the server refused the credentials (HTTP 401)")

// Client talks to one Miniflux.
type Client struct {
	Base      string
	HTTP      *http.Client
	UserAgent string
	Token     string // the API key
}

// New returns a client for a server's root URL.
func New(base string, hc *http.Client, userAgent string) *Client {
	return &Client{Base: strings.TrimRight(base, "/"), HTTP: feed.SameHostRedirects(hc), UserAgent: userAgent}
}

func (c *Client) do(ctx context.Context, method, path string, body any, basic [2]string, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", c.UserAgent)
	req.Header.Set("Content-Type", "application/json")
	if basic[0] != "" {
		req.SetBasicAuth(basic[0], basic[1])
	} else {
		req.Header.Set("X-Auth-Token", c.Token)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", c.Base, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return err
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return ErrUnauthorized
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		var e struct {
			Message string `json:"error_message"`
		}
		json.Unmarshal(data, &e)
		if e.Message != "" {
			return fmt.Errorf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, e.Message)
		}
		return fmt.Errorf("%s %s: HTTP %d", method, path, resp.StatusCode)
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("%s: not the JSON the API returns: %w", path, err)
		}
	}
	return nil
}

// Login makes an API key with the user's password (used once, not kept)
// and keeps the key.
func (c *Client) Login(ctx context.Context, user, password string) error {
	var r struct {
		Token string `json:"token"`
	}
	// Miniflux refuses a description it has already: two logins in one
	// millisecond (two devices, a script) must not share one.
	var nonce [4]byte
	_, _ = rand.Read(nonce[:])
	desc := fmt.Sprintf("byline %s %x", time.Now().UTC().Format("2006-01-02 15:04:05.000"), nonce)
	err := c.do(ctx, http.MethodPost, "/v1/api-keys", map[string]string{"description": desc}, [2]string{user, password}, &r)
	if errors.Is(err, ErrUnauthorized) {
		return errors.New("login refused: wrong user name or password")
	}
	if err != nil {
		return err
	}
	if r.Token == "" {
		return errors.New("login: the server made no API key")
	}
	c.Token = r.Token
	return nil
}

// Feed is a subscription.
type Feed struct {
	ID       int64
	Title    string
	URL      string
	SiteURL  string
	Category string
}

// Feeds lists the subscriptions.
func (c *Client) Feeds(ctx context.Context) ([]Feed, error) {
	var r []struct {
		ID       int64  `json:"id"`
		Title    string `json:"title"`
		FeedURL  string `json:"feed_url"`
		SiteURL  string `json:"site_url"`
		Category struct {
			Title string `json:"title"`
		} `json:"category"`
	}
	if err := c.do(ctx, http.MethodGet, "/v1/feeds", nil, [2]string{}, &r); err != nil {
		return nil, err
	}
	out := make([]Feed, len(r))
	for i, f := range r {
		out[i] = Feed{ID: f.ID, Title: f.Title, URL: f.FeedURL, SiteURL: f.SiteURL, Category: f.Category.Title}
	}
	return out, nil
}

// Entry is an article on the server.
type Entry struct {
	ID        int64
	FeedID    int64
	Title     string
	URL       string
	Author    string
	Content   string
	Published time.Time
	Changed   time.Time
	Read      bool
	Starred   bool
	Tags      []string
}

// EntriesChangedAfter lists every entry changed after t (all entries when
// t is zero), paging by entry id so that no entry is skipped or repeated.
func (c *Client) EntriesChangedAfter(ctx context.Context, t time.Time) ([]Entry, error) {
	var out []Entry
	var after int64
	for {
		q := url.Values{"order": {"id"}, "direction": {"asc"}, "limit": {"500"}, "after_entry_id": {strconv.FormatInt(after, 10)}}
		q.Add("status", "read")
		q.Add("status", "unread")
		if !t.IsZero() {
			q.Set("changed_after", strconv.FormatInt(t.Unix(), 10))
		}
		var r struct {
			Entries []struct {
				ID          int64     `json:"id"`
				FeedID      int64     `json:"feed_id"`
				Title       string    `json:"title"`
				URL         string    `json:"url"`
				Author      string    `json:"author"`
				Content     string    `json:"content"`
				PublishedAt time.Time `json:"published_at"`
				ChangedAt   time.Time `json:"changed_at"`
				Status      string    `json:"status"`
				Starred     bool      `json:"starred"`
				Tags        []string  `json:"tags"`
			} `json:"entries"`
		}
		if err := c.do(ctx, http.MethodGet, "/v1/entries?"+q.Encode(), nil, [2]string{}, &r); err != nil {
			return nil, err
		}
		for _, e := range r.Entries {
			out = append(out, Entry{ID: e.ID, FeedID: e.FeedID, Title: e.Title, URL: e.URL, Author: e.Author, Content: e.Content,
				Published: e.PublishedAt, Changed: e.ChangedAt, Read: e.Status == "read", Starred: e.Starred, Tags: e.Tags})
			after = max(after, e.ID)
		}
		if len(r.Entries) < 500 {
			return out, nil
		}
	}
}

// Entry reads one entry's state.
func (c *Client) Entry(ctx context.Context, id int64) (Entry, error) {
	var e struct {
		ID        int64     `json:"id"`
		FeedID    int64     `json:"feed_id"`
		ChangedAt time.Time `json:"changed_at"`
		Status    string    `json:"status"`
		Starred   bool      `json:"starred"`
	}
	err := c.do(ctx, http.MethodGet, fmt.Sprintf("/v1/entries/%d", id), nil, [2]string{}, &e)
	return Entry{ID: e.ID, FeedID: e.FeedID, Changed: e.ChangedAt, Read: e.Status == "read", Starred: e.Starred}, err
}

// EntriesOfFeed lists a feed's entries, oldest first.
func (c *Client) EntriesOfFeed(ctx context.Context, feedID int64) ([]Entry, error) {
	var r struct {
		Entries []struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"entries"`
	}
	q := url.Values{"order": {"id"}, "direction": {"asc"}, "limit": {"1000"}}
	if err := c.do(ctx, http.MethodGet, fmt.Sprintf("/v1/feeds/%d/entries?%s", feedID, q.Encode()), nil, [2]string{}, &r); err != nil {
		return nil, err
	}
	out := make([]Entry, len(r.Entries))
	for i, e := range r.Entries {
		out[i] = Entry{ID: e.ID, FeedID: feedID, Read: e.Status == "read"}
	}
	return out, nil
}

// SetStatus marks entries read or unread.
func (c *Client) SetStatus(ctx context.Context, ids []int64, read bool) error {
	status := "unread"
	if read {
		status = "read"
	}
	for start := 0; start < len(ids); start += 500 {
		body := map[string]any{"entry_ids": ids[start:min(start+500, len(ids))], "status": status}
		if err := c.do(ctx, http.MethodPut, "/v1/entries", body, [2]string{}, nil); err != nil {
			return err
		}
	}
	return nil
}

// SetStarred stars or unstars an entry. The API only toggles, so it reads
// the entry first and toggles only when it differs.
func (c *Client) SetStarred(ctx context.Context, id int64, starred bool) error {
	var e struct {
		Starred bool `json:"starred"`
	}
	if err := c.do(ctx, http.MethodGet, fmt.Sprintf("/v1/entries/%d", id), nil, [2]string{}, &e); err != nil {
		return err
	}
	if e.Starred == starred {
		return nil
	}
	return c.do(ctx, http.MethodPut, fmt.Sprintf("/v1/entries/%d/bookmark", id), nil, [2]string{}, nil)
}

// Subscribe follows a feed URL; Miniflux fetches it at once.
func (c *Client) Subscribe(ctx context.Context, feedURL string) (int64, error) {
	var cats []struct {
		ID int64 `json:"id"`
	}
	if err := c.do(ctx, http.MethodGet, "/v1/categories", nil, [2]string{}, &cats); err != nil {
		return 0, err
	}
	if len(cats) == 0 {
		return 0, errors.New("the account has no category to put the feed in")
	}
	var r struct {
		FeedID int64 `json:"feed_id"`
	}
	err := c.do(ctx, http.MethodPost, "/v1/feeds", map[string]any{"feed_url": feedURL, "category_id": cats[0].ID}, [2]string{}, &r)
	return r.FeedID, err
}

// Unsubscribe deletes a feed.
func (c *Client) Unsubscribe(ctx context.Context, feedID int64) error {
	return c.do(ctx, http.MethodDelete, fmt.Sprintf("/v1/feeds/%d", feedID), nil, [2]string{}, nil)
}
