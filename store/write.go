package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
)

// Writers share the store file with other byline processes (a refresh from
// cron, a 'mark' in another terminal, the reader). SQLite lets one write at
// a time; a writer that finds the store busy waits busyTimeout inside SQLite,
// then here, with back-off and jitter, for up to busyPatience in all, and
// says once that it waits (OnWait). Bulk changes are written in short
// transactions, so that no writer holds the store for long.
const (
	busyTimeout  = 2 * time.Second
	busyPatience = 3 * time.Minute
)

// isBusy reports whether err is SQLite's "another connection writes".
func isBusy(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code() & 0xff
	return code == sqliteBusy || code == sqliteLocked
}

// writeTx is a write transaction of this process. While one is open (or
// an exec runs), a busy store is this process's own doing: its workers
// take turns, and nobody is told that another byline is writing (a lone
// import said so up to 8 times).
type writeTx struct {
	*sql.Tx
	s    *Store
	done atomic.Bool
	// conn, when set, is the connection the transaction holds with its
	// statement journals in memory (beginSaving); it goes back to the pool
	// as it was when the transaction ends.
	conn *sql.Conn
	// articles is set once the transaction wrote articles: its commit
	// asks for a checkpoint. One that recorded fetches only (every feed
	// unchanged) wrote a few pages, and a checkpoint each time, waiting
	// for the disk, cost more than the refresh.
	articles bool
}

// wrote notes what a save in the transaction wrote.
func (t *writeTx) wrote(st SaveStats) {
	if st.New+st.Updated > 0 {
		t.articles = true
	}
}

func (s *Store) ownWrite(tx *sql.Tx) *writeTx {
	s.ownWrites.Add(1)
	return &writeTx{Tx: tx, s: s}
}

func (t *writeTx) end() {
	if !t.done.CompareAndSwap(false, true) {
		return
	}
	t.s.ownWrites.Add(-1)
	if t.conn != nil {
		putBack(t.conn)
	}
}

// putBack returns a connection beginSaving took to the pool as SQLite
// makes them, or, when it cannot be put back so, lets it go.
func putBack(conn *sql.Conn) {
	if _, err := conn.ExecContext(context.Background(), restoreSaving); err != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	conn.Close()
}

// Commit adds one to write_count in the transaction, and counts the
// commit as this Store's once it landed: a Watcher, which looks while no
// commit is between the two, then knows each commit it did not count for
// another process's.
func (t *writeTx) Commit() error {
	defer t.end()
	if err := t.commit(); err != nil {
		return err
	}
	if t.conn != nil && t.articles {
		t.s.checkpoints.ask(t.s.db)
	}
	return nil
}

func (t *writeTx) commit() error {
	if !t.s.counting {
		return t.Tx.Commit()
	}
	if _, err := t.Tx.Exec("UPDATE write_count SET n = n + 1"); err != nil {
		t.Tx.Rollback()
		return err
	}
	t.s.landing.RLock()
	defer t.s.landing.RUnlock()
	if err := t.Tx.Commit(); err != nil {
		return err
	}
	t.s.counted.Add(1)
	return nil
}

func (t *writeTx) Rollback() error {
	defer t.end()
	return t.Tx.Rollback()
}

// retry runs fn until it succeeds, fails otherwise than busy, or the
// patience runs out. It says that it waits (OnWait) once, and only when
// no write of this process is under way: then another process writes.
func (s *Store) retry(ctx context.Context, fn func() error) error {
	deadline := time.Now().Add(busyPatience)
	wait := 50 * time.Millisecond
	said := false
	for {
		err := fn()
		if !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		if !said && s.OnWait != nil && s.ownWrites.Load() == 0 {
			s.OnWait()
			said = true
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait/2 + rand.N(wait)):
		}
		wait = min(wait*2, 2*time.Second)
	}
}

