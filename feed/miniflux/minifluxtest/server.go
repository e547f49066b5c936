// Package minifluxtest is a fake Miniflux for tests: the part of Miniflux's
// REST API (v1) that byline's client uses, answering as Miniflux 2.x does —
// API keys made with the password (HTTP Basic) and used in X-Auth-Token,
// 401 with {"error_message": "Access Unauthorized"}, entries as
// {"total", "entries"} filtered by status, after_entry_id and changed_after
// (unix seconds, strictly after), sorted by order and direction, limit
// defaulting to 100; changed_at moved by every change of status or star;
// PUT /v1/entries and the bookmark toggle answering 204; a feed created
// with POST /v1/feeds fetched at once (its entries unread), refused when
// it already exists, cannot be fetched or names no category of the user.
//
// The real Miniflux runs in CI (.ci/miniflux.sh); tests that run here
// against the fake run there against it too, which keeps the fake honest.
package minifluxtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// Entry is an entry on the fake server.
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

// Feed is a subscription.
type Feed struct {
	ID         int64
	Title      string
	FeedURL    string
	SiteURL    string
	CategoryID int64
}

// Category is one of the user's categories.
type Category struct {
	ID    int64
	Title string
}

// Server is the fake.
type Server struct {
	*httptest.Server
	User, Password string
	// HTTP fetches the feeds the server is asked to follow.
	HTTP *http.Client

	mu         sync.Mutex
	keys       map[string]string // API key -> description
	categories []Category
	feeds      []Feed
	entries    map[int64]*Entry
	lastID     int64
	down       bool
	requests   int
}

// New starts a fake Miniflux with one user, who has one category ("All",
// as a new Miniflux account does).
func New(user, password string) *Server {
	s := &Server{User: user, Password: password, HTTP: &http.Client{Timeout: 10 * time.Second},
		keys: map[string]string{}, categories: []Category{{ID: 1, Title: "All"}}, entries: map[int64]*Entry{}, lastID: 1}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/api-keys", s.authed(s.createKey))
	mux.HandleFunc("GET /v1/categories", s.authed(s.listCategories))
	mux.HandleFunc("GET /v1/feeds", s.authed(s.listFeeds))
	mux.HandleFunc("POST /v1/feeds", s.authed(s.createFeed))
	mux.HandleFunc("DELETE /v1/feeds/{id}", s.authed(s.deleteFeed))
	mux.HandleFunc("GET /v1/feeds/{id}/entries", s.authed(s.findEntries))
	mux.HandleFunc("GET /v1/entries", s.authed(s.findEntries))
	mux.HandleFunc("PUT /v1/entries", s.authed(s.setStatus))
	mux.HandleFunc("GET /v1/entries/{id}", s.authed(s.getEntry))
	mux.HandleFunc("PUT /v1/entries/{id}/bookmark", s.authed(s.toggleStarred))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { jsonError(w, http.StatusNotFound, "Not Found") })
	s.Server = httptest.NewServer(mux)
	return s
}

// SetDown makes every request fail with 503 (or stops that).
func (s *Server) SetDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// RevokeKeys deletes every API key, as the user would in Miniflux's
// settings: the next request with one gets 401.
func (s *Server) RevokeKeys() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.keys)
}

// Requests is how many requests were answered.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// AddFeed adds a subscription without fetching it, and returns its id.
func (s *Server) AddFeed(title, feedURL string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastID++
	s.feeds = append(s.feeds, Feed{ID: s.lastID, Title: title, FeedURL: feedURL, SiteURL: feedURL, CategoryID: 1})
	return s.lastID
}

// AddEntry adds an entry to a feed, as a refresh of the feed on the server
// would, and returns its id. Its change time is now.
func (s *Server) AddEntry(e Entry) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastID++
	e.ID = s.lastID
	e.Changed = time.Now()
	if e.Published.IsZero() {
		e.Published = e.Changed
	}
	s.entries[e.ID] = &e
	return e.ID
}

