package store

import (
	"context"
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