// begin starts a write transaction (BEGIN IMMEDIATE: the write lock is
// taken now, not halfway), waiting for other writers as retry does.
func (s *Store) begin(ctx context.Context) (*writeTx, error) {
	var tx *sql.Tx
	err := s.retry(ctx, func() (err error) {
		tx, err = s.db.BeginTx(ctx, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.ownWrite(tx), nil
}

// beginSaving begins a transaction written whole once begun (ctx ends
// the wait for other writers, not the transaction), for the writes of a
// refresh or an import: many short statements, each of a hundred rows at
// most, one transaction after another.
//
// SQLite copies the pages a statement changes aside first, in case it
// fails halfway (a statement journal), in a temporary file once a
// transaction's copies pass 64 KB: a refresh then spent a sixth of its
// writer's time in pwrite calls for copies a few pages each, dropped at
// each statement's end. Here they are kept in memory. Elsewhere they stay
// in files, SQLite's default: a VACUUM, or the removal of a source of
// 100,000 articles in one statement, would hold as much in memory as it
// changes.
//
// And the commit that finds the write-ahead log past 1,000 pages copies it
// into the database and waits for the disk twice (fsync): a cold refresh
// of 10,000 articles did it five times and more on its one writer, which
// the rest of the refresh waits for, 0.05-0.3 s on this machine's disk and
// more on a slow one. Here a checkpoint runs beside the writer after each
// commit (checkpointer), copying the log as the next writes go on, and the
// writer checkpoints itself only past savingCheckpoint pages, to bound the
// log (a passive checkpoint beside a writer that never pauses never
// finishes in time for the log to start over): what is left to copy then
// is little. A commit is as safe as before (synchronous=NORMAL: the log is
// on the disk once checkpointed; a crash loses at most the last commits,
// and never corrupts the store).
func (s *Store) beginSaving(ctx context.Context) (*writeTx, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	// Set and begun whatever ctx does meanwhile (ctx ends the wait for
	// other writers only): a statement cut short by ctx could leave the
	// connection half set.
	if _, err := conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = %d", savingCheckpoint)); err != nil {
		putBack(conn)
		return nil, err
	}
	var tx *sql.Tx
	err = s.retry(ctx, func() (err error) {
		tx, err = conn.BeginTx(context.WithoutCancel(ctx), nil)
		return err
	})
	if err != nil {
		putBack(conn)
		return nil, err
	}
	t := s.ownWrite(tx)
	t.conn = conn
	return t, nil
}

// savingCheckpoint is how many pages the log holds before a saving
// transaction's commit checkpoints it (SQLite's default is 1,000).
const savingCheckpoint = 4000

// restoreSaving puts a connection beginSaving changed back as SQLite
// makes them (1,000 pages is SQLite's default checkpoint interval).
const restoreSaving = "PRAGMA temp_store = DEFAULT; PRAGMA wal_autocheckpoint = 1000"

// checkpointer runs PASSIVE checkpoints on a connection of its own, one
// after another while commits ask for them: a passive checkpoint copies
// what the log holds without waiting for, or holding up, the writer.
type checkpointer struct {
	mu      sync.Mutex
	wake    chan struct{}
	done    chan struct{}
	stopped bool
	asked   atomic.Int64 // how many times it was asked, for tests
}

// ask asks for a checkpoint of db soon; a checkpoint asked for while one
// runs is run after it, once.
func (c *checkpointer) ask(db *sql.DB) {
	c.asked.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return
	}
	if c.wake == nil {
		wake, done := make(chan struct{}, 1), make(chan struct{})
		c.wake, c.done = wake, done
		go func() {
			defer close(done)
			for range wake {
				// A failure (another checkpoint under way, the store
				// closing) leaves the log to the next one.
				db.Exec("PRAGMA wal_checkpoint(PASSIVE)")
			}
		}()
	}
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// stop ends the checkpoints, waiting for the one under way.
func (c *checkpointer) stop() {
	c.mu.Lock()
	c.stopped = true
	wake, done := c.wake, c.done
	c.wake = nil
	c.mu.Unlock()
	if wake != nil {
		close(wake)
		<-done
	}
}

// exec runs one write statement in a transaction of its own, waiting for
// other writers as retry does.
func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	res, err := tx.ExecContext(ctx, query, args...)
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	return res, nil
}

// maintain runs a statement that no transaction may hold (VACUUM, a
// checkpoint), waiting for other writers as retry does. It changes no
// data, so it is not counted in write_count.
func (s *Store) maintain(ctx context.Context, query string) error {
	return s.retry(ctx, func() error {
		s.ownWrites.Add(1)
		defer s.ownWrites.Add(-1)
		_, err := s.db.ExecContext(ctx, query)
		return err
	})
}

// inBatches writes ids in short transactions of at most size articles
// each, so that other writers get their turn between them; fn writes one
// batch and returns how many articles it changed.
func (s *Store) inBatches(ctx context.Context, ids []int64, size int, fn func(tx *sql.Tx, part []int64) (int, error)) (int, error) {
	total := 0
	for start := 0; start < len(ids); start += size {
		part := ids[start:min(start+size, len(ids))]
		tx, err := s.begin(ctx)
		if err != nil {
			return total, err
		}
		n, err := fn(tx.Tx, part)
		if err == nil {
			err = tx.Commit()
		}
		if err != nil {
			tx.Rollback()
			return total, err
		}
		total += n
	}
	return total, nil
}
