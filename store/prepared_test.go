package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/store/query"
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
	st, err := s.SaveRefreshPrepared(ctx, a.ID, p, time.Now(), fetched("v1"))
	if err != nil || st.New != 3 {
		t.Fatalf("SaveRefreshPrepared: %+v, %v", st, err)
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
	st, err = s.SaveRefreshPrepared(ctx, a.ID, p2, time.Now(), fetched("v2"))
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
	if st, err := s.SaveRefreshPrepared(ctx, a.ID, p, time.Now(), fetched("x")); err != nil || st.Unchanged != 150 || st.New != 0 {
		t.Fatalf("second save: %+v, %v", st, err)
	}
}

// search lists the titles a full-text filter finds.
func search(t *testing.T, s *Store, q string) []string {
	t.Helper()
	f, err := query.Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.Articles(context.Background(), ListQuery{Filter: f, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, a := range list {
		titles = append(titles, a.Title)
	}
	return titles
}

// Prepared articles are in the full-text index when their transaction
// commits, with nothing left pending, and a search finds what it finds
// when the index is built later from the stored bodies: the same words
// of title, summary and body, CJK pairs included; an article changed
// since it was prepared is indexed later, by its new text.
func TestPreparedArticlesIndexedAtOnce(t *testing.T) {
	ctx := context.Background()
	arts := []feed.Article{
		feed.NewArticle(feed.Article{GUID: "1", Title: "Kernel news", Content: "<p>The scheduler <b>changed</b> again.</p>", Format: feed.FormatHTML}),
		feed.NewArticle(feed.Article{GUID: "2", Title: "日本語のタイトル", Summary: "<p>A summary of its own, about zebras</p>", Content: "<p>Body about giraffes.</p>", Format: feed.FormatHTML}),
		feed.NewArticle(feed.Article{GUID: "3", Title: "Third", Content: "plain words: quokka", Format: feed.FormatHTML}),
	}
	prepared, later := openTemp(t), openTemp(t)
	pa, la := mustAddSource(t, prepared, "/a.xml"), mustAddSource(t, later, "/a.xml")
	if _, err := prepared.SaveRefreshPrepared(ctx, pa.ID, prepared.Prepare(ctx, pa.ID, arts), time.Now(), fetched("1")); err != nil {
		t.Fatal(err)
	}
	var pending int
	if err := prepared.DB().QueryRow("SELECT count(*) FROM fts_pending").Scan(&pending); err != nil || pending != 0 {
		t.Fatalf("%d articles left pending (%v)", pending, err)
	}
	if _, err := later.SaveRefresh(ctx, la.ID, arts, time.Now(), fetched("1")); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"scheduler", "changed", "kernel", "zebras", "giraffes", "タイトル", "日本", "quokka", "summary"} {
		got, want := search(t, prepared, q), search(t, later, q)
		if fmt.Sprint(got) != fmt.Sprint(want) || len(want) == 0 {
			t.Errorf("%q: found %v, indexed later %v", q, got, want)
		}
	}
	// Prepared, then changed by another writer before the write: the
	// writer writes it (its hash differs from what is stored now) and
	// leaves it pending; the search finds its new text, not the old.
	changed := []feed.Article{feed.NewArticle(feed.Article{GUID: "3", Title: "Third", Content: "plain words: wombat", Format: feed.FormatHTML})}
	p := prepared.Prepare(ctx, pa.ID, changed)
	if _, err := prepared.SaveArticles(ctx, pa.ID, []feed.Article{feed.NewArticle(feed.Article{GUID: "3", Title: "Third", Content: "plain words: quokka", Format: feed.FormatHTML})}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := prepared.SaveRefreshPrepared(ctx, pa.ID, p, time.Now(), fetched("2")); err != nil {
		t.Fatal(err)
	}
	if got := search(t, prepared, "wombat"); len(got) != 1 {
		t.Errorf("wombat: %v", got)
	}
	if got := search(t, prepared, "quokka"); len(got) != 0 {
		t.Errorf("quokka still found: %v", got)
	}
}
