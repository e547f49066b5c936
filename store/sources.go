package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/byline/byline/feed/sanitize"
)

// Source is a subscribed feed, feed file or Markdown folder.
type Source struct {
	ID          int64
	Kind        string
	Location    string
	Title       string // the user's title when given, else the source's own
	SiteURL     string
	Tags        []string
	AddedAt     time.Time
	LastAttempt time.Time
	LastSuccess time.Time
	LastStatus  int
	LastError   string
	ETag        string
	LastMod     string
	BodyHash    string
	// FullText fetches each new article's page for its full text.
	FullText bool
	// NextFetch is when the source may be fetched again; Failures counts
	// failed refreshes in a row.
	NextFetch time.Time
	Failures  int
	Articles  int
	Unread    int
}

// NewSource is what AddSource records.
type NewSource struct {
	Kind     string
	Location string
	Title    string
	SiteURL  string
	Tags     []string
	FullText bool
}

// ErrSourceExists is returned when a source with the same location exists.
var ErrSourceExists = errors.New("source already added")

// AddSource records a source; its articles arrive with the next refresh.
func (s *Store) AddSource(ctx context.Context, ns NewSource) (Source, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return Source{}, err
	}
	defer tx.Rollback()
	id, err := addSource(ctx, tx.Tx, ns)
	if err != nil {
		return Source{}, err
	}
	if err := tx.Commit(); err != nil {
		return Source{}, err
	}
	return s.Source(ctx, id)
}

// AddSources records many sources in one transaction (an OPML import).
// Sources whose location is already known are skipped and returned.
func (s *Store) AddSources(ctx context.Context, list []NewSource) (added int, existing []string, err error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, nil, err
	}
	defer tx.Rollback()
	for _, ns := range list {
		if _, err := addSource(ctx, tx.Tx, ns); err != nil {
			if errors.Is(err, ErrSourceExists) {
				existing = append(existing, ns.Location)
				continue
			}
			return 0, nil, err
		}
		added++
	}
	return added, existing, tx.Commit()
}

func addSource(ctx context.Context, tx *sql.Tx, ns NewSource) (int64, error) {
	var existing int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM sources WHERE location = ?", ns.Location).Scan(&existing)
	if err == nil {
		return 0, fmt.Errorf("%s: %w (id %d)", ns.Location, ErrSourceExists, existing)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	res, err := tx.ExecContext(ctx,
		"INSERT INTO sources(kind, location, user_title, site_url, added_at, full_text) VALUES (?, ?, ?, ?, ?, ?)",
		ns.Kind, ns.Location, strings.TrimSpace(ns.Title), ns.SiteURL, time.Now().Unix(), ns.FullText)
	if err != nil {
		return 0, err
	}
	id, _ := res.LastInsertId()
	for _, t := range normalizeTags(ns.Tags) {
		if isPseudoTag(t) {
			continue
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO source_tags(source_id, tag) VALUES (?, ?)", id, t); err != nil {
			return 0, err
		}
	}
	return id, nil
}

const sourceColumns = `s.id, s.kind, s.location, CASE WHEN s.user_title <> '' THEN s.user_title ELSE s.title END,
	s.site_url, s.added_at, s.last_attempt, s.last_success, s.last_status, s.last_error,
	s.etag, s.last_modified, s.body_hash, s.full_text, s.next_fetch, s.failures,
	(SELECT count(*) FROM articles a WHERE a.source_id = s.id),
	(SELECT count(*) FROM articles a WHERE a.source_id = s.id AND a.read = 0),
	(SELECT group_concat(tag, ' ') FROM (SELECT tag FROM source_tags t WHERE t.source_id = s.id ORDER BY tag))`

func scanSource(sc interface{ Scan(...any) error }) (Source, error) {
	var src Source
	var added, attempt, success, next int64
	var tags sql.NullString
	err := sc.Scan(&src.ID, &src.Kind, &src.Location, &src.Title, &src.SiteURL, &added, &attempt, &success,
		&src.LastStatus, &src.LastError, &src.ETag, &src.LastMod, &src.BodyHash, &src.FullText, &next, &src.Failures, &src.Articles, &src.Unread, &tags)
	if err != nil {
		return src, err
	}
	src.Title = displayName(src.Title, src.Location)
	src.NextFetch = unixTime(next)
	src.AddedAt = unixTime(added)
	src.LastAttempt = unixTime(attempt)
	src.LastSuccess = unixTime(success)
	if tags.String != "" {
		src.Tags = strings.Fields(tags.String)
	}
	return src, nil
}

// displayName is a source's title, or when it has none (an Atom feed
// without <title>, a source never read), a short form of its location: the
// host of a URL, the file or folder name of a path.
func displayName(title, location string) string {
	if strings.TrimSpace(title) != "" {
		return title
	}
	if u, err := url.Parse(location); err == nil && u.Host != "" {
		return u.Host
	}
	if b := filepath.Base(location); b != "." && b != "/" {
		return b
	}
	return location
}

func unixTime(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(n, 0)
}

// Source returns one source by ID.
func (s *Store) Source(ctx context.Context, id int64) (Source, error) {
	src, err := scanSource(s.db.QueryRowContext(ctx, "SELECT "+sourceColumns+" FROM sources s WHERE s.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return src, fmt.Errorf("source %d: %w", id, ErrNotFound)
	}
	return src, err
}

// FindSource finds a source by ID or by location.
func (s *Store) FindSource(ctx context.Context, ref string) (Source, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		if src, err := s.Source(ctx, id); err == nil || !errors.Is(err, ErrNotFound) {
			return src, err
		}
	}
	src, err := scanSource(s.db.QueryRowContext(ctx, "SELECT "+sourceColumns+" FROM sources s WHERE s.location = ?", ref))
	if errors.Is(err, sql.ErrNoRows) {
		return src, fmt.Errorf("no source %q: %w", ref, ErrNotFound)
	}
	return src, err
}

// Sources lists every source, in the order they were added.
func (s *Store) Sources(ctx context.Context) ([]Source, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+sourceColumns+" FROM sources s ORDER BY s.id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Source
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	return out, rows.Err()
}

// SourceCount is how many sources there are.
func (s *Store) SourceCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sources").Scan(&n)
	return n, err
}

