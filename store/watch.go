package store

import (
	"context"
	"database/sql"
	"sync"
)

// Watcher tells whether another process wrote the store since it last
// looked: a 'byline save' in another shell, a refresh from cron, a 'byline
// mark'. It asks SQLite's data_version on a connection of its own, which
// changes when any other connection commits, and costs no read of a table.
// The Store's own commits change it too, so when it moved, the watcher
// reads write_count, which every byline write transaction adds one to,
// and takes away the commits the Store counted as its own: what is left
// was written by others. It looks while none of the Store's commits is
// between landing and being counted (Store.landing), so the two agree
// exactly.
type Watcher struct {
	s    *Store
	mu   sync.Mutex
	conn *sql.Conn
	// version is data_version at the last look on conn, -1 before the
	// first; writes and own are write_count and the Store's counted
	// commits at the last look, looked whether there was one.
	version, writes, own int64
	looked               bool
	stop                 func() bool
}

// Watch returns a watcher whose first look sets where it starts from. Its
// connection is given back when ctx is done.
func (s *Store) Watch(ctx context.Context) *Watcher {
	w := &Watcher{s: s, version: -1}
	w.stop = context.AfterFunc(ctx, w.close)
	return w
}

// Changed reports whether another process committed a write since the
// last call. The first call only takes note of where the store is.
func (w *Watcher) Changed(ctx context.Context) (bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn == nil {
		c, err := w.s.db.Conn(ctx)
		if err != nil {
			return false, err
		}
		w.conn = c
	}
	w.s.landing.Lock()
	defer w.s.landing.Unlock()
	own := w.s.counted.Load()
	var v int64
	if err := w.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		w.reset()
		return false, err
	}
	// data_version is per connection: on a new one it says nothing yet.
	fresh := w.version < 0
	if !fresh && v == w.version {
		// Nobody committed, the Store neither: each commit it counted
		// has landed.
		return false, nil
	}
	var writes int64
	if err := w.conn.QueryRowContext(ctx, "SELECT n FROM write_count").Scan(&writes); err != nil {
		w.reset()
		return false, err
	}
	others := (writes - w.writes) - (own - w.own)
	// A commit that counts nothing (the sqlite3 shell, a VACUUM) moved
	// data_version alone: it may have changed anything.
	uncounted := !fresh && writes == w.writes && own == w.own
	changed := w.looked && (others != 0 || uncounted)
	w.version, w.writes, w.own, w.looked = v, writes, own, true
	return changed, nil
}

// reset drops a connection that failed; the next look opens another and
// compares write_count only.
func (w *Watcher) reset() {
	w.conn.Close()
	w.conn, w.version = nil, -1
}

// Close gives the watcher's connection back.
func (w *Watcher) Close() {
	w.stop()
	w.close()
}

func (w *Watcher) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn != nil {
		w.conn.Close()
		w.conn = nil
	}
}
