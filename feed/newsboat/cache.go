package newsboat

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// MaxContent is the largest article content read from a cache; a larger
// one is left out (Item.Oversize says how large it was), so that one
// hostile item cannot take the import's memory.
const MaxContent = 8 << 20

// Cache is newsboat's cache.db, open read-only: nothing here writes to it,
// creates a journal beside it or takes a lock that would stop newsboat.
type Cache struct {
	db   *sql.DB
	path string
	// The columns of rss_item this version of newsboat's schema has.
	cols map[string]bool
	// feedCols are rss_feed's.
	feedCols map[string]bool
}

// CacheFeed is a feed newsboat keeps articles of.
type CacheFeed struct {
	URL     string // the feed's URL, as in the urls file
	SiteURL string
	Title   string
	Live    int // its items not deleted
}

// Item is one article of the cache. Strings are as newsboat stored them:
// the caller cleans them.
type Item struct {
	ID            int64
	GUID          string
	Title         string
	Author        string
	URL           string
	FeedURL       string
	Published     time.Time // zero when newsboat had no date
	Content       string    // HTML, as the feed sent it
	Oversize      int64     // the size of a content larger than MaxContent, left out
	Unread        bool
	EnclosureURL  string
	EnclosureType string
	Flags         string // newsboat's flags, one letter each
	Base          string // the URL relative links in Content resolve against
	// Deleted is an item the user deleted in newsboat; newsboat keeps it
	// so that the feed does not bring it back.
	Deleted bool
}

// required are the columns an import cannot do without; the others are
// read where this cache has them.
var required = []string{"guid", "title", "url", "feedurl"}

// OpenCache opens a newsboat cache read-only. A file that is not one, or
// whose schema lacks what an import needs, is an error of one sentence.
func OpenCache(path string) (*Cache, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	wal, err := checkRegularSQLite(abs)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Set("mode", "ro")
	if info, err := os.Stat(abs + "-wal"); wal && (err != nil || info.Size() == 0) {
		// A cache in WAL mode (newsboat's is not, but SQLite's tools can
		// make it so) with nothing in its log has all it holds in the file,
		// and nobody writing it: read it as immutable, or SQLite would
		// create the -wal and -shm files beside it, and leave them.
		q.Set("immutable", "1")
	}
	// A newsboat writing its cache holds the write lock only while it
	// commits; wait that long rather than fail.
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "query_only(1)")
	dsn := "file:" + (&url.URL{Path: abs}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	c := &Cache{db: db, path: abs}
	if err := c.readSchema(); err != nil {
		db.Close()
		return nil, err
	}
	return c, nil
}

// checkRegularSQLite refuses what is not a regular file starting as a
// SQLite database, before SQLite opens it (a FIFO would hang the open),
// and says whether the database is in WAL mode.
func checkRegularSQLite(path string) (wal bool, err error) {
	info, err := os.Stat(path)
	if err != nil {
		return false, err
	}
	if !info.Mode().IsRegular() {
		return false, fmt.Errorf("not a regular file")
	}
	f, err := os.OpenFile(path, os.O_RDONLY, 0)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, 20)
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head[:len(sqliteMagic)], sqliteMagic) {
		return false, fmt.Errorf("not a newsboat cache: not an SQLite database")
	}
	// The file format's write and read versions: 2 is WAL.
	return head[18] == 2 || head[19] == 2, nil
}

func (c *Cache) readSchema() error {
	var err error
	if c.cols, err = c.columns("rss_item"); err != nil {
		return err
	}
	if len(c.cols) == 0 {
		return fmt.Errorf("not a newsboat cache: it has no rss_item table")
	}
	for _, col := range required {
		if !c.cols[col] {
			return fmt.Errorf("a newsboat cache of a schema byline cannot read: rss_item has no %s column", col)
		}
	}
	c.feedCols, err = c.columns("rss_feed")
	return err
}

func (c *Cache) columns(table string) (map[string]bool, error) {
	rows, err := c.db.Query("SELECT name FROM pragma_table_info(?)", table)
	if err != nil {
		return nil, explain(err)
	}
	defer rows.Close()
	cols := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, explain(err)
		}
		cols[strings.ToLower(name)] = true
	}
	return cols, explain(rows.Err())
}

// explain says in one sentence what SQLite said of a broken or locked file.
func explain(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "not a database"), strings.Contains(msg, "malformed"), strings.Contains(msg, "corrupt"):
		return errors.New("the newsboat cache is damaged (SQLite cannot read it)")
	case strings.Contains(msg, "locked"), strings.Contains(msg, "busy"):
		return errors.New("newsboat is writing its cache; try again when it is done")
	}
	return err
}

// Close closes the cache.
func (c *Cache) Close() error { return c.db.Close() }

// col is a column of rss_item when the cache has it, else a default.
func (c *Cache) col(name, def string) string {
	if c.cols[name] {
		return name
	}
	return def
}

