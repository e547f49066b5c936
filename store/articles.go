package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/byline/byline/feed/model"
	"github.com/byline/byline/feed/sanitize"
)

// maxDate is the last second of year 9999: a later date is a broken one,
// and would overflow the sort key.
const maxDate = 253402300799

// sortKey orders articles newest first: the date in seconds in the high
// bits, the low 24 bits of the ID below it so equal dates keep insertion
// order.
func sortKey(date, id int64) int64 {
	date = min(max(date, 0), maxDate)
	return date<<24 | (id & (1<<24 - 1))
}

// SaveStats counts what SaveArticles did.
type SaveStats struct {
	New, Updated, Unchanged int
	// Added lists the new articles, for work that follows their arrival
	// (fetching full text).
	Added []AddedArticle
}

// AddedArticle is a new article's ID and link.
type AddedArticle struct {
	ID   int64
	Link string
}

type knownArticle struct {
	id, key, date int64
	hash          string
	item, rule    string
	user          string
}

// SaveArticles writes one refresh of a source in one transaction. New
// articles are inserted; changed ones (by content hash) are updated in
// place, keeping read, starred, user tags and the first-seen date;
// unchanged ones are not written at all.
//
// On an error nothing was saved, and the stats are zero: a count never
// claims what a rolled-back transaction did not keep.
func (s *Store) SaveArticles(ctx context.Context, sourceID int64, arts []model.Article, now time.Time) (SaveStats, error) {
	return s.save(ctx, sourceID, prepareArticles(arts), now, nil)
}

// save writes a source's articles, and with o its fetch outcome too, in
// one transaction.
func (s *Store) save(ctx context.Context, sourceID int64, p *Prepared, now time.Time, o *FetchOutcome) (SaveStats, error) {
	tx, err := s.beginSaving(ctx)
	if err != nil {
		return SaveStats{}, err
	}
	defer tx.Rollback()
	stmts, err := prepareSave(ctx, tx.Tx)
	if err != nil {
		return SaveStats{}, err
	}
	defer stmts.close()
	st, err := savePreparedTx(ctx, tx.Tx, stmts, s.tagRules(), sourceID, p, now)
	if err == nil && o != nil {
		err = recordFetch(ctx, tx.Tx, sourceID, *o)
	}
	tx.wrote(st)
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		return SaveStats{}, err
	}
	return st, nil
}

