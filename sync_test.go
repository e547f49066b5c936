package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed/greader/greadertest"
)

func fakeReader(t *testing.T) *greadertest.Server {
	srv := greadertest.New("ann", "secret")
	t.Cleanup(srv.Close)
	srv.SetFeeds([]greadertest.Feed{
		{ID: "feed/1", Title: "Go Blog", URL: "https://go.dev/blog/feed.atom", Category: "Go"},
		{ID: "feed/2", Title: "LWN", URL: "https://lwn.net/rss", Category: "Linux"},
	})
	base := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	for i := int64(1); i <= 8; i++ {
		f := "feed/1"
		if i > 4 {
			f = "feed/2"
		}
		srv.Add(greadertest.Item{ID: i * 1000003, Feed: f, Title: fmt.Sprintf("Item %d", i), Link: fmt.Sprintf("https://example.com/%d", i),
			HTML: fmt.Sprintf("<p>Body %d</p>", i), Date: base.Add(time.Duration(i) * time.Hour), Read: i%3 == 0, Starred: i == 2})
	}
	return srv
}

type syncArticle struct {
	ID      int64    `json:"id"`
	Title   string   `json:"title"`
	Read    bool     `json:"read"`
	Starred bool     `json:"starred"`
	Tags    []string `json:"tags"`
	Source  string   `json:"source"`
}

func syncArticles(t *testing.T, c *cli) map[string]syncArticle {
	var list []syncArticle
	json.Unmarshal([]byte(c.mustRun("ls", "--json")), &list)
	out := map[string]syncArticle{}
	for _, a := range list {
		out[a.Title] = a
	}
	return out
}

func TestSyncWithAGoogleReaderServer(t *testing.T) {
	srv := fakeReader(t)
	c := newCLI(t)
	t.Setenv("BYLINE_SYNC_PASSWORD", "wrong")
	code, _, errOut := c.run("sync", "login", srv.URL, "--user", "ann")
	if code != 1 || !strings.Contains(errOut, "wrong user name or password") {
		t.Fatalf("wrong password: exit %d %q", code, errOut)
	}
	if code, _, _ := c.run("sync"); code != 1 {
		t.Fatalf("sync without an account should fail")
	}
	t.Setenv("BYLINE_SYNC_PASSWORD", "secret")
	c.mustRun("sync", "login", srv.URL, "--user", "ann")
	out := c.mustRun("sync")
	if !strings.Contains(out, "8 new articles") || !strings.Contains(out, "2 sources") {
		t.Fatalf("first sync: %q", out)
	}
	arts := syncArticles(t, c)
	if len(arts) != 8 || !arts["Item 3"].Read || arts["Item 1"].Read || !arts["Item 2"].Starred || arts["Item 1"].Source != "Go Blog" {
		t.Fatalf("first sync state: %+v", arts)
	}
	if strings.Join(arts["Item 5"].Tags, ",") != "linux" {
		t.Fatalf("categories as source tags: %v", arts["Item 5"].Tags)
	}
	// Remote sources are synced, not fetched.
	if out := c.mustRun("refresh"); !strings.Contains(out, "0 failed") {
		t.Fatalf("refresh with remote sources: %q", out)
	}

	// Offline: changes queue up while the server is down, nothing is lost.
	srv.SetDown(true)
	c.mustRun("mark", "read", fmt.Sprint(arts["Item 1"].ID))
	c.mustRun("mark", "star", fmt.Sprint(arts["Item 4"].ID))
	c.mustRun("mark", "read", fmt.Sprint(arts["Item 4"].ID))
	c.mustRun("mark", "unread", fmt.Sprint(arts["Item 4"].ID)) // replaces the queued read
	code, _, errOut = c.run("sync")
	if code != 1 || !strings.Contains(errOut, "queued changes are kept") {
		t.Fatalf("sync with the server down: exit %d %q", code, errOut)
	}
	if out := c.mustRun("sync", "status"); !strings.Contains(out, "queued changes: 3") || !strings.Contains(out, "last error") {
		t.Fatalf("status: %q", out)
	}
	srv.SetDown(false)
	// Meanwhile another client starred item 7 and read item 5.
	srv.Set(7*1000003, false, true)
	srv.Set(5*1000003, true, false)
	out = c.mustRun("sync")
	if !strings.Contains(out, "3 changes pushed") {
		t.Fatalf("sync after the outage: %q", out)
	}
	if it := srv.Item(1 * 1000003); !it.Read {
		t.Fatalf("read not pushed")
	}
	if it := srv.Item(4 * 1000003); !it.Starred || it.Read {
		t.Fatalf("item 4 on the server: %+v (want starred, unread)", it)
	}
	arts = syncArticles(t, c)
	if !arts["Item 7"].Starred || !arts["Item 5"].Read || !arts["Item 1"].Read || arts["Item 4"].Read {
		t.Fatalf("state after sync: %+v", arts)
	}
	if out := c.mustRun("sync", "status"); !strings.Contains(out, "queued changes: 0") {
		t.Fatalf("queue not emptied: %q", out)
	}

	// A stale session is renewed once, with the password at hand.
	srv.Expire()
	c.mustRun("mark", "unread", fmt.Sprint(arts["Item 1"].ID))
	c.mustRun("sync")
	if srv.Item(1 * 1000003).Read {
		t.Fatalf("change not pushed after renewing the session")
	}
	// Without a password, a clear error and the queue is kept.
	srv.Expire()
	t.Setenv("BYLINE_SYNC_PASSWORD", "")
	c.mustRun("mark", "star", fmt.Sprint(arts["Item 1"].ID))
	code, _, errOut = c.run("sync")
	if code != 1 || !strings.Contains(errOut, "sync login") {
		t.Fatalf("expired session without password: exit %d %q", code, errOut)
	}
	if out := c.mustRun("sync", "status"); !strings.Contains(out, "queued changes: 1") {
		t.Fatalf("queue lost: %q", out)
	}

	// New items arrive; an unsubscribed feed goes with its articles.
	t.Setenv("BYLINE_SYNC_PASSWORD", "secret")
	srv.Add(greadertest.Item{ID: 99, Feed: "feed/1", Title: "Fresh", Link: "https://example.com/99", HTML: "<p>new</p>", Date: time.Now()})
	srv.SetFeeds(srv.Feeds[:1])
	out = c.mustRun("sync")
	arts = syncArticles(t, c)
	if _, ok := arts["Fresh"]; !ok || len(arts) != 5 {
		t.Fatalf("after new item and unsubscribe: %d articles, %q", len(arts), out)
	}
	c.mustRun("sync", "logout")
	if code, _, _ := c.run("sync"); code != 1 {
		t.Fatalf("sync after logout")
	}
}

