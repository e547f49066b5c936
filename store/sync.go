package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/byline/byline/feed/model"
)

// SyncAccount is the server byline syncs with. Token is the session (the
// password is never stored).
type SyncAccount struct {
	API       string // "greader"
	URL       string
	User      string
	Token     string
	LastSync  time.Time
	LastError string
}

// ErrNoSyncAccount means no server was set up (byline sync login).
var ErrNoSyncAccount = errors.New("no sync server: run 'byline sync login URL --user NAME'")

// SyncAccount returns the account.
func (s *Store) SyncAccount(ctx context.Context) (SyncAccount, error) {
	var a SyncAccount
	var last int64
	err := s.db.QueryRowContext(ctx, "SELECT api, url, user, token, last_sync, last_error FROM sync_account WHERE id = 1").
		Scan(&a.API, &a.URL, &a.User, &a.Token, &last, &a.LastError)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNoSyncAccount
	}
	a.LastSync = unixTime(last)
	return a, err
}

// SetSyncAccount saves the account (replacing any).
func (s *Store) SetSyncAccount(ctx context.Context, a SyncAccount) error {
	_, err := s.exec(ctx, `INSERT INTO sync_account(id, api, url, user, token) VALUES (1, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET api = excluded.api, url = excluded.url, user = excluded.user, token = excluded.token`,
		a.API, a.URL, a.User, a.Token)
	return err
}

// SetSyncToken replaces the session token.
func (s *Store) SetSyncToken(ctx context.Context, token string) error {
	_, err := s.exec(ctx, "UPDATE sync_account SET token = ? WHERE id = 1", token)
	return err
}

// RecordSync notes a sync's end and its error, if any.
func (s *Store) RecordSync(ctx context.Context, at time.Time, errText string) error {
	if errText != "" {
		_, err := s.exec(ctx, "UPDATE sync_account SET last_error = ? WHERE id = 1", errText)
		return err
	}
	_, err := s.exec(ctx, "UPDATE sync_account SET last_sync = ?, last_error = '' WHERE id = 1", at.Unix())
	return err
}

// DeleteSyncAccount forgets the server and its session; remote sources
// and their articles stay, and so do queued changes.
func (s *Store) DeleteSyncAccount(ctx context.Context) error {
	_, err := s.exec(ctx, "DELETE FROM sync_account")
	return err
}

// QueuedChange is a read or starred change waiting for the server.
type QueuedChange struct {
	ArticleID int64
	RemoteID  int64
	Field     string // "read" or "starred"
	Value     bool
	At        int64 // milliseconds
}

