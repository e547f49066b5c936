package newsboat_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/byline/byline/feed/newsboat"
	"github.com/byline/byline/feed/newsboat/newsboattest"
)

func sampleCache(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cache.db")
	pub := time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)
	newsboattest.Write(t, path, "", []newsboattest.Feed{{URL: "https://a.example/rss", SiteURL: "https://a.example/", Title: "A"}},
		[]newsboattest.Item{
			{GUID: "g1", Title: "One", Author: "Ann", URL: "https://a.example/1", FeedURL: "https://a.example/rss", PubDate: pub,
				Content: "<p>one</p>", Unread: true, EnclosureURL: "https://a.example/1.mp3", EnclosureType: "audio/mpeg", Flags: "sa"},
			{GUID: "g2", Title: "Two", URL: "https://a.example/2", FeedURL: "https://a.example/rss", PubDate: pub, Content: "two"},
			{GUID: "g3", Title: "Gone", URL: "https://a.example/3", FeedURL: "https://a.example/rss", PubDate: pub, Deleted: true},
			{GUID: "b1", Title: "Other", URL: "https://b.example/1", FeedURL: "https://b.example/rss", PubDate: pub, Unread: true},
		})
	return path
}

func readAll(t *testing.T, c *newsboat.Cache) map[string][]newsboat.Item {
	t.Helper()
	ctx := context.Background()
	feeds, err := c.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]newsboat.Item{}
	for _, f := range feeds {
		var after int64
		for {
			page, err := c.Items(ctx, f.URL, after, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			after = page[len(page)-1].ID
			out[f.URL] = append(out[f.URL], page...)
		}
	}
	return out
}

