package store

import (
	"context"
	"fmt"
	"os"
	"time"
)

// Retention says which articles to keep. Starred articles, and pages
// saved to read later, are always kept.
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
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "CREATE TEMP TABLE IF NOT EXISTS doomed (id INTEGER PRIMARY KEY)"); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM doomed"); err != nil {
		return 0, err
	}
	if r.KeepDays > 0 {
		cutoff := now.AddDate(0, 0, -r.KeepDays)
		if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO doomed SELECT id FROM articles WHERE starred = 0 AND sortkey < ? AND "+notSaved,
			sortKey(cutoff.Unix(), 0)); err != nil {
			return 0, err
		}
	}
	if r.MaxPerSource > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO doomed SELECT id FROM (
			SELECT id, starred, row_number() OVER (PARTITION BY source_id ORDER BY sortkey DESC) AS n FROM articles WHERE `+notSaved+`)
			WHERE n > ? AND starred = 0`, r.MaxPerSource); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO gone(source_id, key, at)
		SELECT source_id, key, ? FROM articles WHERE id IN (SELECT id FROM doomed)`, now.Unix()); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, "DELETE FROM articles WHERE id IN (SELECT id FROM doomed)")
	if err != nil {
		return 0, err
	}
	// Tombstones a year old are for items long gone from their feeds.
	if _, err := tx.ExecContext(ctx, "DELETE FROM gone WHERE at < ?", now.AddDate(-1, 0, 0).Unix()); err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), tx.Commit()
}

// notSaved keeps retention off the saved pages: they were saved to stay.
const notSaved = "source_id NOT IN (SELECT id FROM sources WHERE kind = 'saved')"

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
// leave behind.
func (s *Store) Compact(ctx context.Context) error {
	if _, err := s.exec(ctx, "VACUUM"); err != nil {
		return fmt.Errorf("vacuum: %w", err)
	}
	_, err := s.exec(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return err
}
