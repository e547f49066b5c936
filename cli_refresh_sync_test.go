package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed/greader/greadertest"
	"github.com/byline/byline/feed/miniflux"
	"github.com/byline/byline/feed/miniflux/minifluxtest"
	"github.com/byline/byline/store"
)

// `byline refresh` from cron is the reader's R: with a sync account it
// pushes the queued changes and pulls the server's, after the sources.
func TestRefreshSyncsWithTheAccount(t *testing.T) {
	srv := fakeReader(t)
	c := newCLI(t)
	t.Setenv("BYLINE_SYNC_PASSWORD", "secret")
	c.mustRun("sync", "login", srv.URL, "--user", "ann")
	c.mustRun("sync")
	arts := syncArticles(t, c)
	if len(arts) != 8 || arts["Item 1"].Read {
		t.Fatalf("first sync: %+v", arts)
	}
	// Elsewhere: an item arrives and another is read. Here: one is starred.
	srv.Add(greadertest.Item{ID: 99000001, Feed: "feed/1", Title: "Item from elsewhere", HTML: "<p>New</p>", Date: time.Now()})
	srv.Set(1000003, true, false)
	c.mustRun("mark", "star", fmt.Sprint(arts["Item 4"].ID))

	out := c.mustRun("refresh")
	if !strings.Contains(out, "synced: 1 change pushed, 1 new article") {
		t.Fatalf("refresh did not say it synced: %q", out)
	}
	arts = syncArticles(t, c)
	if _, ok := arts["Item from elsewhere"]; !ok {
		t.Fatalf("the server's new item did not arrive: %+v", arts)
	}
	if !arts["Item 1"].Read {
		t.Fatalf("the server's read state did not arrive")
	}
	if !srv.Item(4 * 1000003).Starred {
		t.Fatalf("the local star was not pushed")
	}

	// The server down: the sources are still read, the failure is said, and
	// the exit code says it.
	srv.SetDown(true)
	code, _, errOut := c.run("refresh")
	if code != 1 || !strings.Contains(errOut, "503") {
		t.Fatalf("refresh with the server down: exit %d, %q", code, errOut)
	}
	// Offline, no sync is tried.
	if code, out, errOut := c.run("refresh", "--offline"); code != 0 || strings.Contains(out+errOut, "sync") {
		t.Fatalf("offline refresh: exit %d, %q %q", code, out, errOut)
	}
}

// The same through Miniflux's own API: the fake here, the real Miniflux in
// CI. Another client follows a feed and reads an entry; `byline refresh`
// brings both, and pushes a star made here.
func TestMinifluxRefreshSyncs(t *testing.T) {
	url, user, password, _ := minifluxtest.Start(t)
	ctx := context.Background()
	other := miniflux.New(url, http.DefaultClient, "other-device")
	if err := other.Login(ctx, user, password); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t)
	t.Setenv("BYLINE_SYNC_PASSWORD", password)
	c.mustRun("sync", "login", url, "--user", user, "--api", "miniflux")
	c.mustRun("refresh")

	feedSrv := newItemFeed(t, 3)
	feedID, err := other.Subscribe(ctx, fmt.Sprintf("%s/refresh-%d.xml", feedSrv.URL, time.Now().UnixNano()))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Unsubscribe(ctx, feedID)
	entries, err := other.EntriesOfFeed(ctx, feedID)
	if err != nil || len(entries) != 3 {
		t.Fatalf("entries: %d %v", len(entries), err)
	}
	if err := other.SetStatus(ctx, []int64{entries[0].ID}, true); err != nil {
		t.Fatal(err)
	}
	out := c.mustRun("refresh")
	if !strings.Contains(out, "synced:") {
		t.Fatalf("refresh did not sync: %q", out)
	}
	st, err := store.Open(c.dataDir + "/byline/byline.db")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[int64]int64{} // remote -> local
	var localStar int64
	for _, e := range entries {
		var id int64
		var read bool
		if err := st.DB().QueryRow("SELECT id, read FROM articles WHERE remote_id = ?", e.ID).Scan(&id, &read); err != nil {
			t.Fatalf("entry %d did not arrive: %v", e.ID, err)
		}
		if read != (e.ID == entries[0].ID) {
			t.Fatalf("entry %d: read=%v", e.ID, read)
		}
		ids[e.ID] = id
	}
	localStar = ids[entries[1].ID]
	st.Close()
	c.mustRun("mark", "star", fmt.Sprint(localStar))
	c.mustRun("refresh")
	if e, err := other.Entry(ctx, entries[1].ID); err != nil || !e.Starred {
		t.Fatalf("the star made here did not reach the server: %+v %v", e, err)
	}
}
