package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Progress is how far a long upgrade of the store has come, for a
// progress bar: Done of Total in Stage.
type Progress struct {
	Stage       string
	Done, Total int
}

// Options are what OpenWith takes besides the path.
type Options struct {
	// Progress, when set, is told how an upgrade that rewrites every
	// article advances (a few times a second at most is the caller's to
	// ensure); it is never called when there is nothing to do.
	Progress func(Progress)
}

// rewriteBatch is how many bodies one transaction of the upgrade rewrites:
// short enough that another byline waiting to write gets its turn.
const rewriteBatch = 500

// finishUpgrade does the part of the upgrade to schema 7 that is too long
// for one transaction: every body compressed and its plain-text copy
// dropped, a batch a transaction, then the index built again. Each batch
// records where it ended, so that an upgrade killed halfway goes on from
// there at the next open; a store between batches is whole (a body is read
// compressed or not).
//
// Only an upgrade indexes here: articles a refresh left for the index
// (it no longer builds it) are indexed by the reader in the background, a
// search, or gc, never by whichever command opens the store next (every
// command after a refresh of 3,000 articles took 0.3-0.5 s more, and said
// it upgraded the store). An upgrade killed once its bodies are rewritten
// leaves the rest of its index to them too.
func (s *Store) finishUpgrade(ctx context.Context, progress func(Progress)) error {
	if !s.tableExists(ctx, "body_rewrite") {
		return nil
	}
	if err := s.rewriteBodies(ctx, progress); err != nil {
		return fmt.Errorf("store %s: compressing article bodies: %w", s.path, err)
	}
	var pending int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM fts_pending").Scan(&pending); err != nil {
		return err
	}
	// A small store is indexed at its first search, as always.
	if pending < 1000 {
		return nil
	}
	done := 0
	for {
		n, err := s.indexBatch(ctx, 2000)
		if err != nil {
			return fmt.Errorf("store %s: indexing articles for search: %w", s.path, err)
		}
		if n == 0 {
			return nil
		}
		done += n
		if progress != nil {
			progress(Progress{Stage: "Indexing articles for search", Done: min(done, pending), Total: pending})
		}
	}
}

// rewriteBodies compresses the bodies stored before schema 7, from
// body_rewrite's mark on, and drops the mark when it is done.
func (s *Store) rewriteBodies(ctx context.Context, progress func(Progress)) error {
	if !s.tableExists(ctx, "body_rewrite") {
		return nil
	}
	var total, done int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM bodies WHERE article_id > (SELECT next_id FROM body_rewrite)").Scan(&total); err != nil {
		if !s.tableExists(ctx, "body_rewrite") {
			return nil // another byline finished it meanwhile
		}
		return err
	}
	for {
		n, more, err := s.rewriteBatch(ctx)
		if err != nil || !more {
			return err
		}
		done += n
		if progress != nil && total > 0 {
			progress(Progress{Stage: "Compressing article bodies", Done: min(done, total), Total: total})
		}
	}
}

// rewriteBatch rewrites the next batch of bodies in one transaction; more
// is false once there were none left (and the mark is gone).
func (s *Store) rewriteBatch(ctx context.Context) (n int, more bool, err error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, false, err
	}
	defer tx.Rollback()
	var next int64
	if err := tx.QueryRowContext(ctx, "SELECT next_id FROM body_rewrite").Scan(&next); err != nil {
		if err == sql.ErrNoRows || !txTableExists(ctx, tx.Tx, "body_rewrite") {
			return 0, false, nil // another byline finished it meanwhile
		}
		return 0, false, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT b.article_id, b.content, b.markdown, b.full, coalesce(a.summary, '')
		FROM bodies b LEFT JOIN articles a ON a.id = b.article_id WHERE b.article_id > ? ORDER BY b.article_id LIMIT ?`, next, rewriteBatch)
	if err != nil {
		return 0, false, err
	}
	type body struct {
		id                int64
		content, md, full any
		summary           string
	}
	var batch []body
	for rows.Next() {
		var b body
		if err := rows.Scan(&b.id, &b.content, &b.md, &b.full, &b.summary); err != nil {
			rows.Close()
			return 0, false, err
		}
		batch = append(batch, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, false, err
	}
	if len(batch) == 0 {
		if _, err := tx.ExecContext(ctx, "DROP TABLE body_rewrite"); err != nil {
			return 0, false, err
		}
		return 0, false, tx.Commit()
	}
	upd, err := tx.PrepareContext(ctx, "UPDATE bodies SET content = ?, text = '', markdown = ?, full = ? WHERE article_id = ?")
	if err != nil {
		return 0, false, err
	}
	defer upd.Close()
	// A summary that is the start of the content is taken from it again
	// when asked for (see SummaryFromContent).
	clear, err := tx.PrepareContext(ctx, "UPDATE articles SET summary = '' WHERE id = ?")
	if err != nil {
		return 0, false, err
	}
	defer clear.Close()
	for _, b := range batch {
		if c, ok := b.content.(string); ok && b.summary != "" && b.summary == contentSummary(c) {
			if _, err := clear.ExecContext(ctx, b.id); err != nil {
				return 0, false, err
			}
		}
		content, md, full := s.repack(b.content), s.repack(b.md), s.repack(b.full)
		if _, err := upd.ExecContext(ctx, content, md, full, b.id); err != nil {
			return 0, false, err
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE body_rewrite SET next_id = ?", batch[len(batch)-1].id); err != nil {
		return 0, false, err
	}
	return len(batch), true, tx.Commit()
}

// repack is a stored body as it is stored now: text compressed, NULL and
// what is compressed already kept.
func (s *Store) repack(v any) any {
	if t, ok := v.(string); ok {
		return s.codec.pack(t)
	}
	return v
}

func (s *Store) tableExists(ctx context.Context, name string) bool {
	var n int
	s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", name).Scan(&n)
	return n > 0
}

func txTableExists(ctx context.Context, tx *sql.Tx, name string) bool {
	var n int
	tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", name).Scan(&n)
	return n > 0
}