// Entry returns a copy of an entry.
func (s *Server) Entry(id int64) Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *s.entries[id]
}

// Set changes an entry's state, as another client would; its change time
// moves when the state does.
func (s *Server) Set(id int64, read, starred bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.entries[id]
	if e.Read != read || e.Starred != starred {
		e.Read, e.Starred, e.Changed = read, starred, time.Now()
	}
}

func jsonError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"error_message": msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// authed lets a request through with a known API key in X-Auth-Token, or
// the user's password in HTTP Basic, as Miniflux's API middleware does.
func (s *Server) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests++
		down := s.down
		_, keyOK := s.keys[r.Header.Get("X-Auth-Token")]
		s.mu.Unlock()
		if down {
			jsonError(w, http.StatusServiceUnavailable, "down")
			return
		}
		user, password, basic := r.BasicAuth()
		if !(keyOK || basic && user == s.User && password == s.Password) {
			jsonError(w, http.StatusUnauthorized, "Access Unauthorized")
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		h(w, r)
	}
}

func (s *Server) createKey(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Description string `json:"description"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		jsonError(w, http.StatusBadRequest, err.Error())
		return
	}
	if strings.TrimSpace(req.Description) == "" {
		jsonError(w, http.StatusBadRequest, "The description is required.")
		return
	}
	for _, d := range s.keys {
		if d == req.Description {
			jsonError(w, http.StatusBadRequest, "This API Key description already exists.")
			return
		}
	}
	s.lastID++
	token := fmt.Sprintf("key-%d-%d", s.lastID, time.Now().UnixNano())
	s.keys[token] = req.Description
	now := time.Now()
	writeJSON(w, http.StatusCreated, map[string]any{"id": s.lastID, "user_id": 1, "token": token,
		"description": req.Description, "last_used_at": nil, "created_at": now})
}

func (s *Server) category(id int64) (Category, bool) {
	for _, c := range s.categories {
		if c.ID == id {
			return c, true
		}
	}
	return Category{}, false
}

func categoryJSON(c Category) map[string]any {
	return map[string]any{"id": c.ID, "title": c.Title, "user_id": 1, "hide_globally": false}
}

func (s *Server) listCategories(w http.ResponseWriter, r *http.Request) {
	out := []map[string]any{}
	for _, c := range s.categories {
		out = append(out, categoryJSON(c))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) feedJSON(f Feed) map[string]any {
	c, _ := s.category(f.CategoryID)
	return map[string]any{"id": f.ID, "user_id": 1, "feed_url": f.FeedURL, "site_url": f.SiteURL, "title": f.Title,
		"checked_at": time.Now(), "parsing_error_message": "", "parsing_error_count": 0, "disabled": false,
		"category": categoryJSON(c), "icon": nil}
}

func (s *Server) listFeeds(w http.ResponseWriter, r *http.Request) {
	out := []map[string]any{}
	for _, f := range s.feeds {
		out = append(out, s.feedJSON(f))
	}
	writeJSON(w, http.StatusOK, out)
}

// createFeed follows a feed and fetches it at once, as Miniflux does: the
// answer comes after the fetch, with the feed's entries stored unread.
func (s *Server) createFeed(w http.ResponseWriter, r *http.Request) {
	var req struct {
		FeedURL    string `json:"feed_url"`
		CategoryID int64  `json:"category_id"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		jsonError(w, http.StatusBadRequest, err.Error())
		return
	}
	if req.FeedURL == "" {
		jsonError(w, http.StatusBadRequest, "The feed URL is required")
		return
	}
	if _, ok := s.category(req.CategoryID); !ok {
		jsonError(w, http.StatusBadRequest, "This category does not exist or does not belong to this user")
		return
	}
	for _, f := range s.feeds {
		if f.FeedURL == req.FeedURL {
			jsonError(w, http.StatusBadRequest, "This feed already exists")
			return
		}
	}
	parsed, failure := s.fetch(r.Context(), req.FeedURL)
	if failure != "" {
		jsonError(w, http.StatusBadRequest, failure)
		return
	}
	s.lastID++
	f := Feed{ID: s.lastID, Title: parsed.Title, FeedURL: req.FeedURL, SiteURL: parsed.Link, CategoryID: req.CategoryID}
	if f.Title == "" {
		f.Title = req.FeedURL
	}
	s.feeds = append(s.feeds, f)
	// Miniflux stores a feed's items in the order the document lists them
	// (newest first, for most feeds).
	now := time.Now()
	for _, it := range parsed.Items {
		s.lastID++
		e := &Entry{ID: s.lastID, FeedID: f.ID, Title: it.Title, URL: it.Link, Content: it.Content, Changed: now}
		if e.Content == "" {
			e.Content = it.Description
		}
		if it.Author != nil {
			e.Author = it.Author.Name
		}
		if it.PublishedParsed != nil {
			e.Published = *it.PublishedParsed
		} else {
			e.Published = now
		}
		e.Tags = it.Categories
		s.entries[e.ID] = e
	}
	writeJSON(w, http.StatusCreated, map[string]int64{"feed_id": f.ID})
}

