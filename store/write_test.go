package store

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// A write that waits for another write of the same process (its own
// workers taking turns) says nothing; one that waits for another process
// says once that it waits. A lone import said "another byline is writing"
// up to 8 times. (A second Store on the file stands for the other
// process.) The holder keeps the store past SQLite's own busy wait.
func TestWaitIsSaidOnlyForAnotherWriter(t *testing.T) {
	if testing.Short() {
		t.Skip("holds the store past the busy timeout")
	}
	t.Parallel() // it mostly waits, on a store of its own
	path := filepath.Join(t.TempDir(), "byline.db")
	own, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer own.Close()
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var ownSaid, otherSaid atomic.Int32
	own.OnWait = func() { ownSaid.Add(1) }
	other.OnWait = func() { otherSaid.Add(1) }
	ctx := context.Background()

	// hold takes the write lock now, and gives it back past the busy
	// timeout.
	hold := func(s *Store) chan struct{} {
		tx, err := s.begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			time.Sleep(busyTimeout + 500*time.Millisecond)
			if err := tx.Commit(); err != nil {
				t.Error(err)
			}
		}()
		return done
	}
	done := hold(own)
	if err := own.SaveFilter(ctx, "mine", "+unread"); err != nil {
		t.Fatal(err)
	}
	<-done
	if n := ownSaid.Load(); n != 0 {
		t.Errorf("waiting for its own write, the store said %d times that another byline writes", n)
	}

	done = hold(own)
	if err := other.SaveFilter(ctx, "theirs", "+starred"); err != nil {
		t.Fatal(err)
	}
	<-done
	if n := otherSaid.Load(); n != 1 {
		t.Errorf("waiting for another writer, the store said so %d times, want 1", n)
	}
}
