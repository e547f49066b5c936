package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/byline/byline/feed"
)

// TestBatchCommitsTogetherOrNotAtAll: what a batch holds is written by its
// commit only, and after a failed write not at all.
func TestBatchCommitsTogetherOrNotAtAll(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	a, b := mustAddSource(t, s, "/a.xml"), mustAddSource(t, s, "/b.xml")
	batch, err := s.BeginBatch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := batch.SaveRefresh(ctx, a.ID, prepareArticles([]feed.Article{article("1", "One", "a"), article("2", "Two", "b")}), time.Now(), fetched("a1")); err != nil || st.New != 2 {
		t.Fatalf("SaveRefresh a: %+v, %v", st, err)
	}
	if err := batch.RecordFetch(ctx, b.ID, FetchOutcome{At: time.Now(), Err: "404"}); err != nil {
		t.Fatal(err)
	}
	if n := articleCount(t, s, a.ID); n != 0 {
		t.Fatalf("%d articles visible before the commit", n)
	}
	if err := batch.Commit(); err != nil {
		t.Fatal(err)
	}
	batch.Rollback() // after Commit: nothing
	if got, _ := s.Source(ctx, a.ID); got.ETag != "a1" || got.Articles != 2 {
		t.Fatalf("a after the commit: %+v", got)
	}
	if got, _ := s.Source(ctx, b.ID); got.LastError != "404" || got.Failures != 1 {
		t.Fatalf("b after the commit: %+v", got)
	}

	// A source removed before its save: the batch fails, and writes
	// nothing of the source saved before it either.
	c := mustAddSource(t, s, "/c.xml")
	if err := s.RemoveSource(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	batch, err = s.BeginBatch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer batch.Rollback()
	if _, err := batch.SaveRefresh(ctx, c.ID, prepareArticles([]feed.Article{article("1", "One", "a")}), time.Now(), fetched("c1")); err != nil {
		t.Fatal(err)
	}
	_, err = batch.SaveRefresh(ctx, b.ID, prepareArticles([]feed.Article{article("1", "One", "a")}), time.Now(), fetched("b1"))
	if !errors.Is(err, ErrNotFound) || !errors.Is(batch.Err(), ErrNotFound) {
		t.Fatalf("save of a removed source: %v (batch: %v), want ErrNotFound", err, batch.Err())
	}
	if _, err := batch.SaveRefresh(ctx, a.ID, prepareArticles([]feed.Article{article("3", "Three", "c")}), time.Now(), fetched("a2")); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a write after the failed one: %v, want the failure", err)
	}
	if err := batch.Commit(); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Commit after a failed write: %v, want the failure", err)
	}
	if got, _ := s.Source(ctx, c.ID); got.ETag != "" || got.Articles != 0 {
		t.Fatalf("c written by a failed batch: %+v", got)
	}
	if got, _ := s.Source(ctx, a.ID); got.ETag != "a1" || got.Articles != 2 {
		t.Fatalf("a written by a failed batch: %+v", got)
	}
}

// TestBatchLetsOtherWritersIn: a batch holds the write lock until it ends;
// another writer then goes on.
func TestBatchLetsOtherWritersIn(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	a := mustAddSource(t, s, "/a.xml")
	batch, err := s.BeginBatch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := batch.SaveRefresh(ctx, a.ID, prepareArticles([]feed.Article{article("1", "One", "a")}), time.Now(), fetched("a1")); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- s.RecordFetch(ctx, a.ID, FetchOutcome{At: time.Now(), Err: "later"}) }()
	select {
	case err := <-done:
		t.Fatalf("another write went through during a batch: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	if err := batch.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Source(ctx, a.ID); got.LastError != "later" || got.Articles != 1 {
		t.Fatalf("after both: %+v", got)
	}
}