// fetch reads a feed without the lock (a loopback feed may take its
// time); failure is what Miniflux says when it cannot.
func (s *Server) fetch(ctx context.Context, feedURL string) (f *gofeed.Feed, failure string) {
	s.mu.Unlock()
	defer s.mu.Lock()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, feedURL, nil)
	if err != nil {
		return nil, err.Error()
	}
	resp, err := s.HTTP.Do(req)
	if err != nil {
		return nil, fmt.Sprintf("Unable to fetch this resource: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Sprintf("Unable to fetch this resource (Status Code = %d)", resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, err.Error()
	}
	if f, err = gofeed.NewParser().ParseString(string(body)); err != nil {
		return nil, fmt.Sprintf("Unable to parse this feed: %v", err)
	}
	return f, ""
}

func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

func (s *Server) deleteFeed(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	i := slices.IndexFunc(s.feeds, func(f Feed) bool { return f.ID == id })
	if i < 0 {
		jsonError(w, http.StatusNotFound, "Not Found")
		return
	}
	s.feeds = slices.Delete(s.feeds, i, i+1)
	for eid, e := range s.entries {
		if e.FeedID == id {
			delete(s.entries, eid)
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) entryJSON(e *Entry) map[string]any {
	status := "unread"
	if e.Read {
		status = "read"
	}
	var feedJSON map[string]any
	for _, f := range s.feeds {
		if f.ID == e.FeedID {
			feedJSON = s.feedJSON(f)
		}
	}
	tags := e.Tags
	if tags == nil {
		tags = []string{}
	}
	return map[string]any{"id": e.ID, "user_id": 1, "feed_id": e.FeedID, "status": status, "hash": fmt.Sprintf("h%d", e.ID),
		"title": e.Title, "url": e.URL, "comments_url": "", "published_at": e.Published, "created_at": e.Published,
		"changed_at": e.Changed, "content": e.Content, "author": e.Author, "share_code": "", "starred": e.Starred,
		"reading_time": 1, "enclosures": nil, "feed": feedJSON, "tags": tags}
}

func (s *Server) getEntry(w http.ResponseWriter, r *http.Request) {
	e, ok := s.entries[pathID(r)]
	if !ok {
		jsonError(w, http.StatusNotFound, "Not Found")
		return
	}
	writeJSON(w, http.StatusOK, s.entryJSON(e))
}

// findEntries is GET /v1/entries and GET /v1/feeds/{id}/entries.
func (s *Server) findEntries(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	statuses := q["status"]
	for _, st := range statuses {
		if st != "read" && st != "unread" && st != "removed" {
			jsonError(w, http.StatusBadRequest, "Invalid entry status")
			return
		}
	}
	order := q.Get("order")
	if order == "" {
		order = "published_at"
	}
	if order != "id" && order != "published_at" && order != "changed_at" {
		jsonError(w, http.StatusBadRequest, "Invalid entry order")
		return
	}
	direction := q.Get("direction")
	if direction == "" {
		direction = "asc"
	}
	if direction != "asc" && direction != "desc" {
		jsonError(w, http.StatusBadRequest, `Invalid direction, accepted values are: "asc" or "desc"`)
		return
	}
	limit, offset := 100, 0
	if v := q.Get("limit"); v != "" {
		limit, _ = strconv.Atoi(v)
	}
	if v := q.Get("offset"); v != "" {
		offset, _ = strconv.Atoi(v)
	}
	if limit < 0 || offset < 0 {
		jsonError(w, http.StatusBadRequest, "Offset and limit must be greater than or equal to 0")
		return
	}
	feedID := pathID(r)
	if feedID > 0 && !slices.ContainsFunc(s.feeds, func(f Feed) bool { return f.ID == feedID }) {
		jsonError(w, http.StatusBadRequest, "invalid feed ID")
		return
	}
	after, _ := strconv.ParseInt(q.Get("after_entry_id"), 10, 64)
	changedAfter, _ := strconv.ParseInt(q.Get("changed_after"), 10, 64)
	var match []*Entry
	for _, e := range s.entries {
		status := "unread"
		if e.Read {
			status = "read"
		}
		switch {
		case feedID > 0 && e.FeedID != feedID,
			len(statuses) > 0 && !slices.Contains(statuses, status),
			after > 0 && e.ID <= after,
			changedAfter > 0 && !e.Changed.After(time.Unix(changedAfter, 0)):
			continue
		}
		match = append(match, e)
	}
	slices.SortFunc(match, func(a, b *Entry) int {
		c := 0
		switch order {
		case "published_at":
			c = a.Published.Compare(b.Published)
		case "changed_at":
			c = a.Changed.Compare(b.Changed)
		}
		if c == 0 {
			c = int(a.ID - b.ID)
		}
		if direction == "desc" {
			c = -c
		}
		return c
	})
	total := len(match)
	match = match[min(offset, len(match)):]
	if limit > 0 {
		match = match[:min(limit, len(match))]
	}
	entries := []map[string]any{}
	for _, e := range match {
		entries = append(entries, s.entryJSON(e))
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": total, "entries": entries})
}

func (s *Server) setStatus(w http.ResponseWriter, r *http.Request) {
	var req struct {
		EntryIDs []int64 `json:"entry_ids"`
		Status   string  `json:"status"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		jsonError(w, http.StatusBadRequest, err.Error())
		return
	}
	if len(req.EntryIDs) == 0 {
		jsonError(w, http.StatusBadRequest, "The list of entries cannot be empty")
		return
	}
	if req.Status != "read" && req.Status != "unread" && req.Status != "removed" {
		jsonError(w, http.StatusBadRequest, "Invalid entry status")
		return
	}
	now := time.Now()
	for _, id := range req.EntryIDs {
		if e, ok := s.entries[id]; ok {
			e.Read, e.Changed = req.Status == "read", now
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) toggleStarred(w http.ResponseWriter, r *http.Request) {
	if e, ok := s.entries[pathID(r)]; ok {
		e.Starred, e.Changed = !e.Starred, time.Now()
	}
	w.WriteHeader(http.StatusNoContent)
}

// Start gives the Miniflux a test runs against: the real one CI starts
// (.ci/miniflux.sh sets BYLINE_MINIFLUX_URL, _USER and _PASSWORD), else a
// fake, closed when the test ends. fake is nil with the real one.
func Start(t testing.TB) (url, user, password string, fake *Server) {
	url, user, password = os.Getenv("BYLINE_MINIFLUX_URL"), os.Getenv("BYLINE_MINIFLUX_USER"), os.Getenv("BYLINE_MINIFLUX_PASSWORD")
	if url != "" && user != "" && password != "" {
		return url, user, password, nil
	}
	fake = New("ann", "secret")
	t.Cleanup(fake.Close)
	return fake.URL, fake.User, fake.Password, fake
}
