package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"
)

// Retention says which articles to keep. Starred articles, pages saved to
// read later, and a folder's files are always kept: a folder source mirrors
// the disk, and a file that is there is readable.
type Retention struct {
	// KeepDays removes articles older than this many days; 0 keeps all.
	KeepDays int
	// MaxPerSource keeps at most this many articles a source, the newest;
	// 0 keeps all.
	MaxPerSource int
}

// Prune removes the articles retention does not keep, and remembers them
// so a refresh does not bring them back. It returns how many went.
func (s *Store) Prune(ctx context.Context, r Retention, now time.Time) (int, error) {
	if r.KeepDays <= 0 && r.MaxPerSource <= 0 {
		return 0, nil
	}
	// Read first, then deleted in short transactions (see write.go): a
	// first prune of a large store must not hold every other writer.
	doomed := map[int64]bool{}
	if r.KeepDays > 0 {
		cutoff := now.AddDate(0, 0, -r.KeepDays)
		ids, err := queryList[int64](ctx, s.db, "SELECT id FROM articles WHERE starred = 0 AND sortkey < ? AND "+notSaved,
			sortKey(cutoff.Unix(), 0))
		if err != nil {
			return 0, err
		}
		for _, id := range ids {
			doomed[id] = true
		}
	}
	if r.MaxPerSource > 0 {
		ids, err := queryList[int64](ctx, s.db, `SELECT id FROM (
			SELECT id, starred, row_number() OVER (PARTITION BY source_id ORDER BY sortkey DESC) AS n FROM articles WHERE `+notSaved+`)
			WHERE n > ? AND starred = 0`, r.MaxPerSource)
		if err != nil {
			return 0, err
		}
		for _, id := range ids {
			doomed[id] = true
		}
	}
	list := make([]int64, 0, len(doomed))
	for id := range doomed {
		list = append(list, id)
	}
	n, err := s.inBatches(ctx, list, 1000, func(tx *sql.Tx, part []int64) (int, error) {
		where, args := idList("id", part)
		// Starred since the list was read: kept.
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO gone(source_id, key, at)
			SELECT source_id, key, ? FROM articles WHERE starred = 0 AND `+where, append([]any{now.Unix()}, args...)...); err != nil {
			return 0, err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM articles WHERE starred = 0 AND "+where, args...)
		if err != nil {
			return 0, err
		}
		n, _ := res.RowsAffected()
		return int(n), nil
	})
	if err != nil {
		return n, err
	}
	// Tombstones a year old are for items long gone from their feeds.
	_, err = s.exec(ctx, "DELETE FROM gone WHERE at < ?", now.AddDate(-1, 0, 0).Unix())
	return n, err
}

// notSaved keeps retention off the saved pages (they were saved to stay)
// and off folders (their files are still there; removing a file removes
// its article).
const notSaved = "source_id NOT IN (SELECT id FROM sources WHERE kind IN ('saved', 'folder'))"

// Checkpoint copies the write-ahead log into the database and empties it,
// so that Size says what the store holds.
func (s *Store) Checkpoint(ctx context.Context) error {
	return s.maintain(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
}

// Size is the store's size on disk in bytes, write-ahead log included.
func (s *Store) Size() int64 {
	var total int64
	for _, p := range []string{s.path, s.path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			total += fi.Size()
		}
	}
	return total
}

// Compact rebuilds the database file to give back the space freed rows
// leave behind; the first time the store holds enough bodies, it trains a
// dictionary on them and compresses them again with it (see dict.go).
// What waits for the search index is indexed first, which puts the bodies
// a refresh wrote in the fast form in their lasting one (see body.go).
func (s *Store) Compact(ctx context.Context) error {
	if _, err := s.IndexPending(ctx); err != nil {
		return fmt.Errorf("index for search: %w", err)
	}
	if _, err := s.trainDictionary(ctx); err != nil {
		return fmt.Errorf("compress bodies: %w", err)
	}
	if err := s.maintain(ctx, "VACUUM"); err != nil {
		return fmt.Errorf("vacuum: %w", err)
	}
	return s.Checkpoint(ctx)
}
