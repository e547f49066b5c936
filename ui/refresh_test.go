package ui

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed/greader/greadertest"
	"github.com/byline/byline/refresh"
	"github.com/byline/byline/remote"
	"github.com/byline/byline/store"
)

// The reader's refresh reads the sources, then syncs with the server as
// its last step, and reports a failing sync as a failing step.
func TestEngineRefreshEndsWithTheSync(t *testing.T) {
	srv := greadertest.New("ann", "secret")
	t.Cleanup(srv.Close)
	srv.SetFeeds([]greadertest.Feed{{ID: "feed/1", Title: "Go Blog", URL: "https://go.dev/blog/feed.atom"}})
	for i := int64(1); i <= 3; i++ {
		srv.Add(greadertest.Item{ID: i, Feed: "feed/1", Title: fmt.Sprintf("Item %d", i), HTML: "<p>x</p>", Date: time.Now()})
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	sy := &remote.Syncer{Store: st, HTTP: http.DefaultClient, UserAgent: "test"}
	if _, err := sy.Login(ctx, remote.APIGoogleReader, srv.URL, "ann", "secret"); err != nil {
		t.Fatal(err)
	}
	run := engineRefresh(&refresh.Refresher{Store: st}, sy, store.Retention{})
	var events []RefreshEvent
	if err := run(ctx, func(e RefreshEvent) { events = append(events, e) }); err != nil {
		t.Fatal(err)
	}
	last := events[len(events)-1]
	if last.Source != "sync with the server" || last.Err != nil || last.New != 3 || last.Done != last.Total {
		t.Fatalf("events: %+v", events)
	}
	srv.SetDown(true)
	events = nil
	run(ctx, func(e RefreshEvent) { events = append(events, e) })
	if last := events[len(events)-1]; last.Err == nil || !strings.Contains(last.Err.Error(), "503") {
		t.Fatalf("a failing sync is reported as a failing step: %+v", events)
	}
}
