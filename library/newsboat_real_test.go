package library_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/newsboat"
	"github.com/byline/byline/feed/newsboat/newsboattest"
	"github.com/byline/byline/library"
)

const realRSS = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Loop RSS</title><link>http://127.0.0.1/</link>
<item><title>First &amp; foremost</title><link>http://127.0.0.1/1</link><guid>rss-1</guid>
<pubDate>Mon, 02 Jun 2025 10:00:00 +0000</pubDate><author>ann@example.org (Ann)</author>
<description>&lt;p&gt;Hello &lt;b&gt;world&lt;/b&gt;&lt;/p&gt;</description>
<enclosure url="http://127.0.0.1/1.mp3" type="audio/mpeg" length="3"/></item>
<item><title>No guid</title><link>http://127.0.0.1/2</link><pubDate>Tue, 03 Jun 2025 10:00:00 +0000</pubDate><description>two</description></item>
<item><title>Thrown away</title><link>http://127.0.0.1/3</link><guid>rss-3</guid><pubDate>Wed, 04 Jun 2025 10:00:00 +0000</pubDate><description>three</description></item>
</channel></rss>`

const realAtom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Loop Atom</title><id>urn:loop</id><updated>2025-06-05T10:00:00Z</updated>
<entry><title>Atom entry</title><id>urn:loop:1</id><link href="http://127.0.0.1/a1"/><updated>2025-06-05T10:00:00Z</updated>
<author><name>Bo</name></author><content type="html">&lt;p&gt;atom &lt;i&gt;body&lt;/i&gt;&lt;/p&gt;</content></entry>
</feed>`

