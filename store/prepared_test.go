package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
)

// bodyOf is an article's stored body, read back.
func bodyOf(t *testing.T, s *Store, sourceID int64, guid string) string {
	t.Helper()
	var id int64
	if err := s.DB().QueryRow("SELECT id FROM articles WHERE source_id = ? AND key = ?", sourceID, guid).Scan(&id); err != nil {
		t.Fatal(err)
	}
	a, err := s.Article(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a.Content
}

// Articles prepared beside the writer are written as SaveRefresh writes
// them; and what changed in the store between Prepare and the write (an
// article stored meanwhile, or changed) is written right: the writer
// compresses what Prepare left, and drops what it need not write.
func TestPreparedAsSaved(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	long := func(w string) string { return "<p>" + strings.Repeat(w+" ", 60) + "</p>" }
	a := mustAddSource(t, s, "/a.xml")
	arts := []feed.Article{article("1", "One", long("one")), article("2", "Two", long("two")), article("3", "Three", "short")}
	p := s.Prepare(ctx, a.ID, arts)
	st, err := s.SaveRefresh(ctx, a.ID, p, time.Now(), fetched("v1"))
	if err != nil || st.New != 3 {
		t.Fatalf("SaveRefresh: %+v, %v", st, err)
	}
	for _, x := range arts {
		if got := bodyOf(t, s, a.ID, x.GUID); got != x.Content {
			t.Errorf("%s: body %q, want %q", x.GUID, got, x.Content)
		}
	}

	// Prepared when 1 and 2 were stored as they are, 2 with another body:
	// Prepare compresses 2 and the new 4, not 1.
	arts2 := []feed.Article{article("1", "One", long("one")), article("2", "Two", long("two, again")), article("4", "Four", long("four"))}
	p2 := s.Prepare(ctx, a.ID, arts2)
	if p2.packed[0] != nil || p2.packed[1] == nil || p2.packed[2] == nil {
		t.Errorf("compressed: %v %v %v, want only the changed and the new", p2.packed[0] != nil, p2.packed[1] != nil, p2.packed[2] != nil)
	}
	// Meanwhile another writer changes 1 and stores 4 as it will be.
	if _, err := s.SaveArticles(ctx, a.ID, []feed.Article{article("1", "One", long("one, elsewhere")), article("4", "Four", long("four"))}, time.Now()); err != nil {
		t.Fatal(err)
	}
	st, err = s.SaveRefresh(ctx, a.ID, p2, time.Now(), fetched("v2"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Updated != 2 || st.Unchanged != 1 || st.New != 0 {
		t.Errorf("stats %+v, want 1 and 2 updated, 4 unchanged", st)
	}
	for _, x := range arts2 {
		if got := bodyOf(t, s, a.ID, x.GUID); got != x.Content {
			t.Errorf("%s: body %q, want %q", x.GUID, got, x.Content)
		}
	}
}

// Lookups name 64 keys a statement: a source of more articles than that
// (and not a multiple of it) is looked up whole, in the writer and in
// Prepare.
func TestLookupsPastOneStatement(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a := mustAddSource(t, s, "/many.xml")
	var arts []feed.Article
	for i := range 150 {
		arts = append(arts, article(fmt.Sprint("g", i), fmt.Sprint("Title ", i), strings.Repeat("body text ", 10)+fmt.Sprint(i)))
	}
	if st, err := s.SaveArticles(ctx, a.ID, arts, time.Now()); err != nil || st.New != 150 {
		t.Fatalf("first save: %+v, %v", st, err)
	}
	p := s.Prepare(ctx, a.ID, arts)
	for i, packed := range p.packed {
		if packed != nil {
			t.Fatalf("article %d compressed again though stored as it is", i)
		}
	}
	if st, err := s.SaveRefresh(ctx, a.ID, p, time.Now(), fetched("x")); err != nil || st.Unchanged != 150 || st.New != 0 {
		t.Fatalf("second save: %+v, %v", st, err)
	}
}

// An undated item new in a source read before arrived now: it is the
// newest, and found by today's date. In a source's first read it keeps
// its place in the feed (the date of the item after it). A date more
// than a day ahead is a wrong clock, read as none, and lends itself to
// no neighbour.
func TestUndatedItemsDatedWhenTheyArrive(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src := mustAddSource(t, s, "/dated.xml")
	old := time.Date(2023, 11, 14, 12, 0, 0, 0, time.UTC)
	dated := func(guid string, at time.Time) feed.Article {
		return feed.Article{GUID: guid, Title: guid, Content: guid, Format: feed.FormatHTML, Published: at}
	}
	undated := func(guid string) feed.Article {
		return feed.Article{GUID: guid, Title: guid, Content: guid, Format: feed.FormatHTML}
	}
	first := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	if _, err := s.SaveArticles(ctx, src.ID, []feed.Article{dated("a", old), undated("first-read"), dated("b", old.Add(-time.Hour))}, first); err != nil {
		t.Fatal(err)
	}
	later := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	if _, err := s.SaveArticles(ctx, src.ID, []feed.Article{undated("new"), dated("a", old), undated("first-read"), dated("b", old.Add(-time.Hour))}, later); err != nil {
		t.Fatal(err)
	}
	list, err := s.Articles(ctx, ListQuery{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	dates := map[string]time.Time{}
	for _, a := range list {
		order = append(order, a.Title)
		dates[a.Title] = a.Date
	}
	if fmt.Sprint(order) != "[new a first-read b]" {
		t.Errorf("listed %v, want the new undated item first and the first read's in the feed's order", order)
	}
	if !dates["new"].Equal(later) {
		t.Errorf("the new undated item is dated %v, want when it arrived, %v", dates["new"], later)
	}
	if !dates["first-read"].Equal(old.Add(-time.Hour)) {
		t.Errorf("the first read's undated item is dated %v, want its neighbour's %v", dates["first-read"], old.Add(-time.Hour))
	}

	// A wrong clock: years ahead, and an undated item above it in a
	// first read.
	other := mustAddSource(t, s, "/future.xml")
	future := time.Now().AddDate(9, 0, 0)
	if _, err := s.SaveArticles(ctx, other.ID, []feed.Article{undated("above"), dated("future", future)}, later); err != nil {
		t.Fatal(err)
	}
	list, _ = s.Articles(ctx, ListQuery{Limit: 10})
	for _, a := range list {
		if (a.Title == "future" || a.Title == "above") && a.Date.After(time.Now().Add(24*time.Hour)) {
			t.Errorf("%s dated %v, a wrong clock's date", a.Title, a.Date)
		}
		if a.Title == "future" && !a.Undated {
			t.Errorf("a date years ahead is not read as none")
		}
	}
}

// checkTagCounts holds tag_counts equal to a count of the tag rows.
func checkTagCounts(t *testing.T, s *Store, when string) {
	t.Helper()
	rows, err := s.DB().Query(`SELECT coalesce(c.tag, r.tag), coalesce(c.total, 0), coalesce(c.unread, 0), coalesce(r.total, 0), coalesce(r.unread, 0)
		FROM (SELECT t.tag, count(*) AS total, sum(a.read = 0) AS unread FROM article_tags t JOIN articles a ON a.id = t.article_id GROUP BY t.tag) r
		FULL JOIN tag_counts c ON c.tag = r.tag`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var tag string
		var total, unread, wantTotal, wantUnread int
		if err := rows.Scan(&tag, &total, &unread, &wantTotal, &wantUnread); err != nil {
			t.Fatal(err)
		}
		if total != wantTotal || unread != wantUnread {
			t.Errorf("%s: tag %q counted %d/%d unread, its rows say %d/%d", when, tag, total, unread, wantTotal, wantUnread)
		}
	}
}

// The tag counts stay those of the tag rows through new articles (saved
// and prepared), repeated tags, source tags, an update that moves an
// article's date (its rows go and come back), marks, edits, a batch of
// several sources, and removals.
func TestTagCountsOfNewArticles(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a := mustAddSource(t, s, "/a.xml")
	b := mustAddSource(t, s, "/b.xml")
	if err := s.SetSourceTags(ctx, b.ID, []string{"from-b", "shared"}); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	mk := func(guid string, at time.Time, tags ...string) feed.Article {
		return feed.Article{GUID: guid, Title: guid, Content: guid, Format: feed.FormatHTML, Published: at, Tags: tags}
	}
	if _, err := s.SaveArticles(ctx, a.ID, []feed.Article{mk("1", day, "go", "shared"), mk("2", day, "go"), mk("3", day)}, time.Now()); err != nil {
		t.Fatal(err)
	}
	checkTagCounts(t, s, "first save")
	p := s.Prepare(ctx, b.ID, []feed.Article{mk("x", day, "go", "rust"), mk("y", day, "shared")})
	if _, err := s.SaveRefresh(ctx, b.ID, p, time.Now(), fetched("b1")); err != nil {
		t.Fatal(err)
	}
	checkTagCounts(t, s, "prepared save")
	var ids []int64
	rows, _ := s.DB().Query("SELECT id FROM articles ORDER BY id")
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if _, err := s.SetRead(ctx, true, ids[0], ids[3]); err != nil {
		t.Fatal(err)
	}
	checkTagCounts(t, s, "marked read")
	// An update that moves the date and changes the tags, and a new one.
	if _, err := s.SaveArticles(ctx, a.ID, []feed.Article{mk("1", day.Add(time.Hour), "go", "new-tag"), mk("4", day, "go", "new-tag")}, time.Now()); err != nil {
		t.Fatal(err)
	}
	checkTagCounts(t, s, "update and new")
	if _, err := s.EditTags(ctx, ids[:2], []string{"edited"}, []string{"go"}); err != nil {
		t.Fatal(err)
	}
	checkTagCounts(t, s, "edited")
	batch, err := s.BeginBatch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := batch.SaveRefresh(ctx, a.ID, s.Prepare(ctx, a.ID, []feed.Article{mk("5", day, "go", "batch")}), time.Now(), fetched("a2")); err != nil {
		t.Fatal(err)
	}
	if _, err := batch.SaveRefresh(ctx, b.ID, s.Prepare(ctx, b.ID, []feed.Article{mk("z", day, "batch")}), time.Now(), fetched("b2")); err != nil {
		t.Fatal(err)
	}
	if err := batch.Commit(); err != nil {
		t.Fatal(err)
	}
	checkTagCounts(t, s, "batch")
	if err := s.RemoveSource(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	checkTagCounts(t, s, "source removed")
}
