package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
)

// A saved page's site is its own field; a store written when it was glued
// to the author ("Ada Lovelace · The Loopback Gazette") has it taken out
// at the upgrade. Feeds' authors are left as they are.
func TestSiteApartFromAuthor(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	at := -1
	for i, m := range migrations {
		if strings.Contains(m, "ADD COLUMN site") {
			at = i
		}
	}
	if at < 0 {
		t.Fatal("no migration adds the site")
	}
	saved := migrations
	migrations = saved[:at]
	SchemaVersion = len(migrations)
	old, err := Open(path)
	migrations, SchemaVersion = saved, len(saved)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := old.SavedSource(ctx)
	if err != nil {
		t.Fatal(err)
	}
	feedSrc, err := old.AddSource(ctx, NewSource{Kind: "file", Location: "/f.xml"})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct {
		src    int64
		author string
	}{{pages.ID, "Ada Lovelace · The Loopback Gazette"}, {feedSrc.ID, "Tom · Jerry"}} {
		if _, err := old.db.ExecContext(ctx, `INSERT INTO articles(source_id, key, title, author, date, sortkey, first_seen, hash)
			VALUES (?, ?, 't', ?, 1, 1, 1, 'h')`, w.src, w.author, w.author); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.Articles(ctx, ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		switch a.SourceID {
		case pages.ID:
			if a.Author != "Ada Lovelace" || a.Site != "The Loopback Gazette" {
				t.Errorf("saved page after the upgrade: author %q, site %q", a.Author, a.Site)
			}
		case feedSrc.ID:
			if a.Author != "Tom · Jerry" || a.Site != "" {
				t.Errorf("feed article after the upgrade: author %q, site %q", a.Author, a.Site)
			}
		}
	}

	// A page saved now keeps them apart, and a site alone changes the
	// article at its next save.
	art := feed.Article{GUID: "p", Title: "Page", Author: "Grace", Site: "Gazette", Text: "x", Published: time.Unix(100, 0)}
	if _, err := s.SaveArticles(ctx, pages.ID, []feed.Article{art}, time.Now()); err != nil {
		t.Fatal(err)
	}
	art.Site = "The Gazette"
	st, err := s.SaveArticles(ctx, pages.ID, []feed.Article{art}, time.Now())
	if err != nil || st.Updated != 1 {
		t.Fatalf("a new site name: %+v, %v", st, err)
	}
	list, _ = s.Articles(ctx, ListQuery{})
	for _, a := range list {
		if a.Title == "Page" && (a.Author != "Grace" || a.Site != "The Gazette") {
			t.Errorf("saved now: author %q, site %q", a.Author, a.Site)
		}
	}
}
