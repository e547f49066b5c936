package refresh

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
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

// peakCounter counts a handler's requests in flight and the most at once.
type peakCounter struct{ cur, peak, total atomic.Int64 }

func (p *peakCounter) begin() {
	p.total.Add(1)
	n := p.cur.Add(1)
	for {
		old := p.peak.Load()
		if n <= old || p.peak.CompareAndSwap(old, n) {
			return
		}
	}
}

func (p *peakCounter) end() { p.cur.Add(-1) }

// serveOn starts h on a loopback address such as 127.0.0.2 (all of
// 127.0.0.0/8 is loopback on Linux), so tests can have many hosts.
func serveOn(t *testing.T, ip string, h http.Handler) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", ip, err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func urlSources(t *testing.T, st *store.Store, urls []string) []store.Source {
	t.Helper()
	ctx := context.Background()
	list := make([]store.NewSource, len(urls))
	for i, u := range urls {
		list[i] = store.NewSource{Kind: "url", Location: u}
	}
	if _, _, err := st.AddSources(ctx, list); err != nil {
		t.Fatal(err)
	}
	srcs, err := st.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return srcs
}

func TestRequestsPerHostStayWithinTheLimit(t *testing.T) {
	for _, tc := range []struct {
		perHost, want int
	}{{0, DefaultPerHost}, {2, 2}} {
		var p peakCounter
		srv := serveOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p.begin()
			defer p.end()
			time.Sleep(30 * time.Millisecond)
			w.Write([]byte(sampleRSS))
		}))
		st, _ := store.Open(t.TempDir() + "/s.db")
		defer st.Close()
		var urls []string
		for i := 0; i < 30; i++ {
			urls = append(urls, fmt.Sprintf("%s/f%d.xml", srv.URL, i))
		}
		// Another port on the same machine is the same host.
		other := serveOn(t, "127.0.0.1", srv.Config.Handler)
		for i := 0; i < 10; i++ {
			urls = append(urls, fmt.Sprintf("%s/g%d.xml", other.URL, i))
		}
		r := &Refresher{Store: st, Fetcher: feed.NewFetcher("test", 0), PerHost: tc.perHost}
		for _, res := range r.Refresh(context.Background(), urlSources(t, st, urls), nil) {
			if res.Err != nil {
				t.Fatal(res.Err)
			}
		}
		if got := p.peak.Load(); got != int64(tc.want) {
			t.Errorf("PerHost %d: at most %d requests at once to one host, want %d", tc.perHost, got, tc.want)
		}
	}
}

// TestASlowHostHoldsUpNoOtherHost: sources on a host that does not answer
// yet must not keep the sources of another host waiting, even when they
// come first and outnumber the requests allowed in flight.
func TestASlowHostHoldsUpNoOtherHost(t *testing.T) {
	release := make(chan struct{})
	slow := serveOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-time.After(10 * time.Second):
		}
		w.Write([]byte(sampleRSS))
	}))
	fast := serveOn(t, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(sampleRSS))
	}))
	var urls []string
	for i := 0; i < 20; i++ {
		urls = append(urls, fmt.Sprintf("%s/slow%d.xml", slow.URL, i))
	}
	for i := 0; i < 20; i++ {
		urls = append(urls, fmt.Sprintf("%s/fast%d.xml", fast.URL, i))
	}
	st, _ := store.Open(t.TempDir() + "/s.db")
	defer st.Close()
	r := &Refresher{Store: st, Fetcher: feed.NewFetcher("test", 0), Concurrency: 8}
	var order []string
	fastDone := 0
	results := r.Refresh(context.Background(), urlSources(t, st, urls), func(_ int, res Result) {
		order = append(order, res.Source.Location)
		if strings.HasPrefix(res.Source.Location, fast.URL) {
			if fastDone++; fastDone == 20 {
				close(release)
			}
		}
	})
	for _, res := range results {
		if res.Err != nil {
			t.Fatal(res.Err)
		}
	}
	for i, loc := range order[:20] {
		if !strings.HasPrefix(loc, fast.URL) {
			t.Fatalf("source %d to finish was on the slow host (%s): the slow host held up the others", i+1, loc)
		}
	}
}

