package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/byline/byline/feed"
)

// SaveStats counts what SaveArticles did.
type SaveStats struct {
	New, Updated, Unchanged int
}

// SaveArticles writes one refresh of a source in one transaction. New
// articles are inserted; changed ones (by content hash) are updated in
// place, keeping read, starred and the first-seen date; unchanged ones are
// not written at all.
func (s *Store) SaveArticles(ctx context.Context, sourceID int64, arts []feed.Article, now time.Time) (SaveStats, error) {
	var st SaveStats
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return st, err
	}
	defer tx.Rollback()

	known := map[string]struct {
		id   int64
		hash string
	}{}
	rows, err := tx.QueryContext(ctx, "SELECT id, key, hash FROM articles WHERE source_id = ?", sourceID)
	if err != nil {
		return st, err
	}
	for rows.Next() {
		var id int64
		var key, hash string
		if err := rows.Scan(&id, &key, &hash); err != nil {
			rows.Close()
			return st, err
		}
		known[key] = struct {
			id   int64
			hash string
		}{id, hash}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, err
	}

	insert, err := tx.PrepareContext(ctx, `INSERT INTO articles(source_id, key, title, link, author, published, date, first_seen, summary, problem, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return st, err
	}
	defer insert.Close()
	update, err := tx.PrepareContext(ctx, `UPDATE articles SET title = ?, link = ?, author = ?, published = ?,
		date = CASE WHEN ? <> 0 THEN ? ELSE date END, summary = ?, problem = ?, hash = ? WHERE id = ?`)
	if err != nil {
		return st, err
	}
	defer update.Close()
	putBody, err := tx.PrepareContext(ctx, `INSERT INTO bodies(article_id, format, content, text, markdown) VALUES (?, ?, ?, ?, NULL)
		ON CONFLICT(article_id) DO UPDATE SET format = excluded.format, content = excluded.content, text = excluded.text, markdown = NULL`)
	if err != nil {
		return st, err
	}
	defer putBody.Close()
	clearTags, err := tx.PrepareContext(ctx, "DELETE FROM article_tags WHERE article_id = ?")
	if err != nil {
		return st, err
	}
	defer clearTags.Close()
	addTag, err := tx.PrepareContext(ctx, "INSERT OR IGNORE INTO article_tags(article_id, tag) VALUES (?, ?)")
	if err != nil {
		return st, err
	}
	defer addTag.Close()

	// Feeds list their newest item first. Writing them last to first gives
	// the newest the highest ID, so items that share a date (or have none
	// and take the time they were first seen) keep the feed's order.
	// A feed that repeats an item keeps its first copy.
	seen := make(map[string]bool, len(arts))
	order := make([]int, 0, len(arts))
	for i := range arts {
		if k := arts[i].Key(); !seen[k] {
			seen[k] = true
			order = append(order, i)
		}
	}
	for j := len(order) - 1; j >= 0; j-- {
		a := &arts[order[j]]
		key := a.Key()
		hash := a.ContentHash()
		var pub int64
		if !a.Published.IsZero() {
			pub = a.Published.Unix()
		}
		var id int64
		if k, ok := known[key]; ok {
			if k.hash == hash {
				st.Unchanged++
				continue
			}
			id = k.id
			if _, err := update.ExecContext(ctx, a.Title, a.Link, a.Author, pub, pub, pub, a.Summary, a.Problem, hash, id); err != nil {
				return st, fmt.Errorf("update article %q: %w", a.Title, err)
			}
			if _, err := clearTags.ExecContext(ctx, id); err != nil {
				return st, err
			}
			st.Updated++
		} else {
			date := pub
			if date == 0 {
				date = now.Unix()
			}
			res, err := insert.ExecContext(ctx, sourceID, key, a.Title, a.Link, a.Author, pub, date, now.Unix(), a.Summary, a.Problem, hash)
			if err != nil {
				return st, fmt.Errorf("insert article %q: %w", a.Title, err)
			}
			id, _ = res.LastInsertId()
			st.New++
		}
		if _, err := putBody.ExecContext(ctx, id, string(a.Format), a.Content, a.Text); err != nil {
			return st, err
		}
		for _, t := range normalizeTags(a.Tags) {
			if _, err := addTag.ExecContext(ctx, id, t); err != nil {
				return st, err
			}
		}
	}
	return st, tx.Commit()
}

// ArticleSummary is one row of the article list.
type ArticleSummary struct {
	ID       int64
	SourceID int64
	Source   string // the source's title
	Title    string
	Link     string
	Author   string
	Date     time.Time
	Summary  string
	Problem  string
	Tags     []string // the article's and its source's, sorted, distinct
	Read     bool
	Starred  bool
}

// Cursor marks a position in the newest-first article order, for paging.
type Cursor struct {
	Date time.Time
	ID   int64
}

// Query selects articles. The zero Query selects every article.
type Query struct {
	// Title, when set, keeps articles whose title contains it (case-insensitive).
	Title    string
	SourceID int64
	Unread   bool
	// After continues a listing after this row (exclusive).
	After *Cursor
	Limit int
}

const summaryColumns = `a.id, a.source_id, CASE WHEN s.user_title <> '' THEN s.user_title ELSE s.title END, s.location,
	a.title, a.link, a.author, a.date, a.summary, a.problem, a.read, a.starred,
	(SELECT group_concat(tag, ' ') FROM (
		SELECT tag FROM article_tags WHERE article_id = a.id
		UNION SELECT tag FROM source_tags WHERE source_id = a.source_id ORDER BY 1))`

func (q Query) where() (string, []any) {
	var conds []string
	var args []any
	if q.Title != "" {
		conds = append(conds, "a.title LIKE ? ESCAPE '\\'")
		args = append(args, "%"+escapeLike(q.Title)+"%")
	}
	if q.SourceID != 0 {
		conds = append(conds, "a.source_id = ?")
		args = append(args, q.SourceID)
	}
	if q.Unread {
		conds = append(conds, "a.read = 0")
	}
	if q.After != nil {
		conds = append(conds, "(a.date < ? OR (a.date = ? AND a.id < ?))")
		d := q.After.Date.Unix()
		args = append(args, d, d, q.After.ID)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Articles lists the articles q selects, newest first.
func (s *Store) Articles(ctx context.Context, q Query) ([]ArticleSummary, error) {
	where, args := q.where()
	sqlText := "SELECT " + summaryColumns + " FROM articles a JOIN sources s ON s.id = a.source_id" + where +
		" ORDER BY a.date DESC, a.id DESC"
	if q.Limit > 0 {
		sqlText += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	rows, err := s.db.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ArticleSummary
	for rows.Next() {
		a, err := scanSummary(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func scanSummary(sc interface{ Scan(...any) error }) (ArticleSummary, error) {
	var a ArticleSummary
	var date int64
	var tags sql.NullString
	var location string
	if err := sc.Scan(&a.ID, &a.SourceID, &a.Source, &location, &a.Title, &a.Link, &a.Author, &date, &a.Summary, &a.Problem,
		&a.Read, &a.Starred, &tags); err != nil {
		return a, err
	}
	a.Date = time.Unix(date, 0)
	a.Source = displayName(a.Source, location)
	if tags.String != "" {
		a.Tags = strings.Fields(tags.String)
	}
	return a, nil
}

// Count returns how many articles q selects (ignoring Limit and After),
// and how many of those are unread.
func (s *Store) Count(ctx context.Context, q Query) (total, unread int, err error) {
	q.After = nil
	where, args := q.where()
	err = s.db.QueryRowContext(ctx, "SELECT count(*), coalesce(sum(a.read = 0), 0) FROM articles a"+where, args...).Scan(&total, &unread)
	return total, unread, err
}

// Article is one article with its body.
type Article struct {
	ArticleSummary
	SourceLocation string
	SourceSiteURL  string
	Format         feed.Format
	Content        string
	// Markdown is the cached conversion of Content, empty until the article
	// was first shown.
	Markdown string
	Hash     string
}

// Article returns one article with its body.
func (s *Store) Article(ctx context.Context, id int64) (Article, error) {
	var a Article
	var md sql.NullString
	row := s.db.QueryRowContext(ctx, "SELECT "+summaryColumns+`, s.location, s.site_url, b.format, b.content, b.markdown, a.hash
		FROM articles a JOIN sources s ON s.id = a.source_id LEFT JOIN bodies b ON b.article_id = a.id WHERE a.id = ?`, id)
	var date int64
	var tags sql.NullString
	var format, content sql.NullString
	var location string
	err := row.Scan(&a.ID, &a.SourceID, &a.Source, &location, &a.Title, &a.Link, &a.Author, &date, &a.Summary, &a.Problem,
		&a.Read, &a.Starred, &tags, &a.SourceLocation, &a.SourceSiteURL, &format, &content, &md, &a.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("article %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return a, err
	}
	a.Date = time.Unix(date, 0)
	a.Source = displayName(a.Source, location)
	if tags.String != "" {
		a.Tags = strings.Fields(tags.String)
	}
	a.Format = feed.Format(format.String)
	a.Content = content.String
	a.Markdown = md.String
	return a, nil
}

// SetMarkdown caches the Markdown conversion of an article's body.
func (s *Store) SetMarkdown(ctx context.Context, id int64, md string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE bodies SET markdown = ? WHERE article_id = ?", md, id)
	return err
}

// SetRead marks articles read or unread.
func (s *Store) SetRead(ctx context.Context, read bool, ids ...int64) error {
	return s.setFlag(ctx, "read", read, ids)
}

// SetStarred stars or unstars articles.
func (s *Store) SetStarred(ctx context.Context, starred bool, ids ...int64) error {
	return s.setFlag(ctx, "starred", starred, ids)
}

func (s *Store) setFlag(ctx context.Context, column string, on bool, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, "UPDATE articles SET "+column+" = ? WHERE id = ?")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, id := range ids {
		res, err := stmt.ExecContext(ctx, on, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("article %d: %w", id, ErrNotFound)
		}
	}
	return tx.Commit()
}
