package store

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
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

// retry runs fn until it succeeds, fails otherwise than busy, or the
// patience runs out.
func (s *Store) retry(ctx context.Context, fn func() error) error {
	deadline := time.Now().Add(busyPatience)
	wait := 50 * time.Millisecond
	said := false
	for {
		err := fn()
		if !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		if !said && s.OnWait != nil {
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
func (s *Store) begin(ctx context.Context) (*sql.Tx, error) {
	var tx *sql.Tx
	err := s.retry(ctx, func() (err error) {
		tx, err = s.db.BeginTx(ctx, nil)
		return err
	})
	return tx, err
}

// exec runs one write statement outside a transaction, waiting for other
// writers as retry does.
func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := s.retry(ctx, func() (err error) {
		res, err = s.db.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
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
		n, err := fn(tx, part)
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
