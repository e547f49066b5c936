package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/byline/byline/feed/greader"
	"github.com/byline/byline/store"
)

// These tests run against a real Miniflux on loopback: .ci/miniflux.sh
// starts one (with its own PostgreSQL) and sets the variables below.
func minifluxServer(t *testing.T) (url, user, password string) {
	url, user, password = os.Getenv("BYLINE_MINIFLUX_URL"), os.Getenv("BYLINE_MINIFLUX_USER"), os.Getenv("BYLINE_MINIFLUX_PASSWORD")
	if url == "" || user == "" || password == "" {
		t.Skip("BYLINE_MINIFLUX_URL, _USER and _PASSWORD are not set; 'eval \"$(bash .ci/miniflux.sh start)\"' starts a Miniflux for these tests")
	}
	return url, user, password
}

// itemFeed serves an RSS feed whose items a test can add to.
type itemFeed struct {
	*httptest.Server
	n atomic.Int64
}

func newItemFeed(t *testing.T, items int) *itemFeed {
	f := &itemFeed{}
	f.n.Store(int64(items))
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback %s</title><link>%s</link>`, r.URL.Path, f.URL)
		for i := f.n.Load(); i >= 1; i-- {
			fmt.Fprintf(&b, `<item><title>Loop item %d</title><link>%s/item/%d</link><guid>%s-%d</guid><pubDate>%s</pubDate><description>&lt;p&gt;Body %d&lt;/p&gt;</description></item>`,
				i, f.URL, i, r.URL.Path, i, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i)*time.Hour).Format(time.RFC1123Z), i)
		}
		b.WriteString(`</channel></rss>`)
		w.Write([]byte(b.String()))
	}))
	t.Cleanup(f.Close)
	return f
}

func TestMinifluxSync(t *testing.T) {
	url, user, password := minifluxServer(t)
	feedSrv := newItemFeed(t, 5)
	feedURL := fmt.Sprintf("%s/feed-%d.xml", feedSrv.URL, time.Now().UnixNano())
	c := newCLI(t)

	t.Setenv("BYLINE_SYNC_PASSWORD", "not-the-password")
	if code, _, errOut := c.run("sync", "login", url, "--user", user); code != 1 || !strings.Contains(errOut, "wrong user name or password") {
		t.Fatalf("wrong password: exit %d %q", code, errOut)
	}
	t.Setenv("BYLINE_SYNC_PASSWORD", password)
	c.mustRun("sync", "login", url, "--user", user)
	// Subscribe through byline; Miniflux fetches the loopback feed.
	out := c.mustRun("add", feedURL, "--remote", "--tag", "loopback")
	if !strings.Contains(out, "Subscribed") {
		t.Fatalf("add --remote: %q", out)
	}
	titles := lsTitles(t, c, "=Loopback")
	if len(titles) != 5 {
		t.Fatalf("first sync: %v (%q)", titles, out)
	}

	// Another client: the GReader API directly.
	other := greader.New(url, http.DefaultClient, "other")
	ctx := context.Background()
	if err := other.Login(ctx, user, password); err != nil {
		t.Fatal(err)
	}
	arts := syncArticles(t, c)
	one := arts["Loop item 1"]
	c.mustRun("mark", "read", fmt.Sprint(one.ID))
	c.mustRun("mark", "star", fmt.Sprint(arts["Loop item 2"].ID))
	out = c.mustRun("sync")
	if !strings.Contains(out, "2 changes pushed") {
		t.Fatalf("push: %q", out)
	}
	unread, err := other.ItemIDs(ctx, greader.ReadingList, greader.Read)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := store.Open(c.dataDir + "/byline/byline.db")
	remoteOf := func(id int64) int64 {
		var r int64
		st.DB().QueryRow("SELECT remote_id FROM articles WHERE id = ?", id).Scan(&r)
		return r
	}
	for _, id := range unread {
		if id == remoteOf(one.ID) {
			t.Fatalf("read state not on the server")
		}
	}
	starred, _ := other.ItemIDs(ctx, greader.Starred, "")
	found := false
	for _, id := range starred {
		found = found || id == remoteOf(arts["Loop item 2"].ID)
	}
	if !found {
		t.Fatalf("star not on the server: %v", starred)
	}

	// A change made elsewhere arrives; a local change still queued wins.
	if err := other.EditTag(ctx, []int64{remoteOf(arts["Loop item 3"].ID)}, greader.Read, ""); err != nil {
		t.Fatal(err)
	}
	if err := other.EditTag(ctx, []int64{remoteOf(arts["Loop item 4"].ID)}, greader.Read, ""); err != nil {
		t.Fatal(err)
	}
	c.mustRun("mark", "read", fmt.Sprint(arts["Loop item 4"].ID))
	c.mustRun("mark", "unread", fmt.Sprint(arts["Loop item 4"].ID)) // conflict: the local change is newer
	st.Close()
	c.mustRun("sync")
	arts = syncArticles(t, c)
	if !arts["Loop item 3"].Read || arts["Loop item 4"].Read {
		t.Fatalf("after sync: item 3 read=%v (want true), item 4 read=%v (want false)", arts["Loop item 3"].Read, arts["Loop item 4"].Read)
	}

	// The server goes away: the queue waits, nothing is lost.
	st, _ = store.Open(c.dataDir + "/byline/byline.db")
	acct, _ := st.SyncAccount(ctx)
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	acct.URL = deadURL
	st.SetSyncAccount(ctx, acct)
	st.Close()
	c.mustRun("mark", "read", fmt.Sprint(arts["Loop item 5"].ID))
	if code, _, errOut := c.run("sync"); code != 1 || !strings.Contains(errOut, "kept") {
		t.Fatalf("sync with the server gone: exit %d %q", code, errOut)
	}
	st, _ = store.Open(c.dataDir + "/byline/byline.db")
	acct.URL = url
	st.SetSyncAccount(ctx, acct)
	st.Close()
	if out := c.mustRun("sync"); !strings.Contains(out, "1 change pushed") {
		t.Fatalf("replay of the queue: %q", out)
	}

	// Unsubscribing through byline removes it on the server.
	var srcs []srcInfo
	if err := jsonUnmarshal(c.mustRun("sources", "--json"), &srcs); err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		if strings.HasPrefix(s.Location, "remote:") && strings.Contains(s.Title, "Loopback") {
			c.mustRun("remove", s.Location, "--force")
		}
	}
}

// BenchmarkMinifluxSyncNothingNew is a sync that finds nothing new.
func BenchmarkMinifluxSyncNothingNew(b *testing.B) {
	url, user, password := minifluxB(b)
	dir := b.TempDir()
	b.Setenv("XDG_DATA_HOME", dir+"/data")
	b.Setenv("XDG_CONFIG_HOME", dir+"/config")
	b.Setenv("BYLINE_SYNC_PASSWORD", password)
	run := func(args ...string) {
		var out, errb strings.Builder
		a := &app{stdout: &out, stderr: &errb, stdin: strings.NewReader("")}
		if code := a.run(args); code != 0 {
			b.Fatalf("%v: %s", args, errb.String())
		}
	}
	run("sync", "login", url, "--user", user)
	run("sync")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run("sync")
	}
}

func minifluxB(b *testing.B) (string, string, string) {
	url, user, password := os.Getenv("BYLINE_MINIFLUX_URL"), os.Getenv("BYLINE_MINIFLUX_USER"), os.Getenv("BYLINE_MINIFLUX_PASSWORD")
	if url == "" {
		b.Skip("no Miniflux; see .ci/miniflux.sh")
	}
	return url, user, password
}

// BenchmarkMinifluxFirstSync10k is byline's first sync of 10,000 items
// from a Miniflux on loopback (the feed is subscribed, and fetched by
// Miniflux, before the clock starts).
func BenchmarkMinifluxFirstSync10k(b *testing.B) {
	url, user, password := minifluxB(b)
	f := &itemFeed{}
	f.n.Store(10000)
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var sb strings.Builder
		fmt.Fprintf(&sb, `<?xml version="1.0"?><rss version="2.0"><channel><title>Ten thousand</title><link>%s</link>`, f.URL)
		for i := int64(1); i <= f.n.Load(); i++ {
			fmt.Fprintf(&sb, `<item><title>Bulk item %d</title><link>%s/bulk/%d</link><guid>bulk-%d</guid><description>&lt;p&gt;%s&lt;/p&gt;</description></item>`,
				i, f.URL, i, i, strings.Repeat("word ", 150))
		}
		sb.WriteString(`</channel></rss>`)
		w.Write([]byte(sb.String()))
	}))
	defer f.Close()
	ctx := context.Background()
	other := greader.New(url, &http.Client{Timeout: 10 * time.Minute}, "bench")
	if err := other.Login(ctx, user, password); err != nil {
		b.Fatal(err)
	}
	feedURL := f.URL + "/bulk.xml"
	if err := other.Subscribe(ctx, feedURL, "Ten thousand", ""); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		b.Setenv("XDG_DATA_HOME", dir+"/data")
		b.Setenv("XDG_CONFIG_HOME", dir+"/config")
		b.Setenv("BYLINE_SYNC_PASSWORD", password)
		b.StartTimer()
		var out, errb strings.Builder
		a := &app{stdout: &out, stderr: &errb, stdin: strings.NewReader("")}
		if code := a.run([]string{"sync", "login", url, "--user", user}); code != 0 {
			b.Fatal(errb.String())
		}
		if code := a.run([]string{"sync"}); code != 0 {
			b.Fatal(errb.String())
		}
		b.Log(strings.TrimSpace(out.String()))
	}
}

// TestMinifluxRESTSync is the same story through Miniflux's own API, where
// change times let the latest change win.
func TestMinifluxRESTSync(t *testing.T) {
	url, user, password := minifluxServer(t)
	feedSrv := newItemFeed(t, 4)
	feedURL := fmt.Sprintf("%s/rest-%d.xml", feedSrv.URL, time.Now().UnixNano())
	c := newCLI(t)
	t.Setenv("BYLINE_SYNC_PASSWORD", "nope")
	if code, _, errOut := c.run("sync", "login", url, "--user", user, "--api", "miniflux"); code != 1 || !strings.Contains(errOut, "wrong user name or password") {
		t.Fatalf("wrong password: exit %d %q", code, errOut)
	}
	t.Setenv("BYLINE_SYNC_PASSWORD", password)
	c.mustRun("sync", "login", url, "--user", user, "--api", "miniflux")
	c.mustRun("add", feedURL, "--remote")
	arts := syncArticles(t, c)
	var mine []syncArticle
	for title, a := range arts {
		if strings.HasPrefix(title, "Loop item") && strings.Contains(a.Source, "Loopback /rest-") {
			mine = append(mine, a)
		}
	}
	if len(mine) != 4 {
		t.Fatalf("first sync: %d of this feed's articles: %+v", len(mine), arts)
	}
	// Star and read locally, push.
	c.mustRun("mark", "read", fmt.Sprint(mine[0].ID))
	c.mustRun("mark", "star", fmt.Sprint(mine[1].ID))
	if out := c.mustRun("sync"); !strings.Contains(out, "2 changes pushed") {
		t.Fatalf("push: %q", out)
	}
	// Another client (the GReader API of the same server) changes an item; it arrives.
	other := greader.New(url, http.DefaultClient, "other")
	ctx := context.Background()
	if err := other.Login(ctx, user, password); err != nil {
		t.Fatal(err)
	}
	st, _ := store.Open(c.dataDir + "/byline/byline.db")
	var remote int64
	st.DB().QueryRow("SELECT remote_id FROM articles WHERE id = ?", mine[2].ID).Scan(&remote)
	st.Close()
	if err := other.EditTag(ctx, []int64{remote}, greader.Starred, ""); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // change times are in seconds
	c.mustRun("sync")
	arts = syncArticles(t, c)
	for _, a := range arts {
		if a.ID == mine[2].ID && !a.Starred {
			t.Fatalf("star made elsewhere did not arrive")
		}
		if a.ID == mine[0].ID && !a.Read {
			t.Fatalf("local read lost")
		}
	}
	var srcs []srcInfo
	jsonUnmarshal(c.mustRun("sources", "--json"), &srcs)
	for _, s := range srcs {
		if strings.Contains(s.Title, "/rest-") {
			c.mustRun("remove", s.Location, "--force")
		}
	}
}
