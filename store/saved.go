package store

import (
	"context"
	"database/sql"
	"errors"
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
	var id int64
	var found string
	err := s.db.QueryRowContext(ctx, savedArticleQuery, sourceID, key, link).Scan(&id, &found)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return id, found, err
}

// savedArticleQuery is SavedArticle's: ?1 the source, ?2 the key, ?3 the
// link. Each half searches an index (a plan of one OR over both may read
// every page of the source instead); a page whose link is its key is
// found by the first.
const savedArticleQuery = `SELECT id, key FROM (
	SELECT id, key, key = ?2 AS exact FROM articles WHERE source_id = ?1 AND key IN (?2, ?3)
	UNION ALL
	SELECT id, key, 0 FROM articles WHERE source_id = ?1 AND link IN (?2, ?3) AND link <> key AND link <> ''
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