// TestSavingKeepsStatementCopiesInMemory: a refresh's writes keep SQLite's
// statement journals in memory (no pwrite a page), and the connection goes
// back to the pool with its temporary files on disk again, where a VACUUM
// or a large delete keeps them.
func TestSavingKeepsStatementCopiesInMemory(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	s.db.SetMaxOpenConns(1) // the connection the batch had is the one asked after
	a := mustAddSource(t, s, "/a.xml")
	tempStore := func(q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) int {
		t.Helper()
		var n int
		if err := q.QueryRowContext(ctx, "PRAGMA temp_store").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	batch, err := s.BeginBatch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := tempStore(batch.tx); got != 2 {
		t.Fatalf("temp_store in a batch = %d, want 2 (memory)", got)
	}
	if _, err := batch.SaveRefresh(ctx, a.ID, prepareArticles([]feed.Article{article("1", "One", "a")}), time.Now(), fetched("a1")); err != nil {
		t.Fatal(err)
	}
	if err := batch.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := tempStore(s.db); got != 0 {
		t.Fatalf("temp_store after the batch = %d, want 0 (the default)", got)
	}
	if _, err := s.SaveRefresh(ctx, a.ID, prepareArticles([]feed.Article{article("2", "Two", "b")}), time.Now(), fetched("a2")); err != nil {
		t.Fatal(err)
	}
	if got := tempStore(s.db); got != 0 {
		t.Fatalf("temp_store after a save = %d, want 0 (the default)", got)
	}
	batch, err = s.BeginBatch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	batch.Rollback()
	if got := tempStore(s.db); got != 0 {
		t.Fatalf("temp_store after a rollback = %d, want 0 (the default)", got)
	}
	// A batch whose wait ends (Ctrl-C in a refresh) as it begins.
	for i := range 1000 {
		cctx, cancel := context.WithTimeout(ctx, time.Duration(i%200)*time.Microsecond)
		if b, err := s.BeginBatch(cctx); err == nil {
			b.Rollback()
		}
		cancel()
		if got := tempStore(s.db); got != 0 {
			t.Fatalf("temp_store after a batch begun under a deadline of %d us = %d, want 0", i%200, got)
		}
	}
}

// TestSavingCheckpointsBesideTheWriter: a saving transaction checkpoints
// the log itself (its commit waits for the disk) only past
// savingCheckpoint pages, checkpoints run beside it, and the log does not
// grow with all that is written.
func TestSavingCheckpointsBesideTheWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	a := mustAddSource(t, s, "/a.xml")
	batch, err := s.BeginBatch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var interval int
	if err := batch.tx.QueryRowContext(ctx, "PRAGMA wal_autocheckpoint").Scan(&interval); err != nil || interval != savingCheckpoint {
		t.Fatalf("wal_autocheckpoint in a batch = %d (%v), want %d", interval, err, savingCheckpoint)
	}
	batch.Rollback()
	rng := rand.New(rand.NewPCG(3, 4))
	body := func() string {
		b := make([]byte, 6000)
		for i := range b {
			b[i] = 'a' + byte(rng.IntN(26)) // hardly compressible
		}
		return string(b)
	}
	written := 0
	for round := range 80 {
		batch, err := s.BeginBatch(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var arts []feed.Article
		for i := range 150 {
			c := body()
			written += len(c)
			arts = append(arts, feed.NewArticle(feed.Article{GUID: fmt.Sprint(round, "-", i), Title: "T", Content: c}))
		}
		if _, err := batch.SaveRefresh(ctx, a.ID, prepareArticles(arts), time.Now(), fetched(fmt.Sprint(round))); err != nil {
			t.Fatal(err)
		}
		if err := batch.Commit(); err != nil {
			t.Fatal(err)
		}
		if round > 0 {
			continue
		}
		// Under the bound, the writer left the log as it was; the
		// checkpointer copies it into the database.
		size := func() int64 {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			return fi.Size()
		}
		deadline := time.Now().Add(10 * time.Second)
		for size() < int64(written)/2 {
			if time.Now().After(deadline) {
				t.Fatalf("the database holds %d KB of the %d KB written: no checkpoint beside the writer", size()>>10, written>>10)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	// A batch that only records fetches (every feed unchanged) writes a
	// few pages: no checkpoint, which would wait for the disk each time.
	asked := s.checkpoints.asked.Load()
	for range 3 {
		batch, err := s.BeginBatch(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := batch.RecordFetch(ctx, a.ID, FetchOutcome{At: time.Now(), OK: true}); err != nil {
			t.Fatal(err)
		}
		if err := batch.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if n := s.checkpoints.asked.Load() - asked; n != 0 {
		t.Errorf("%d checkpoints asked for by batches that wrote no article", n)
	}
	var after int
	if err := s.db.QueryRowContext(ctx, "PRAGMA wal_autocheckpoint").Scan(&after); err != nil || after != 1000 {
		t.Fatalf("wal_autocheckpoint after the batches = %d (%v), want 1000", after, err)
	}
	fi, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	// About the bound and a few batches more (a batch is about 1.2 MB of
	// pages: its bodies compressed to about 4 KB an article, its rows and
	// indexes): the writer's own checkpoint is skipped while the one beside
	// it runs, and takes the log back at a later commit. Unchecked, the
	// log would hold all that was written.
	if limit := int64(written) / 2; fi.Size() > limit || limit < 2*savingCheckpoint*4096 {
		t.Fatalf("the log holds %d MB after %d MB were written (at most %d MB wanted)", fi.Size()>>20, written>>20, limit>>20)
	}
	t.Logf("log %d KB after %d MB written", fi.Size()>>10, written>>20)
}
