package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/byline/byline/feed"
)

// A write by another process (here another Store on the same file) is
// seen at the watcher's next look, once; a look with nothing written
// between says so.
func TestWatcherSeesWritesOfOthers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	reader, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	w := reader.Watch(ctx)
	defer w.Close()
	if changed, err := w.Changed(ctx); err != nil || changed {
		t.Fatalf("first look: %v, %v; want false", changed, err)
	}
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	src, err := other.AddSource(ctx, NewSource{Kind: "file", Location: "/f.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if changed, err := w.Changed(ctx); err != nil || !changed {
		t.Fatalf("after another process added a source: %v, %v; want true", changed, err)
	}
	if changed, _ := w.Changed(ctx); changed {
		t.Fatal("a second look with nothing written says changed")
	}
	if _, err := other.SaveArticles(ctx, src.ID, []feed.Article{{GUID: "1", Title: "One", Text: "x"}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if changed, _ := w.Changed(ctx); !changed {
		t.Fatal("an article saved by another process is not seen")
	}
}

// The store's own writes (the reader marking what it opens, caching a
// render) are not news to its watcher; another process's new article is,
// even when both fall between two looks.
func TestWatcherTellsOwnWritesFromOthers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	reader, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	src, err := reader.AddSource(ctx, NewSource{Kind: "file", Location: "/f.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reader.SaveArticles(ctx, src.ID, []feed.Article{{GUID: "1", Title: "One", Text: "x"}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	w := reader.Watch(ctx)
	defer w.Close()
	w.Changed(ctx)
	list, _ := reader.Articles(ctx, ListQuery{})
	if _, err := reader.SetRead(ctx, true, list[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := reader.SetMarkdown(ctx, list[0].ID, "cached"); err != nil {
		t.Fatal(err)
	}
	if changed, err := w.Changed(ctx); err != nil || changed {
		t.Fatalf("after the store's own writes: %v, %v; want false", changed, err)
	}

	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := reader.SetRead(ctx, false, list[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := other.SaveArticles(ctx, src.ID, []feed.Article{{GUID: "2", Title: "Two", Text: "y"}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if changed, err := w.Changed(ctx); err != nil || !changed {
		t.Fatalf("another process's article among own writes: %v, %v; want true", changed, err)
	}
}

// The watcher gives its connection back when its context ends, so that
// closing the store is not held by it.
func TestWatcherClosesWithItsContext(t *testing.T) {
	s := openTemp(t)
	ctx, cancel := context.WithCancel(context.Background())
	w := s.Watch(ctx)
	if _, err := w.Changed(ctx); err != nil {
		t.Fatal(err)
	}
	cancel()
	deadline := time.Now().Add(5 * time.Second)
	for s.db.Stats().InUse != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d connections still in use after the context ended", s.db.Stats().InUse)
		}
		time.Sleep(time.Millisecond)
	}
}

// What a look costs the reader once a second with nothing written, and
// with a write of its own between looks (then it reads the newest article
// and the sources' last refresh).
func BenchmarkWatcherLook(b *testing.B) {
	ctx := context.Background()
	s, err := Open(filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	src, err := s.AddSource(ctx, NewSource{Kind: "file", Location: "/f.xml"})
	if err != nil {
		b.Fatal(err)
	}
	var arts []feed.Article
	for i := 0; i < 2000; i++ {
		arts = append(arts, feed.Article{GUID: fmt.Sprint(i), Title: fmt.Sprint("A", i), Text: "x"})
	}
	if _, err := s.SaveArticles(ctx, src.ID, arts, time.Now()); err != nil {
		b.Fatal(err)
	}
	list, _ := s.Articles(ctx, ListQuery{Limit: 1})
	w := s.Watch(ctx)
	defer w.Close()
	w.Changed(ctx)
	b.Run("idle", func(b *testing.B) {
		for b.Loop() {
			w.Changed(ctx)
		}
	})
	b.Run("own-write", func(b *testing.B) {
		read := false
		for b.Loop() {
			b.StopTimer()
			read = !read
			s.SetRead(ctx, read, list[0].ID)
			b.StartTimer()
			w.Changed(ctx)
		}
	})
}

// A commit of the store's own is counted as it starts, and may land after
// the watcher looked: the look that sees it land still knows it for its
// own, and reloads nothing.
func TestWatcherOwnCommitLandingLate(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src, err := s.AddSource(ctx, NewSource{Kind: "file", Location: "/f.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveArticles(ctx, src.ID, []feed.Article{{GUID: "1", Title: "One", Text: "x"}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	w := s.Watch(ctx)
	defer w.Close()
	w.Changed(ctx)
	s.commits.Add(1) // the hook ran; the commit has not landed
	if changed, _ := w.Changed(ctx); changed {
		t.Fatal("a look before the commit landed says changed")
	}
	// It lands (written here on a connection that counts nothing, as the
	// counted commit would).
	raw, err := sql.Open("sqlite", s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(ctx, "UPDATE articles SET read = 1"); err != nil {
		t.Fatal(err)
	}
	if changed, err := w.Changed(ctx); err != nil || changed {
		t.Fatalf("the own commit that landed late: %v, %v; want false", changed, err)
	}
}