// TestBodiesHeldAreBoundedNotByTheRequestsInFlight: with many requests in
// flight, big bodies and the writer stuck, the pipeline holds a few bodies
// per core, not one per request.
func TestBodiesHeldAreBoundedNotByTheRequestsInFlight(t *testing.T) {
	heavy(t, "a hundred megabytes of bodies in flight")
	const size = 1 << 20
	big := []byte(strings.Replace(sampleRSS, "<title>First post</title>",
		"<title>First post</title><description>"+strings.Repeat("x", size)+"</description>", 1))
	var p peakCounter
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.begin()
		defer p.end()
		w.Write(big)
	})
	cores := runtime.GOMAXPROCS(0)
	limit := 32 * cores
	var urls []string
	for host := 1; host <= limit/DefaultPerHost+1; host++ {
		srv := serveOn(t, fmt.Sprintf("127.0.0.%d", host), h)
		for i := 0; i < 2*DefaultPerHost; i++ {
			urls = append(urls, fmt.Sprintf("%s/f%d.xml", srv.URL, i))
		}
	}
	st, _ := store.Open(t.TempDir() + "/s.db")
	defer st.Close()
	r := &Refresher{Store: st, Fetcher: feed.NewFetcher("test", 0), Concurrency: limit}
	var live uint64
	var answered int64
	r.Refresh(context.Background(), urlSources(t, st, urls), func(done int, res Result) {
		if done != 1 {
			return
		}
		// Hold the writer until the pipeline stops moving.
		last := int64(-1)
		for i := 0; i < 100 && p.total.Load() != last; i++ {
			last = p.total.Load()
			time.Sleep(100 * time.Millisecond)
		}
		answered = p.total.Load()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		live = m.HeapAlloc
	})
	// Bodies read and waiting for a parser (one per token); parsed feeds
	// waiting for the writer (a batch's worth), those the parsers hold
	// until it takes them, and the batch it holds (one, and what was
	// waiting with it). Each costs its body and about as much again (a
	// body read into a growing buffer; a parsed feed's text).
	bodiesHeld := 4 * cores
	parsedHeld := batchSources + cores + 1 + batchSources
	most := uint64(bodiesHeld+parsedHeld)*2*size + 8<<20
	if live > most {
		t.Fatalf("%d MB live with the writer stuck and %d requests answered, want at most %d MB",
			live>>20, answered, most>>20)
	}
	if answered < int64(limit) {
		t.Fatalf("only %d requests answered: the test does not test what it means to", answered)
	}
	t.Logf("%d MB live, %d requests answered", live>>20, answered)
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

// TestACancelledRefreshReturnsAtOnce: sources still queued or in flight
// when the refresh is cancelled end with the cancellation, and nothing
// waits for a server that does not answer.
func TestACancelledRefreshReturnsAtOnce(t *testing.T) {
	stuck := make(chan struct{})
	defer close(stuck)
	srv := serveOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-stuck:
		case <-r.Context().Done():
		}
	}))
	var urls []string
	for i := 0; i < 20; i++ {
		urls = append(urls, fmt.Sprintf("%s/f%d.xml", srv.URL, i))
	}
	st, _ := store.Open(t.TempDir() + "/s.db")
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(100 * time.Millisecond)
		cancel()
	}()
	r := &Refresher{Store: st, Fetcher: feed.NewFetcher("test", 0)}
	for _, res := range r.Refresh(ctx, urlSources(t, st, urls), nil) {
		if res.Err == nil {
			t.Fatalf("%s: no error after the refresh was cancelled", res.Source.Location)
		}
	}
}