func TestCacheReadsItemsAndMarksTheDeleted(t *testing.T) {
	c, err := newsboat.OpenCache(sampleCache(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	feeds, err := c.Feeds(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) != 2 || feeds[0] != (newsboat.CacheFeed{URL: "https://a.example/rss", SiteURL: "https://a.example/", Title: "A", Live: 2}) || feeds[1].URL != "https://b.example/rss" || feeds[1].Live != 1 {
		t.Errorf("feeds: %+v", feeds)
	}
	if n, err := c.Count(context.Background()); err != nil || n != 3 {
		t.Errorf("count %d, %v; want 3", n, err)
	}
	items := readAll(t, c)
	a := items["https://a.example/rss"]
	if len(a) != 3 || len(items["https://b.example/rss"]) != 1 {
		t.Fatalf("items: %+v", items)
	}
	if a[0].Deleted || a[1].Deleted || !a[2].Deleted || a[2].GUID != "g3" {
		t.Errorf("deleted: %v %v %v", a[0].Deleted, a[1].Deleted, a[2].Deleted)
	}
	one := a[0]
	if one.GUID != "g1" || one.Title != "One" || one.Author != "Ann" || one.URL != "https://a.example/1" || !one.Unread ||
		one.Content != "<p>one</p>" || one.EnclosureURL != "https://a.example/1.mp3" || one.EnclosureType != "audio/mpeg" ||
		one.Flags != "sa" || !one.Published.Equal(time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("item: %+v", one)
	}
	if a[1].Unread {
		t.Errorf("a read item reads as unread")
	}
}

func fingerprint(t *testing.T, path string) (sum [32]byte, mtime time.Time, names []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return sha256.Sum256(data), info.ModTime(), names
}

// TestCacheIsNeverWritten: reading a cache leaves its bytes, its mtime and
// its folder as they were (no journal, no -wal, no lock file).
func TestCacheIsNeverWritten(t *testing.T) {
	path := sampleCache(t)
	// newsboat's own lock, as a running newsboat holds it
	os.WriteFile(path+".lock", []byte("4242"), 0o600)
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	os.Chtimes(path, old, old)
	sum, mtime, names := fingerprint(t, path)
	lock, _ := os.ReadFile(path + ".lock")
	c, err := newsboat.OpenCache(path)
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, c)
	c.Close()
	sum2, mtime2, names2 := fingerprint(t, path)
	if sum != sum2 || !mtime.Equal(mtime2) || strings.Join(names, " ") != strings.Join(names2, " ") {
		t.Errorf("the cache changed: mtime %v -> %v, files %v -> %v, same bytes %v", mtime, mtime2, names, names2, sum == sum2)
	}
	if after, _ := os.ReadFile(path + ".lock"); string(after) != string(lock) {
		t.Errorf("newsboat's lock changed: %q -> %q", lock, after)
	}
	// A cache newsboat cannot write either (its folder read-only) reads too.
	if os.Getuid() != 0 {
		os.Chmod(path, 0o444)
		os.Chmod(filepath.Dir(path), 0o555)
		defer os.Chmod(filepath.Dir(path), 0o755)
		c, err := newsboat.OpenCache(path)
		if err != nil {
			t.Fatalf("read-only cache: %v", err)
		}
		readAll(t, c)
		c.Close()
	}
}

// TestCacheInWALModeIsNeverWritten: a cache someone put in WAL mode is
// read without SQLite creating its -wal and -shm files beside it.
func TestCacheInWALModeIsNeverWritten(t *testing.T) {
	path := sampleCache(t)
	db := newsboattest.Open(t, path)
	if _, err := db.Exec("PRAGMA journal_mode=WAL"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	sum, mtime, names := fingerprint(t, path)
	c, err := newsboat.OpenCache(path)
	if err != nil {
		t.Fatal(err)
	}
	if items := readAll(t, c); len(items["https://a.example/rss"]) != 3 {
		t.Errorf("read %v", items)
	}
	c.Close()
	sum2, mtime2, names2 := fingerprint(t, path)
	if sum != sum2 || !mtime.Equal(mtime2) || strings.Join(names, " ") != strings.Join(names2, " ") {
		t.Errorf("the cache changed: files %v -> %v, same bytes %v, same mtime %v", names, names2, sum == sum2, mtime.Equal(mtime2))
	}
}

// TestCacheReadsWhileNewsboatHoldsItsLock: a newsboat writing to its cache
// (a write transaction open, not committed) keeps its lock and its data;
// the import reads what was committed, and newsboat's commit succeeds.
func TestCacheReadsWhileNewsboatHoldsItsLock(t *testing.T) {
	path := sampleCache(t)
	writer := newsboattest.Open(t, path)
	defer writer.Close()
	ctx := context.Background()
	conn, err := writer.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "UPDATE rss_item SET unread = 0, title = 'changed' WHERE guid = 'g1'"); err != nil {
		t.Fatal(err)
	}
	c, err := newsboat.OpenCache(path)
	if err != nil {
		t.Fatal(err)
	}
	items := readAll(t, c)
	c.Close()
	if one := items["https://a.example/rss"][0]; one.Title != "One" || !one.Unread {
		t.Errorf("read an uncommitted change: %+v", one)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		t.Fatalf("newsboat's commit after the import read: %v", err)
	}
}

func TestCacheOfAnotherSchema(t *testing.T) {
	dir := t.TempDir()
	// An older newsboat: no flags, base, deleted or enclosure columns, no
	// rss_feed table.
	old := filepath.Join(dir, "old.db")
	newsboattest.Write(t, old, `CREATE TABLE rss_item (id INTEGER PRIMARY KEY, guid TEXT, title TEXT, author TEXT, url TEXT, feedurl TEXT, pubDate INTEGER, content TEXT, unread INTEGER);`,
		nil, []newsboattest.Item{{GUID: "g", Title: "Old", URL: "https://o.example/1", FeedURL: "https://o.example/rss", Content: "x", Unread: false}})
	c, err := newsboat.OpenCache(old)
	if err != nil {
		t.Fatalf("older schema: %v", err)
	}
	items := readAll(t, c)
	c.Close()
	if it := items["https://o.example/rss"]; len(it) != 1 || it[0].Title != "Old" || it[0].Unread || it[0].Flags != "" {
		t.Errorf("older schema read as %+v", items)
	}
	// A newer one with more columns reads too.
	newer := filepath.Join(dir, "new.db")
	newsboattest.Write(t, newer, newsboattest.Schema+`ALTER TABLE rss_item ADD COLUMN content_mime_type TEXT NOT NULL DEFAULT '';`,
		nil, []newsboattest.Item{{GUID: "g", Title: "New", URL: "https://n.example/1", FeedURL: "https://n.example/rss"}})
	if c, err := newsboat.OpenCache(newer); err != nil {
		t.Errorf("newer schema: %v", err)
	} else {
		if items := readAll(t, c); len(items["https://n.example/rss"]) != 1 {
			t.Errorf("newer schema read as %+v", items)
		}
		c.Close()
	}
	// One without a guid cannot be imported: one sentence says so.
	noGUID := filepath.Join(dir, "noguid.db")
	newsboattest.Write(t, noGUID, `CREATE TABLE rss_item (id INTEGER PRIMARY KEY, title TEXT, url TEXT, feedurl TEXT);`, nil, nil)
	_, err = newsboat.OpenCache(noGUID)
	if err == nil || !strings.Contains(err.Error(), "no guid column") || strings.Contains(err.Error(), "\n") {
		t.Errorf("a cache without guids: %v", err)
	}
	other := filepath.Join(dir, "other.db")
	newsboattest.Write(t, other, `CREATE TABLE notes (x TEXT);`, nil, nil)
	if _, err := newsboat.OpenCache(other); err == nil || !strings.Contains(err.Error(), "not a newsboat cache") {
		t.Errorf("another program's database: %v", err)
	}
}

func TestHostileCacheFilesFailCleanly(t *testing.T) {
	dir := t.TempDir()
	good := sampleCache(t)
	data, _ := os.ReadFile(good)
	cases := map[string]func(p string){
		"text":      func(p string) { os.WriteFile(p, []byte("hello\n"), 0o644) },
		"empty":     func(p string) { os.WriteFile(p, nil, 0o644) },
		"truncated": func(p string) { os.WriteFile(p, data[:len(data)/3], 0o644) },
		"garbled": func(p string) {
			bad := bytes.Clone(data)
			for i := 100; i < len(bad); i += 7 {
				bad[i] ^= 0x5a
			}
			os.WriteFile(p, bad, 0o644)
		},
		"fifo":    func(p string) { syscall.Mkfifo(p, 0o644) },
		"folder":  func(p string) { os.Mkdir(p, 0o755) },
		"missing": func(p string) {},
	}
	for name, setup := range cases {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name)
			setup(p)
			done := make(chan error, 1)
			go func() {
				c, err := newsboat.OpenCache(p)
				if err == nil {
					defer c.Close()
					ctx := context.Background()
					var feeds []newsboat.CacheFeed
					if feeds, err = c.Feeds(ctx); err == nil {
						for _, f := range feeds {
							if _, err = c.Items(ctx, f.URL, 0, 100); err != nil {
								break
							}
						}
					}
				}
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil && name != "truncated" {
					t.Fatalf("no error")
				}
				if err != nil && strings.Contains(err.Error(), "\n") {
					t.Errorf("more than a line: %v", err)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("hangs")
			}
		})
	}
}

func TestOversizeContentIsLeftOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	big := strings.Repeat("x", newsboat.MaxContent+1)
	newsboattest.Write(t, path, "", nil, []newsboattest.Item{
		{GUID: "big", Title: strings.Repeat("T", 200_000), URL: "https://a.example/1", FeedURL: "https://a.example/rss", Content: big},
		{GUID: "small", Title: "Small", URL: "https://a.example/2", FeedURL: "https://a.example/rss", Content: "ok"},
	})
	c, err := newsboat.OpenCache(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	items, err := c.Items(context.Background(), "https://a.example/rss", 0, 10)
	if err != nil || len(items) != 2 {
		t.Fatalf("%d items, %v", len(items), err)
	}
	if items[0].Content != "" || items[0].Oversize != int64(len(big)) || len(items[0].Title) > 65536 {
		t.Errorf("the oversize item: content %d bytes, oversize %d, title %d bytes", len(items[0].Content), items[0].Oversize, len(items[0].Title))
	}
	if items[1].Content != "ok" || items[1].Oversize != 0 {
		t.Errorf("the small item: %+v", items[1])
	}
}
