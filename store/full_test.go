package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed/model"
)

// On a full disk a save claims nothing: zero stats, a plain error, and the
// store as it was.
func TestSaveOnAFullDiskClaimsNothing(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src := mustAddSource(t, s, "/full.xml")
	// SQLite's page limit stands in for the disk: writing past it fails as
	// a full disk does (SQLITE_FULL).
	var pages int
	if err := s.DB().QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	conn, err := s.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	s.DB().SetMaxOpenConns(1) // every statement on the limited connection
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages+8)); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	var arts []model.Article
	for i := 0; i < 2000; i++ {
		arts = append(arts, model.Article{GUID: fmt.Sprint(i), Title: fmt.Sprintf("Item %d", i), Content: strings.Repeat("text ", 200), Format: model.FormatText})
	}
	st, err := s.SaveArticles(ctx, src.ID, arts, time.Now())
	if err == nil {
		t.Fatal("a save past the disk's end succeeded")
	}
	if !errors.Is(Explain(err), ErrFull) || !Unwritable(err) {
		t.Fatalf("error %v, want the disk is full", err)
	}
	if st.New != 0 || st.Updated != 0 || len(st.Added) != 0 {
		t.Fatalf("stats %+v after a rolled-back save", st)
	}
	var n int
	s.DB().QueryRow("SELECT count(*) FROM articles").Scan(&n)
	if n != 0 {
		t.Fatalf("%d articles kept from a failed save", n)
	}
}

// A broken date (past year 9999, before 1970) is no date, and never
// overflows the sort key; thousands of tags on one item keep the first 64.
func TestBrokenDatesAndTagFloods(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src := mustAddSource(t, s, "/dates.xml")
	var flood []string
	for i := 0; i < 5000; i++ {
		flood = append(flood, fmt.Sprintf("t%d", i))
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	arts := []model.Article{
		{GUID: "far", Title: "Far future", Published: time.Unix(9223372036854, 0), Tags: flood},
		{GUID: "old", Title: "Before 1970", Published: time.Unix(-86400*365, 0)},
		{GUID: "ok", Title: "Dated", Published: now.Add(-time.Hour)},
	}
	if _, err := s.SaveArticles(ctx, src.ID, arts, now); err != nil {
		t.Fatal(err)
	}
	rows, err := s.DB().Query("SELECT title, date, sortkey FROM articles")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var title string
		var date, key int64
		rows.Scan(&title, &date, &key)
		if key < 0 || date < 0 || date > maxDate {
			t.Errorf("%s: date %d, sortkey %d", title, date, key)
		}
	}
	list, _ := s.Articles(ctx, ListQuery{})
	for _, a := range list {
		if a.Title == "Far future" && len(a.Tags) != maxItemTags {
			t.Errorf("far future: %d tags, want %d", len(a.Tags), maxItemTags)
		}
	}
}
