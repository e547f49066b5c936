// Package greadertest is a fake Google Reader API server for tests, with
// the quirks of real ones: a POST token apart from the Auth token (as
// FreshRSS issues), short-form item ids, decimal ids in id lists,
// continuations that are plain offsets, and 401 for a stale session.
package greadertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Item is an item on the fake server.
type Item struct {
	ID      int64
	Feed    string // feed/…
	Title   string
	Link    string
	HTML    string
	Date    time.Time
	Read    bool
	Starred bool
	Labels  []string
}

// Feed is a subscription on the fake server.
type Feed struct {
	ID, Title, URL, Category string
}

// Server is the fake.
type Server struct {
	*httptest.Server
	User, Password string
	PageSize       int

	mu     sync.Mutex
	auth   string
	token  string
	Feeds  []Feed
	Items  map[int64]*Item
	Down   bool // every request fails with 503
	Edits  int  // edit-tag requests accepted
	Logins int
	// DieAfter, when set, drops the connection of every request after that
	// many, as a server that disappears in the middle of a sync.
	DieAfter int
	served   int
}

// New starts a fake server.
func New(user, password string) *Server {
	s := &Server{User: user, Password: password, PageSize: 3, Items: map[int64]*Item{}, auth: "auth-1", token: "post-token-1"}
	mux := http.NewServeMux()
	mux.HandleFunc("/accounts/ClientLogin", s.login)
	mux.HandleFunc("/reader/api/0/token", s.authed(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, s.token) }))
	mux.HandleFunc("/reader/api/0/subscription/list", s.authed(s.subscriptions))
	mux.HandleFunc("/reader/api/0/stream/items/ids", s.authed(s.ids))
	mux.HandleFunc("/reader/api/0/stream/items/contents", s.authed(s.contents))
	mux.HandleFunc("/reader/api/0/edit-tag", s.authed(s.editTag))
	mux.HandleFunc("/reader/api/0/subscription/edit", s.authed(s.editSubscription))
	s.Server = httptest.NewServer(mux)
	return s
}

// Expire makes the current session stale: the next request gets 401.
func (s *Server) Expire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.auth += "x"
}

// SetDown makes every request fail with 503 (or stops that).
func (s *Server) SetDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Down = down
}

// SetDieAfter drops every request after the next n.
func (s *Server) SetDieAfter(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.DieAfter, s.served = n, 0
}

// Served is how many authenticated requests were served since the last
// SetDieAfter.
func (s *Server) Served() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.served
}

// SetFeeds replaces the subscriptions.
func (s *Server) SetFeeds(feeds []Feed) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Feeds = feeds
}

// Item returns a copy of an item.
func (s *Server) Item(id int64) Item {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *s.Items[id]
}

// Set changes an item's state, as another client would.
func (s *Server) Set(id int64, read, starred bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Items[id].Read, s.Items[id].Starred = read, starred
}

// Add adds an item.
func (s *Server) Add(it Item) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Items[it.ID] = &it
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if s.down(w) {
		return
	}
	r.ParseForm()
	if r.Form.Get("Email") != s.User || r.Form.Get("Passwd") != s.Password {
		http.Error(w, "Error=BadAuthentication", http.StatusUnauthorized)
		return
	}
	s.mu.Lock()
	s.Logins++
	s.auth = fmt.Sprintf("auth-%d", s.Logins+1)
	auth := s.auth
	s.mu.Unlock()
	fmt.Fprintf(w, "SID=x\nLSID=x\nAuth=%s\n", auth)
}

func (s *Server) down(w http.ResponseWriter) bool {
	s.mu.Lock()
	down := s.Down
	s.mu.Unlock()
	if down {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}
	return down
}

func (s *Server) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.down(w) {
			return
		}
		s.mu.Lock()
		ok := r.Header.Get("Authorization") == "GoogleLogin auth="+s.auth
		s.served++
		dead := s.DieAfter > 0 && s.served > s.DieAfter
		s.mu.Unlock()
		if dead {
			if hj, isHJ := w.(http.Hijacker); isHJ {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
					return
				}
			}
			http.Error(w, "gone", http.StatusBadGateway)
			return
		}
		if !ok {
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		if r.Method == http.MethodPost {
			r.ParseForm()
			s.mu.Lock()
			good := r.PostForm.Get("T") == s.token
			s.mu.Unlock()
			if !good {
				http.Error(w, "bad token", http.StatusUnauthorized)
				return
			}
		}
		h(w, r)
	}
}

