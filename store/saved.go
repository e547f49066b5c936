package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/byline/byline/feed/model"
	"github.com/byline/byline/feed/sanitize"
)

// SavedLocation is the location of the one source of pages saved to read
// later; SavedTitle its title, which the filter =saved matches.
const (
	SavedLocation = "saved:"
	SavedTitle    = "Saved"
)

// SavedSource returns the source of saved pages, creating it on first use.
func (s *Store) SavedSource(ctx context.Context) (Source, error) {
	// OR IGNORE: another byline may be creating it at the same moment.
	if _, err := s.exec(ctx, `INSERT OR IGNORE INTO sources(kind, location, title, added_at)
		VALUES (?, ?, ?, ?)`, string(model.KindSaved), SavedLocation, SavedTitle, time.Now().Unix()); err != nil {
		return Source{}, err
	}
	return s.FindSource(ctx, SavedLocation)
}

// SavedArticle finds a saved page by its key (its canonical URL as given)
// or its link (where it was found), and returns its ID and key: 0 when it
// was never saved.
func (s *Store) SavedArticle(ctx context.Context, sourceID int64, key, link string) (int64, string, error) {
	p, _, err := s.FindSavedPage(ctx, sourceID, key, link)
	return p.ID, p.Key, err
}

// FindSavedPage is SavedArticle's page, with its title and whether it is
// pending; ok is false when it was never saved.
func (s *Store) FindSavedPage(ctx context.Context, sourceID int64, key, link string) (p SavedPage, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, savedArticleQuery, sourceID, key, link).Scan(&p.ID, &p.Key, &p.Link, &p.Title, &p.Pending)
	if errors.Is(err, sql.ErrNoRows) {
		return SavedPage{}, false, nil
	}
	return p, err == nil, err
}

// SavedPageOf is the saved page id, as FindSavedPage gives it.
func (s *Store) SavedPageOf(ctx context.Context, id int64) (SavedPage, error) {
	var p SavedPage
	err := s.db.QueryRowContext(ctx, "SELECT id, key, link, title, pending FROM articles WHERE id = ?", id).Scan(&p.ID, &p.Key, &p.Link, &p.Title, &p.Pending)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("article %d: %w", id, ErrNotFound)
	}
	return p, err
}

// CountPendingSaves counts the saved pages still to be fetched, by their
// index alone.
func (s *Store) CountPendingSaves(ctx context.Context, sourceID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM articles WHERE source_id = ? AND pending = 1", sourceID).Scan(&n)
	return n, err
}

// UnfetchedPage is a page kept in the Saved source without fetching it
// (a row of an import), with the state it had where it came from.
type UnfetchedPage struct {
	// ID is a page saved before, as the caller found it: only Tags are
	// added to it.
	ID int64
	// Article is a new page as known (its key, title and stub), kept
	// pending; At is when it was saved there.
	Article model.Article
	At      time.Time
	// Read and Starred are a new page's state.
	Read, Starred bool
	// Tags are added as the user's own.
	Tags []string
}

// UnfetchedSaved is what SaveUnfetched did with a page: its ID, 0 when
// the page was saved and removed before (it is not brought back); Existed
// when it was there already.
type UnfetchedSaved struct {
	ID      int64
	Existed bool
}

