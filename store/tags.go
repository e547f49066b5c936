package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/byline/byline/store/query"
)

// NormalizeTag folds a tag to its stored form: trimmed, lower case, inner
// white space as "-".
func NormalizeTag(t string) string { return query.NormalizeTag(t) }

// SplitTags reads tags as a user writes them: each word may be a
// comma-separated list ("go,rust"); each tag is normalised, and empty and
// repeated ones dropped. Every store call that takes tags reads them so;
// SplitTags is for a caller that needs the list itself.
func SplitTags(words ...string) []string { return normalizeTags(words) }

// normalizeTags returns the distinct non-empty normalised tags, in order.
// A comma separates tags ("Botany, Evolution" is two): feeds list several
// categories in one element, and the filter language reads +a,b as two
// tags, so a tag holding a comma could never be filtered on.
func normalizeTags(tags []string) []string {
	out := make([]string, 0, min(len(tags), maxItemTags))
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		for _, part := range strings.Split(t, ",") {
			if len(out) == maxItemTags {
				return out // a source that tags an item thousands of times is noise
			}
			n := NormalizeTag(part)
			if n != "" && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// maxItemTags is the most tags an article keeps from its source.
const maxItemTags = 64

// PseudoTags behave as tags in filters but are article state.
var PseudoTags = []string{"unread", "starred"}

func isPseudoTag(t string) bool { return t == "unread" || t == "starred" }

// tagEdits are additions and removals, stored as "+a -b".
type tagEdits struct{ add, remove []string }

func parseEdits(s string) tagEdits {
	var e tagEdits
	for _, f := range strings.Fields(s) {
		switch f[0] {
		case '+':
			e.add = append(e.add, f[1:])
		case '-':
			e.remove = append(e.remove, f[1:])
		}
	}
	return e
}

func (e tagEdits) String() string {
	var parts []string
	for _, t := range e.add {
		parts = append(parts, "+"+t)
	}
	for _, t := range e.remove {
		parts = append(parts, "-"+t)
	}
	return strings.Join(parts, " ")
}

// apply adds then removes, later edits winning over earlier ones for the
// same tag.
func (e tagEdits) merge(add, remove []string) tagEdits {
	set := map[string]bool{}
	for _, t := range e.add {
		set[t] = true
	}
	unset := map[string]bool{}
	for _, t := range e.remove {
		unset[t] = true
	}
	for _, t := range normalizeTags(add) {
		set[t], unset[t] = true, false
	}
	for _, t := range normalizeTags(remove) {
		unset[t], set[t] = true, false
	}
	var out tagEdits
	for t, on := range set {
		if on {
			out.add = append(out.add, t)
		}
	}
	for t, on := range unset {
		if on {
			out.remove = append(out.remove, t)
		}
	}
	sort.Strings(out.add)
	sort.Strings(out.remove)
	return out
}

// effectiveTags is an article's tag set: item and source tags, then the
// rules' edits, then the user's, which win. Sorted.
func effectiveTags(item, source []string, rule, user tagEdits) []string {
	set := map[string]bool{}
	for _, t := range item {
		set[t] = true
	}
	for _, t := range source {
		set[t] = true
	}
	for _, e := range []tagEdits{rule, user} {
		for _, t := range e.add {
			set[t] = true
		}
		for _, t := range e.remove {
			delete(set, t)
		}
	}
	for _, p := range PseudoTags {
		delete(set, p) // state, not tags
	}
	out := make([]string, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// TagRule adds or removes tags on articles whose field matches a regular
// expression, when they first arrive (and on Retag).
type TagRule struct {
	// Field is "title", "link" or "source" (the source's title or URL).
	Field   string
	Pattern *regexp.Regexp
	Add     []string
	Remove  []string
}

// SetTagRules sets the auto-tag rules applied to new articles.
func (s *Store) SetTagRules(rules []TagRule) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules = rules
}

func (s *Store) tagRules() []TagRule {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rules
}

func applyRules(rules []TagRule, title, link, sourceTitle, sourceLocation string) tagEdits {
	var e tagEdits
	for _, r := range rules {
		var hit bool
		switch r.Field {
		case "title":
			hit = r.Pattern.MatchString(title)
		case "link":
			hit = r.Pattern.MatchString(link)
		case "source":
			hit = r.Pattern.MatchString(sourceTitle) || r.Pattern.MatchString(sourceLocation)
		}
		if hit {
			e = e.merge(r.Add, r.Remove)
		}
	}
	return e
}

// setArticleTagsWith makes article_tags hold exactly tags for an
// article, at sortkey newKey, given the tags it held (at oldKey), with add
// and del prepared.
func setArticleTagsWith(ctx context.Context, add, del *sql.Stmt, id, oldKey, newKey int64, old, tags []string) error {
	return changeArticleTags(ctx, del, id, oldKey, newKey, old, tags, func(t string) error {
		_, err := add.ExecContext(ctx, t, newKey, id)
		return err
	})
}

// changeArticleTags removes the tags of old that tags no longer has (all
// of them when the article's sort key changed, as the rows hold it) and
// calls add for each tag to write.
func changeArticleTags(ctx context.Context, del *sql.Stmt, id, oldKey, newKey int64, old, tags []string, add func(tag string) error) error {
	have := map[string]bool{}
	for _, t := range old {
		have[t] = true
	}
	want := map[string]bool{}
	for _, t := range tags {
		want[t] = true
	}
	for _, t := range old {
		if !want[t] || oldKey != newKey {
			if _, err := del.ExecContext(ctx, t, oldKey, id); err != nil {
				return err
			}
		}
	}
	for _, t := range tags {
		if !have[t] || oldKey != newKey {
			if err := add(t); err != nil {
				return err
			}
		}
	}
	return nil
}

func currentTags(ctx context.Context, tx *sql.Tx, id int64) ([]string, error) {
	return queryList[string](ctx, tx, "SELECT tag FROM article_tags WHERE article_id = ?", id)
}

func sourceTags(ctx context.Context, tx *sql.Tx, sourceID int64) ([]string, error) {
	return queryList[string](ctx, tx, "SELECT tag FROM source_tags WHERE source_id = ? ORDER BY tag", sourceID)
}

// queryer is a *sql.DB or a *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// stmtQueryer runs a prepared statement as a queryer (its query is the
// statement's).
type stmtQueryer struct{ *sql.Stmt }

func (q stmtQueryer) QueryContext(ctx context.Context, _ string, args ...any) (*sql.Rows, error) {
	return q.Stmt.QueryContext(ctx, args...)
}

// queryList runs a one-column query and collects the column.
func queryList[T any](ctx context.Context, q queryer, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	return scanList[T](rows, err)
}

// queryStmtList is queryList with a prepared statement.
func queryStmtList[T any](ctx context.Context, st *sql.Stmt, args ...any) ([]T, error) {
	rows, err := st.QueryContext(ctx, args...)
	return scanList[T](rows, err)
}

// scanList collects the one column of rows.
func scanList[T any](rows *sql.Rows, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// retagArticles recomputes the effective tags of the articles that where
// selects (a WHERE clause on articles a), optionally recomputing rule tags
// and applying user edits first. It returns how many articles' tags
// changed.
func (s *Store) retagArticles(ctx context.Context, tx *sql.Tx, where string, args []any, rules []TagRule, recomputeRules bool, userAdd, userRemove []string) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a.id, a.sortkey, a.source_id, a.title, a.link, a.item_tags, a.rule_tags, a.user_tags,
		s.title, s.user_title, s.location FROM articles a JOIN sources s ON s.id = a.source_id WHERE `+where, args...)
	if err != nil {
		return 0, err
	}
	type row struct {
		id, key, source             int64
		title, link, item, rule, us string
		stitle, suser, sloc         string
	}
	var list []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.key, &r.source, &r.title, &r.link, &r.item, &r.rule, &r.us, &r.stitle, &r.suser, &r.sloc); err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(list) == 0 {
		return 0, nil
	}
	// Prepared once for all the articles: preparing them an article took
	// most of an import's time.
	var update, current, add, del *sql.Stmt
	for _, p := range []struct {
		stmt **sql.Stmt
		q    string
	}{
		{&update, "UPDATE articles SET rule_tags = ?, user_tags = ? WHERE id = ?"},
		{&current, "SELECT tag FROM article_tags WHERE article_id = ?"},
		{&add, "INSERT OR IGNORE INTO article_tags(tag, sortkey, article_id) VALUES (?, ?, ?)"},
		{&del, "DELETE FROM article_tags WHERE tag = ? AND sortkey = ? AND article_id = ?"},
	} {
		if *p.stmt, err = tx.PrepareContext(ctx, p.q); err != nil {
			return 0, err
		}
		defer (*p.stmt).Close()
	}
	srcTags := map[int64][]string{}
	changed := 0
	for _, r := range list {
		st, ok := srcTags[r.source]
		if !ok {
			if st, err = sourceTags(ctx, tx, r.source); err != nil {
				return 0, err
			}
			srcTags[r.source] = st
		}
		rule := parseEdits(r.rule)
		if recomputeRules {
			stitle := r.suser
			if stitle == "" {
				stitle = r.stitle
			}
			rule = applyRules(rules, r.title, r.link, stitle, r.sloc)
		}
		user := parseEdits(r.us)
		if len(userAdd) > 0 || len(userRemove) > 0 {
			user = user.merge(userAdd, userRemove)
		}
		if rule.String() != r.rule || user.String() != r.us {
			if _, err := update.ExecContext(ctx, rule.String(), user.String(), r.id); err != nil {
				return 0, err
			}
		}
		old, err := queryList[string](ctx, stmtQueryer{current}, "", r.id)
		if err != nil {
			return 0, err
		}
		tags := effectiveTags(strings.Fields(r.item), st, rule, user)
		if strings.Join(sortedCopy(old), " ") != strings.Join(tags, " ") {
			if err := setArticleTagsWith(ctx, add, del, r.id, r.key, r.key, old, tags); err != nil {
				return 0, err
			}
			changed++
		}
	}
	return changed, nil
}

func sortedCopy(xs []string) []string {
	out := append([]string(nil), xs...)
	sort.Strings(out)
	return out
}

// EditTags adds and removes user tags on articles; it returns how many
// articles' tags changed.
func (s *Store) EditTags(ctx context.Context, ids []int64, add, remove []string) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	for _, t := range append(append([]string{}, add...), remove...) {
		if isPseudoTag(NormalizeTag(t)) {
			return 0, fmt.Errorf("%q is not a tag but article state; mark articles read or starred instead", t)
		}
	}
	// In short transactions (see write.go).
	return s.inBatches(ctx, ids, 500, func(tx *sql.Tx, part []int64) (int, error) {
		where, args := idList("a.id", part)
		return s.retagArticles(ctx, tx, where, args, nil, false, add, remove)
	})
}

func idList(col string, ids []int64) (string, []any) {
	ph := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		ph[i], args[i] = "?", id
	}
	return col + " IN (" + strings.Join(ph, ",") + ")", args
}

// Retag applies the auto-tag rules to every stored article again; it
// returns how many articles' tags changed.
func (s *Store) Retag(ctx context.Context) (int, error) {
	ids, err := queryList[int64](ctx, s.db, "SELECT id FROM articles")
	if err != nil {
		return 0, err
	}
	rules := s.tagRules()
	return s.inBatches(ctx, ids, 500, func(tx *sql.Tx, part []int64) (int, error) {
		where, args := idList("a.id", part)
		return s.retagArticles(ctx, tx, where, args, rules, true, nil, nil)
	})
}

// SetSourceTags replaces a source's tags and updates its articles.
func (s *Store) SetSourceTags(ctx context.Context, sourceID int64, tags []string) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM source_tags WHERE source_id = ?", sourceID); err != nil {
		return err
	}
	for _, t := range normalizeTags(tags) {
		if isPseudoTag(t) {
			continue
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO source_tags(source_id, tag) VALUES (?, ?)", sourceID, t); err != nil {
			return err
		}
	}
	if _, err := s.retagArticles(ctx, tx.Tx, "a.source_id = ?", []any{sourceID}, nil, false, nil, nil); err != nil {
		return err
	}
	return tx.Commit()
}

// TagCount is a tag with how many articles carry it.
type TagCount struct {
	Tag    string
	Total  int
	Unread int
}

// TagCounts lists every tag with its counts, most used first; the
// pseudo-tags unread and starred come first.
func (s *Store) TagCounts(ctx context.Context) ([]TagCount, error) {
	var unread, starred, starredUnread int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM articles WHERE read = 0").Scan(&unread); err != nil {
		return nil, err
	}
	if err := s.db.QueryRowContext(ctx, "SELECT count(*), coalesce(sum(read = 0), 0) FROM articles WHERE starred = 1").Scan(&starred, &starredUnread); err != nil {
		return nil, err
	}
	out := []TagCount{{"unread", unread, unread}, {"starred", starred, starredUnread}}
	rows, err := s.db.QueryContext(ctx, "SELECT tag, total, unread FROM tag_counts ORDER BY total DESC, tag")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c TagCount
		if err := rows.Scan(&c.Tag, &c.Total, &c.Unread); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TagCountsIn counts, for every tag, the articles a filter selects that
// have it (and the unread among them), the pseudo-tags unread and starred
// included: the tag pane shows these beside the totals.
func (s *Store) TagCountsIn(ctx context.Context, f query.Filter, now time.Time) (map[string]TagCount, error) {
	p, err := s.compile(ctx, f, now)
	if err != nil || p.empty {
		return map[string]TagCount{}, err
	}
	sub, args := p.sql("a.id, a.sortkey, a.read, a.starred", false, nil)
	if p.limit > 0 {
		sub += " ORDER BY " + p.key + fmt.Sprintf(" DESC LIMIT %d", p.limit)
	}
	out := map[string]TagCount{}
	var all, unread, starred, starredUnread int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*), coalesce(sum(read = 0), 0), coalesce(sum(starred), 0), coalesce(sum(starred AND read = 0), 0) FROM ("+sub+")", args...).
		Scan(&all, &unread, &starred, &starredUnread); err != nil {
		return nil, err
	}
	out["unread"] = TagCount{"unread", unread, unread}
	out["starred"] = TagCount{"starred", starred, starredUnread}
	rows, err := s.db.QueryContext(ctx, "SELECT t.tag, count(*), coalesce(sum(v.read = 0), 0) FROM ("+sub+") v JOIN article_tags t ON t.sortkey = v.sortkey AND t.article_id = v.id GROUP BY t.tag", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c TagCount
		if err := rows.Scan(&c.Tag, &c.Total, &c.Unread); err != nil {
			return nil, err
		}
		out[c.Tag] = c
	}
	return out, rows.Err()
}
