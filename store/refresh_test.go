package store

import (
	"context"
	"testing"
	"time"

	"github.com/byline/byline/feed"
)

// failOn makes the store refuse a write: a trigger raises on it.
func failOn(t *testing.T, s *Store, trigger string) {
	t.Helper()
	if _, err := s.DB().Exec(trigger); err != nil {
		t.Fatal(err)
	}
}

func articleCount(t *testing.T, s *Store, sourceID int64) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow("SELECT count(*) FROM articles WHERE source_id = ?", sourceID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func fetched(etag string) FetchOutcome {
	return FetchOutcome{At: time.Unix(1_800_000_000, 0), OK: true, Status: 200, ETag: etag, BodyHash: "hash-" + etag}
}

// TestSaveRefreshWritesArticlesAndFetchStateTogether: a source is never
// recorded as fetched without its articles, nor the other way round.
func TestSaveRefreshWritesArticlesAndFetchStateTogether(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	good := mustAddSource(t, s, "/good.xml")
	st, err := s.SaveRefresh(ctx, good.ID, prepareArticles([]feed.Article{article("1", "One", "a")}), time.Now(), fetched("v1"))
	if err != nil || st.New != 1 {
		t.Fatalf("SaveRefresh: %+v, %v", st, err)
	}
	if got, _ := s.Source(ctx, good.ID); got.ETag != "v1" || got.BodyHash != "hash-v1" || got.Articles != 1 {
		t.Fatalf("saved: %+v", got)
	}

	// An article that cannot be written: the fetch state stays as it was.
	broken := mustAddSource(t, s, "/broken.xml")
	failOn(t, s, `CREATE TRIGGER no_boom BEFORE INSERT ON articles WHEN NEW.title = 'boom' BEGIN SELECT RAISE(ABORT, 'boom refused'); END`)
	arts := []feed.Article{article("1", "One", "a"), article("2", "boom", "b")}
	if st, err := s.SaveRefresh(ctx, broken.ID, prepareArticles(arts), time.Now(), fetched("v2")); err == nil || st.New != 0 {
		t.Fatalf("SaveRefresh of a refused article: %+v, %v", st, err)
	}
	if got, _ := s.Source(ctx, broken.ID); got.ETag != "" || got.BodyHash != "" || !got.LastSuccess.IsZero() || got.Articles != 0 {
		t.Fatalf("recorded as fetched without its articles: %+v", got)
	}

	// A fetch state that cannot be written: the articles go with it.
	failOn(t, s, `CREATE TRIGGER no_v3 BEFORE UPDATE OF etag ON sources WHEN NEW.etag = 'v3' BEGIN SELECT RAISE(ABORT, 'v3 refused'); END`)
	if _, err := s.SaveRefresh(ctx, good.ID, prepareArticles([]feed.Article{article("3", "Three", "c")}), time.Now(), fetched("v3")); err == nil {
		t.Fatal("SaveRefresh with a refused fetch state: no error")
	}
	if n := articleCount(t, s, good.ID); n != 1 {
		t.Fatalf("%d articles: written without the fetch state", n)
	}
}
