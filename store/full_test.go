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
