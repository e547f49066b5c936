package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
)

// savedPages stores n saved pages: page i saved as https://example.com/p/i
// and found at https://example.com/found/i, except every tenth, found
// where it was saved.
func savedPages(tb testing.TB, s *Store, n int) Source {
	tb.Helper()
	ctx := context.Background()
	src, err := s.SavedSource(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	const chunk = 2000
	for start := 0; start < n; start += chunk {
		var arts []feed.Article
		for i := start; i < min(start+chunk, n); i++ {
			key := fmt.Sprintf("https://example.com/p/%d", i)
			link := fmt.Sprintf("https://example.com/found/%d", i)
			if i%10 == 0 {
				link = key
			}
			arts = append(arts, feed.Article{GUID: key, Link: link, Title: fmt.Sprint("Page ", i), Text: "x"})
		}
		if _, err := s.SaveArticles(ctx, src.ID, arts, time.Now()); err != nil {
			tb.Fatal(err)
		}
	}
	return src
}

// A saved page is found by the URL it was saved as, or by where it was
// found; its own key comes first.
func TestSavedArticleByKeyOrLink(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src := savedPages(t, s, 30)
	for _, c := range []struct {
		key, link, want string
	}{
		{"https://example.com/p/3", "https://example.com/p/3", "https://example.com/p/3"},
		{"https://example.com/found/3", "https://example.com/found/3", "https://example.com/p/3"},
		{"https://example.com/p/10", "https://example.com/p/10", "https://example.com/p/10"},
		{"https://example.com/new", "https://example.com/found/7", "https://example.com/p/7"},
		{"https://example.com/p/8", "https://example.com/found/9", "https://example.com/p/8"},
		{"https://example.com/new", "https://example.com/new", ""},
		{"https://example.com/new", "", ""},
	} {
		id, key, err := s.SavedArticle(ctx, src.ID, c.key, c.link)
		if err != nil {
			t.Fatal(err)
		}
		if key != c.want || (id == 0) != (c.want == "") {
			t.Errorf("SavedArticle(%q, %q) = %d, %q; want %q", c.key, c.link, id, key, c.want)
		}
	}
}

// 'byline save' looks a page up by key and by link through indexes, not
// by reading every saved page: each lookup in the plan searches an index
// on the key or on the link.
func TestSavedArticleLookupUsesIndexes(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src := savedPages(t, s, 500)
	rows, err := s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+savedArticleQuery, src.ID, "https://example.com/new", "https://example.com/found/7")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	byKey, byLink := false, false
	for _, d := range plan {
		if !strings.Contains(d, " articles ") {
			continue
		}
		switch {
		case strings.HasPrefix(d, "SEARCH") && strings.Contains(d, "key=?"):
			byKey = true
		case strings.HasPrefix(d, "SEARCH") && strings.Contains(d, "link=?"):
			byLink = true
		default:
			t.Errorf("a step reads more than the page looked for: %s", d)
		}
	}
	if !byKey || !byLink {
		t.Errorf("the plan does not search by key and by link:\n%s", strings.Join(plan, "\n"))
	}
}

// What a save's lookup of a page costs among 100,000 saved pages, by a
// link that is not saved (a new page) and by one that is.
func BenchmarkSavedArticle(b *testing.B) {
	ctx := context.Background()
	s, err := Open(filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	src := savedPages(b, s, 100_000)
	b.Run("new", func(b *testing.B) {
		for b.Loop() {
			if id, _, err := s.SavedArticle(ctx, src.ID, "https://example.com/new", "https://example.com/new"); err != nil || id != 0 {
				b.Fatal(id, err)
			}
		}
	})
	b.Run("by-link", func(b *testing.B) {
		for b.Loop() {
			if id, _, err := s.SavedArticle(ctx, src.ID, "https://example.com/x", "https://example.com/found/54321"); err != nil || id == 0 {
				b.Fatal(id, err)
			}
		}
	})
}

// Only saved pages are in the index of links: a feed's items, whose links
// differ from their keys as often as not, cost it nothing; pages saved
// before schema 11 are marked by the upgrade and still found by link.
func TestOnlySavedPagesIndexedByLink(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "byline.db")
	old, err := openAt(path, 10)
	if err != nil {
		t.Fatal(err)
	}
	before := savedPages(t, old, 30)
	old.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if id, _, err := s.SavedArticle(ctx, before.ID, "https://example.com/found/7", "https://example.com/found/7"); err != nil || id == 0 {
		t.Errorf("a page saved before the upgrade is not found by its link: %d, %v", id, err)
	}
	src := mustAddSource(t, s, "/feed.xml")
	var arts []feed.Article
	for i := range 50 {
		arts = append(arts, feed.Article{GUID: fmt.Sprint("urn:item:", i), Link: fmt.Sprint("https://blog.example.com/", i), Title: "t", Content: "c"})
	}
	if _, err := s.SaveArticles(ctx, src.ID, arts, time.Now()); err != nil {
		t.Fatal(err)
	}
	savedPages(t, s, 40) // 30 again, and 10 new
	var indexed, saved int
	if err := s.db.QueryRow("SELECT count(*) FROM articles INDEXED BY articles_by_link WHERE saved_page = 1 AND link <> key AND link <> ''").Scan(&indexed); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow("SELECT count(*) FROM articles WHERE source_id = ?", before.ID).Scan(&saved); err != nil {
		t.Fatal(err)
	}
	if want := saved - saved/10; indexed != want { // every tenth page's link is its key
		t.Errorf("%d rows in the index of links, want the %d saved pages whose link is not their key", indexed, want)
	}
}
