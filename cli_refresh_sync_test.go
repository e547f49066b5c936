package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed/greader/greadertest"
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
	if !strings.Contains(out, "synced: 1 changes pushed, 1 new articles") {
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
