package refresh

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/store"
)

// sampleRSS is a small feed of two items.
const sampleRSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Sample Feed</title><link>https://example.com/</link>
<item><title>First post</title><link>https://example.com/1</link><guid>1</guid><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate></item>
<item><title>Second post</title><link>https://example.com/2</link><guid>2</guid><pubDate>Wed, 03 Jan 2024 10:00:00 GMT</pubDate></item>
</channel></rss>`

func TestConditionalGetMaxAgeRetryAfterAndBackoff(t *testing.T) {
	var hits sync.Map
	count := func(p string) int64 {
		v, _ := hits.LoadOrStore(p, new(atomic.Int64))
		return v.(*atomic.Int64).Load()
	}
	mux := http.NewServeMux()
	handle := func(p string, h http.HandlerFunc) {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			v, _ := hits.LoadOrStore(p, new(atomic.Int64))
			v.(*atomic.Int64).Add(1)
			h(w, r)
		})
	}
	handle("/etag.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write([]byte(sampleRSS))
	})
	handle("/cached.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Write([]byte(sampleRSS))
	})
	handle("/busy.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	})
	handle("/down.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	st, err := store.Open(t.TempDir() + "/s.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	for _, p := range []string{"/etag.xml", "/cached.xml", "/busy.xml", "/down.xml"} {
		st.AddSource(ctx, store.NewSource{Kind: "url", Location: srv.URL + p})
	}
	now := time.Now()
	r := &Refresher{Store: st, Fetcher: feed.NewFetcher("test", 0), Now: func() time.Time { return now }}
	refresh := func() map[string]Result {
		srcs, _ := st.Sources(ctx)
		out := map[string]Result{}
		for _, res := range r.Refresh(ctx, srcs, nil) {
			out[strings.TrimPrefix(res.Source.Location, srv.URL)] = res
		}
		return out
	}
	first := refresh()
	if first["/etag.xml"].Stats.New != 2 || first["/busy.xml"].Err == nil || first["/down.xml"].Err == nil {
		t.Fatalf("first refresh: %+v", first)
	}
	second := refresh()
	if !second["/etag.xml"].NotModified || count("/etag.xml") != 2 {
		t.Fatalf("ETag: not sent back, or 304 not honoured: %+v, %d requests", second["/etag.xml"], count("/etag.xml"))
	}
	if second["/cached.xml"].Skipped == "" || count("/cached.xml") != 1 {
		t.Fatalf("max-age not honoured: %+v, %d requests", second["/cached.xml"], count("/cached.xml"))
	}
	if second["/busy.xml"].Skipped == "" || count("/busy.xml") != 1 {
		t.Fatalf("Retry-After not honoured: %d requests", count("/busy.xml"))
	}
	if second["/down.xml"].Skipped == "" || count("/down.xml") != 1 {
		t.Fatalf("503 without Retry-After not backed off: %d requests", count("/down.xml"))
	}
	srcs, _ := st.Sources(ctx)
	for _, s := range srcs {
		switch strings.TrimPrefix(s.Location, srv.URL) {
		case "/busy.xml":
			if d := s.NextFetch.Sub(now); d < 119*time.Second || d > 121*time.Second {
				t.Errorf("busy: next fetch in %v, want 120 s", d)
			}
		case "/down.xml":
			if d := s.NextFetch.Sub(now); d < 14*time.Minute || d > 16*time.Minute {
				t.Errorf("down: next fetch in %v, want 15 min", d)
			}
		case "/cached.xml":
			if d := s.NextFetch.Sub(now); d < time.Hour-time.Second || d > time.Hour+time.Second {
				t.Errorf("cached: next fetch in %v, want 1 h", d)
			}
		}
	}
	// Later, the back-off doubles for a source that keeps failing.
	now = now.Add(2 * time.Hour)
	refresh()
	srcs, _ = st.Sources(ctx)
	for _, s := range srcs {
		if strings.HasSuffix(s.Location, "/down.xml") {
			if d := s.NextFetch.Sub(now); d < 29*time.Minute || d > 31*time.Minute {
				t.Errorf("down, second failure: next fetch in %v, want 30 min", d)
			}
		}
	}
	// --force fetches anyway.
	r.Force = true
	refresh()
	if count("/cached.xml") != 3 {
		t.Fatalf("force: cached.xml fetched %d times", count("/cached.xml"))
	}
}

func TestAtMostTwoRequestsPerHost(t *testing.T) {
	var cur, peak atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := cur.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(30 * time.Millisecond)
		cur.Add(-1)
		w.Write([]byte(sampleRSS))
	}))
	defer srv.Close()
	st, _ := store.Open(t.TempDir() + "/s.db")
	defer st.Close()
	ctx := context.Background()
	for i := 0; i < 12; i++ {
		st.AddSource(ctx, store.NewSource{Kind: "url", Location: fmt.Sprintf("%s/f%d.xml", srv.URL, i)})
	}
	srcs, _ := st.Sources(ctx)
	r := &Refresher{Store: st, Fetcher: feed.NewFetcher("test", 0), Concurrency: 8}
	r.Refresh(ctx, srcs, nil)
	if p := peak.Load(); p > perHost {
		t.Fatalf("%d requests at once to one host, want at most %d", p, perHost)
	}
}

func TestUnchangedBodyIsNeitherParsedNorWritten(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(sampleRSS)) }))
	defer srv.Close()
	st, _ := store.Open(t.TempDir() + "/s.db")
	defer st.Close()
	ctx := context.Background()
	st.AddSource(ctx, store.NewSource{Kind: "url", Location: srv.URL + "/f.xml"})
	r := &Refresher{Store: st, Fetcher: feed.NewFetcher("test", 0)}
	srcs, _ := st.Sources(ctx)
	first := r.Refresh(ctx, srcs, nil)[0]
	if first.Stats.New != 2 {
		t.Fatalf("first: %+v", first)
	}
	srcs, _ = st.Sources(ctx)
	second := r.Refresh(ctx, srcs, nil)[0]
	if !second.NotModified || second.Stats.New+second.Stats.Updated+second.Stats.Unchanged != 0 {
		t.Fatalf("an unchanged body was parsed again: %+v", second)
	}
}