// knownKeys finds, of keys, the source's stored articles and (when gone
// is not nil) the keys retention removed, with l's statements.
func knownKeys(ctx context.Context, l *lookups, sourceID int64, keys []string, gone bool) (map[string]knownArticle, map[string]bool, error) {
	known := make(map[string]knownArticle, len(keys))
	removed := map[string]bool{}
	args := make([]any, lookupKeys+1)
	for start := 0; start < len(keys); start += lookupKeys {
		part := keys[start:min(start+lookupKeys, len(keys))]
		args[0] = sourceID
		for i := range lookupKeys {
			args[i+1] = nil // matches no key
			if i < len(part) {
				args[i+1] = part[i]
			}
		}
		rows, err := l.articles.QueryContext(ctx, args...)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var k knownArticle
			var key string
			if err := rows.Scan(&k.id, &key, &k.key, &k.date, &k.hash, &k.item, &k.rule, &k.user); err != nil {
				rows.Close()
				return nil, nil, err
			}
			known[key] = k
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
		if !gone {
			continue
		}
		if rows, err = l.gone.QueryContext(ctx, args...); err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var key string
			if err := rows.Scan(&key); err != nil {
				rows.Close()
				return nil, nil, err
			}
			removed[key] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return known, removed, nil
}

// lookupKeys is how many keys one lookup names; fewer are padded with
// NULL, which matches none, so that one statement prepared once serves
// every source.
const lookupKeys = 64

// lookups are the statements knownKeys runs.
type lookups struct{ articles, gone *sql.Stmt }

// preparer is a *sql.DB or a *sql.Tx.
type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

func prepareLookups(ctx context.Context, db preparer) (*lookups, error) {
	in := "key IN (?" + strings.Repeat(", ?", lookupKeys-1) + ")"
	var l lookups
	var err error
	if l.articles, err = db.PrepareContext(ctx, "SELECT id, key, sortkey, date, hash, item_tags, rule_tags, user_tags FROM articles WHERE source_id = ? AND "+in); err != nil {
		return nil, err
	}
	if l.gone, err = db.PrepareContext(ctx, "SELECT key FROM gone WHERE source_id = ? AND "+in); err != nil {
		l.articles.Close()
		return nil, err
	}
	return &l, nil
}

// lookups are the store's own lookups, for Prepare: statements on the
// pool, safe for concurrent use.
func (s *Store) lookups(ctx context.Context) (*lookups, error) {
	s.lookup.Lock()
	defer s.lookup.Unlock()
	if s.lookup.l == nil {
		l, err := prepareLookups(ctx, s.db)
		if err != nil {
			return nil, err
		}
		s.lookup.l = l
	}
	return s.lookup.l, nil
}

func (l *lookups) close() {
	if l != nil {
		l.articles.Close()
		l.gone.Close()
	}
}

// saveArticlesTx is SaveArticles within tx, with its statements prepared.
func saveArticlesTx(ctx context.Context, tx *sql.Tx, stmts *saveStmts, rules []TagRule, sourceID int64, arts []model.Article, now time.Time) (SaveStats, error) {
	return savePreparedTx(ctx, tx, stmts, rules, sourceID, prepareArticles(arts), now)
}

// Prepared is a source's articles made ready to write by another goroutine
// than the writer (Store.Prepare): cleaned, keyed, hashed, and the bodies of
// those not stored as they are compressed. The writer, one goroutine for
// every source, then only writes; the parsers, one a core, do the rest.
type Prepared struct {
	arts    []model.Article
	rawKeys []string         // arts[i].Key(): what is looked up, and what makes a repeat
	clean   []*model.Article // cleanArticle(arts[i])
	keys    []string         // clean[i].Key()
	hashes  []string         // clean[i].ContentHash()
	packed  []any            // the body compressed; nil: compressed when written
}

// prepareArticles does the cleaning, keys and hashes of Prepare.
func prepareArticles(arts []model.Article) *Prepared {
	p := &Prepared{arts: arts, rawKeys: make([]string, len(arts)), clean: make([]*model.Article, len(arts)),
		keys: make([]string, len(arts)), hashes: make([]string, len(arts)), packed: make([]any, len(arts))}
	for i := range arts {
		p.rawKeys[i] = arts[i].Key()
		a := cleanArticle(arts[i])
		p.clean[i], p.keys[i], p.hashes[i] = a, a.Key(), a.ContentHash()
	}
	return p
}

// Prepare readies a source's articles for SaveRefresh; it is safe
// for concurrent use, and meant to run beside the writer. Bodies are
// compressed (in the fast form, see body.go) for the articles the store
// does not hold as they are (a lookup on a reading connection); what
// changes meanwhile, the writer finds and compresses itself.
func (s *Store) Prepare(ctx context.Context, sourceID int64, arts []model.Article) *Prepared {
	p := prepareArticles(arts)
	l, err := s.lookups(ctx)
	if err != nil {
		return p // the writer compresses them
	}
	known, _, err := knownKeys(ctx, l, sourceID, p.rawKeys, false)
	if err != nil {
		return p
	}
	for i, a := range p.clean {
		if k, ok := known[p.keys[i]]; ok && k.hash == p.hashes[i] {
			continue // unchanged: not written
		}
		p.packed[i] = packFast(a.Content)
	}
	return p
}

// saveArticlesAt is saveArticlesTx where each article has a time of its
// own, at(i) for arts[i]: when it was first seen, and its date when it
// has none (pages an import saves, each when it was saved there).
func saveArticlesAt(ctx context.Context, tx *sql.Tx, stmts *saveStmts, rules []TagRule, sourceID int64, arts []model.Article, at func(i int) time.Time) (SaveStats, error) {
	return savePreparedAt(ctx, tx, stmts, rules, sourceID, prepareArticles(arts), at)
}

// savePreparedTx is saveArticlesTx with the articles prepared.
func savePreparedTx(ctx context.Context, tx *sql.Tx, stmts *saveStmts, rules []TagRule, sourceID int64, p *Prepared, now time.Time) (SaveStats, error) {
	return savePreparedAt(ctx, tx, stmts, rules, sourceID, p, func(int) time.Time { return now })
}

// savePreparedAt is savePreparedTx where each article has a time of its
// own, at(i) for the i-th.
func savePreparedAt(ctx context.Context, tx *sql.Tx, stmts *saveStmts, rules []TagRule, sourceID int64, p *Prepared, at func(i int) time.Time) (SaveStats, error) {
	arts := p.arts
	var st SaveStats
	var stitle, suser, sloc, skind string
	// stored: a source with nothing stored (a new one) has nothing to
	// look up.
	var stored bool
	if err := stmts.source.QueryRowContext(ctx, sourceID).Scan(&stitle, &suser, &sloc, &skind, &stored); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return st, fmt.Errorf("source %d: %w", sourceID, ErrNotFound)
		}
		return st, err
	}
	if suser != "" {
		stitle = suser
	}
	srcTags, err := queryStmtList[string](ctx, stmts.sourceTags, sourceID)
	if err != nil {
		return st, err
	}
	// Only the articles this save names are looked up (by the unique
	// index): reading every article of the source made saving one page to
	// a Saved source of thousands cost as much as all of them, and an
	// import of N pages N² (10,000 Pocket rows: minutes).
	keys := p.rawKeys
	if skind == string(model.KindFolder) {
		// A folder mirrors its files: none stays gone while its file is
		// there. Tombstones left by a retention that once took folders'
		// articles go, so those files come back.
		if _, err := tx.ExecContext(ctx, "DELETE FROM gone WHERE source_id = ?", sourceID); err != nil {
			return st, err
		}
	}
	// readBefore: the source was read before, so what is new in it now arrived
	// now.
	readBefore := stored
	if skind == string(model.KindFolder) {
		stored = true // its tombstones went, but maybe not its articles
	}
	known, gone := map[string]knownArticle{}, map[string]bool{}
	if stored {
		if known, gone, err = knownKeys(ctx, stmts.lookups, sourceID, keys, true); err != nil {
			return st, err
		}
	}
	var nextID int64
	if err := stmts.nextID.QueryRowContext(ctx).Scan(&nextID); err != nil {
		return st, err
	}

	// Feeds list their newest item first. Writing them last to first gives
	// the newest the highest ID, so items that share a date (or have none
	// and take the time they were first seen) keep the feed's order.
	// A feed that repeats an item keeps its first copy.
	seen := make(map[string]bool, len(arts))
	order := make([]int, 0, len(arts))
	for i := range arts {
		if k := p.rawKeys[i]; !seen[k] {
			seen[k] = true
			order = append(order, i)
		}
	}
	// The full-text index is written later (IndexPending); here only the
	// old entries of changed articles go, after everything else: an FTS5
	// table flushes its pending index at every statement savepoint.
	var ftsDeletes, pendingKeys []int64
	var tagRows []any // tag, sort key, article: the tags to add
	var bodies []pendingBody
	var savedPages []int64 // new pages of a Saved source, found by their link too
	// An undated item is dated when it arrived: a new item of a source read
	// before is the newest. In a source's first read, where everything
	// arrives at once, it takes the date of the item after it in the feed
	// instead, so that it keeps its place instead of passing for the newest.
	var olderDate int64
	clock := time.Now() // at(i) may be when an imported page was saved, long ago
	for j := len(order) - 1; j >= 0; j-- {
		i := order[j]
		a, key, hash := p.clean[i], p.keys[i], p.hashes[i]
		now := at(i)
		var pub int64
		if !a.Published.IsZero() {
			pub = a.Published.Unix()
		}
		if pub < 0 || pub > maxDate || pub > max(now.Unix(), clock.Unix())+24*60*60 {
			// Before 1970, past 9999 or more than a day ahead (a wrong
			// clock, which would keep it first for years): read as none.
			pub = 0
		}
		item := normalizeTags(a.Tags)
		itemStr := strings.Join(item, " ")
		if pub != 0 {
			olderDate = pub
		}
		if gone[key] {
			continue // removed by retention; not new again
		}
		k, exists := known[key]
		if exists && k.hash == hash {
			st.Unchanged++
			continue
		}
		var id, date, oldKey int64
		var rule, user tagEdits
		var oldTags []string
		if exists {
			id, oldKey = k.id, k.key
			date = k.date
			if pub != 0 {
				date = pub
			}
			rule, user = parseEdits(k.rule), parseEdits(k.user)
			if oldTags, err = currentTags(ctx, tx, id); err != nil {
				return st, err
			}
		} else {
			id = nextID
			nextID++
			date = pub
			if date == 0 && !readBefore {
				date = olderDate
			}
			if date == 0 {
				date = now.Unix()
			}
			rule = applyRules(rules, a.Title, a.Link, stitle, sloc)
		}
		skey := sortKey(date, id)
		summary := a.Summary
		if a.SummaryFromContent {
			summary = "" // taken from the content when asked for
		}
		if exists {
			if _, err := stmts.update.ExecContext(ctx, a.Title, a.Link, a.Author, pub, date, skey, summary, a.Problem, hash, itemStr, id); err != nil {
				return st, fmt.Errorf("update article %q: %w", a.Title, err)
			}
			ftsDeletes = append(ftsDeletes, oldKey)
			st.Updated++
		} else {
			var remote any
			if a.RemoteID != 0 {
				remote = a.RemoteID
			}
			if _, err := stmts.insert.ExecContext(ctx, id, sourceID, key, a.Title, a.Link, a.Author, pub, date, skey, now.Unix(),
				summary, a.Problem, hash, itemStr, rule.String(), remote); err != nil {
				return st, fmt.Errorf("insert article %q: %w", a.Title, err)
			}
			st.New++
			st.Added = append(st.Added, AddedArticle{ID: id, Link: a.Link})
			if skind == string(model.KindSaved) {
				savedPages = append(savedPages, id)
			}
		}
		if a.Site != "" || exists {
			if _, err := stmts.site.ExecContext(ctx, a.Site, id); err != nil {
				return st, err
			}
		}
		bodies = append(bodies, pendingBody{id: id, format: string(a.Format), content: a.Content, packed: p.packed[i]})
		pendingKeys = append(pendingKeys, skey)
		if err := changeArticleTags(ctx, stmts.delTag, id, oldKey, skey, oldTags, effectiveTags(item, srcTags, rule, user), func(t string) error {
			tagRows = append(tagRows, t, skey, id)
			return nil
		}); err != nil {
			return st, err
		}
	}
	// Those not compressed yet (not prepared, or changed since), on every
	// core at once: the writer is one goroutine.
	packAll(bodies)
	for _, b := range bodies {
		if _, err := stmts.body.ExecContext(ctx, b.id, b.format, b.packed); err != nil {
			return st, err
		}
	}
	for _, k := range ftsDeletes {
		if _, err := stmts.unpend.ExecContext(ctx, k); err != nil {
			return st, err
		}
		if _, err := stmts.ftsDelete.ExecContext(ctx, k); err != nil {
			return st, err
		}
	}
	// Tags and keys to index go many rows a statement: most of what a
	// statement costs is its call, not its row.
	if err := stmts.tagRows.insert(ctx, tx, tagRows); err != nil {
		return st, err
	}
	if err := markSavedPages(ctx, tx, savedPages); err != nil {
		return st, err
	}
	pending := make([]any, len(pendingKeys))
	for i, k := range pendingKeys {
		pending[i] = k
	}
	if err := stmts.pendingRows.insert(ctx, tx, pending); err != nil {
		return st, err
	}
	return st, nil
}

