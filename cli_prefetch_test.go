package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/byline/byline/refresh"
)

// teaserSite serves a feed of n items that carry only a line each, and
// each item's page with the whole article.
func teaserSite(t *testing.T, n int, onPage func(path string, r *http.Request)) *httptest.Server {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed.xml" {
			var items strings.Builder
			for i := 1; i <= n; i++ {
				fmt.Fprintf(&items, `<item><title>Story %d</title><link>%s/story/%d</link><guid>s%d</guid>
<pubDate>Tue, 0%d Jan 2024 10:00:00 GMT</pubDate><description>Teaser %d only.</description><category>go</category></item>`,
					i, srv.URL, i, i, i%9+1, i)
			}
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Teasers</title><link>%s/</link>%s</channel></rss>`, srv.URL, items.String())
			return
		}
		if onPage != nil {
			onPage(r.URL.Path, r)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>Story</title></head><body><article><h1>Story</h1>%s
<p>The whole of %s, which the feed only teased, reads here in full.</p></article></body></html>`, savePara, r.URL.Path)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestPrefetchThenOffline(t *testing.T) {
	var pages atomic.Int32
	srv := teaserSite(t, 6, func(string, *http.Request) { pages.Add(1) })
	c := newCLI(t)
	c.mustRun("add", srv.URL+"/feed.xml")
	c.mustRun("mark", "read", "Story 6") // not selected by +unread
	out := c.mustRun("edit", "1", "--full-text=true")
	if !strings.Contains(out, "6 of its articles have no full text yet; 'byline prefetch =\""+srv.URL+"/feed.xml\"' fetches them") {
		t.Errorf("turning full text on: %q", out)
	}
	out = c.mustRun("prefetch", "+unread", "+go")
	if !strings.Contains(out, "Prefetch of 5 articles: 5 fetched, 0 had their full text already, 0 failed") || pages.Load() != 5 {
		t.Fatalf("prefetch: %q, %d pages fetched", out, pages.Load())
	}
	// Done stays done.
	out = c.mustRun("prefetch", "+unread", "+go")
	if !strings.Contains(out, "0 fetched, 5 had their full text already, 0 failed") || pages.Load() != 5 {
		t.Fatalf("second prefetch: %q, %d pages fetched", out, pages.Load())
	}
	srv.Close()
	rows := c.ls("+unread")
	if len(rows) != 5 {
		t.Fatalf("%d unread", len(rows))
	}
	for _, r := range rows {
		read := c.mustRun("--offline", "read", itoa(int(r.ID)))
		if !strings.Contains(read, "reads here in full") || !strings.Contains(read, "second paragraph goes on") {
			t.Errorf("%s offline: %q", r.Title, read)
		}
	}
	if code, _, errOut := c.run("--offline", "prefetch", "+unread"); code != 1 || !strings.Contains(errOut, "offline") {
		t.Errorf("offline prefetch: exit %d, %q", code, errOut)
	}
	if code, _, _ := c.run("prefetch"); code != 2 {
		t.Errorf("prefetch of nothing: exit %d", code)
	}
}

func TestPrefetchInterruptedResumes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	served := map[string]int{}
	interrupted := false
	srv := teaserSite(t, 8, func(path string, r *http.Request) {
		mu.Lock()
		served[path]++
		interrupt := len(served) == 3 && !interrupted
		interrupted = interrupted || interrupt
		mu.Unlock()
		if interrupt { // the third page: the user presses ctrl+c while it loads
			cancel()
			<-r.Context().Done()
		}
	})
	c := newCLI(t)
	c.mustRun("add", srv.URL+"/feed.xml")
	var out, errb strings.Builder
	a := &app{ctx: ctx, stdout: &out, stderr: &errb, stdin: strings.NewReader("")}
	code := a.run([]string{"prefetch", "--all"})
	if code == 0 || !strings.Contains(out.String(), "interrupted with") {
		t.Fatalf("interrupted prefetch: exit %d, %q, %q", code, out.String(), errb.String())
	}
	first := strings.Fields(out.String())
	t.Log(strings.Join(first, " "))
	done := c.mustRun("prefetch", "--all")
	if !strings.Contains(done, "Prefetch of 8 articles") || !strings.Contains(done, "0 failed") {
		t.Fatalf("resumed: %q", done)
	}
	mu.Lock()
	defer mu.Unlock()
	again := 0
	for p, n := range served {
		if n > 1 {
			again++
			if again > refresh.DefaultPerHost { // at most the pages in flight when interrupted (one host)
				t.Errorf("%s fetched %d times", p, n)
			}
		}
	}
	if len(served) != 8 {
		t.Errorf("%d pages served", len(served))
	}
}
