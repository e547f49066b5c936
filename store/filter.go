package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/byline/byline/store/query"
	"modernc.org/sqlite"
)

func init() {
	// byline_contains(haystack, needle): case-insensitive (Unicode) substring
	// test; the needle comes folded already.
	sqlite.MustRegisterDeterministicScalarFunction("byline_contains", 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		h, _ := args[0].(string)
		n, _ := args[1].(string)
		if strings.Contains(strings.ToLower(h), n) {
			return int64(1), nil
		}
		return int64(0), nil
	})
}

// Order is the order articles are listed in.
type Order int

const (
	NewestFirst Order = iota
	OldestFirst
	// BySource lists by source title, newest first within a source; it
	// pages by Skip, not by cursor.
	BySource
)

// Orders are every order, in the order a key cycles through them.
var Orders = []Order{NewestFirst, OldestFirst, BySource}

func (o Order) String() string {
	switch o {
	case OldestFirst:
		return "oldest"
	case BySource:
		return "source"
	}
	return "newest"
}

// ParseOrder reads an order's name (as String writes it); "" is newest.
func ParseOrder(s string) (Order, error) {
	for _, o := range Orders {
		if s == o.String() {
			return o, nil
		}
	}
	if s == "" {
		return NewestFirst, nil
	}
	return NewestFirst, fmt.Errorf("unknown sort order %q (newest, oldest or source)", s)
}

// ListQuery selects a page of articles.
type ListQuery struct {
	Filter query.Filter
	Order  Order
	// After continues from an article's Cursor; 0 starts at the first.
	// Before, instead, lists the page that ends just before an article's
	// Cursor (still in Order). BySource ignores both and pages by Skip.
	After  int64
	Before int64
	// Tail lists the last Limit articles of the listing instead of the
	// first, still in Order: the end of a long list without paging
	// through it.
	Tail bool
	// Skip is how many articles earlier pages listed, so a #N in the filter
	// bounds the whole listing.
	Skip  int
	Limit int
	// Now resolves relative ages; time.Now when zero.
	Now time.Time
}

// plan is a filter compiled to SQL: the table that drives the scan, the
// column that orders it, and the conditions.
type plan struct {
	from     string // tables, with {src} where the sources join goes
	fromArgs []any
	key      string // the sortkey column of the driving table
	where    []string
	args     []any
	limit    int  // #N, 0 for none
	empty    bool // nothing can match
}

const ftsTermLimit = 64