// markSavedPages marks new pages of a Saved source as such, which puts
// them in the index of links (schema 11; before it, a test's older store,
// there is nothing to mark).
func markSavedPages(ctx context.Context, tx *sql.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM pragma_table_info('articles') WHERE name = 'saved_page'").Scan(&n); err != nil || n == 0 {
		return err
	}
	for start := 0; start < len(ids); start += lookupKeys {
		part := ids[start:min(start+lookupKeys, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		if _, err := tx.ExecContext(ctx, "UPDATE articles SET saved_page = 1 WHERE id IN (?"+strings.Repeat(", ?", len(part)-1)+")", args...); err != nil {
			return err
		}
	}
	return nil
}

// rowsInsert writes rows of a few columns, many a statement.
type rowsInsert struct {
	head    string // "INSERT … VALUES "
	columns int
	// stmts[i] writes rowsPerInsert[i] rows, prepared on first use: any
	// number of rows goes in statements prepared once a transaction.
	stmts [len(rowsPerInsert)]*sql.Stmt
}

// rowsPerInsert are how many rows the statements write, most first:
// SQLite allows 32,766 parameters a statement; a hundred rows is most of
// the gain.
var rowsPerInsert = [...]int{100, 10, 1}

// insert writes args (columns values a row, row after row).
func (r *rowsInsert) insert(ctx context.Context, tx *sql.Tx, args []any) error {
	for i, rows := range rowsPerInsert {
		per := rows * r.columns
		for len(args) >= per {
			if r.stmts[i] == nil {
				var err error
				if r.stmts[i], err = tx.PrepareContext(ctx, r.statement(rows)); err != nil {
					return err
				}
			}
			if _, err := r.stmts[i].ExecContext(ctx, args[:per]...); err != nil {
				return err
			}
			args = args[per:]
		}
	}
	return nil
}

// statement is the insert of rows rows.
func (r *rowsInsert) statement(rows int) string {
	row := "(?" + strings.Repeat(", ?", r.columns-1) + ")"
	return r.head + row + strings.Repeat(", "+row, rows-1)
}

func (r *rowsInsert) close() {
	for i, st := range r.stmts {
		if st != nil {
			st.Close()
			r.stmts[i] = nil
		}
	}
}

type saveStmts struct {
	insert, update, body, unpend, ftsDelete, delTag *sql.Stmt
	site, source, sourceTags, nextID                *sql.Stmt
	lookups                                         *lookups
	tagRows, pendingRows                            *rowsInsert
}

func prepareSave(ctx context.Context, tx *sql.Tx) (*saveStmts, error) {
	s := saveStmts{}
	var err error
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var st *sql.Stmt
		st, err = tx.PrepareContext(ctx, q)
		return st
	}
	s.insert = prep(`INSERT INTO articles(id, source_id, key, title, link, author, published, date, sortkey, first_seen, summary, problem, hash, item_tags, rule_tags, remote_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	s.update = prep(`UPDATE articles SET title = ?, link = ?, author = ?, published = ?, date = ?, sortkey = ?,
		summary = ?, problem = ?, hash = ?, item_tags = ? WHERE id = ?`)
	s.body = prep(`INSERT INTO bodies(article_id, format, content, markdown) VALUES (?, ?, ?, NULL)
		ON CONFLICT(article_id) DO UPDATE SET format = excluded.format, content = excluded.content, text = '', markdown = NULL`)
	s.unpend = prep("DELETE FROM fts_pending WHERE sortkey = ?")
	s.ftsDelete = prep("DELETE FROM fts WHERE rowid = ?")
	s.tagRows = &rowsInsert{head: "INSERT OR IGNORE INTO article_tags(tag, sortkey, article_id) VALUES ", columns: 3}
	s.pendingRows = &rowsInsert{head: "INSERT OR IGNORE INTO fts_pending(sortkey) VALUES ", columns: 1}
	s.delTag = prep("DELETE FROM article_tags WHERE tag = ? AND sortkey = ? AND article_id = ?")
	s.site = prep("UPDATE articles SET site = ?1 WHERE id = ?2 AND site <> ?1")
	s.source = prep(`SELECT title, user_title, location, kind,
		EXISTS (SELECT 1 FROM articles WHERE source_id = ?1) OR EXISTS (SELECT 1 FROM gone WHERE source_id = ?1)
		FROM sources WHERE id = ?1`)
	s.sourceTags = prep("SELECT tag FROM source_tags WHERE source_id = ? ORDER BY tag")
	s.nextID = prep("SELECT coalesce(max(id), 0) + 1 FROM articles")
	if err == nil {
		s.lookups, err = prepareLookups(ctx, tx)
	}
	if err != nil {
		s.close()
		return nil, err
	}
	return &s, nil
}

func (s *saveStmts) close() {
	for _, st := range []*sql.Stmt{s.insert, s.update, s.body, s.unpend, s.ftsDelete, s.delTag, s.site, s.source, s.sourceTags, s.nextID} {
		if st != nil {
			st.Close()
		}
	}
	s.lookups.close()
	for _, r := range []*rowsInsert{s.tagRows, s.pendingRows} {
		if r != nil {
			r.close()
		}
	}
	*s = saveStmts{}
}

// ArticleSummary is one row of the article list.
type ArticleSummary struct {
	ID       int64
	SourceID int64
	Source   string // the source's title
	Title    string
	Link     string
	Author   string
	// Site is the name of the site a saved page is from, when it has one
	// apart from its source.
	Site string
	Date time.Time
	// Undated says the source gave no date: Date is then only where the
	// article was placed. A saved page is never undated: without a date of
	// its own, it is dated when it was saved (or, imported, when it was
	// added to the export).
	Undated bool
	// Summary is the item's own description; in a list it is empty when
	// the item had none and its summary is the start of its body, which
	// Article reads.
	Summary string
	Problem string
	Tags    []string // effective tags, sorted
	Read    bool
	Starred bool
	// Cursor continues a listing after this article.
	Cursor int64
}

const summaryColumns = `a.id, a.source_id, CASE WHEN s.user_title <> '' THEN s.user_title ELSE s.title END, s.location,
	a.title, a.link, a.author, a.date, a.published = 0 AND s.kind <> 'saved', a.summary, a.problem, a.read, a.starred, a.sortkey,
	(SELECT group_concat(tag, ' ') FROM (SELECT tag FROM article_tags WHERE article_id = a.id ORDER BY tag)), a.site`

func scanSummary(sc interface{ Scan(...any) error }) (ArticleSummary, error) {
	var a ArticleSummary
	var date int64
	var tags sql.NullString
	var location string
	if err := sc.Scan(&a.ID, &a.SourceID, &a.Source, &location, &a.Title, &a.Link, &a.Author, &date, &a.Undated, &a.Summary, &a.Problem,
		&a.Read, &a.Starred, &a.Cursor, &tags, &a.Site); err != nil {
		return a, err
	}
	a.Date = time.Unix(date, 0)
	a.Source = displayName(a.Source, location)
	if tags.String != "" {
		a.Tags = strings.Fields(tags.String)
	}
	return a, nil
}

// Article is one article with its body.
type Article struct {
	ArticleSummary
	SourceLocation string
	SourceSiteURL  string
	Format         model.Format
	Content        string
	// Markdown is the cached conversion of Content, empty until the article
	// was first shown.
	Markdown string
	// Full is the page's main content as Markdown, when it was fetched;
	// FullError says why fetching it failed.
	Full      string
	FullError string
	Hash      string
}

// Article returns one article with its body.
func (s *Store) Article(ctx context.Context, id int64) (Article, error) {
	var a Article
	row := s.db.QueryRowContext(ctx, "SELECT "+summaryColumns+`, s.site_url, b.format, b.content, b.markdown, b.full, coalesce(b.full_error, ''), a.hash
		FROM articles a JOIN sources s ON s.id = a.source_id LEFT JOIN bodies b ON b.article_id = a.id WHERE a.id = ?`, id)
	var date int64
	var tags, format sql.NullString
	var content, md, full any
	var location string
	err := row.Scan(&a.ID, &a.SourceID, &a.Source, &location, &a.Title, &a.Link, &a.Author, &date, &a.Undated, &a.Summary, &a.Problem,
		&a.Read, &a.Starred, &a.Cursor, &tags, &a.Site, &a.SourceSiteURL, &format, &content, &md, &full, &a.FullError, &a.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("article %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return a, err
	}
	a.Date = time.Unix(date, 0)
	a.SourceLocation = location
	a.Source = displayName(a.Source, location)
	if tags.String != "" {
		a.Tags = strings.Fields(tags.String)
	}
	a.Format = model.Format(format.String)
	for _, f := range []struct {
		v   any
		out *string
	}{{content, &a.Content}, {md, &a.Markdown}, {full, &a.Full}} {
		if *f.out, err = s.unpack(f.v); err != nil {
			return a, fmt.Errorf("article %d: %w", id, err)
		}
	}
	if a.Summary == "" {
		a.Summary = contentSummary(a.Content)
	}
	return a, nil
}

// cleanArticle returns a copy of a whose text fields hold no controls,
// whichever source or sync backend built it: what is stored is printable
// as it is. Content stays as it came; it is cleaned when converted.
func cleanArticle(a model.Article) *model.Article {
	a.Title = sanitize.Line(a.Title)
	a.Link = sanitize.Line(a.Link)
	a.Author = sanitize.Line(a.Author)
	a.Site = sanitize.Line(a.Site)
	a.Problem = sanitize.Line(a.Problem)
	a.Summary = sanitize.Text(a.Summary)
	tags := make([]string, len(a.Tags))
	for i, t := range a.Tags {
		tags[i] = sanitize.Line(t)
	}
	a.Tags = tags
	return &a
}

// SetFullText stores an article's extracted full text, or why extracting
// it failed (the feed's content stays either way). Search then finds the
// article by its full text too: it is indexed again.
func (s *Store) SetFullText(ctx context.Context, id int64, md, errText string) error {
	if errText != "" {
		_, err := s.exec(ctx, "UPDATE bodies SET full_error = ? WHERE article_id = ?", sanitize.Line(errText), id)
		return err
	}
	full := s.codec.pack(sanitize.Markdown(md))
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, "UPDATE bodies SET full = ?, full_error = '' WHERE article_id = ?", full, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	// The old entry goes last: an FTS5 table flushes its pending
	// index at every statement savepoint.
	for _, q := range []string{
		"INSERT OR IGNORE INTO fts_pending(sortkey) SELECT sortkey FROM articles WHERE id = ?",
		"DELETE FROM fts WHERE rowid = (SELECT sortkey FROM articles WHERE id = ?)",
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// SetMarkdown caches the Markdown conversion of an article's body.
func (s *Store) SetMarkdown(ctx context.Context, id int64, md string) error {
	_, err := s.exec(ctx, "UPDATE bodies SET markdown = ? WHERE article_id = ?", s.codec.pack(sanitize.Markdown(md)), id)
	return err
}

// Field is one piece of an article's state that the user changes: the
// store writes a field alone, never a record read earlier.
type Field string

const (
	FieldRead    Field = "read"
	FieldStarred Field = "starred"
)

func (f Field) valid() bool { return f == FieldRead || f == FieldStarred }

// SetRead marks articles read or unread and returns how many changed.
func (s *Store) SetRead(ctx context.Context, read bool, ids ...int64) (int, error) {
	return s.SetField(ctx, FieldRead, read, ids...)
}

// SetStarred stars or unstars articles and returns how many changed.
func (s *Store) SetStarred(ctx context.Context, starred bool, ids ...int64) (int, error) {
	return s.SetField(ctx, FieldStarred, starred, ids...)
}

// SetField sets one field of articles to a value: articles that already
// hold it are not written, and only a real change of a remote article is
// queued for sync. It returns how many articles changed.
func (s *Store) SetField(ctx context.Context, f Field, value bool, ids ...int64) (int, error) {
	return s.setField(ctx, f, value, ids, true)
}

// setField writes in short transactions of a thousand articles; strict
// makes an unknown article an error, else it is skipped.
func (s *Store) setField(ctx context.Context, f Field, value bool, ids []int64, strict bool) (int, error) {
	if !f.valid() {
		return 0, fmt.Errorf("unknown article field %q", f)
	}
	col := string(f)
	now := time.Now().UnixMilli()
	return s.inBatches(ctx, ids, 1000, func(tx *sql.Tx, part []int64) (int, error) {
		stmt, err := tx.PrepareContext(ctx, "UPDATE articles SET "+col+" = ?1 WHERE id = ?2 AND "+col+" <> ?1")
		if err != nil {
			return 0, err
		}
		defer stmt.Close()
		queue, err := prepareQueue(ctx, tx, f)
		if err != nil {
			return 0, err
		}
		defer queue.close()
		changed := 0
		for _, id := range part {
			res, err := stmt.ExecContext(ctx, value, id)
			if err != nil {
				return 0, err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				if !strict {
					continue
				}
				var exists int
				if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM articles WHERE id = ?", id).Scan(&exists); err != nil {
					return 0, err
				}
				if exists == 0 {
					return 0, fmt.Errorf("article %d: %w", id, ErrNotFound)
				}
				continue
			}
			changed++
			if err := queue.changed(ctx, id, value, now); err != nil {
				return 0, err
			}
		}
		return changed, nil
	})
}

// queueStmts record a local change of one field for the next sync.
type queueStmts struct{ upsert *sql.Stmt }

func prepareQueue(ctx context.Context, tx *sql.Tx, f Field) (*queueStmts, error) {
	// Only remote articles are queued. A change back to the server's value
	// stays queued too: its time still counts against a change made on the
	// server meanwhile (see ApplyServerState).
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO sync_queue(article_id, field, value, at)
		SELECT id, '`+string(f)+`', ?2, ?3 FROM articles WHERE id = ?1 AND remote_id IS NOT NULL
		ON CONFLICT(article_id, field) DO UPDATE SET value = excluded.value, at = excluded.at`)
	if err != nil {
		return nil, err
	}
	return &queueStmts{upsert: stmt}, nil
}