// Feeds lists the feeds the cache holds articles of, with the titles
// newsboat knows, in the order of their URLs.
func (c *Cache) Feeds(ctx context.Context) ([]CacheFeed, error) {
	title, site := "''", "''"
	if c.feedCols["title"] {
		title = "coalesce(f.title, '')"
	}
	if c.feedCols["url"] {
		site = "coalesce(f.url, '')"
	}
	items := "SELECT feedurl, sum(" + c.live() + ") AS live FROM rss_item GROUP BY feedurl"
	q := "SELECT i.feedurl, '', '', i.live FROM (" + items + ") i ORDER BY i.feedurl"
	if c.feedCols["rssurl"] {
		q = `SELECT i.feedurl, ` + site + `, ` + title + `, i.live FROM (` + items + `) i
			LEFT JOIN rss_feed f ON f.rssurl = i.feedurl ORDER BY i.feedurl`
	}
	rows, err := c.db.QueryContext(ctx, q)
	if err != nil {
		return nil, explain(err)
	}
	defer rows.Close()
	var out []CacheFeed
	for rows.Next() {
		var f CacheFeed
		var u, s, t sql.NullString
		if err := rows.Scan(&u, &s, &t, &f.Live); err != nil {
			return nil, explain(err)
		}
		f.URL, f.SiteURL, f.Title = u.String, s.String, t.String
		out = append(out, f)
	}
	return out, explain(rows.Err())
}

// live selects the items newsboat has not deleted.
func (c *Cache) live() string {
	if c.cols["deleted"] {
		return "coalesce(deleted, 0) = 0"
	}
	return "1"
}

// Count is how many items are not deleted.
func (c *Cache) Count(ctx context.Context) (int, error) {
	var n int
	err := c.db.QueryRowContext(ctx, "SELECT count(*) FROM rss_item WHERE "+c.live()).Scan(&n)
	return n, explain(err)
}

// pageBytes bounds the content one page of items holds.
const pageBytes = 32 << 20

// Items reads a page of a feed's items, deleted ones included (marked), in
// the order newsboat stored them, starting after the item with ID after (0: from
// the first): at most limit items, fewer when their content passes 32 MB.
// No lock on the cache is held between pages, so a running newsboat can
// write to it meanwhile. An empty page is the end.
func (c *Cache) Items(ctx context.Context, feedURL string, after int64, limit int) ([]Item, error) {
	// A deleted item's content is not needed, only its identity.
	content := fmt.Sprintf("CASE WHEN NOT ("+c.live()+") THEN '' WHEN length(CAST(content AS BLOB)) > %d THEN '' ELSE content END, CASE WHEN length(CAST(content AS BLOB)) > %d THEN length(CAST(content AS BLOB)) ELSE 0 END", MaxContent, MaxContent)
	if !c.cols["content"] {
		content = "'', 0"
	}
	id := "rowid"
	if c.cols["id"] {
		id = "id"
	}
	// Lines longer than any real title, author or link are cut, so a
	// hostile cache cannot pass megabytes through them.
	cut := func(col string) string { return "substr(" + col + ", 1, 65536)" }
	q := "SELECT " + strings.Join([]string{id, "guid", cut("title"), cut(c.col("author", "''")), cut("url"), "feedurl",
		c.col("pubdate", "0"), content, c.col("unread", "1"), cut(c.col("enclosure_url", "''")), cut(c.col("enclosure_type", "''")),
		cut(c.col("flags", "''")), cut(c.col("base", "''")), "NOT (" + c.live() + ")"}, ", ") +
		" FROM rss_item WHERE feedurl = ? AND " + id + " > ? ORDER BY " + id + " LIMIT ?"
	rows, err := c.db.QueryContext(ctx, q, feedURL, after, limit)
	if err != nil {
		return nil, explain(err)
	}
	defer rows.Close()
	var out []Item
	size := 0
	for rows.Next() && size < pageBytes {
		var it Item
		var guid, title, author, link, feed, body, encURL, encType, flags, base sql.NullString
		var pub, unread sql.NullInt64
		if err := rows.Scan(&it.ID, &guid, &title, &author, &link, &feed, &pub, &body, &it.Oversize, &unread, &encURL, &encType, &flags, &base, &it.Deleted); err != nil {
			return nil, explain(err)
		}
		it.GUID, it.Title, it.Author, it.URL, it.FeedURL = guid.String, title.String, author.String, link.String, feed.String
		it.Content, it.EnclosureURL, it.EnclosureType, it.Flags, it.Base = body.String, encURL.String, encType.String, flags.String, base.String
		if pub.Int64 > 0 {
			it.Published = time.Unix(pub.Int64, 0)
		}
		it.Unread = !unread.Valid || unread.Int64 != 0
		size += len(it.Content) + len(it.Title)
		out = append(out, it)
	}
	return out, explain(rows.Err())
}
