// Package newsboattest writes newsboat caches for tests and benchmarks,
// with the schema newsboat 2.21 creates (read from a cache that
// 'newsboat -x reload' made), so that the default test run needs no
// newsboat.
package newsboattest

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Schema is newsboat 2.21's, as '.schema' prints it from a real cache
// (sqlite_sequence and sqlite_stat1 are SQLite's own).
const Schema = `
CREATE TABLE rss_feed (  rssurl VARCHAR(1024) PRIMARY KEY NOT NULL,  url VARCHAR(1024) NOT NULL,  title VARCHAR(1024) NOT NULL , lastmodified INTEGER(11) NOT NULL DEFAULT 0, is_rtl INTEGER(1) NOT NULL DEFAULT 0, etag VARCHAR(128) NOT NULL DEFAULT "");
CREATE TABLE rss_item (  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,  guid VARCHAR(64) NOT NULL,  title VARCHAR(1024) NOT NULL,  author VARCHAR(1024) NOT NULL,  url VARCHAR(1024) NOT NULL,  feedurl VARCHAR(1024) NOT NULL,  pubDate INTEGER NOT NULL,  content VARCHAR(65535) NOT NULL, unread INTEGER(1) NOT NULL , enclosure_url VARCHAR(1024), enclosure_type VARCHAR(1024), enqueued INTEGER(1) NOT NULL DEFAULT 0, flags VARCHAR(52), deleted INTEGER(1) NOT NULL DEFAULT 0, base VARCHAR(128) NOT NULL DEFAULT "");
CREATE TABLE google_replay (  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,  guid VARCHAR(64) NOT NULL,  state INTEGER NOT NULL,  ts INTEGER NOT NULL );
CREATE INDEX idx_rssurl ON rss_feed(rssurl);
CREATE INDEX idx_guid ON rss_item(guid);
CREATE INDEX idx_feedurl ON rss_item(feedurl);
CREATE INDEX idx_lastmodified ON rss_feed(lastmodified);
CREATE INDEX idx_deleted ON rss_item(deleted);
CREATE TABLE metadata (  db_schema_version_major INTEGER NOT NULL,  db_schema_version_minor INTEGER NOT NULL );
INSERT INTO metadata VALUES (2, 11);
`

// Feed is a row of rss_feed.
type Feed struct {
	URL, SiteURL, Title string
}

// Item is a row of rss_item.
type Item struct {
	GUID, Title, Author, URL, FeedURL string
	PubDate                           time.Time
	Content                           string
	Unread                            bool
	EnclosureURL, EnclosureType       string
	Flags                             string
	Deleted                           bool
}

// Open opens (creating) a cache for writing, journal_mode delete as
// newsboat leaves it.
func Open(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(delete)")
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

// Write creates a cache at path holding feeds and items, with schema
// (Schema when empty).
func Write(tb testing.TB, path, schema string, feeds []Feed, items []Item) {
	tb.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	db := Open(tb, path)
	defer db.Close()
	if schema == "" {
		schema = Schema
	}
	if _, err := db.Exec(schema); err != nil {
		tb.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range feeds {
		if _, err := tx.Exec("INSERT INTO rss_feed(rssurl, url, title) VALUES (?, ?, ?)", f.URL, f.SiteURL, f.Title); err != nil {
			tb.Fatal(err)
		}
	}
	cols, err := columns(tx)
	if err != nil {
		tb.Fatal(err)
	}
	for _, it := range items {
		vals := map[string]any{"guid": it.GUID, "title": it.Title, "author": it.Author, "url": it.URL, "feedurl": it.FeedURL,
			"pubdate": it.PubDate.Unix(), "content": it.Content, "unread": it.Unread, "enclosure_url": it.EnclosureURL,
			"enclosure_type": it.EnclosureType, "flags": it.Flags, "deleted": it.Deleted}
		var names, marks []string
		var args []any
		for name, v := range vals {
			if cols[name] {
				names, marks, args = append(names, name), append(marks, "?"), append(args, v)
			}
		}
		q := fmt.Sprintf("INSERT INTO rss_item(%s) VALUES (%s)", strings.Join(names, ", "), strings.Join(marks, ", "))
		if _, err := tx.Exec(q, args...); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

func columns(tx *sql.Tx) (map[string]bool, error) {
	rows, err := tx.Query("SELECT lower(name) FROM pragma_table_info('rss_item')")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		cols[n] = true
	}
	return cols, rows.Err()
}

// Generate writes a cache of n items over feeds feeds, a third of them
// read, one in ten flagged, one in a hundred deleted, with bodies of
// about bodyBytes.
func Generate(tb testing.TB, path string, n, feeds, bodyBytes int) {
	tb.Helper()
	var fs []Feed
	for f := range feeds {
		fs = append(fs, Feed{URL: fmt.Sprintf("https://feed%d.example/rss", f), SiteURL: fmt.Sprintf("https://feed%d.example/", f), Title: fmt.Sprintf("Feed %d", f)})
	}
	body := "<p>" + strings.Repeat("Some words of an article, with <b>markup</b>. ", max(1, bodyBytes/48)) + "</p>"
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	items := make([]Item, n)
	for i := range n {
		f := i % feeds
		it := Item{GUID: fmt.Sprintf("https://feed%d.example/%d", f, i), Title: fmt.Sprintf("Article %d of feed %d", i, f),
			Author: "Writer", URL: fmt.Sprintf("https://feed%d.example/%d", f, i), FeedURL: fs[f].URL,
			PubDate: base.Add(time.Duration(i) * time.Minute), Content: body, Unread: i%3 != 0, Deleted: i%100 == 99}
		if i%10 == 0 {
			it.Flags = "s"
		}
		items[i] = it
	}
	Write(tb, path, "", fs, items)
}