func (q *queueStmts) changed(ctx context.Context, id int64, value bool, at int64) error {
	_, err := q.upsert.ExecContext(ctx, id, value, at)
	return err
}

func (q *queueStmts) close() { q.upsert.Close() }

// Totals counts every article and the unread ones.
func (s *Store) Totals(ctx context.Context) (total, unread int, err error) {
	if err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM articles").Scan(&total); err != nil {
		return
	}
	err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM articles WHERE read = 0").Scan(&unread)
	return
}

// IndexPending adds the articles written since the last call to the
// full-text index, in batches, and returns how many it added.
func (s *Store) IndexPending(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := s.indexBatch(ctx, 2000)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

func (s *Store) indexBatch(ctx context.Context, limit int) (int, error) {
	var waiting int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM fts_pending LIMIT 1)").Scan(&waiting); err != nil || waiting == 0 {
		return 0, err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	// The bodies put in their lasting form take the newest dictionary,
	// though another byline trained it after this one opened the store.
	if err := s.codec.load(ctx, tx); err != nil {
		return 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT p.sortkey, coalesce(b.article_id, 0), coalesce(a.title, ''), coalesce(a.summary, ''), b.content, b.full
		FROM fts_pending p LEFT JOIN articles a ON a.sortkey = p.sortkey LEFT JOIN bodies b ON b.article_id = a.id
		ORDER BY p.sortkey LIMIT ?`, limit)
	if err != nil {
		return 0, err
	}
	type row struct {
		key, id              int64
		title, summary, text string
		content, full        any
		lasting              any // the content in its lasting form, when it was in the fast one
		err                  error
	}
	var batch []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.key, &r.id, &r.title, &r.summary, &r.content, &r.full); err != nil {
			rows.Close()
			return 0, err
		}
		batch = append(batch, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	// The text each body is indexed by, and the body in its lasting form
	// when a refresh wrote it in the fast one (see body.go), made on every
	// core at once; the index is then written by this one goroutine.
	parallel(len(batch), func(i int) {
		r := &batch[i]
		content, err := s.unpack(r.content)
		var full string
		if err == nil {
			full, err = s.unpack(r.full)
		}
		if err != nil {
			r.err = fmt.Errorf("index article %d: %w", r.key, err)
			return
		}
		if isFast(r.content) {
			r.lasting = s.codec.pack(content)
		}
		r.content, r.full = nil, nil
		text := articleText(content, full)
		// A summary taken from the start of the body is in the index
		// already, with the body.
		if strings.HasPrefix(text, strings.TrimSuffix(r.summary, "…")) {
			r.summary = ""
		}
		r.title, r.summary, r.text = indexText(r.title), indexText(r.summary), indexText(text)
	})
	for _, r := range batch {
		if r.err != nil {
			return 0, r.err
		}
	}
	ins, err := tx.PrepareContext(ctx, "INSERT INTO fts(rowid, title, summary, body) VALUES (?, ?, ?, ?)")
	if err != nil {
		return 0, err
	}
	defer ins.Close()
	for _, r := range batch {
		if _, err := ins.ExecContext(ctx, r.key, r.title, r.summary, r.text); err != nil {
			return 0, err
		}
	}
	// The body read above, in the same transaction: nothing changed it
	// since.
	var repack *sql.Stmt
	for _, r := range batch {
		if r.lasting == nil {
			continue
		}
		if repack == nil {
			if repack, err = tx.PrepareContext(ctx, "UPDATE bodies SET content = ? WHERE article_id = ?"); err != nil {
				return 0, err
			}
			defer repack.Close()
		}
		if _, err := repack.ExecContext(ctx, r.lasting, r.id); err != nil {
			return 0, err
		}
	}
	if len(batch) > 0 {
		last := batch[len(batch)-1].key
		if _, err := tx.ExecContext(ctx, "DELETE FROM fts_pending WHERE sortkey <= ?", last); err != nil {
			return 0, err
		}
	}
	return len(batch), tx.Commit()
}

// pendingBody is a body to write once the articles' rows are.
type pendingBody struct {
	id              int64
	format, content string
	packed          any
}

// parallel calls fn(0) to fn(n-1) on as many goroutines as there are
// cores (fewer for a few calls), and returns when all have returned.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n/8+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// packAll compresses the bodies not compressed yet, in the fast form (they
// take their lasting one when indexed), on as many goroutines as there are
// cores.
func packAll(bodies []pendingBody) {
	var todo []*pendingBody
	for i := range bodies {
		if bodies[i].packed == nil {
			todo = append(todo, &bodies[i])
		}
	}
	parallel(len(todo), func(i int) { todo[i].packed = packFast(todo[i].content) })
}