// SaveUnfetched keeps pages in the Saved source, all in one transaction:
// the new ones pending, with their read and starred state and tags; those
// there already (by ID, or by key: another byline saved them meanwhile)
// get the tags. Once begun, it is written whole (ctx ends only the wait
// for the store), so that an import interrupted between calls leaves no
// page without its state. An import writes a few hundred pages a call:
// other writers get their turn between calls, and a call that fails is
// written again a page a call, so that the page that fails fails alone.
func (s *Store) SaveUnfetched(ctx context.Context, sourceID int64, pages []UnfetchedPage) ([]UnfetchedSaved, error) {
	tx, err := s.beginSaving(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ctx = context.WithoutCancel(ctx)
	var arts []model.Article
	var times []time.Time
	var keys []string
	for _, p := range pages {
		if p.ID == 0 {
			arts = append(arts, p.Article)
			times = append(times, p.At)
			keys = append(keys, cleanArticle(p.Article).Key())
		}
	}
	added := map[int64]bool{}
	var known map[string]knownArticle
	if len(arts) > 0 {
		stmts, err := prepareSave(ctx, tx.Tx)
		if err != nil {
			return nil, err
		}
		defer stmts.close()
		st, err := saveArticlesAt(ctx, tx.Tx, stmts, s.tagRules(), sourceID, arts, func(i int) time.Time { return times[i] })
		if err != nil {
			return nil, err
		}
		tx.wrote(st)
		for _, a := range st.Added {
			added[a.ID] = true
		}
		if known, _, err = knownKeys(ctx, stmts.lookups, sourceID, keys, false); err != nil {
			return nil, err
		}
	}
	state, err := tx.PrepareContext(ctx, "UPDATE articles SET pending = 1, read = ?, starred = ? WHERE id = ?")
	if err != nil {
		return nil, err
	}
	defer state.Close()
	out := make([]UnfetchedSaved, len(pages))
	// Pages with the same tags are tagged together.
	var tagSets []string
	tagged := map[string][]int64{}
	next := 0
	for i, p := range pages {
		id := p.ID
		if id == 0 {
			k, ok := known[keys[next]]
			next++
			if !ok {
				continue // saved and removed before
			}
			id = k.id
		}
		out[i] = UnfetchedSaved{ID: id, Existed: !added[id]}
		if added[id] {
			if _, err := state.ExecContext(ctx, p.Read, p.Starred, id); err != nil {
				return nil, err
			}
		}
		if tags := normalizeTags(p.Tags); len(tags) > 0 {
			set := strings.Join(tags, "\x00")
			if _, ok := tagged[set]; !ok {
				tagSets = append(tagSets, set)
			}
			tagged[set] = append(tagged[set], id)
		}
	}
	for _, set := range tagSets {
		ids := tagged[set]
		for start := 0; start < len(ids); start += 500 {
			where, args := idList("a.id", ids[start:min(start+500, len(ids))])
			if _, err := s.retagArticles(ctx, tx.Tx, where, args, nil, false, strings.Split(set, "\x00"), nil); err != nil {
				return nil, err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return out, nil
}

// savedArticleQuery is SavedArticle's: ?1 the source, ?2 the key, ?3 the
// link. Each half searches an index (a plan of one OR over both may read
// every page of the source instead); a page whose link is its key is
// found by the first.
const savedArticleQuery = `SELECT id, key, link, title, pending FROM (
	SELECT id, key, link, title, pending, key = ?2 AS exact FROM articles WHERE source_id = ?1 AND key IN (?2, ?3)
	UNION ALL
	SELECT id, key, link, title, pending, 0 FROM articles WHERE source_id = ?1 AND link IN (?2, ?3) AND saved_page = 1 AND link <> key AND link <> ''
) ORDER BY exact DESC LIMIT 1`

// SetProblem sets the defect shown with an article (why a saved page is
// not fetched yet, say); empty clears it.
func (s *Store) SetProblem(ctx context.Context, id int64, problem string) error {
	_, err := s.exec(ctx, "UPDATE articles SET problem = ? WHERE id = ?", sanitize.Line(problem), id)
	return err
}

// SetPending marks a saved page as waiting to be fetched, or fetched.
func (s *Store) SetPending(ctx context.Context, id int64, pending bool) error {
	_, err := s.exec(ctx, "UPDATE articles SET pending = ? WHERE id = ?", pending, id)
	return err
}

// PendingSave is a saved page still to be fetched.
type PendingSave struct {
	ID   int64
	Key  string // the URL it was saved as
	Link string
}

// PendingSaves lists the saved pages still to be fetched, oldest first.
func (s *Store) PendingSaves(ctx context.Context, sourceID int64) ([]PendingSave, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, key, link FROM articles WHERE source_id = ? AND pending = 1 ORDER BY id", sourceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PendingSave
	for rows.Next() {
		var p PendingSave
		if err := rows.Scan(&p.ID, &p.Key, &p.Link); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// WithoutFullText keeps, of ids, the articles that have a link and no
// full text fetched yet, in the order given: what a prefetch still has to
// do. An article whose fetch failed is kept, to be tried again.
func (s *Store) WithoutFullText(ctx context.Context, ids []int64) ([]AddedArticle, error) {
	const batch = 500
	var out []AddedArticle
	for len(ids) > 0 {
		n := min(batch, len(ids))
		in, args := idList("a.id", ids[:n])
		rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.link FROM articles a JOIN bodies b ON b.article_id = a.id
			WHERE `+in+` AND b.full IS NULL AND a.link <> ''`, args...)
		if err != nil {
			return nil, err
		}
		found := map[int64]string{}
		for rows.Next() {
			var id int64
			var link string
			if err := rows.Scan(&id, &link); err != nil {
				rows.Close()
				return nil, err
			}
			found[id] = link
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for _, id := range ids[:n] {
			if link, ok := found[id]; ok {
				out = append(out, AddedArticle{ID: id, Link: link})
			}
		}
		ids = ids[n:]
	}
	return out, nil
}

// SourceArticleIDs lists a source's articles, newest first.
func (s *Store) SourceArticleIDs(ctx context.Context, sourceID int64) ([]int64, error) {
	return queryList[int64](ctx, s.db, "SELECT id FROM articles WHERE source_id = ? ORDER BY sortkey DESC", sourceID)
}

// SavedPage is one page of the Saved source, as an import looks it up.
type SavedPage struct {
	ID        int64
	Key, Link string
	Title     string
	Pending   bool
}

// SavedPages lists the pages of the Saved source, in one query: an import
// of thousands looks each of its rows up among them in memory, where
// SavedArticle would read the source's articles once a row.
func (s *Store) SavedPages(ctx context.Context, sourceID int64) ([]SavedPage, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, key, link, title, pending FROM articles WHERE source_id = ?", sourceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SavedPage
	for rows.Next() {
		var p SavedPage
		if err := rows.Scan(&p.ID, &p.Key, &p.Link, &p.Title, &p.Pending); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
