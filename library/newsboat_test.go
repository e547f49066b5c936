package library_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/newsboat"
	"github.com/byline/byline/feed/newsboat/newsboattest"
	"github.com/byline/byline/library"
	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "byline.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// lib is a library of st that reads no network.
func lib(st *store.Store) *library.Library {
	return library.New(library.Options{Store: st, Offline: true})
}

func openCache(t *testing.T, path string) *newsboat.Cache {
	t.Helper()
	c, err := newsboat.OpenCache(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// articles lists every stored article by title, with its body.
func articles(t *testing.T, st *store.Store) map[string]store.Article {
	t.Helper()
	ctx := context.Background()
	list, err := st.Articles(ctx, store.ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.Article{}
	for _, s := range list {
		a, err := st.Article(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := out[a.Title]; dup {
			t.Errorf("%q is stored twice", a.Title)
		}
		out[a.Title] = a
	}
	return out
}

var pub = time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)

func TestImportCacheBringsEveryField(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	// Feed A is followed already; feed B is not.
	if _, err := st.AddSource(ctx, store.NewSource{Kind: "url", Location: "https://a.example/rss", Tags: []string{"tech"}}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cache.db")
	newsboattest.Write(t, path, "", nil, []newsboattest.Item{
		{GUID: "g1", Title: "One", Author: "Ann", URL: "https://a.example/1", FeedURL: "https://a.example/rss", PubDate: pub,
			Content: "<p>Hello <b>world</b></p>", Unread: true, EnclosureURL: "https://a.example/1.mp3", EnclosureType: "audio/mpeg", Flags: "sa"},
		{GUID: "g2", Title: "Two", URL: "https://a.example/2", FeedURL: "https://a.example/rss", PubDate: pub.Add(time.Hour), Content: "two"},
		{GUID: "g3", Title: "Deleted", URL: "https://a.example/3", FeedURL: "https://a.example/rss", PubDate: pub, Deleted: true},
		{GUID: "b1", Title: "Evil\x1b]0;pwned\x07 title", URL: "https://b.example/1", FeedURL: "https://b.example/rss", PubDate: pub, Unread: true, Flags: "S"},
		{GUID: "x1", Title: "From a script", URL: "https://x.example/1", FeedURL: "exec:~/bin/feed.sh", PubDate: pub},
		{GUID: "x2", Title: "From a script, deleted", URL: "https://x.example/2", FeedURL: "exec:~/bin/other.sh", PubDate: pub, Deleted: true},
		{GUID: "c1", Title: "All deleted", URL: "https://c.example/1", FeedURL: "https://c.example/rss", PubDate: pub, Deleted: true},
	})
	rep, err := lib(st).ImportNewsboatCache(ctx, openCache(t, path), library.NewsboatCacheOptions{StarFlag: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 3 || rep.Items != 4 || rep.NewSources != 1 || rep.Unsupported["exec:~/bin/feed.sh"] != 1 || len(rep.Unsupported) != 1 {
		t.Errorf("report %+v", rep)
	}
	arts := articles(t, st)
	if len(arts) != 3 {
		t.Fatalf("%d articles: %v", len(arts), slices.Collect(func(yield func(string) bool) {
			for k := range arts {
				yield(k)
			}
		}))
	}
	one := arts["One"]
	if one.Author != "Ann" || one.Link != "https://a.example/1" || !one.Date.Equal(pub) || one.Read || !one.Starred ||
		one.SourceLocation != "https://a.example/rss" || one.Format != feed.FormatHTML ||
		!strings.Contains(one.Content, "<p>Hello <b>world</b></p>") || !strings.Contains(one.Content, `Attached audio/mpeg: <a href="https://a.example/1.mp3">`) {
		t.Errorf("One: %+v", one)
	}
	if !slices.Equal(one.Tags, []string{"flag-a", "tech"}) {
		t.Errorf("One's tags: %v (want its flag a and its source's tag; s is the star)", one.Tags)
	}
	if two := arts["Two"]; !two.Read || two.Starred || two.Content != "two" {
		t.Errorf("Two: read %v starred %v content %q", two.Read, two.Starred, two.Content)
	}
	var evil store.Article
	for title, a := range arts {
		if strings.HasPrefix(title, "Evil") {
			evil = a
		}
	}
	if strings.ContainsAny(evil.Title, "\x1b\x07") || evil.SourceLocation != "https://b.example/rss" || !slices.Equal(evil.Tags, []string{"flag-capital-s"}) {
		t.Errorf("B's article: %q from %s, tags %v", evil.Title, evil.SourceLocation, evil.Tags)
	}
	// The flags are tags the filter language reads, as a translated query
	// feed names them.
	q, err := library.TranslateNewsboatFilter(`flags # "a" and unread = "yes"`, "s")
	if err != nil {
		t.Fatal(err)
	}
	f, _ := query.Parse(q)
	if got, err := st.Articles(ctx, store.ListQuery{Filter: f}); err != nil || len(got) != 1 || got[0].Title != "One" {
		t.Errorf("%s selects %+v, %v", q, got, err)
	}
}

func generated(t *testing.T, n int) string {
	path := filepath.Join(t.TempDir(), "cache.db")
	newsboattest.Generate(t, path, n, 3, 100)
	return path
}

// TestImportTwiceAddsNothingAndKeepsWhatChanged: a second import finds
// everything there and leaves it, the user's changes since included.
func TestImportTwiceAddsNothingAndKeepsWhatChanged(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	path := generated(t, 30)
	first, err := lib(st).ImportNewsboatCache(ctx, openCache(t, path), library.NewsboatCacheOptions{BatchSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	list, _ := st.Articles(ctx, store.ListQuery{})
	if first.New != 30 || len(list) != 30 {
		t.Fatalf("first import: %+v, %d stored", first, len(list))
	}
	// The user reads and unflags one since.
	id := list[0].ID
	st.SetRead(ctx, !list[0].Read, id)
	st.EditTags(ctx, []int64{id}, []string{"mine"}, nil)
	second, err := lib(st).ImportNewsboatCache(ctx, openCache(t, path), library.NewsboatCacheOptions{BatchSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	if second.New != 0 || second.Present != 30 {
		t.Errorf("second import: %+v", second)
	}
	a, _ := st.Article(ctx, id)
	if a.Read == list[0].Read || !slices.Contains(a.Tags, "mine") {
		t.Errorf("the second import undid the user's change: read %v tags %v", a.Read, a.Tags)
	}
	if total, _, _ := st.Totals(ctx); total != 30 {
		t.Errorf("%d articles after two imports", total)
	}
}

// TestInterruptedImportResumes: an import stopped between transactions
// keeps what it wrote, whole, and the next one brings the rest.
func TestInterruptedImportResumes(t *testing.T) {
	st := openStore(t)
	path := generated(t, 40)
	ctx, cancel := context.WithCancel(context.Background())
	rep, err := lib(st).ImportNewsboatCache(ctx, openCache(t, path), library.NewsboatCacheOptions{BatchSize: 5, Progress: func(done, total int) {
		if done >= 10 {
			cancel()
		}
	}})
	if err == nil {
		t.Fatal("an interrupted import reported no error")
	}
	bg := context.Background()
	if total, _, _ := st.Totals(bg); total != rep.New || total == 0 || total >= 40 {
		t.Fatalf("after the interruption: %d stored, %d reported", total, rep.New)
	}
	rep2, err := lib(st).ImportNewsboatCache(bg, openCache(t, path), library.NewsboatCacheOptions{BatchSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	if rep.New+rep2.New != 40 || rep2.Present != rep.New {
		t.Errorf("resumed: %+v after %+v", rep2, rep)
	}
	// Every article has its state, whichever import wrote it.
	list, _ := st.Articles(bg, store.ListQuery{})
	for _, a := range list {
		var i, f int
		fmt.Sscanf(a.Title, "Article %d of feed %d", &i, &f)
		if a.Read != (i%3 == 0) || slices.Contains(a.Tags, "flag-s") != (i%10 == 0) {
			t.Errorf("%s: read %v, tags %v", a.Title, a.Read, a.Tags)
		}
	}
}

// TestRefreshRecognisesImportedArticles: a refresh of the feed after the
// import finds the same articles (newsboat's guid, or for an item without
// one the link byline keys it by), and keeps their read, star and flags;
// an item deleted in newsboat does not come back.
func TestRefreshRecognisesImportedArticles(t *testing.T) {
	const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Loop</title><link>http://127.0.0.1/</link>
<item><title>With guid</title><link>http://127.0.0.1/1</link><guid>g-1</guid><pubDate>Mon, 02 Jun 2025 10:00:00 +0000</pubDate><description>one, changed since</description></item>
<item><title>Without guid</title><link>http://127.0.0.1/2</link><pubDate>Tue, 03 Jun 2025 10:00:00 +0000</pubDate><description>two</description></item>
<item><title>Deleted in newsboat</title><link>http://127.0.0.1/4</link><guid>g-4</guid><description>four</description></item>
<item><title>New since</title><link>http://127.0.0.1/3</link><guid>g-3</guid><description>three</description></item>
</channel></rss>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss)
	}))
	defer srv.Close()
	feedURL := srv.URL + "/feed.xml"
	path := filepath.Join(t.TempDir(), "cache.db")
	newsboattest.Write(t, path, "", nil, []newsboattest.Item{
		{GUID: "g-1", Title: "With guid", URL: "http://127.0.0.1/1", FeedURL: feedURL, PubDate: pub, Content: "one", Flags: "sx"},
		// newsboat keys an item without a guid by its link and its date as
		// the feed wrote it
		{GUID: "http://127.0.0.1/2Tue, 03 Jun 2025 10:00:00 +0000", Title: "Without guid", URL: "http://127.0.0.1/2", FeedURL: feedURL, PubDate: pub.Add(24 * time.Hour), Content: "two", Unread: true, Flags: "x"},
		{GUID: "g-4", Title: "Deleted in newsboat", URL: "http://127.0.0.1/4", FeedURL: feedURL, PubDate: pub, Content: "four", Deleted: true},
	})
	st := openStore(t)
	ctx := context.Background()
	if _, err := lib(st).ImportNewsboatCache(ctx, openCache(t, path), library.NewsboatCacheOptions{StarFlag: "s"}); err != nil {
		t.Fatal(err)
	}
	src, err := st.FindSource(ctx, feedURL)
	if err != nil {
		t.Fatal(err)
	}
	online := library.New(library.Options{Store: st, Fetcher: feed.NewFetcher("test", 0)})
	if got, err := online.Refresh(ctx, library.RefreshRequest{Sources: []store.Source{src}}); err != nil || got.Failed > 0 {
		t.Fatalf("refresh: %+v, %v", got, err)
	}
	arts := articles(t, st)
	if len(arts) != 3 {
		t.Fatalf("%d articles after the refresh, want 3", len(arts))
	}
	if a := arts["With guid"]; !a.Read || !a.Starred || !slices.Contains(a.Tags, "flag-x") || !strings.Contains(a.Content, "changed since") {
		t.Errorf("With guid after the refresh: read %v starred %v tags %v content %q", a.Read, a.Starred, a.Tags, a.Content)
	}
	if a := arts["Without guid"]; a.Read || !slices.Contains(a.Tags, "flag-x") {
		t.Errorf("Without guid after the refresh: read %v tags %v", a.Read, a.Tags)
	}
}

func TestImportURLs(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	u := newsboat.ParseURLs([]byte(`https://a.example/rss go "~Go News"
https://h.example/rss "!private"
file:///srv/feeds/local.xml
"query:Unread Go:unread = \"yes\" and tags # \"go\""
"query:Regex:title =~ \"^a\""
"query:Words:content =~ \"release notes\""
exec:~/bin/x
`))
	for range 2 {
		rep, err := lib(st).ImportNewsboatURLs(ctx, u, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Filters) != 3 || rep.Filters[1].Err == nil || len(rep.Skipped) != 1 || rep.Filters[0].Note != "" || !strings.Contains(rep.Filters[2].Note, "whole words") {
			t.Errorf("report: %+v", rep)
		}
	}
	srcs, _ := st.Sources(ctx)
	if len(srcs) != 3 {
		t.Fatalf("%d sources after two imports: %+v", len(srcs), srcs)
	}
	if srcs[0].Title != "Go News" || !slices.Equal(srcs[0].Tags, []string{"go"}) {
		t.Errorf("a: %+v", srcs[0])
	}
	if !slices.Equal(srcs[1].Tags, []string{library.HiddenTag, "private"}) {
		t.Errorf("the hidden feed's tags: %v", srcs[1].Tags)
	}
	if srcs[2].Kind != "file" || srcs[2].Location != "/srv/feeds/local.xml" {
		t.Errorf("the file feed: %+v", srcs[2])
	}
	filters, _ := st.SavedFilters(ctx)
	if len(filters) != 2 || filters[0].Name != "Unread Go" || filters[0].Query != "+unread +go" || filters[1].Query != `"release notes"` {
		t.Errorf("filters: %+v", filters)
	}
}

// TestOversizeContentImportsWithoutIt: an item whose content passes what
// an import reads (a 50 MB field in a hostile cache) is imported with its
// title and link, and says why its content is missing.
func TestOversizeContentImportsWithoutIt(t *testing.T) {
	st := openStore(t)
	path := filepath.Join(t.TempDir(), "cache.db")
	newsboattest.Write(t, path, "", nil, []newsboattest.Item{
		{GUID: "big", Title: "Big", URL: "https://a.example/1", FeedURL: "https://a.example/rss", PubDate: pub, Content: strings.Repeat("<p>x</p>", 50<<20/8)},
	})
	rep, err := lib(st).ImportNewsboatCache(context.Background(), openCache(t, path), library.NewsboatCacheOptions{})
	if err != nil || rep.New != 1 || rep.Oversize != 1 {
		t.Fatalf("%+v, %v", rep, err)
	}
	a := articles(t, st)["Big"]
	if a.Content != "" || !strings.Contains(a.Problem, "50 MB") || a.Link != "https://a.example/1" {
		t.Errorf("content %d bytes, problem %q", len(a.Content), a.Problem)
	}
}

// TestNewsboatWritesItsCacheDuringTheImport: between the import's pages no
// lock is held on the cache, so a newsboat running meanwhile commits its
// writes at once (it would otherwise wait, then fail).
func TestNewsboatWritesItsCacheDuringTheImport(t *testing.T) {
	st := openStore(t)
	path := generated(t, 50)
	writer, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	writes := 0
	_, err = lib(st).ImportNewsboatCache(context.Background(), openCache(t, path), library.NewsboatCacheOptions{BatchSize: 5, Progress: func(done, total int) {
		if _, err := writer.Exec("UPDATE rss_item SET unread = 1 - unread WHERE id = ?", done); err != nil {
			t.Errorf("newsboat's write after %d items: %v", done, err)
		}
		writes++
	}})
	if err != nil || writes < 5 {
		t.Fatalf("%d writes, %v", writes, err)
	}
}
