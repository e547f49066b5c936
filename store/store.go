package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Store is an open byline store. It is safe for concurrent use.
type Store struct {
	db       *sql.DB
	path     string
	readOnly bool

	mu    sync.Mutex
	rules []TagRule

	codec *bodyCodec

	// lookup holds the statements Prepare looks articles up with,
	// prepared on first use (articles.go).
	lookup struct {
		sync.Mutex
		l *lookups
	}

	// counted is this Store's commits that added one to write_count, so
	// that a Watcher tells them from other processes' (watch.go); landing
	// is held for reading from such a commit until it is counted, and for
	// writing while a Watcher looks. counting is set once the schema has
	// write_count.
	counted  atomic.Int64
	landing  sync.RWMutex
	counting bool

	// OnWait, when set, is called once by a write that finds the store
	// busy and waits for another writer (see write.go).
	OnWait func()
	// ownWrites counts this process's writes under way (see writeTx).
	ownWrites atomic.Int32

	// checkpoints runs the checkpoints of saving transactions, off their
	// writer's path (see beginSaving).
	checkpoints checkpointer
}

// ErrNotFound is returned when an article or source does not exist.
var ErrNotFound = errors.New("not found")

// applicationID marks a file as a byline store ("byln" in the SQLite
// header). Stores written before it was set are recognised by their
// tables.
const applicationID = 0x62796c6e

// Open opens (creating if needed) the store at path and brings its schema
// up to date. A file that is not a byline store, or that a newer byline
// wrote, is reported and left untouched: it is recognised through a
// read-only connection before anything opens it for writing, and WAL is
// set only after that. A store file that cannot be written (a read-only
// copy, say) is opened read-only: reading works, writing says why not.
func Open(path string) (*Store, error) {
	return OpenWith(path, Options{})
}

// OpenWith is Open, telling o.Progress how a long upgrade advances.
func OpenWith(path string, o Options) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	created, err := createPrivate(path)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	kind, err := recognise(path)
	if err != nil {
		return nil, err
	}
	readOnly := !writable(path)
	q := url.Values{}
	pragmas := []string{"busy_timeout(" + fmt.Sprint(busyTimeout.Milliseconds()) + ")", "foreign_keys(1)", "journal_mode(WAL)", "synchronous(NORMAL)", "cache_size(-16000)"}
	if readOnly {
		pragmas = []string{"busy_timeout(10000)", "query_only(1)"}
		q.Set("mode", "ro")
	}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	s := &Store{path: path, readOnly: readOnly, codec: &bodyCodec{}}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	s.db = db
	if readOnly {
		if kind.version < SchemaVersion {
			db.Close()
			return nil, fmt.Errorf("store %s is read-only and needs upgrading to schema %d; make it writable once", path, SchemaVersion)
		}
		if err := s.codec.load(context.Background(), db); err != nil {
			db.Close()
			return nil, s.wrapOpenError(err)
		}
		return s, nil
	}
	err = s.migrate(context.Background())
	if err == nil {
		s.counting = s.tableExists(context.Background(), "write_count")
		err = s.codec.load(context.Background(), db)
	}
	if err == nil {
		err = s.finishUpgrade(context.Background(), o.Progress)
	}
	if err != nil {
		db.Close()
		if created {
			// Nothing of a store that never worked is left behind.
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				os.Remove(p)
			}
		}
		return nil, err
	}
	// The store holds what one person reads, and a sync session token.
	// A new one was created 0600; SQLite gives its -wal and -shm the
	// same mode. An older one is brought in line.
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
			db.Close()
			return nil, fmt.Errorf("store %s: %w", path, err)
		}
	}
	return s, nil
}

// createPrivate creates an empty store file, mode 0600 from its first
// byte, unless one exists. SQLite takes an empty file as a new database.
func createPrivate(path string) (bool, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, f.Close()
}

// writable reports whether the store file can be opened for writing.
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

// storeKind is what recognise found.
type storeKind struct {
	version int // the schema version; 0 for an empty database
}

