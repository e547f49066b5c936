package greader_test

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed/greader"
	"github.com/byline/byline/feed/greader/greadertest"
)

func TestParseItemID(t *testing.T) {
	for in, want := range map[string]int64{
		"tag:google.com,2005:reader/item/000000000000001f": 31,
		"tag:google.com,2005:reader/item/10":               16, // short form is hexadecimal too
		"12345":                                            12345,
		"tag:google.com,2005:reader/item/7fffffffffffffff": 1<<63 - 1,
	} {
		got, err := greader.ParseItemID(in)
		if err != nil || got != want {
			t.Errorf("ParseItemID(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "abc", "tag:google.com,2005:reader/item/xyz"} {
		if _, err := greader.ParseItemID(bad); err == nil {
			t.Errorf("ParseItemID(%q) accepted", bad)
		}
	}
	if greader.LongID(16) != "tag:google.com,2005:reader/item/0000000000000010" {
		t.Errorf("LongID(16) = %s", greader.LongID(16))
	}
}

func TestClientAgainstFakeServer(t *testing.T) {
	srv := greadertest.New("ann", "secret")
	defer srv.Close()
	srv.SetFeeds([]greadertest.Feed{{ID: "feed/1", Title: "One", URL: "https://one.example/feed", Category: "Tech"}})
	for i := int64(1); i <= 7; i++ {
		srv.Add(greadertest.Item{ID: i, Feed: "feed/1", Title: "Item", Link: "https://one.example/x", HTML: "<p>x</p>", Date: time.Unix(1700000000+i, 0), Read: i%2 == 0, Labels: []string{"later"}})
	}
	ctx := context.Background()
	c := greader.New(srv.URL, http.DefaultClient, "test")
	if err := c.Login(ctx, "ann", "wrong"); err == nil || !strings.Contains(err.Error(), "wrong user name or password") {
		t.Fatalf("wrong password: %v", err)
	}
	if err := c.Login(ctx, "ann", "secret"); err != nil {
		t.Fatal(err)
	}
	subs, err := c.Subscriptions(ctx)
	if err != nil || len(subs) != 1 || subs[0].Categories[0] != "Tech" {
		t.Fatalf("subscriptions: %+v %v", subs, err)
	}
	unread, err := c.ItemIDs(ctx, greader.ReadingList, greader.Read)
	sort.Slice(unread, func(i, j int) bool { return unread[i] < unread[j] })
	if err != nil || len(unread) != 4 || unread[0] != 1 || unread[3] != 7 {
		t.Fatalf("unread ids across pages: %v %v", unread, err)
	}
	items, err := c.Contents(ctx, []int64{1, 2, 3, 99})
	if err != nil || len(items) != 3 {
		t.Fatalf("contents: %d %v", len(items), err)
	}
	for _, it := range items {
		if it.ID < 1 || it.ID > 3 || it.StreamID != "feed/1" || len(it.Categories) != 1 || it.Categories[0] != "later" {
			t.Fatalf("item: %+v", it)
		}
	}
	if err := c.EditTag(ctx, []int64{1, 3}, greader.Read, ""); err != nil {
		t.Fatal(err)
	}
	if !srv.Item(1).Read || !srv.Item(3).Read {
		t.Fatalf("edit-tag not applied")
	}
	srv.Expire()
	if _, err := c.Subscriptions(ctx); err != greader.ErrUnauthorized {
		t.Fatalf("stale session: %v", err)
	}
}
