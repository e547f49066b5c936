package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// A Batch writes the refreshes of several sources in one transaction: one
// commit for them all, where each alone would rewrite the same index
// pages and commit them again.
//
// A batch is all or nothing: after a write fails, the batch writes nothing
// more and Commit returns that error. The caller then writes each source
// alone, so that the one that failed fails alone. (A savepoint per source
// would keep the others without writing them again, but SQLite then copies
// aside every page a source changes before it changes it: that takes back
// much of what the shared commit saves, and more than all of it with the
// copies in a temporary file, SQLite's default. A write that fails is
// rare; a batch is written every time.)
//
// A batch holds the store's write lock until Commit or Rollback: keep it
// to a few sources, so that other writers get their turn between batches.
// A Batch is not safe for concurrent use.
type Batch struct {
	tx    *sql.Tx
	stmts *saveStmts
	rules []TagRule
	err   error // the first write that failed
	own   *writeTx
}

// errBatchDone is a write to a batch committed or rolled back.
var errBatchDone = errors.New("store: batch already committed or rolled back")

// BeginBatch starts a batch, waiting for other writers as any write does.
// ctx bounds that wait; each write takes its own context.
func (s *Store) BeginBatch(ctx context.Context) (*Batch, error) {
	// The transaction does not end with ctx: a write that ctx cancels
	// fails, and the batch with it, by Commit's error.
	own, err := s.beginSaving(ctx)
	if err != nil {
		return nil, err
	}
	stmts, err := prepareSave(ctx, own.Tx)
	if err != nil {
		own.Rollback()
		return nil, err
	}
	return &Batch{tx: own.Tx, stmts: stmts, rules: s.tagRules(), own: own}, nil
}

// SaveRefresh is Store.SaveRefresh within the batch: the source's articles
// and its fetch outcome.
func (b *Batch) SaveRefresh(ctx context.Context, id int64, p *Prepared, now time.Time, o FetchOutcome) (SaveStats, error) {
	st, err := b.write(ctx, func() (SaveStats, error) {
		st, err := savePreparedTx(ctx, b.tx, b.stmts, b.rules, id, p, now)
		if err == nil {
			err = recordFetch(ctx, b.tx, id, o)
		}
		return st, err
	})
	if err != nil {
		return SaveStats{}, err
	}
	b.own.wrote(st)
	return st, nil
}

// RecordFetch is Store.RecordFetch within the batch.
func (b *Batch) RecordFetch(ctx context.Context, id int64, o FetchOutcome) error {
	_, err := b.write(ctx, func() (SaveStats, error) { return SaveStats{}, recordFetch(ctx, b.tx, id, o) })
	return err
}

func (b *Batch) write(ctx context.Context, fn func() (SaveStats, error)) (SaveStats, error) {
	if b.err != nil {
		return SaveStats{}, b.err
	}
	if b.tx == nil {
		return SaveStats{}, errBatchDone
	}
	if err := ctx.Err(); err != nil {
		b.err = err
		return SaveStats{}, err
	}
	st, err := fn()
	if err != nil {
		b.err = err
	}
	return st, err
}

// Err is the write that failed, or nil: after it, the batch writes
// nothing.
func (b *Batch) Err() error { return b.err }

// Commit writes what the batch holds; after a failed write it writes
// nothing and returns that write's error.
func (b *Batch) Commit() error {
	if b.tx == nil {
		return errBatchDone
	}
	b.end()
	if b.err != nil {
		b.own.Rollback()
		return b.err
	}
	return b.own.Commit()
}

// Rollback drops what the batch holds. After Commit it does nothing.
func (b *Batch) Rollback() {
	if b.tx != nil {
		b.end()
		b.own.Rollback()
	}
}

func (b *Batch) end() {
	b.stmts.close()
	b.tx = nil
}
