package miniflux_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed/miniflux"
	"github.com/byline/byline/feed/miniflux/minifluxtest"
)

// loopbackFeed serves an RSS feed of n items at any path.
func loopbackFeed(t *testing.T, n int) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/missing.xml") {
			http.NotFound(w, r)
			return
		}
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Client %s</title><link>http://%s/</link>`, r.URL.Path, r.Host)
		for i := n; i >= 1; i-- {
			fmt.Fprintf(&b, `<item><title>Item %d</title><link>http://%s%s/%d</link><guid>%s-%d</guid><pubDate>%s</pubDate><description>&lt;p&gt;Body %d&lt;/p&gt;</description></item>`,
				i, r.Host, r.URL.Path, i, r.URL.Path, i, time.Date(2026, 1, 1, i, 0, 0, 0, time.UTC).Format(time.RFC1123Z), i)
		}
		b.WriteString(`</channel></rss>`)
		w.Write([]byte(b.String()))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// The client against Miniflux's API: the fake by default, the real
// Miniflux in CI (the same test, which keeps the fake honest).
func TestMinifluxClient(t *testing.T) {
	url, user, password, _ := minifluxtest.Start(t)
	ctx := context.Background()
	c := miniflux.New(url, http.DefaultClient, "byline-test")
	if err := c.Login(ctx, user, "not-the-password"); err == nil || !strings.Contains(err.Error(), "wrong user name or password") {
		t.Fatalf("wrong password: %v", err)
	}
	if err := c.Login(ctx, user, password); err != nil {
		t.Fatal(err)
	}
	// A second login makes a second key (each is described by its time).
	other := miniflux.New(url, http.DefaultClient, "byline-test")
	if err := other.Login(ctx, user, password); err != nil || other.Token == c.Token {
		t.Fatalf("second login: %v (same key: %v)", err, other.Token == c.Token)
	}

	feeds := loopbackFeed(t, 3)
	feedURL := fmt.Sprintf("%s/client-%d.xml", feeds.URL, time.Now().UnixNano())
	before := time.Now().Add(-2 * time.Second)
	id, err := c.Subscribe(ctx, feedURL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Unsubscribe(ctx, id)
	if _, err := c.Subscribe(ctx, feedURL); err == nil || !strings.Contains(err.Error(), "HTTP 400") {
		t.Fatalf("the same feed twice: %v", err)
	}
	if _, err := c.Subscribe(ctx, feeds.URL+"/missing.xml"); err == nil {
		t.Fatal("a feed that answers 404 was followed")
	}
	list, err := c.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var mine *miniflux.Feed
	for i := range list {
		if list[i].ID == id {
			mine = &list[i]
		}
	}
	if mine == nil || mine.URL != feedURL || !strings.HasPrefix(mine.Title, "Client /client-") || mine.Category == "" {
		t.Fatalf("the feed as listed: %+v", mine)
	}

	// The feed's entries, fetched at once, unread.
	entries, err := c.EntriesOfFeed(ctx, id)
	if err != nil || len(entries) != 3 {
		t.Fatalf("entries of the feed: %+v %v", entries, err)
	}
	for _, e := range entries {
		if e.Read || e.FeedID != id {
			t.Fatalf("a new entry: %+v", e)
		}
	}
	changed, err := c.EntriesChangedAfter(ctx, before)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]miniflux.Entry{}
	for _, e := range changed {
		if e.FeedID == id {
			got[e.ID] = e
		}
	}
	if len(got) != 3 {
		t.Fatalf("changed after the subscription: %d of the feed's entries", len(got))
	}
	a, b := entries[0].ID, entries[1].ID
	if e := got[a]; !strings.HasPrefix(e.Title, "Item ") || !strings.Contains(e.Content, "Body") || e.URL == "" || e.Published.IsZero() || e.Changed.IsZero() {
		t.Fatalf("an entry as listed: %+v", e)
	}

	// Status and stars; a star set twice stays set (the API only toggles).
	if err := c.SetStatus(ctx, []int64{a}, true); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := c.SetStarred(ctx, b, true); err != nil {
			t.Fatal(err)
		}
	}
	ea, err := c.Entry(ctx, a)
	if err != nil || !ea.Read || ea.Starred {
		t.Fatalf("entry a: %+v %v", ea, err)
	}
	eb, err := c.Entry(ctx, b)
	if err != nil || eb.Read || !eb.Starred {
		t.Fatalf("entry b: %+v %v", eb, err)
	}
	// A change moves the entry's change time; changed_after is in seconds,
	// strictly after.
	time.Sleep(1100 * time.Millisecond)
	mark := time.Now()
	time.Sleep(1100 * time.Millisecond)
	if err := c.SetStarred(ctx, b, false); err != nil {
		t.Fatal(err)
	}
	changed, err = c.EntriesChangedAfter(ctx, mark)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, e := range changed {
		if e.FeedID == id {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) != 1 || ids[0] != b {
		t.Fatalf("changed after the mark: %v, want only %d", ids, b)
	}

	// A refused key is ErrUnauthorized.
	bad := miniflux.New(url, http.DefaultClient, "byline-test")
	bad.Token = "no-such-key"
	if _, err := bad.Feeds(ctx); !errors.Is(err, miniflux.ErrUnauthorized) {
		t.Fatalf("a bad key: %v", err)
	}
	if err := c.Unsubscribe(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := c.EntriesOfFeed(ctx, id); err == nil {
		t.Fatal("the entries of a feed no longer followed")
	}
}

// Paging: more entries than a page (500) come whole, each once.
func TestMinifluxClientPages(t *testing.T) {
	_, _, _, fake := minifluxtest.Start(t)
	if fake == nil {
		t.Skip("needs the fake: it adds 1,200 entries directly")
	}
	feedID := fake.AddFeed("Many", "https://example.com/many.xml")
	for i := range 1200 {
		fake.AddEntry(minifluxtest.Entry{FeedID: feedID, Title: fmt.Sprint("E", i)})
	}
	ctx := context.Background()
	c := miniflux.New(fake.URL, http.DefaultClient, "byline-test")
	if err := c.Login(ctx, fake.User, fake.Password); err != nil {
		t.Fatal(err)
	}
	all, err := c.EntriesChangedAfter(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for _, e := range all {
		seen[e.ID] = true
	}
	if len(all) != 1200 || len(seen) != 1200 {
		t.Fatalf("%d entries, %d distinct; want 1200", len(all), len(seen))
	}
}
