package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/byline/byline/feed/model"
)

func imported(guid, title string) model.Article {
	return model.Article{GUID: guid, Title: title, Link: "https://a.example/" + guid, Content: "<p>" + title + "</p>", Format: model.FormatHTML,
		Published: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
}

// TestImportArticles: new articles arrive with their read, starred and
// tag state; one already stored is left as it is; one deleted there is
// kept from coming back; and a refresh afterwards keeps the state.
func TestImportArticles(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	src, err := s.AddSource(ctx, NewSource{Kind: "url", Location: "https://a.example/rss", Tags: []string{"news"}})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := s.SaveArticles(ctx, src.ID, []model.Article{imported("there", "Already there")}, now); err != nil {
		t.Fatal(err)
	}
	st, err := s.ImportArticles(ctx, src.ID, []ImportedArticle{
		{Article: imported("there", "Already there, changed"), Read: true, Starred: true},
		{Article: imported("r", "Read and flagged"), Read: true, Tags: []string{"flag-a"}},
		{Article: imported("s", "Starred"), Starred: true},
		{Article: imported("u", "Unread")},
		{Article: imported("u", "Unread, twice in one batch")},
		{Article: imported("d", "Deleted there"), Gone: true},
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	if st != (ImportStats{New: 3, Present: 2, Gone: 1}) {
		t.Errorf("stats %+v", st)
	}
	byTitle := func() map[string]ArticleSummary {
		list, err := s.Articles(ctx, ListQuery{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]ArticleSummary{}
		for _, a := range list {
			out[a.Title] = a
		}
		return out
	}
	got := byTitle()
	if len(got) != 4 {
		t.Fatalf("%d articles: %v", len(got), got)
	}
	if a := got["Already there"]; a.Read || a.Starred {
		t.Errorf("the article already there changed: %+v", a)
	}
	if a := got["Read and flagged"]; !a.Read || a.Starred || !slices.Equal(a.Tags, []string{"flag-a", "news"}) {
		t.Errorf("read and flagged: %+v", a)
	}
	if a := got["Starred"]; a.Read || !a.Starred {
		t.Errorf("starred: %+v", a)
	}
	counts, _ := s.TagCounts(ctx)
	for _, c := range counts {
		if c.Tag == "flag-a" && (c.Total != 1 || c.Unread != 0) || c.Tag == "news" && (c.Total != 4 || c.Unread != 3) {
			t.Errorf("tag count %+v", c)
		}
	}
	// The feed, refreshed: the same articles, changed, and the deleted one
	// still listed.
	refreshed := []model.Article{imported("r", "Read and flagged, edited"), imported("s", "Starred"), imported("d", "Deleted there")}
	if _, err := s.SaveArticles(ctx, src.ID, refreshed, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got = byTitle()
	if _, back := got["Deleted there"]; back || len(got) != 4 {
		t.Errorf("after the refresh: %v", got)
	}
	if a := got["Read and flagged, edited"]; !a.Read || !slices.Contains(a.Tags, "flag-a") {
		t.Errorf("the refresh reset an imported article: %+v", a)
	}
}
