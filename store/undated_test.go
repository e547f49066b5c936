package store

import (
	"context"
	"testing"
	"time"

	"github.com/byline/byline/feed"
)

// An item without a date keeps its place in the feed, under the item
// before it, and says it has no date; it does not pass for the newest.
func TestUndatedArticleKeepsFeedPosition(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src := mustAddSource(t, s, "/feeds/pt.xml")
	day := func(d int) time.Time { return time.Date(2018, 9, d, 10, 0, 0, 0, time.UTC) }
	arts := []feed.Article{
		{GUID: "a", Title: "A", Format: feed.FormatHTML, Published: day(24)},
		{GUID: "b", Title: "B", Format: feed.FormatHTML},
		{GUID: "c", Title: "C", Format: feed.FormatHTML, Published: day(20)},
	}
	if _, err := s.SaveArticles(ctx, src.ID, arts, time.Now()); err != nil {
		t.Fatal(err)
	}
	list, err := s.Articles(ctx, ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var order string
	for _, a := range list {
		order += a.Title
		if a.Undated != (a.Title == "B") {
			t.Errorf("%s: Undated = %v", a.Title, a.Undated)
		}
	}
	if order != "ABC" {
		t.Fatalf("order %s, want the feed's ABC", order)
	}
}