// recognise decides, reading only, whether the SQLite file at path is a
// byline store of a schema this build knows, or an empty database. A
// database of another program, or one a newer byline wrote, is an error,
// and no byte of it has changed.
func recognise(path string) (kind storeKind, err error) {
	// A WAL-mode file makes even a read-only reader create its -wal and
	// -shm files; when the file is refused they go again, so that a store
	// not ours is left as it was, next to it too.
	var made []string
	for _, side := range []string{path + "-wal", path + "-shm"} {
		if _, serr := os.Lstat(side); errors.Is(serr, os.ErrNotExist) {
			made = append(made, side)
		}
	}
	defer func() {
		if err != nil {
			for _, side := range made {
				os.Remove(side)
			}
		}
	}()
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=ro&_pragma=query_only(1)&_pragma=busy_timeout(10000)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return storeKind{}, fmt.Errorf("store %s: %w", path, err)
	}
	defer db.Close()
	var appID, version int
	if err := db.QueryRow("PRAGMA application_id").Scan(&appID); err != nil {
		return storeKind{}, (&Store{path: path}).wrapOpenError(err)
	}
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return storeKind{}, (&Store{path: path}).wrapOpenError(err)
	}
	tables, err := queryList[string](context.Background(), db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
	if err != nil {
		return storeKind{}, (&Store{path: path}).wrapOpenError(err)
	}
	has := map[string]bool{}
	for _, t := range tables {
		has[t] = true
	}
	ours := appID == applicationID || (appID == 0 && version > 0 && has["sources"] && has["articles"] && has["fts_pending"])
	switch {
	case appID == 0 && version == 0 && len(tables) == 0:
		return storeKind{}, nil // empty: a new store
	case !ours:
		return storeKind{}, fmt.Errorf("store %s is not a byline store (another program's SQLite database); it was left as it is: move it aside or choose another --data-dir", path)
	case version > SchemaVersion:
		return storeKind{}, fmt.Errorf("store %s was written by a newer byline (schema %d; this byline knows up to %d); it was left as it is: upgrade byline", path, version, SchemaVersion)
	}
	return storeKind{version: version}, nil
}

// checkHeader refuses a file that exists but is not an SQLite database,
// before SQLite gets a chance to touch it.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store %s: %w", path, err)
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && !info.Mode().IsRegular() {
		return fmt.Errorf("store %s is not a regular file", path)
	}
	head := make([]byte, 16)
	n, _ := f.Read(head)
	if n == 0 {
		return nil // an empty file is a new database to SQLite
	}
	if string(head[:n]) != "SQLite format 3\x00" {
		return fmt.Errorf("store %s is not a byline store (not an SQLite database); move it aside or choose another --data-dir", path)
	}
	return nil
}

func (s *Store) migrate(ctx context.Context) error {
	return s.migrateTo(ctx, SchemaVersion)
}

// migrateTo brings the schema up to version target (tests build older
// stores with it).
func (s *Store) migrateTo(ctx context.Context, target int) error {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return s.wrapOpenError(err)
	}
	if v > SchemaVersion {
		return fmt.Errorf("store %s was written by a newer byline (schema %d; this byline knows up to %d); upgrade byline", s.path, v, SchemaVersion)
	}
	for ; v < target; v++ {
		tx, err := s.begin(ctx)
		if err != nil {
			return s.wrapOpenError(err)
		}
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("store %s: migrating to schema %d: %w", s.path, v+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", v+1, applicationID)); err != nil {
			tx.Rollback()
			return fmt.Errorf("store %s: %w", s.path, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store %s: %w", s.path, err)
		}
	}
	return nil
}

func (s *Store) wrapOpenError(err error) error {
	msg := err.Error()
	if strings.Contains(msg, "not a database") || strings.Contains(msg, "malformed") {
		return fmt.Errorf("store %s is damaged or not a byline store: %w", s.path, err)
	}
	return fmt.Errorf("store %s: %w", s.path, err)
}

// Path is the store's file.
func (s *Store) Path() string { return s.path }

// Close closes the store.
func (s *Store) Close() error {
	s.checkpoints.stop()
	return s.db.Close()
}

// DB is the underlying database, for tests and benchmarks that set up
// state directly.
func (s *Store) DB() *sql.DB { return s.db }