func TestSyncServerGoneMidway(t *testing.T) {
	srv := fakeReader(t)
	c := newCLI(t)
	t.Setenv("BYLINE_SYNC_PASSWORD", "secret")
	c.mustRun("sync", "login", srv.URL, "--user", "ann")
	c.mustRun("sync")
	arts := syncArticles(t, c)
	c.mustRun("mark", "read", fmt.Sprint(arts["Item 2"].ID))
	srv.Close()
	code, _, errOut := c.run("sync")
	if code != 1 || !strings.Contains(errOut, "kept") {
		t.Fatalf("server gone: exit %d %q", code, errOut)
	}
	if out := c.mustRun("sync", "status"); !strings.Contains(out, "queued changes: 1") {
		t.Fatalf("queue lost: %q", out)
	}
}

func TestAddRemoteAndRemoveUnsubscribes(t *testing.T) {
	srv := fakeReader(t)
	c := newCLI(t)
	t.Setenv("BYLINE_SYNC_PASSWORD", "secret")
	c.mustRun("sync", "login", srv.URL, "--user", "ann")
	out := c.mustRun("add", "https://new.example/feed.xml", "--remote", "--tag", "fresh", "--title", "New One")
	if !strings.Contains(out, "Subscribed on") || srv.FeedCount() != 3 {
		t.Fatalf("add --remote: %q, %d feeds on the server", out, srv.FeedCount())
	}
	var srcs []srcInfo
	json.Unmarshal([]byte(c.mustRun("sources", "--json")), &srcs)
	var remoteLoc string
	for _, s := range srcs {
		if s.Title == "New One" {
			remoteLoc = s.Location
			if strings.Join(s.Tags, ",") != "fresh" {
				t.Fatalf("remote source tags: %v", s.Tags)
			}
		}
	}
	if remoteLoc == "" {
		t.Fatalf("subscribed feed not among sources: %+v", srcs)
	}
	c.mustRun("remove", remoteLoc)
	if srv.FeedCount() != 2 {
		t.Fatalf("remove did not unsubscribe: %d feeds", srv.FeedCount())
	}
	if code, _, _ := c.run("add", "/tmp", "--remote"); code != 2 {
		t.Fatalf("add --remote of a folder should be a usage error")
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

func TestSyncServerDisappearsMidSync(t *testing.T) {
	srv := fakeReader(t)
	c := newCLI(t)
	t.Setenv("BYLINE_SYNC_PASSWORD", "secret")
	c.mustRun("sync", "login", srv.URL, "--user", "ann")
	c.mustRun("sync")
	srv.SetDieAfter(0)
	c.mustRun("sync")
	pull := srv.Served() // the requests of a sync with nothing to push
	arts := syncArticles(t, c)
	c.mustRun("mark", "read", fmt.Sprint(arts["Item 1"].ID))
	c.mustRun("mark", "star", fmt.Sprint(arts["Item 5"].ID))
	// The pull, the token and the first push go through; then the server
	// is gone.
	srv.SetDieAfter(pull + 2)
	code, _, errOut := c.run("sync")
	if code != 1 || !strings.Contains(errOut, "kept") {
		t.Fatalf("mid-sync failure: exit %d %q", code, errOut)
	}
	out := c.mustRun("sync", "status")
	if !strings.Contains(out, "queued changes: 1") {
		t.Fatalf("the accepted change should be gone from the queue and the other kept: %q", out)
	}
	srv.SetDieAfter(0)
	c.mustRun("sync")
	if !srv.Item(1*1000003).Read || !srv.Item(5*1000003).Starred {
		t.Fatalf("changes lost after the server came back")
	}
	if a := syncArticles(t, c); !a["Item 1"].Read || !a["Item 5"].Starred {
		t.Fatalf("local state lost: %+v", a)
	}
}