func (s *Server) subscriptions(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	type cat struct {
		ID    string `json:"id"`
		Label string `json:"label"`
	}
	type sub struct {
		ID         string `json:"id"`
		Title      string `json:"title"`
		URL        string `json:"url"`
		HTMLURL    string `json:"htmlUrl"`
		Categories []cat  `json:"categories"`
	}
	var out struct {
		Subscriptions []sub `json:"subscriptions"`
	}
	for _, f := range s.Feeds {
		out.Subscriptions = append(out.Subscriptions, sub{ID: f.ID, Title: f.Title, URL: f.URL, HTMLURL: f.URL,
			Categories: []cat{{ID: "user/-/label/" + f.Category, Label: f.Category}}})
	}
	json.NewEncoder(w).Encode(out)
}

func (s *Server) ids(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := r.URL.Query()
	var ids []int64
	for id, it := range s.Items {
		switch q.Get("s") {
		case "user/-/state/com.google/starred":
			if !it.Starred {
				continue
			}
		case "user/-/state/com.google/reading-list":
		default:
			continue
		}
		if q.Get("xt") == "user/-/state/com.google/read" && it.Read {
			continue
		}
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] > ids[j] })
	off, _ := strconv.Atoi(q.Get("c"))
	end := min(off+s.PageSize, len(ids))
	type ref struct {
		ID string `json:"id"`
	}
	var out struct {
		ItemRefs     []ref  `json:"itemRefs"`
		Continuation string `json:"continuation,omitempty"`
	}
	for _, id := range ids[min(off, len(ids)):end] {
		out.ItemRefs = append(out.ItemRefs, ref{strconv.FormatInt(id, 10)})
	}
	if end < len(ids) {
		out.Continuation = strconv.Itoa(end)
	}
	json.NewEncoder(w).Encode(out)
}

func (s *Server) contents(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	type item struct {
		ID         string              `json:"id"`
		Title      string              `json:"title"`
		Published  int64               `json:"published"`
		Canonical  []map[string]string `json:"canonical"`
		Summary    map[string]string   `json:"summary"`
		Categories []string            `json:"categories"`
		Origin     map[string]string   `json:"origin"`
	}
	var out struct {
		Items []item `json:"items"`
	}
	for _, raw := range r.PostForm["i"] {
		id, err := parseID(raw)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		it, ok := s.Items[id]
		if !ok {
			continue
		}
		// Odd ids come back in the short hexadecimal form, as some servers send.
		idText := fmt.Sprintf("tag:google.com,2005:reader/item/%016x", id)
		if id%2 == 1 {
			idText = fmt.Sprintf("tag:google.com,2005:reader/item/%x", id)
		}
		cats := []string{"user/-/state/com.google/reading-list"}
		for _, l := range it.Labels {
			cats = append(cats, "user/-/label/"+l)
		}
		out.Items = append(out.Items, item{ID: idText, Title: it.Title, Published: it.Date.Unix(),
			Canonical: []map[string]string{{"href": it.Link}}, Summary: map[string]string{"content": it.HTML},
			Categories: cats, Origin: map[string]string{"streamId": it.Feed}})
	}
	json.NewEncoder(w).Encode(out)
}

func (s *Server) editTag(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, raw := range r.PostForm["i"] {
		if !strings.HasPrefix(raw, "tag:google.com,2005:reader/item/") || len(raw) != len("tag:google.com,2005:reader/item/")+16 {
			http.Error(w, "want long-form ids", http.StatusBadRequest)
			return
		}
		id, _ := parseID(raw)
		it, ok := s.Items[id]
		if !ok {
			continue
		}
		for _, pair := range []struct {
			tag string
			on  bool
		}{{r.PostForm.Get("a"), true}, {r.PostForm.Get("r"), false}} {
			switch pair.tag {
			case "user/-/state/com.google/read":
				it.Read = pair.on
			case "user/-/state/com.google/starred":
				it.Starred = pair.on
			}
		}
	}
	s.Edits++
	fmt.Fprint(w, "OK")
}

func parseID(s string) (int64, error) {
	if i := strings.LastIndex(s, "/item/"); i >= 0 {
		u, err := strconv.ParseUint(s[i+6:], 16, 64)
		return int64(u), err
	}
	return strconv.ParseInt(s, 10, 64)
}

func (s *Server) editSubscription(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	stream := r.PostForm.Get("s")
	switch r.PostForm.Get("ac") {
	case "subscribe":
		feedURL := strings.TrimPrefix(stream, "feed/")
		cat := strings.TrimPrefix(r.PostForm.Get("a"), "user/-/label/")
		s.Feeds = append(s.Feeds, Feed{ID: fmt.Sprintf("feed/%d", len(s.Feeds)+100), Title: r.PostForm.Get("t"), URL: feedURL, Category: cat})
	case "unsubscribe":
		var kept []Feed
		for _, f := range s.Feeds {
			if f.ID != stream {
				kept = append(kept, f)
			}
		}
		s.Feeds = kept
	default:
		http.Error(w, "bad ac", http.StatusBadRequest)
		return
	}
	fmt.Fprint(w, "OK")
}

// FeedCount is how many subscriptions there are.
func (s *Server) FeedCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.Feeds)
}