// StarredCount is how many of a source's articles are starred.
func (s *Store) StarredCount(ctx context.Context, sourceID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM articles WHERE source_id = ? AND starred", sourceID).Scan(&n)
	return n, err
}

// RemoveSource deletes a source with its articles.
func (s *Store) RemoveSource(ctx context.Context, id int64) error {
	res, err := s.exec(ctx, "DELETE FROM sources WHERE id = ?", id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("source %d: %w", id, ErrNotFound)
	}
	return nil
}

// FetchOutcome is what one refresh of a source left to remember.
type FetchOutcome struct {
	At       time.Time
	OK       bool
	Status   int    // HTTP status, 0 for local sources
	Err      string // empty on success
	Title    string // the source's own title, when it gave one
	SiteURL  string
	ETag     string
	LastMod  string
	BodyHash string
	// NextFetch, when set, is the earliest time to fetch again.
	NextFetch time.Time
	// MovedTo is the source's new URL after a permanent redirect.
	MovedTo string
}

// RecordFetch stores the outcome of refreshing a source.
func (s *Store) RecordFetch(ctx context.Context, id int64, o FetchOutcome) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := recordFetch(ctx, tx.Tx, id, o); err != nil {
		return err
	}
	return tx.Commit()
}

// SaveRefresh writes one refresh of a source in one transaction: its
// articles, made ready by Prepare, as SaveArticles writes them, and the
// fetch outcome, so that a source is never recorded as fetched (its new
// ETag or body hash) without them. On an error nothing was written.
func (s *Store) SaveRefresh(ctx context.Context, id int64, p *Prepared, now time.Time, o FetchOutcome) (SaveStats, error) {
	return s.save(ctx, id, p, now, &o)
}

func recordFetch(ctx context.Context, tx *sql.Tx, id int64, o FetchOutcome) error {
	o.Title, o.Err = sanitize.Line(o.Title), sanitize.Line(o.Err)
	at := o.At.Unix()
	var next int64
	if !o.NextFetch.IsZero() {
		next = o.NextFetch.Unix()
	}
	var err error
	if o.OK {
		_, err = tx.ExecContext(ctx, `UPDATE sources SET last_attempt = ?, last_success = ?, last_status = ?, last_error = '',
			title = CASE WHEN ? <> '' THEN ? ELSE title END,
			site_url = CASE WHEN ? <> '' THEN ? ELSE site_url END,
			etag = ?, last_modified = ?, body_hash = CASE WHEN ? <> '' THEN ? ELSE body_hash END,
			next_fetch = ?, failures = 0
			WHERE id = ?`,
			at, at, o.Status, o.Title, o.Title, o.SiteURL, o.SiteURL, o.ETag, o.LastMod, o.BodyHash, o.BodyHash, next, id)
	} else {
		_, err = tx.ExecContext(ctx, "UPDATE sources SET last_attempt = ?, last_status = ?, last_error = ?, next_fetch = ?, failures = failures + 1 WHERE id = ?",
			at, o.Status, o.Err, next, id)
	}
	if err == nil && o.MovedTo != "" {
		// A permanent redirect: follow the feed to its new address, unless
		// another source already has it.
		_, err = tx.ExecContext(ctx, "UPDATE OR IGNORE sources SET location = ? WHERE id = ?", o.MovedTo, id)
	}
	return err
}

// SourceEdit changes a source; nil fields stay as they are.
type SourceEdit struct {
	Title    *string
	Tags     *[]string
	FullText *bool
}

// EditSource applies an edit to a source.
func (s *Store) EditSource(ctx context.Context, id int64, e SourceEdit) error {
	if _, err := s.Source(ctx, id); err != nil {
		return err
	}
	if e.Title != nil {
		if _, err := s.exec(ctx, "UPDATE sources SET user_title = ? WHERE id = ?", strings.TrimSpace(*e.Title), id); err != nil {
			return err
		}
	}
	if e.FullText != nil {
		if _, err := s.exec(ctx, "UPDATE sources SET full_text = ? WHERE id = ?", *e.FullText, id); err != nil {
			return err
		}
	}
	if e.Tags != nil {
		return s.SetSourceTags(ctx, id, *e.Tags)
	}
	return nil
}
