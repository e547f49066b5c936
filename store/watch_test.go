package store

import (
	"context"
	"database/sql"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	src := oneArticle(t, reader)
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
// with a write of its own between looks (then it reads write_count).
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

// The store's own writes, committed while the watcher looks again and
// again, are never news: a look waits for a commit between landing and
// being counted.
func TestWatcherOwnWritesUnderWayAreNotNews(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	oneArticle(t, s)
	id := articleID(t, s, "One")
	w := s.Watch(ctx)
	defer w.Close()
	w.Changed(ctx)
	done := make(chan error)
	go func() {
		for i := range 300 {
			if _, err := s.SetRead(ctx, i%2 == 0, id); err != nil {
				done <- err
				return
			}
			if err := s.SetMarkdown(ctx, id, fmt.Sprint(i)); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for looks := 0; ; looks++ {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			if changed, err := w.Changed(ctx); err != nil || changed {
				t.Fatalf("after %d looks, the last: %v, %v; want false", looks, changed, err)
			}
			return
		default:
		}
		if changed, err := w.Changed(ctx); err != nil || changed {
			t.Fatalf("look %d among own writes: %v, %v; want false", looks, changed, err)
		}
	}
}

// A commit that counts nothing (the sqlite3 shell, say) is news too.
func TestWatcherSeesWritesThatCountNothing(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	oneArticle(t, s)
	w := s.Watch(ctx)
	defer w.Close()
	w.Changed(ctx)
	raw, err := sql.Open("sqlite", s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(ctx, "UPDATE articles SET read = 1"); err != nil {
		t.Fatal(err)
	}
	if changed, err := w.Changed(ctx); err != nil || !changed {
		t.Fatalf("a write that counts nothing: %v, %v; want true", changed, err)
	}
}

// The changes 'byline mark read', 'byline mark star', 'byline tag' and
// 'byline save' make in another process, each between two writes of the
// reader's own within one look: the look reports them. Read, starred and
// tags change nothing a count or the newest article shows; the reader's
// own writes around them must not hide them.
func TestWatcherSeesOthersChangeAmongOwnWrites(t *testing.T) {
	if path := os.Getenv("BYLINE_WATCH_OTHER"); path != "" {
		if err := otherProcessWrites(path, os.Getenv("BYLINE_WATCH_CHANGE")); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	for _, change := range []string{"read", "star", "tag", "save"} {
		t.Run(change, func(t *testing.T) {
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
			if _, err := reader.SaveArticles(ctx, src.ID, []feed.Article{{GUID: "1", Title: "One", Text: "x"}, {GUID: "2", Title: "Two", Text: "y"}}, time.Now()); err != nil {
				t.Fatal(err)
			}
			own := articleID(t, reader, "One")
			w := reader.Watch(ctx)
			defer w.Close()
			if changed, err := w.Changed(ctx); err != nil || changed {
				t.Fatalf("first look: %v, %v", changed, err)
			}
			if _, err := reader.SetRead(ctx, true, own); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestWatcherSeesOthersChangeAmongOwnWrites$")
			cmd.Env = append(os.Environ(), "BYLINE_WATCH_OTHER="+path, "BYLINE_WATCH_CHANGE="+change)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("the other process: %v\n%s", err, out)
			}
			if err := reader.SetMarkdown(ctx, own, "cached"); err != nil {
				t.Fatal(err)
			}
			if changed, err := w.Changed(ctx); err != nil || !changed {
				t.Fatalf("another process's %s between own writes: %v, %v; want true", change, changed, err)
			}
			if changed, err := w.Changed(ctx); err != nil || changed {
				t.Fatalf("the look after: %v, %v; want false", changed, err)
			}
		})
	}
}

// otherProcessWrites is the other process of
// TestWatcherSeesOthersChangeAmongOwnWrites: it changes the article Two.
func otherProcessWrites(path, change string) error {
	ctx := context.Background()
	s, err := Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	var id int64
	if err := s.db.QueryRowContext(ctx, "SELECT id FROM articles WHERE title = 'Two'").Scan(&id); err != nil {
		return err
	}
	switch change {
	case "read":
		_, err = s.SetRead(ctx, true, id)
	case "star":
		_, err = s.SetStarred(ctx, true, id)
	case "tag":
		_, err = s.EditTags(ctx, []int64{id}, []string{"x"}, nil)
	case "save":
		var src Source
		if src, err = s.SavedSource(ctx); err == nil {
			_, err = s.SaveArticles(ctx, src.ID, []feed.Article{{GUID: "https://example.com/p", Link: "https://example.com/p", Title: "Page", Text: "z"}}, time.Now())
		}
	default:
		err = fmt.Errorf("unknown change %q", change)
	}
	return err
}

// Every write of the store goes through begin, beginWhole or exec
// (write.go), whose commits add to write_count: a write that went around
// them would be a change of another process's that no watcher sees, or
// one of the store's own that every watcher takes for another's.
func TestWritesGoThroughCountedCommits(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "write.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if db, ok := sel.X.(*ast.SelectorExpr); ok && db.Sel.Name == "db" {
				switch sel.Sel.Name {
				case "Exec", "ExecContext", "Begin", "BeginTx":
					t.Errorf("%s: a write around the counted commits (s.db.%s)", fset.Position(sel.Pos()), sel.Sel.Name)
				}
			}
			return true
		})
	}
}

// oneArticle adds a file source to s with one article, as the watcher's
// tests start.
func oneArticle(t *testing.T, s *Store) Source {
	t.Helper()
	ctx := context.Background()
	src, err := s.AddSource(ctx, NewSource{Kind: "file", Location: "/f.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveArticles(ctx, src.ID, []feed.Article{{GUID: "1", Title: "One", Text: "x"}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	return src
}
