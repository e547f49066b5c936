package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync"

	"modernc.org/sqlite"
)

// Watcher tells whether another process wrote the store since it last
// looked: a 'byline save' in another shell, a refresh from cron, a 'byline
// mark'. It asks SQLite's data_version on a connection of its own, which
// changes when any other connection commits, and costs no read of a table.
// The Store's own commits change it too; they are counted (countingConnector),
// and when both happened since the last look, the newest article and the
// sources' last refresh say whether something came from elsewhere.
type Watcher struct {
	s       *Store
	mu      sync.Mutex
	conn    *sql.Conn
	version int64
	commits int64
	mark    storeMark
	stop    func() bool
}

// storeMark is what other processes' writes that matter to a reader
// change (new articles, a refresh, a source added or removed), read in
// constant time.
type storeMark struct {
	maxID, sources, attempt int64
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
	// Own commits are counted before they happen (the hook runs as each
	// commits), so one that moves data_version is already counted here.
	commits := w.s.commits.Load()
	var v int64
	if err := w.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		w.reset()
		return false, err
	}
	first := w.version < 0
	moved, own := v != w.version, commits != w.commits
	if !first && !moved {
		// An own commit counted but not visible yet stays counted as
		// news to come: the look that sees it knows it for its own.
		return false, nil
	}
	w.version, w.commits = v, commits
	if first || own {
		mark, err := w.look(ctx)
		if err != nil {
			w.reset()
			return false, err
		}
		changed := !first && mark != w.mark
		w.mark = mark
		return changed, nil
	}
	return true, nil
}

func (w *Watcher) look(ctx context.Context) (storeMark, error) {
	var m storeMark
	err := w.conn.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM articles),
		(SELECT count(*) FROM sources), (SELECT coalesce(max(last_attempt), 0) FROM sources)`).Scan(&m.maxID, &m.sources, &m.attempt)
	return m, err
}

// reset drops a connection that failed; data_version is per connection,
// so the next look starts afresh.
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

// countingConnector opens the store's connections, each counting its
// commits in commits.
type countingConnector struct {
	dsn     string
	commits interface{ Add(int64) int64 }
}

// sqliteDriver is the driver registered as "sqlite", with the functions
// the store registers on it (byline_contains); a new sqlite.Driver has none.
var sqliteDriver = func() driver.Driver {
	db, err := sql.Open("sqlite", "")
	if err != nil {
		panic(err)
	}
	defer db.Close()
	return db.Driver()
}()

func (c countingConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := sqliteDriver.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	if h, ok := conn.(sqlite.HookRegisterer); ok {
		h.RegisterCommitHook(func() int32 {
			c.commits.Add(1)
			return 0 // 0 lets the commit go ahead
		})
	}
	return conn, nil
}

func (c countingConnector) Driver() driver.Driver { return sqliteDriver }
