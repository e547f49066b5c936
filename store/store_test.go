package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "byline.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustAddSource(t *testing.T, s *Store, loc string, tags ...string) Source {
	t.Helper()
	src, err := s.AddSource(context.Background(), NewSource{Kind: "file", Location: loc, Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func article(guid, title, content string, tags ...string) feed.Article {
	return feed.Article{GUID: guid, Title: title, Content: content, Format: feed.FormatHTML,
		Published: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Tags: tags}
}

func TestSaveArticlesKeepsStateAndSkipsUnchanged(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src := mustAddSource(t, s, "/feeds/a.xml", "Go News")
	now := time.Now()
	arts := []feed.Article{article("1", "One", "<p>one</p>", "Go"), article("2", "Two", "<p>two</p>")}
	st, err := s.SaveArticles(ctx, src.ID, arts, now)
	if err != nil {
		t.Fatal(err)
	}
	if counts(st) != (tally{New: 2}) || len(st.Added) != 2 {
		t.Fatalf("first save: %+v", st)
	}
	list, _ := s.Articles(ctx, ListQuery{})
	if len(list) != 2 {
		t.Fatalf("want 2 articles, got %d", len(list))
	}
	var one ArticleSummary
	for _, a := range list {
		if a.Title == "One" {
			one = a
		}
	}
	if want := []string{"go", "go-news"}; !reflect.DeepEqual(one.Tags, want) {
		t.Fatalf("tags = %v, want %v (item and source tags, normalised)", one.Tags, want)
	}
	if _, err := s.SetRead(ctx, true, one.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetStarred(ctx, true, one.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMarkdown(ctx, one.ID, "cached"); err != nil {
		t.Fatal(err)
	}

	// Same items again: nothing written.
	st, err = s.SaveArticles(ctx, src.ID, arts, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if counts(st) != (tally{Unchanged: 2}) {
		t.Fatalf("unchanged save: %+v", st)
	}
	got, _ := s.Article(ctx, one.ID)
	if got.Markdown != "cached" {
		t.Fatalf("unchanged article lost its cached markdown")
	}

	// Changed body: updated in place, state kept, markdown cache dropped.
	arts[0].Content = "<p>one, revised</p>"
	st, err = s.SaveArticles(ctx, src.ID, arts, now.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if counts(st) != (tally{Updated: 1, Unchanged: 1}) {
		t.Fatalf("changed save: %+v", st)
	}
	got, err = s.Article(ctx, one.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Read || !got.Starred {
		t.Fatalf("update lost state: read=%v starred=%v", got.Read, got.Starred)
	}
	if got.Content != "<p>one, revised</p>" || got.Markdown != "" {
		t.Fatalf("body not updated: %q / cache %q", got.Content, got.Markdown)
	}
}

func TestArticleKeyFallsBackToLinkThenHash(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src := mustAddSource(t, s, "/feeds/b.xml")
	a := feed.Article{Title: "No guid", Link: "https://example.com/x", Content: "x"}
	b := feed.Article{Title: "Nothing", Content: "y"}
	if _, err := s.SaveArticles(ctx, src.ID, []feed.Article{a, b}, time.Now()); err != nil {
		t.Fatal(err)
	}
	st, err := s.SaveArticles(ctx, src.ID, []feed.Article{a, b}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if st.Unchanged != 2 || st.New != 0 {
		t.Fatalf("articles without guid were duplicated: %+v", st)
	}
}

func TestDateFallsBackToFirstSeenAndPagingIsStable(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src := mustAddSource(t, s, "/feeds/c.xml")
	var arts []feed.Article
	for i := 0; i < 25; i++ {
		a := article(string(rune('a'+i)), "T", "c")
		a.Published = time.Date(2024, 1, 1+i, 0, 0, 0, 0, time.UTC)
		arts = append(arts, a)
	}
	undated := feed.Article{GUID: "undated", Title: "Undated", Content: "u"}
	arts = append(arts, undated)
	seen := time.Date(2026, 5, 5, 0, 0, 0, 0, time.UTC)
	if _, err := s.SaveArticles(ctx, src.ID, arts, seen); err != nil {
		t.Fatal(err)
	}
	var all []ArticleSummary
	q := ListQuery{Limit: 10}
	for {
		page, err := s.Articles(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		all = append(all, page...)
		last := page[len(page)-1]
		q.After = last.Cursor
	}
	if len(all) != 26 {
		t.Fatalf("paged %d articles, want 26", len(all))
	}
	if all[0].Title != "Undated" || !all[0].Date.Equal(seen) {
		t.Fatalf("undated article should take its first-seen date and sort first, got %q at %v", all[0].Title, all[0].Date)
	}
	for i := 1; i < len(all); i++ {
		if all[i].Date.After(all[i-1].Date) {
			t.Fatalf("not newest first at %d", i)
		}
	}
}

func TestRemoveSourceDeletesItsArticles(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src := mustAddSource(t, s, "/feeds/d.xml")
	keep := mustAddSource(t, s, "/feeds/e.xml")
	s.SaveArticles(ctx, src.ID, []feed.Article{article("1", "gone", "x")}, time.Now())
	s.SaveArticles(ctx, keep.ID, []feed.Article{article("1", "kept", "x")}, time.Now())
	if err := s.RemoveSource(ctx, src.ID); err != nil {
		t.Fatal(err)
	}
	list, _ := s.Articles(ctx, ListQuery{})
	if len(list) != 1 || list[0].Title != "kept" {
		t.Fatalf("after remove: %+v", list)
	}
	if err := s.RemoveSource(ctx, src.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second remove: %v", err)
	}
	if _, err := s.AddSource(ctx, NewSource{Kind: "file", Location: "/feeds/e.xml"}); !errors.Is(err, ErrSourceExists) {
		t.Fatalf("duplicate add: %v", err)
	}
}

func TestOpenRefusesForeignAndNewerFiles(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("this is my shopping list, not a database"), 0o600)
	_, err := Open(junk)
	if err == nil || !strings.Contains(err.Error(), junk) {
		t.Fatalf("want an error naming the file, got %v", err)
	}
	if b, _ := os.ReadFile(junk); string(b) != "this is my shopping list, not a database" {
		t.Fatalf("foreign file was changed")
	}

	newer := filepath.Join(dir, "newer.db")
	s, err := Open(newer)
	if err != nil {
		t.Fatal(err)
	}
	s.db.Exec("PRAGMA user_version = 999")
	s.Close()
	before, _ := os.ReadFile(newer)
	_, err = Open(newer)
	if err == nil || !strings.Contains(err.Error(), "newer byline") {
		t.Fatalf("want a newer-schema error, got %v", err)
	}
	after, _ := os.ReadFile(newer)
	if string(before) != string(after) {
		t.Fatalf("newer store was modified")
	}
}

func TestMigrationsAreAppliedOnceAndReopenWorks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustAddSource(t, s, "/x")
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v int
	s.db.QueryRow("PRAGMA user_version").Scan(&v)
	if v != SchemaVersion {
		t.Fatalf("user_version = %d, want %d", v, SchemaVersion)
	}
	srcs, _ := s.Sources(context.Background())
	if len(srcs) != 1 {
		t.Fatalf("reopen lost sources")
	}
	var mode string
	s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Fatalf("journal_mode = %s", mode)
	}
}

func TestUndatedItemsKeepFeedOrderAndSourcesGetAName(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src, _ := s.AddSource(ctx, NewSource{Kind: "url", Location: "https://news.example.org/feed.rdf"})
	if src.Title != "news.example.org" {
		t.Fatalf("untitled URL source named %q", src.Title)
	}
	arts := []feed.Article{{GUID: "a", Title: "Newest"}, {GUID: "b", Title: "Middle"}, {GUID: "c", Title: "Oldest"}, {GUID: "a", Title: "Repeat"}}
	if _, err := s.SaveArticles(ctx, src.ID, arts, time.Now()); err != nil {
		t.Fatal(err)
	}
	list, _ := s.Articles(ctx, ListQuery{})
	var titles []string
	for _, a := range list {
		titles = append(titles, a.Title)
	}
	if strings.Join(titles, ",") != "Newest,Middle,Oldest" {
		t.Fatalf("undated items in order %v, want the feed's", titles)
	}
	if list[0].Source != "news.example.org" {
		t.Fatalf("article source name %q", list[0].Source)
	}
	file, _ := s.AddSource(ctx, NewSource{Kind: "file", Location: "/home/u/feeds/podcast.xml"})
	if file.Title != "podcast.xml" {
		t.Fatalf("untitled file source named %q", file.Title)
	}
}

func TestOpenRefusesCorruptStoreUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "corrupt.db")
	junk := make([]byte, 8192)
	copy(junk, "SQLite format 3\x00")
	for i := 16; i < len(junk); i++ {
		junk[i] = byte(i * 31)
	}
	os.WriteFile(path, junk, 0o600)
	_, err := Open(path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("want an error naming %s, got %v", path, err)
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(junk) {
		t.Fatalf("corrupt store was modified")
	}
}

// counts drops the list of added articles, so stats compare with !=.
func counts(st SaveStats) tally {
	return tally{New: st.New, Updated: st.Updated, Unchanged: st.Unchanged}
}

type tally struct{ New, Updated, Unchanged int }

func TestPruneKeepsStarredAndDoesNotComeBack(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src := mustAddSource(t, s, "/feeds/p.xml")
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	var arts []feed.Article
	for i := 0; i < 10; i++ {
		arts = append(arts, feed.Article{GUID: fmt.Sprint(i), Title: fmt.Sprint("A", i), Content: "word", Tags: []string{"t"},
			Published: now.AddDate(0, 0, -10*i)}) // 0, 10, 20 … 90 days old
	}
	s.SaveArticles(ctx, src.ID, arts, now)
	list, _ := s.Articles(ctx, ListQuery{})
	s.SetStarred(ctx, true, list[9].ID) // the oldest, starred
	n, err := s.Prune(ctx, Retention{KeepDays: 35}, now)
	if err != nil || n != 5 {
		t.Fatalf("keep_days pruned %d (%v), want 5", n, err)
	}
	n, err = s.Prune(ctx, Retention{MaxPerSource: 2}, now)
	if err != nil || n != 2 {
		t.Fatalf("max_per_source pruned %d (%v), want 2", n, err)
	}
	list, _ = s.Articles(ctx, ListQuery{})
	var titles []string
	for _, a := range list {
		titles = append(titles, a.Title)
	}
	if strings.Join(titles, ",") != "A0,A1,A9" {
		t.Fatalf("kept %v, want the newest two and the starred one", titles)
	}
	// The feed still lists them: they stay gone.
	st, _ := s.SaveArticles(ctx, src.ID, arts, now)
	if st.New != 0 {
		t.Fatalf("pruned articles came back: %+v", st)
	}
	counts, _ := s.TagCounts(ctx)
	for _, c := range counts {
		if c.Tag == "t" && c.Total != 3 {
			t.Fatalf("tag count after prune: %+v", c)
		}
	}
	if err := s.Compact(ctx); err != nil {
		t.Fatal(err)
	}
}

// remoteArticles stores remote articles titled by the given names, with
// remote ids 11, 12, …, and returns their article ids by title.
func remoteArticles(t *testing.T, s *Store, titles ...string) map[string]int64 {
	t.Helper()
	return remoteArticlesIn(t, s, "remote:feed/1", 11, titles...)
}

func remoteArticlesIn(t *testing.T, s *Store, location string, firstID int64, titles ...string) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	kind := "remote"
	if firstID == 0 {
		kind = "file" // a local source: no remote ids
	}
	src, err := s.AddSource(ctx, NewSource{Kind: kind, Location: location})
	if err != nil {
		t.Fatal(err)
	}
	var arts []feed.Article
	for i, title := range titles {
		arts = append(arts, feed.Article{GUID: title, Title: title, RemoteID: firstID + int64(i)})
	}
	if _, err := s.SaveArticles(ctx, src.ID, arts, time.Now()); err != nil {
		t.Fatal(err)
	}
	list, _ := s.Articles(ctx, ListQuery{})
	ids := map[string]int64{}
	for _, a := range list {
		if a.SourceID == src.ID {
			ids[a.Title] = a.ID
		}
	}
	return ids
}

func queued(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	q, err := s.QueuedChanges(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, c := range q {
		out[fmt.Sprintf("%d.%s", c.RemoteID, c.Field)] = c.Value
	}
	return out
}

func TestSetFieldWritesOneFieldAndQueuesOnlyRealChanges(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	ids := remoteArticles(t, s, "A")
	// The server's first state: unread, starred.
	if _, err := s.ApplyServerState(ctx, []ServerState{{RemoteID: 11, Starred: true}}); err != nil {
		t.Fatal(err)
	}
	if q := queued(t, s); len(q) != 0 {
		t.Fatalf("the server's own state was queued: %v", q)
	}
	n, err := s.SetRead(ctx, true, ids["A"])
	if err != nil || n != 1 {
		t.Fatalf("SetRead changed %d (%v)", n, err)
	}
	a, _ := s.Article(ctx, ids["A"])
	if !a.Read || !a.Starred {
		t.Fatalf("read=%v starred=%v: marking read must leave the star", a.Read, a.Starred)
	}
	if q := queued(t, s); len(q) != 1 || !q["11.read"] {
		t.Fatalf("queue = %v, want only 11.read=true", q)
	}
	// Setting a value the article already has changes and queues nothing.
	if n, _ := s.SetStarred(ctx, true, ids["A"]); n != 0 {
		t.Fatalf("starring a starred article changed %d", n)
	}
	if q := queued(t, s); len(q) != 1 {
		t.Fatalf("queue = %v, want the read change alone", q)
	}
	// Undoing a change before a sync is a change too: the newest value,
	// with its time, waits for the server.
	s.SetRead(ctx, false, ids["A"])
	if q := queued(t, s); len(q) != 1 || q["11.read"] {
		t.Fatalf("queue = %v after read then unread, want 11.read=false", q)
	}
	if _, err := s.SetRead(ctx, true, 999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown article: %v", err)
	}
}

func TestApplyServerStateLatestChangeWinsPerField(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	ids := remoteArticles(t, s, "A", "B", "C", "D")
	// First sync: everything unread and unstarred on the server.
	var first []ServerState
	for id := int64(11); id <= 14; id++ {
		first = append(first, ServerState{RemoteID: id})
	}
	if _, err := s.ApplyServerState(ctx, first); err != nil {
		t.Fatal(err)
	}
	// Local changes, made now.
	s.SetRead(ctx, true, ids["A"], ids["B"], ids["C"])
	s.SetStarred(ctx, true, ids["D"])
	past, future := time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	_, err := s.ApplyServerState(ctx, []ServerState{
		{RemoteID: 11, Read: false, Starred: true, Changed: future}, // only starred changed there: the star arrives, the read stays queued
		{RemoteID: 12, Read: true, Changed: future},                 // the same value: nothing to push
		{RemoteID: 13, Read: false, Changed: past},                  // unchanged on the server: local read stays queued
		{RemoteID: 14, Read: true},                                  // read elsewhere, time unknown; D's star stays queued
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]bool{"A": {true, true}, "B": {true, false}, "C": {true, false}, "D": {true, true}}
	for title, w := range want {
		a, _ := s.Article(ctx, ids[title])
		if a.Read != w[0] || a.Starred != w[1] {
			t.Errorf("%s: read=%v starred=%v, want %v", title, a.Read, a.Starred, w)
		}
	}
	if q := queued(t, s); len(q) != 3 || !q["11.read"] || !q["13.read"] || !q["14.starred"] {
		t.Fatalf("queue = %v, want 11.read, 13.read, 14.starred", q)
	}

	// Where the server's last value is not known (a store from before sync
	// kept it), the times decide.
	ids = remoteArticlesIn(t, s, "remote:feed/2", 21, "E", "F")
	s.SetRead(ctx, true, ids["E"], ids["F"])
	s.ApplyServerState(ctx, []ServerState{{RemoteID: 21, Read: false, Changed: future}, {RemoteID: 22, Read: false, Changed: past}})
	e, _ := s.Article(ctx, ids["E"])
	f, _ := s.Article(ctx, ids["F"])
	if e.Read || !f.Read {
		t.Fatalf("E read=%v (server's newer change wins), F read=%v (local newer change wins)", e.Read, f.Read)
	}
	if q := queued(t, s); q["21.read"] || !q["22.read"] {
		t.Fatalf("queue = %v, want 22.read and not 21.read", q)
	}

	// Local sources never queue.
	lid := remoteArticlesIn(t, s, "/x2.xml", 0, "L")["L"]
	before := len(queued(t, s))
	if n, _ := s.SetRead(ctx, true, lid); n != 1 {
		t.Fatal("the local article was not marked")
	}
	if len(queued(t, s)) != before {
		t.Fatal("a local article was queued")
	}
}
