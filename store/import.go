package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/byline/byline/feed/model"
)

// ImportedArticle is an article brought from another reader, with the
// state it had there.
type ImportedArticle struct {
	Article model.Article
	Read    bool
	Starred bool
	// Tags are the user's own tags there (newsboat's flags); they become
	// user tags, which a refresh keeps.
	Tags []string
	// Gone is an article the user deleted there: it is not stored, and a
	// refresh does not bring it back while the feed still lists it (as
	// with one retention removed).
	Gone bool
}

// ImportStats counts what ImportArticles did.
type ImportStats struct {
	New     int
	Present int // already stored (the same key), or removed by retention
	Gone    int // deleted there, now kept from coming back
}

// ImportArticles saves articles from another reader into a source, in one
// transaction, with their read, starred and tag state. An article the
// store already has (by key, as a refresh recognises it) is left as it is,
// state and all, so that importing again, or resuming an interrupted
// import, changes nothing that is there. A later refresh of the source
// recognises the imported articles and keeps their state.
func (s *Store) ImportArticles(ctx context.Context, sourceID int64, items []ImportedArticle, now time.Time) (ImportStats, error) {
	var st ImportStats
	tx, err := s.begin(ctx)
	if err != nil {
		return st, err
	}
	defer tx.Rollback()
	exists, err := tx.PrepareContext(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE source_id = ?1 AND key = ?2)
		OR EXISTS (SELECT 1 FROM gone WHERE source_id = ?1 AND key = ?2)`)
	if err != nil {
		return st, err
	}
	defer exists.Close()
	gone, err := tx.PrepareContext(ctx, "INSERT OR IGNORE INTO gone(source_id, key, at) VALUES (?, ?, ?)")
	if err != nil {
		return st, err
	}
	defer gone.Close()
	var fresh []ImportedArticle
	seen := map[string]bool{}
	for _, it := range items {
		key := cleanArticle(it.Article).Key()
		var there bool
		if err := exists.QueryRowContext(ctx, sourceID, key).Scan(&there); err != nil {
			return st, err
		}
		switch {
		case there || seen[key]:
			st.Present++
		case it.Gone:
			if _, err := gone.ExecContext(ctx, sourceID, key, now.Unix()); err != nil {
				return st, err
			}
			st.Gone++
		default:
			fresh = append(fresh, it)
		}
		seen[key] = true
	}
	if len(fresh) == 0 {
		return st, tx.Commit()
	}
	arts := make([]model.Article, len(fresh))
	for i, it := range fresh {
		arts[i] = it.Article
	}
	stmts, err := prepareSave(ctx, tx.Tx)
	if err != nil {
		return st, err
	}
	defer stmts.close()
	saved, err := saveArticlesTx(ctx, tx.Tx, stmts, s.tagRules(), sourceID, arts, now)
	if err != nil {
		return st, err
	}
	st.New = saved.New
	id, err := tx.PrepareContext(ctx, "SELECT id FROM articles WHERE source_id = ? AND key = ?")
	if err != nil {
		return st, err
	}
	defer id.Close()
	state, err := tx.PrepareContext(ctx, "UPDATE articles SET read = ?, starred = ? WHERE id = ?")
	if err != nil {
		return st, err
	}
	defer state.Close()
	for _, it := range fresh {
		if !it.Read && !it.Starred && len(it.Tags) == 0 {
			continue
		}
		var aid int64
		if err := id.QueryRowContext(ctx, sourceID, cleanArticle(it.Article).Key()).Scan(&aid); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			return st, err
		}
		if it.Read || it.Starred {
			if _, err := state.ExecContext(ctx, it.Read, it.Starred, aid); err != nil {
				return st, err
			}
		}
		if tags := normalizeTags(it.Tags); len(tags) > 0 {
			if _, err := s.retagArticles(ctx, tx.Tx, "a.id = ?", []any{aid}, nil, false, tags, nil); err != nil {
				return st, err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return ImportStats{}, err
	}
	return st, nil
}