// TestAgainstRealNewsboat lets newsboat itself build a cache from feeds
// served on loopback, changes read state and flags in it as newsboat
// does, imports it and its urls file, checks every field, then refreshes
// the same feeds and checks that nothing is duplicated or reset. It needs
// newsboat (Debian's package; .ci/run installs it) and skips without it.
func TestAgainstRealNewsboat(t *testing.T) {
	bin, err := exec.LookPath("newsboat")
	if err != nil {
		t.Skip("newsboat is not installed (apt-get install newsboat; .ci/run installs it): the real-cache test is skipped")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/rss.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, realRSS)
		case "/atom.xml":
			w.Header().Set("Content-Type", "application/atom+xml")
			fmt.Fprint(w, realAtom)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	rssURL, atomURL := srv.URL+"/rss.xml", srv.URL+"/atom.xml"
	dir := t.TempDir()
	urls := filepath.Join(dir, "urls")
	os.WriteFile(urls, []byte(fmt.Sprintf("# mine\n%s tech \"~Looped\"\n%s \"!quiet\"\n\"query:Unread tech:unread = \\\"yes\\\" and tags # \\\"tech\\\"\"\n", rssURL, atomURL)), 0o644)
	cachePath := filepath.Join(dir, "cache.db")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-u", urls, "-c", cachePath, "-x", "reload")
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_DATA_HOME="+filepath.Join(dir, "data"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("newsboat -x reload: %v\n%s", err, out)
	}

	// The generated caches of the other tests have this cache's schema.
	nb, err := sql.Open("sqlite", "file:"+cachePath+"?_pragma=journal_mode(delete)")
	if err != nil {
		t.Fatal(err)
	}
	defer nb.Close()
	for _, table := range []string{"rss_feed", "rss_item"} {
		var real string
		nb.QueryRow("SELECT sql FROM sqlite_master WHERE name = ?", table).Scan(&real)
		if !strings.Contains(newsboattest.Schema, real) {
			t.Errorf("newsboat %s made %s as\n%s\nwhich newsboattest.Schema does not hold", newsboatVersion(bin), table, real)
		}
	}
	var items int
	nb.QueryRow("SELECT count(*) FROM rss_item").Scan(&items)
	if items != 4 {
		t.Fatalf("newsboat cached %d items, want 4", items)
	}
	// As newsboat does when an article is read, flagged, or deleted.
	for _, q := range []string{
		"UPDATE rss_item SET unread = 0 WHERE guid = 'rss-1'",
		"UPDATE rss_item SET flags = 'sa' WHERE guid = 'rss-1'",
		"UPDATE rss_item SET flags = 'b' WHERE guid = 'urn:loop:1'",
		"UPDATE rss_item SET deleted = 1 WHERE guid = 'rss-3'",
	} {
		if _, err := nb.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	nb.Close()
	sum, mtime := fileSum(t, cachePath)

	st := openStore(t)
	bg := context.Background()
	data, _ := os.ReadFile(urls)
	if newsboat.Detect(data) != newsboat.KindURLs {
		t.Errorf("the urls file is not recognised")
	}
	if _, err := lib(st).ImportNewsboatURLs(bg, newsboat.ParseURLs(data), "s"); err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 16)
	f, _ := os.Open(cachePath)
	f.Read(head)
	f.Close()
	if newsboat.Detect(head) != newsboat.KindCache {
		t.Errorf("the cache is not recognised")
	}
	rep, err := lib(st).ImportNewsboatCache(bg, openCache(t, cachePath), library.NewsboatCacheOptions{StarFlag: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 3 || rep.NewSources != 0 {
		t.Errorf("import: %+v", rep)
	}
	if s2, m2 := fileSum(t, cachePath); s2 != sum || !m2.Equal(mtime) {
		t.Errorf("the import changed newsboat's cache")
	}
	check := func(when string) {
		t.Helper()
		arts := articles(t, st)
		if len(arts) != 3 {
			t.Fatalf("%s: %d articles, want 3", when, len(arts))
		}
		first := arts["First & foremost"]
		if first.Author != "Ann" || first.Link != "http://127.0.0.1/1" || !first.Date.Equal(time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)) ||
			!first.Read || !first.Starred || !slices.Contains(first.Tags, "flag-a") || !slices.Contains(first.Tags, "tech") ||
			first.Source != "Looped" || !strings.Contains(first.Content, "<b>world</b>") || !strings.Contains(first.Content, "http://127.0.0.1/1.mp3") {
			t.Errorf("%s: the first RSS item: %+v", when, first)
		}
		if a := arts["No guid"]; a.Read || a.Starred || a.Link != "http://127.0.0.1/2" {
			t.Errorf("%s: the item without a guid: %+v", when, a)
		}
		if a := arts["Atom entry"]; a.Author != "Bo" || a.Read || !slices.Contains(a.Tags, "flag-b") || !slices.Contains(a.Tags, library.HiddenTag) ||
			!strings.Contains(a.Content, "<i>body</i>") {
			t.Errorf("%s: the Atom entry: %+v", when, a)
		}
	}
	check("after the import")

	// byline refreshes the same feeds: the same articles, their state kept.
	srcs, _ := st.Sources(bg)
	online := library.New(library.Options{Store: st, Fetcher: feed.NewFetcher("test", 0)})
	if got, err := online.Refresh(bg, library.RefreshRequest{Sources: srcs}); err != nil || got.Failed > 0 {
		t.Fatalf("refresh: %+v, %v", got, err)
	}
	// An item deleted in newsboat does not come back with the feed.
	arts := articles(t, st)
	if len(arts) != 3 {
		t.Errorf("after the refresh: %d articles, want 3", len(arts))
	}
	first := arts["First & foremost"]
	if !first.Read || !first.Starred || !slices.Contains(first.Tags, "flag-a") {
		t.Errorf("the refresh reset the first item: %+v", first)
	}
	if a := arts["Atom entry"]; !slices.Contains(a.Tags, "flag-b") {
		t.Errorf("the refresh lost the Atom entry's flag: %v", a.Tags)
	}
	filters, _ := st.SavedFilters(bg)
	if len(filters) != 1 || filters[0].Query != "+unread +tech" {
		t.Errorf("filters: %+v", filters)
	}
}

func newsboatVersion(bin string) string {
	out, _ := exec.Command(bin, "--version").Output()
	line, _, _ := strings.Cut(string(out), "\n")
	return line
}

func fileSum(t *testing.T, path string) ([32]byte, time.Time) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	return sha256.Sum256(data), info.ModTime()
}
