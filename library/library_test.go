package library

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/greader/greadertest"
	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func online(st *store.Store) *Library {
	return New(Options{Store: st, Fetcher: feed.NewFetcher("byline-test", 5*time.Second), UserAgent: "byline-test"})
}

// Refreshing everything reads the sources, then syncs with the server as
// its last step, and reports a failing sync as a failing step.
func TestRefreshEndsWithTheSync(t *testing.T) {
	srv := greadertest.New("ann", "secret")
	t.Cleanup(srv.Close)
	srv.SetFeeds([]greadertest.Feed{{ID: "feed/1", Title: "Go Blog", URL: "https://go.dev/blog/feed.atom"}})
	for i := int64(1); i <= 3; i++ {
		srv.Add(greadertest.Item{ID: i, Feed: "feed/1", Title: fmt.Sprintf("Item %d", i), HTML: "<p>x</p>", Date: time.Now()})
	}
	st := openStore(t)
	ctx := context.Background()
	folder := t.TempDir()
	os.WriteFile(filepath.Join(folder, "a.md"), []byte("---\ntitle: Local\ndate: 2026-01-02\n---\nHello.\n"), 0o644)
	l := online(st)
	if _, err := l.Add(ctx, AddRequest{Location: folder}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Login(ctx, APIGoogleReader, srv.URL, "ann", "secret"); err != nil {
		t.Fatal(err)
	}
	var steps []Step
	sum, err := l.Refresh(ctx, RefreshRequest{Progress: func(s Step) { steps = append(steps, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 2 || steps[0].Name == SyncStep || steps[0].Total != 2 {
		t.Fatalf("steps: %+v", steps)
	}
	last := steps[len(steps)-1]
	if last.Name != SyncStep || last.Err != nil || last.New != 3 || last.Done != last.Total {
		t.Fatalf("steps: %+v", steps)
	}
	if !sum.Synced || sum.Sync.Added != 3 || sum.Failures() != 0 || len(sum.Results) != 1 {
		t.Fatalf("summary: %+v", sum)
	}
	// What arrived waits for the search index (a refresh does not wait for
	// it), and a search finds it all the same.
	f, err := query.Parse("item")
	if err != nil {
		t.Fatal(err)
	}
	found, err := st.Articles(ctx, store.ListQuery{Filter: f})
	if err != nil || len(found) != 3 {
		t.Fatalf("a search after the refresh finds %d articles, %v", len(found), err)
	}

	srv.SetDown(true)
	steps = nil
	sum, _ = l.Refresh(ctx, RefreshRequest{Progress: func(s Step) { steps = append(steps, s) }})
	if last := steps[len(steps)-1]; last.Err == nil || !strings.Contains(last.Err.Error(), "503") {
		t.Fatalf("a failing sync is reported as a failing step: %+v", steps)
	}
	if sum.Failures() != 1 || sum.SyncErr == nil {
		t.Fatalf("a failing sync counts as a failure: %+v", sum)
	}

	// Sources named on purpose are read alone: no sync.
	srcs, _ := st.Sources(ctx)
	steps = nil
	sum, _ = l.Refresh(ctx, RefreshRequest{Sources: srcs[:1], Progress: func(s Step) { steps = append(steps, s) }})
	if sum.Synced || len(steps) != 1 {
		t.Fatalf("a refresh of named sources synced: %+v", steps)
	}
}

// Offline, a refresh neither fetches feeds nor syncs; it says how many
// feeds it left.
func TestRefreshOffline(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	if _, err := st.AddSource(ctx, store.NewSource{Kind: string(feed.KindURL), Location: "https://example.invalid/feed"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSyncAccount(ctx, store.SyncAccount{API: APIGoogleReader, URL: "http://127.0.0.1:1", User: "ann", Token: "t"}); err != nil {
		t.Fatal(err)
	}
	l := New(Options{Store: st, Offline: true})
	sum, err := l.Refresh(ctx, RefreshRequest{})
	if err != nil || sum.Offline != 1 || sum.Synced || len(sum.Results) != 0 {
		t.Fatalf("offline refresh: %+v %v", sum, err)
	}
}

func TestAddRules(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Loop</title><item><title>One</title><guid>1</guid></item></channel></rss>`)
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><head><link rel="alternate" type="application/rss+xml" title="The feed" href="/feed.xml"></head><body>Hi</body></html>`)
	})
	mux.HandleFunc("/bare", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `<html><body>no feed</body></html>`) })
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	mux.HandleFunc("/busy", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "slow down", http.StatusTooManyRequests)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	st := openStore(t)
	ctx := context.Background()
	l := online(st)

	// A web page gives the first feed it links to.
	got, err := l.Add(ctx, AddRequest{Location: srv.URL + "/page", Tags: []string{"a,b", "C"}})
	if err != nil || got.Page != srv.URL+"/page" || got.Location != srv.URL+"/feed.xml" || got.New != 1 || len(got.Feeds) != 1 {
		t.Fatalf("page: %+v %v", got, err)
	}
	if src, _ := st.Source(ctx, got.Source.ID); strings.Join(src.Tags, " ") != "a b c" {
		t.Fatalf("tags: %q", src.Tags)
	}
	// Added once.
	if _, err := l.Add(ctx, AddRequest{Location: srv.URL + "/feed.xml"}); err == nil || !strings.Contains(err.Error(), "already a source") {
		t.Fatalf("twice: %v", err)
	}
	// A page that links to no feed, and "not here", are refused and not kept.
	if _, err := l.Add(ctx, AddRequest{Location: srv.URL + "/bare"}); err == nil || !strings.Contains(err.Error(), "links to no feed") {
		t.Fatalf("bare page: %v", err)
	}
	if _, err := l.Add(ctx, AddRequest{Location: srv.URL + "/gone"}); err == nil || !strings.Contains(err.Error(), "HTTP 410") {
		t.Fatalf("410: %v", err)
	}
	// Too many requests is not "not here": it is kept, and tried again.
	got, err = l.Add(ctx, AddRequest{Location: srv.URL + "/busy"})
	if err != nil || got.Unreachable == nil || got.Source.ID == 0 {
		t.Fatalf("429: %+v %v", got, err)
	}
	// A local file that is no feed is not kept.
	junk := filepath.Join(t.TempDir(), "junk.xml")
	os.WriteFile(junk, []byte("<html>not a feed</html>"), 0o644)
	if _, err := l.Add(ctx, AddRequest{Location: junk}); err == nil {
		t.Fatal("a file that is no feed was added")
	}
	srcs, _ := st.Sources(ctx)
	if len(srcs) != 2 {
		t.Fatalf("sources kept: %+v", srcs)
	}
	// Offline, a URL is added unchecked.
	got, err = New(Options{Store: st, Offline: true}).Add(ctx, AddRequest{Location: "example.com/feed"})
	if err != nil || got.Checked || !got.AssumedHTTPS || got.Location != "https://example.com/feed" {
		t.Fatalf("offline: %+v %v", got, err)
	}
}

func TestHostLike(t *testing.T) {
	for loc, want := range map[string]bool{
		"example.com/feed": true, "blog.example.org": true, "example.com:8080/rss": true,
		"feed.xml": false, "./example.com": false, "notes/articles": false, "~/x.y/z": false,
		"https://example.com": false, "localhost/feed": false, "posts.md": false,
	} {
		if got := hostLike(loc); got != want {
			t.Errorf("hostLike(%q) = %v, want %v", loc, got, want)
		}
	}
}

// An article's page is its full text when one was fetched, unless the
// feed's is asked for; the feed's HTML is converted once and kept; the key
// changes with the full text, so a render cache cannot show an old body.
func TestArticlePage(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	src, err := st.AddSource(ctx, store.NewSource{Kind: string(feed.KindURL), Location: "https://example.com/feed"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveArticles(ctx, src.ID, []feed.Article{{GUID: "1", Title: "One", Link: "https://example.com/1",
		Content: "<p>The <b>feed's</b> text.</p>", Format: feed.FormatHTML}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	rows, _ := st.Articles(ctx, store.ListQuery{Limit: 1})
	id := rows[0].ID
	p, err := ArticlePage(ctx, st, id, false)
	if err != nil || p.Full || p.HasFull || !strings.Contains(p.Markdown, "The **feed's** text.") {
		t.Fatalf("feed page: %+v %v", p, err)
	}
	if a, _ := st.Article(ctx, id); a.Markdown != p.Markdown {
		t.Fatalf("the conversion was not kept: %q", a.Markdown)
	}
	if err := st.SetFullText(ctx, id, "The whole article.", ""); err != nil {
		t.Fatal(err)
	}
	full, err := ArticlePage(ctx, st, id, false)
	if err != nil || !full.Full || full.Markdown != "The whole article." || full.Key == p.Key {
		t.Fatalf("full page: %+v %v", full, err)
	}
	again, _ := ArticlePage(ctx, st, id, true)
	if again.Full || !again.HasFull || again.Key != p.Key || again.Markdown != p.Markdown {
		t.Fatalf("the feed's text asked for: %+v", again)
	}
	if _, err := ArticlePage(ctx, st, id+100, false); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no such article: %v", err)
	}
}