// ftsExpression turns full-text terms into an FTS5 query: every term
// quoted (so user text is never FTS syntax), prefixes starred, all ANDed.
func ftsExpression(terms []query.Term) string {
	parts := make([]string, 0, len(terms))
	for _, t := range terms {
		text, prefix := t.Text, t.Prefix
		if tokens, last, ok := cjkTerm(text); ok {
			// As the index holds it (see indexText): a part of a run of
			// Chinese, Japanese or Korean letters is found too.
			text, prefix = strings.Join(tokens, " "), prefix || last
		}
		q := `"` + strings.ReplaceAll(text, `"`, `""`) + `"`
		if prefix {
			q += "*"
		}
		parts = append(parts, q)
	}
	return strings.Join(parts, " AND ")
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func (s *Store) compile(ctx context.Context, f query.Filter, now time.Time) (plan, error) {
	if now.IsZero() {
		now = time.Now()
	}
	var p plan
	var text []query.Term
	var cond []string
	var args []any
	bestTag, bestCount := "", -1
	starredWanted, unreadWanted := false, false
	for _, t := range f.Terms {
		switch t.Kind {
		case query.KindTag:
			var ors []string
			var real []string
			for _, tag := range t.Tags {
				switch tag {
				case "unread":
					ors = append(ors, "a.read = 0")
				case "starred":
					ors = append(ors, "a.starred = 1")
				default:
					real = append(real, tag)
				}
			}
			if len(real) > 0 {
				ors = append(ors, "EXISTS (SELECT 1 FROM article_tags t WHERE t.tag IN ("+placeholders(len(real))+
					") AND t.sortkey = {key})")
			}
			c := strings.Join(ors, " OR ")
			if len(ors) > 1 {
				c = "(" + c + ")"
			}
			if t.Neg {
				c = "NOT " + c
			}
			cond = append(cond, c)
			for _, r := range real {
				args = append(args, r)
			}
			if !t.Neg && len(t.Tags) == 1 {
				switch tag := t.Tags[0]; tag {
				case "unread":
					unreadWanted = true
				case "starred":
					starredWanted = true
				default:
					n, err := s.tagCount(ctx, tag)
					if err != nil {
						return p, err
					}
					if bestCount < 0 || n < bestCount {
						bestTag, bestCount = tag, n
					}
				}
			}
		case query.KindAge:
			lo := t.From.Time(now)
			var hi time.Time
			if t.To != nil {
				hi = t.To.Time(now)
				if t.To.IsDate() {
					hi = hi.AddDate(0, 0, 1) // through the end of that day
				}
				if hi.Before(lo) {
					lo, hi = hi, lo
					if t.From.IsDate() {
						hi = t.From.Time(now).AddDate(0, 0, 1)
					}
				}
			}
			cond = append(cond, "{key} >= ?")
			args = append(args, sortKey(lo.Unix(), 0))
			if t.To != nil {
				cond = append(cond, "{key} < ?")
				args = append(args, sortKey(hi.Unix(), 0))
			}
		case query.KindSource:
			ids, err := s.sourcesMatching(ctx, t.Text)
			if err != nil {
				return p, err
			}
			switch {
			case len(ids) == 0 && !t.Neg:
				p.empty = true
			case len(ids) > 0:
				c, a := idList("a.source_id", ids)
				if t.Neg {
					c = "NOT " + c
				}
				cond = append(cond, c)
				args = append(args, a...)
			}
		case query.KindTitle:
			cond = append(cond, "NOT byline_contains(a.title, ?)")
			args = append(args, strings.ToLower(t.Text))
		case query.KindLimit:
			if p.limit == 0 || t.Limit < p.limit {
				p.limit = t.Limit
			}
		case query.KindText:
			if len(text) < ftsTermLimit {
				text = append(text, t)
			}
		}
	}

	hasText := len(text) > 0
	// Pick what drives the scan: every plan reads articles newest first and
	// stops at the page size, so the driver should be the smallest ordered
	// set every result belongs to.
	starred := -1
	if starredWanted {
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM articles WHERE starred = 1").Scan(&starred); err != nil {
			return p, err
		}
	}
	const selective = 5000
	switch {
	case starredWanted && (bestCount < 0 || starred <= bestCount) && (len(text) == 0 || starred < selective):
		p.from, p.key = "articles a INDEXED BY articles_starred{src}", "a.sortkey"
	case bestCount >= 0 && (len(text) == 0 || bestCount < selective):
		p.from, p.key = "article_tags d CROSS JOIN articles a ON a.id = d.article_id{src}", "d.sortkey"
		p.fromArgs = nil
		cond = append([]string{"d.tag = ?"}, cond...)
		args = append([]any{bestTag}, args...)
	case len(text) > 0:
		p.from, p.key = "fts CROSS JOIN articles a ON a.sortkey = fts.rowid{src}", "fts.rowid"
		cond = append([]string{"fts MATCH ?"}, cond...)
		args = append([]any{ftsExpression(text)}, args...)
		text = nil
	case unreadWanted:
		p.from, p.key = "articles a INDEXED BY articles_unread{src}", "a.sortkey"
	default:
		p.from, p.key = "articles a{src}", "a.sortkey"
	}
	if hasText {
		// Never answer from a stale index.
		if _, err := s.IndexPending(ctx); err != nil {
			return p, fmt.Errorf("full-text index: %w", err)
		}
	}
	if len(text) > 0 {
		cond = append(cond, "a.sortkey IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
		args = append(args, ftsExpression(text))
	}
	for i, c := range cond {
		cond[i] = strings.ReplaceAll(c, "{key}", p.key)
	}
	p.where, p.args = cond, args
	return p, nil
}

func (s *Store) tagCount(ctx context.Context, tag string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT coalesce((SELECT total FROM tag_counts WHERE tag = ?), 0)", tag).Scan(&n)
	return n, err
}

// sourcesMatching returns the IDs of sources whose title or location
// contains text, case-insensitively.
func (s *Store) sourcesMatching(ctx context.Context, text string) ([]int64, error) {
	// The title the user sees: theirs when they gave one, not the feed's
	// hidden behind it.
	return queryList[int64](ctx, s.db, `SELECT id FROM sources
		WHERE byline_contains(CASE WHEN user_title <> '' THEN user_title ELSE title END || ' ' || location, ?)`, strings.ToLower(text))
}

func (p plan) sql(columns string, withSources bool, extra []string) (string, []any) {
	src := ""
	if withSources {
		src = " JOIN sources s ON s.id = a.source_id"
	}
	q := "SELECT " + columns + " FROM " + strings.ReplaceAll(p.from, "{src}", src)
	where := append(append([]string{}, p.where...), extra...)
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return q, append(append([]any{}, p.fromArgs...), p.args...)
}

// Articles lists the articles a filter selects, newest first.
func (s *Store) Articles(ctx context.Context, lq ListQuery) ([]ArticleSummary, error) {
	p, err := s.compile(ctx, lq.Filter, lq.Now)
	if err != nil {
		return nil, err
	}
	limit := lq.Limit
	if p.limit > 0 {
		left := p.limit - lq.Skip
		if left <= 0 {
			return nil, nil
		}
		if limit <= 0 || left < limit {
			limit = left
		}
	}
	if p.empty {
		return nil, nil
	}
	var extra []string
	var extraArgs []any
	// Newest first reads the key descending; each other case flips it. A
	// page that ends before a cursor, or the tail, is read backwards from
	// its end and turned round below.
	desc := lq.Order != OldestFirst
	backwards := lq.Tail || (lq.Before != 0 && lq.Order != BySource)
	if backwards {
		desc = !desc
	}
	if lq.Order != BySource {
		switch {
		case lq.Before != 0 && lq.Order == OldestFirst, lq.After != 0 && lq.Order != OldestFirst:
			if lq.Before != 0 {
				extra, extraArgs = append(extra, p.key+" < ?"), append(extraArgs, lq.Before)
			} else {
				extra, extraArgs = append(extra, p.key+" < ?"), append(extraArgs, lq.After)
			}
		case lq.Before != 0, lq.After != 0:
			c := lq.After
			if lq.Before != 0 {
				c = lq.Before
			}
			extra, extraArgs = append(extra, p.key+" > ?"), append(extraArgs, c)
		}
	}
	dir := " DESC"
	if !desc {
		dir = " ASC"
	}
	q, args := p.sql(summaryColumns, true, extra)
	args = append(args, extraArgs...)
	if lq.Order == BySource {
		sdir := " ASC"
		if backwards {
			sdir = " DESC"
		}
		q += " ORDER BY coalesce(nullif(s.user_title, ''), s.title) COLLATE NOCASE" + sdir + ", a.source_id" + sdir + ", " + p.key + dir
	} else {
		q += " ORDER BY " + p.key + dir
	}
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	if lq.Order == BySource && lq.Skip > 0 && !lq.Tail {
		if limit <= 0 {
			q += " LIMIT -1"
		}
		q += fmt.Sprintf(" OFFSET %d", lq.Skip)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
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
	if backwards {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out, rows.Err()
}

// Count returns how many articles a filter selects, and how many of those
// are unread.
func (s *Store) Count(ctx context.Context, f query.Filter, now time.Time) (total, unread int, err error) {
	p, err := s.compile(ctx, f, now)
	if err != nil || p.empty {
		return 0, 0, err
	}
	q, args := p.sql("a.read", false, nil)
	if p.limit > 0 {
		q += " ORDER BY " + p.key + fmt.Sprintf(" DESC LIMIT %d", p.limit)
	}
	err = s.db.QueryRowContext(ctx, "SELECT count(*), coalesce(sum(read = 0), 0) FROM ("+q+")", args...).Scan(&total, &unread)
	return total, unread, err
}

// ArticleIDs returns the IDs of every article a filter selects.
func (s *Store) ArticleIDs(ctx context.Context, f query.Filter, now time.Time) ([]int64, error) {
	p, err := s.compile(ctx, f, now)
	if err != nil || p.empty {
		return nil, err
	}
	q, args := p.sql("a.id", false, nil)
	q += " ORDER BY " + p.key + " DESC"
	if p.limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", p.limit)
	}
	return queryList[int64](ctx, s.db, q, args...)
}

// MarkFiltered marks every article a filter selects read (or unread) and
// returns how many changed.
func (s *Store) MarkFiltered(ctx context.Context, f query.Filter, read bool, now time.Time) (int, error) {
	p, err := s.compile(ctx, f, now)
	if err != nil || p.empty {
		return 0, err
	}
	q, args := p.sql("a.id", false, nil)
	if p.limit > 0 {
		q += " ORDER BY " + p.key + fmt.Sprintf(" DESC LIMIT %d", p.limit)
	}
	// Read first, then written in short transactions (see write.go); an
	// article gone meanwhile is skipped.
	ids, err := queryList[int64](ctx, s.db, "SELECT id FROM articles WHERE read <> ? AND id IN ("+q+")", append([]any{read}, args...)...)
	if err != nil {
		return 0, err
	}
	return s.setField(ctx, FieldRead, read, ids, false)
}
