package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/byline/byline/feed"
)

// A folder source mirrors its files: retention never takes an article
// whose file is still there.
func TestPruneLeavesFolderArticles(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	folder, err := s.AddSource(ctx, NewSource{Kind: "folder", Location: "/notes"})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	var files []feed.Article
	for i := 0; i < 5; i++ {
		files = append(files, feed.Article{GUID: fmt.Sprint("file", i), Title: fmt.Sprint("F", i), Text: "word",
			Published: now.AddDate(-1, 0, -i)})
	}
	if _, err := s.SaveArticles(ctx, folder.ID, files, now); err != nil {
		t.Fatal(err)
	}
	n, err := s.Prune(ctx, Retention{KeepDays: 30, MaxPerSource: 2}, now)
	if err != nil || n != 0 {
		t.Fatalf("pruned %d folder articles (%v), want 0", n, err)
	}
	if list, _ := s.Articles(ctx, ListQuery{}); len(list) != 5 {
		t.Fatalf("folder shows %d articles, want its 5 files", len(list))
	}
}

// A store whose retention removed a folder's articles before folders were
// spared gets every file back at the next refresh, and the articles that
// stayed keep their read state and tags.
func TestFolderRefreshBringsBackPrunedFiles(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	folder, err := s.AddSource(ctx, NewSource{Kind: "folder", Location: "/notes"})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	var files []feed.Article
	for i := 0; i < 4; i++ {
		files = append(files, feed.Article{GUID: fmt.Sprint("file", i), Title: fmt.Sprint("F", i), Text: "word",
			Published: now.AddDate(0, -i, 0)})
	}
	if _, err := s.SaveArticles(ctx, folder.ID, files, now); err != nil {
		t.Fatal(err)
	}
	list, _ := s.Articles(ctx, ListQuery{})
	kept := list[0] // F0, the newest
	if _, err := s.SetRead(ctx, true, kept.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EditTags(ctx, []int64{kept.ID}, []string{"mine"}, nil); err != nil {
		t.Fatal(err)
	}
	// What an older byline's gc did: the others deleted and remembered as gone.
	if _, err := s.db.ExecContext(ctx, `INSERT INTO gone(source_id, key, at) SELECT source_id, key, 0 FROM articles WHERE id <> ?`, kept.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM articles WHERE id <> ?`, kept.ID); err != nil {
		t.Fatal(err)
	}

	st, err := s.SaveArticles(ctx, folder.ID, files, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if st.New != 3 {
		t.Fatalf("refresh brought back %d files, want 3: %+v", st.New, st)
	}
	a, err := s.Article(ctx, kept.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Read || !hasTag(a.Tags, "mine") {
		t.Fatalf("the article that stayed lost its state: read %v, tags %v", a.Read, a.Tags)
	}
	var gone int
	s.db.QueryRowContext(ctx, "SELECT count(*) FROM gone WHERE source_id = ?", folder.ID).Scan(&gone)
	if gone != 0 {
		t.Fatalf("%d tombstones left for the folder", gone)
	}
}

func hasTag(tags []string, t string) bool {
	for _, x := range tags {
		if x == t {
			return true
		}
	}
	return false
}