// QueuedChanges lists the changes waiting for the server, oldest first.
func (s *Store) QueuedChanges(ctx context.Context) ([]QueuedChange, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT q.article_id, a.remote_id, q.field, q.value, q.at
		FROM sync_queue q JOIN articles a ON a.id = q.article_id ORDER BY q.at`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []QueuedChange
	for rows.Next() {
		var c QueuedChange
		if err := rows.Scan(&c.ArticleID, &c.RemoteID, &c.Field, &c.Value, &c.At); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Dequeue removes changes the server accepted and remembers their values
// as the server's; a change replaced by a newer one since it was read stays
// queued.
func (s *Store) Dequeue(ctx context.Context, done []QueuedChange) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, c := range done {
		if !Field(c.Field).valid() {
			return fmt.Errorf("unknown article field %q", c.Field)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sync_queue WHERE article_id = ? AND field = ? AND value = ? AND at = ?",
			c.ArticleID, c.Field, c.Value, c.At); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE articles SET srv_"+c.Field+" = ? WHERE id = ?", c.Value, c.ArticleID); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// RemoteSource is a subscription on the server.
type RemoteSource struct {
	RemoteID string
	Title    string
	URL      string
	SiteURL  string
	Tags     []string
}

// SetRemoteSources makes the remote sources those given: new ones are
// added, known ones retitled and retagged, ones no longer subscribed to
// removed with their articles. It returns the source ID of each remote ID.
func (s *Store) SetRemoteSources(ctx context.Context, subs []RemoteSource) (map[string]int64, error) {
	known := map[string]int64{}
	rows, err := s.db.QueryContext(ctx, "SELECT id, remote_id FROM sources WHERE kind = 'remote'")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var rid string
		if err := rows.Scan(&id, &rid); err != nil {
			rows.Close()
			return nil, err
		}
		known[rid] = id
	}
	rows.Close()
	out := map[string]int64{}
	for _, sub := range subs {
		id, ok := known[sub.RemoteID]
		if !ok {
			src, err := s.AddSource(ctx, NewSource{Kind: string(model.KindRemote), Location: "remote:" + sub.RemoteID, SiteURL: sub.SiteURL, Tags: sub.Tags})
			if err != nil {
				return nil, fmt.Errorf("remote source %s: %w", sub.RemoteID, err)
			}
			id = src.ID
			if _, err := s.exec(ctx, "UPDATE sources SET remote_id = ? WHERE id = ?", sub.RemoteID, id); err != nil {
				return nil, err
			}
		} else if err := s.SetSourceTags(ctx, id, sub.Tags); err != nil {
			return nil, err
		}
		title := sub.Title
		if title == "" {
			title = sub.URL
		}
		if _, err := s.exec(ctx, "UPDATE sources SET title = ?, site_url = ? WHERE id = ?", title, sub.SiteURL, id); err != nil {
			return nil, err
		}
		out[sub.RemoteID] = id
	}
	for rid, id := range known {
		if _, ok := out[rid]; !ok {
			if err := s.RemoveSource(ctx, id); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// RemoteArticleIDs returns the server ids of the stored remote articles.
func (s *Store) RemoteArticleIDs(ctx context.Context) (map[int64]bool, error) {
	ids, err := queryList[int64](ctx, s.db, "SELECT remote_id FROM articles WHERE remote_id IS NOT NULL")
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// ServerState is the server's read and starred values of one item, and
// when the item last changed there (zero when the API does not say).
type ServerState struct {
	RemoteID int64
	Read     bool
	Starred  bool
	Changed  time.Time
}

// ApplyServerState takes the server's state of items into the store, field
// by field, so that the latest change wins and nothing is lost:
//
//   - a field whose server value is still the one last seen there was not
//     changed on the server: the local value (and any queued change) stays;
//   - a field the server changed (or whose server value was never seen)
//     takes the server's value, unless a local change of that field to
//     another value is queued that was made after the server's change;
//     when the server does not say when it changed (the Google Reader API),
//     its change counts as made right after the last sync, so this
//     device's later change is kept and pushed.
//
// The server's values are remembered for the next sync. It returns how many
// articles' fields changed.
func (s *Store) ApplyServerState(ctx context.Context, states []ServerState) (int, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	changed := 0
	for _, f := range []Field{FieldRead, FieldStarred} {
		col := string(f)
		// ?1 remote id, ?2 server value, ?3 server change time (ms; 0 unknown)
		stmts := []string{
			// The server changed the field: a queued local change older than
			// the server's, or equal to its value, is dropped.
			`DELETE FROM sync_queue WHERE field = '` + col + `' AND article_id = (SELECT id FROM articles
				WHERE remote_id = ?1 AND srv_` + col + ` IS NOT ?2)
				AND (value = ?2 OR (?3 > 0 AND at <= ?3))`,
			`UPDATE articles SET ` + col + ` = ?2 WHERE remote_id = ?1 AND srv_` + col + ` IS NOT ?2 AND ` + col + ` <> ?2
				AND NOT EXISTS (SELECT 1 FROM sync_queue q WHERE q.article_id = articles.id AND q.field = '` + col + `')`,
			`UPDATE articles SET srv_` + col + ` = ?2 WHERE remote_id = ?1 AND srv_` + col + ` IS NOT ?2`,
		}
		prepared := make([]*sql.Stmt, len(stmts))
		for i, q := range stmts {
			if prepared[i], err = tx.PrepareContext(ctx, q); err != nil {
				return 0, err
			}
			defer prepared[i].Close()
		}
		for _, st := range states {
			value := st.Read
			if f == FieldStarred {
				value = st.Starred
			}
			var at int64
			if !st.Changed.IsZero() {
				at = st.Changed.UnixMilli()
			}
			for i, stmt := range prepared {
				res, err := stmt.ExecContext(ctx, st.RemoteID, value, at)
				if err != nil {
					return 0, err
				}
				if i == 1 {
					n, _ := res.RowsAffected()
					changed += int(n)
				}
			}
		}
	}
	return changed, tx.Commit()
}
