package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/store/query"
)

func titlesMatching(t *testing.T, s *Store, q string) []string {
	t.Helper()
	f, err := query.Parse(q)
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	list, err := s.Articles(context.Background(), ListQuery{Filter: f})
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	var out []string
	for _, a := range list {
		out = append(out, a.Title)
	}
	slices.Sort(out)
	return out
}

func newTestSource(t *testing.T, s *Store) int64 {
	t.Helper()
	src, err := s.AddSource(context.Background(), NewSource{Kind: "url", Location: "https://example.com/feed.xml"})
	if err != nil {
		t.Fatal(err)
	}
	return src.ID
}

func TestBodiesAreStoredCompressedAndReadBackWhole(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	src := newTestSource(t, s)
	content := "<p>" + strings.Repeat("A paragraph of an article about kernels and compilers. ", 100) + "</p>"
	if _, err := s.SaveArticles(ctx, src, []feed.Article{feed.NewArticle(feed.Article{GUID: "1", Title: "Long", Content: content})}, time.Now()); err != nil {
		t.Fatal(err)
	}
	id := articleID(t, s, "Long")
	var kind string
	var size int
	var text string
	if err := s.db.QueryRow("SELECT typeof(content), length(content), text FROM bodies WHERE article_id = ?", id).Scan(&kind, &size, &text); err != nil {
		t.Fatal(err)
	}
	if kind != "blob" || size >= len(content)/2 {
		t.Errorf("body stored as %s of %d bytes (content %d bytes), want compressed", kind, size, len(content))
	}
	if text != "" {
		t.Errorf("a plain-text copy of %d bytes is stored", len(text))
	}
	md := "# Title\n\n" + strings.Repeat("Converted *Markdown* text. ", 50)
	if err := s.SetMarkdown(ctx, id, md); err != nil {
		t.Fatal(err)
	}
	full := strings.Repeat("The page's whole text, with a unique word zyzzyva. ", 40)
	if err := s.SetFullText(ctx, id, full, ""); err != nil {
		t.Fatal(err)
	}
	var mdKind, fullKind string
	s.db.QueryRow("SELECT typeof(markdown), typeof(full) FROM bodies WHERE article_id = ?", id).Scan(&mdKind, &fullKind)
	if mdKind != "blob" || fullKind != "blob" {
		t.Errorf("markdown stored as %s, full text as %s; want both compressed", mdKind, fullKind)
	}
	a, err := s.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if a.Content != content || a.Markdown != md || a.Full != full {
		t.Errorf("read back differs: content %v, markdown %v, full %v", a.Content == content, a.Markdown == md, a.Full == full)
	}
	// The index is built from the bodies: the content's words and the
	// full text's, which came after the first index was built.
	if got := titlesMatching(t, s, "compilers"); !slices.Equal(got, []string{"Long"}) {
		t.Errorf("a word of the content finds %q", got)
	}
	if got := titlesMatching(t, s, "zyzzyva"); !slices.Equal(got, []string{"Long"}) {
		t.Errorf("a word of the full text finds %q", got)
	}
}

// TestRefreshWritesFastAndTheIndexLasting: a refresh writes a body in the
// fast form (S2), the search index, which reads it anyway, puts it in its
// lasting one (zstd), and it reads back the same in both; gc leaves none
// in the fast form.
func TestRefreshWritesFastAndTheIndexLasting(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	src := newTestSource(t, s)
	content := "<p>" + strings.Repeat("A paragraph of an article about kernels and compilers. ", 100) + "</p>"
	if _, err := s.SaveArticles(ctx, src, []feed.Article{
		feed.NewArticle(feed.Article{GUID: "1", Title: "Long", Content: content}),
		feed.NewArticle(feed.Article{GUID: "2", Title: "Other", Content: strings.ReplaceAll(content, "kernels", "schedulers")}),
	}, time.Now()); err != nil {
		t.Fatal(err)
	}
	id := articleID(t, s, "Long")
	form := func() (string, int) {
		t.Helper()
		var head string
		var size int
		if err := s.db.QueryRow("SELECT hex(substr(content, 1, 4)), length(content) FROM bodies WHERE article_id = ?", id).Scan(&head, &size); err != nil {
			t.Fatal(err)
		}
		return head, size
	}
	readsBack := func(when string) {
		t.Helper()
		a, err := s.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Content != content {
			t.Errorf("%s: the body reads back as %d bytes, not the %d written", when, len(a.Content), len(content))
		}
	}
	if head, size := form(); !strings.HasPrefix(head, "00") || size >= len(content)/2 {
		t.Errorf("as a refresh wrote it: %s… (%d bytes), want the fast form (00…) and compressed", head, size)
	}
	readsBack("in the fast form")
	if n, err := s.IndexPending(ctx); err != nil || n != 2 {
		t.Fatalf("IndexPending: %d, %v", n, err)
	}
	if head, _ := form(); head != "28B52FFD" {
		t.Errorf("once indexed: %s…, want a zstd frame (28B52FFD…)", head)
	}
	readsBack("in the lasting form")
	if got := titlesMatching(t, s, "kernels"); !slices.Equal(got, []string{"Long"}) {
		t.Errorf("search finds %q", got)
	}

	// Written again (a changed item), then gc: it indexes first.
	changed := strings.Replace(content, "compilers", "linkers", 1)
	if _, err := s.SaveArticles(ctx, src, []feed.Article{feed.NewArticle(feed.Article{GUID: "1", Title: "Long", Content: changed})}, time.Now()); err != nil {
		t.Fatal(err)
	}
	content = changed
	if head, _ := form(); !strings.HasPrefix(head, "00") {
		t.Errorf("changed: %s…, want the fast form", head)
	}
	if err := s.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	var fast int
	s.db.QueryRow("SELECT count(*) FROM bodies WHERE typeof(content) = 'blob' AND substr(content, 1, 1) = x'00'").Scan(&fast)
	if fast != 0 {
		t.Errorf("after gc %d bodies are in the fast form", fast)
	}
	readsBack("after gc")
	if got := titlesMatching(t, s, "linkers"); !slices.Equal(got, []string{"Long"}) {
		t.Errorf("search for the changed word finds %q", got)
	}
}

func articleID(t *testing.T, s *Store, title string) int64 {
	t.Helper()
	var id int64
	if err := s.db.QueryRow("SELECT id FROM articles WHERE title = ?", title).Scan(&id); err != nil {
		t.Fatalf("article %q: %v", title, err)
	}
	return id
}

func TestSearchFindsWordsInsideChineseJapaneseAndKoreanText(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	src := newTestSource(t, s)
	arts := []feed.Article{
		{GUID: "ja", Title: "Windows line endings: 日本語のタイトル", Content: "<p>Line endings.</p>"},
		{GUID: "zh", Title: "A Chinese body", Content: "<p>我们喜欢学习中文。</p>"},
		{GUID: "ko", Title: "A Korean body", Content: "<p>한국어를 배우는 사람들</p>"},
		{GUID: "en", Title: "Plain English", Content: "<p>Nothing but Latin letters, tokyo.</p>"},
		{GUID: "mixed", Title: "Mixed", Content: "<p>Tokyo東京タワー is tall.</p>"},
	}
	for i := range arts {
		arts[i] = feed.NewArticle(arts[i])
	}
	if _, err := s.SaveArticles(ctx, src, arts, time.Now()); err != nil {
		t.Fatal(err)
	}
	ja := []string{"Windows line endings: 日本語のタイトル"}
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"日本語", ja},
		{"タイトル", ja},
		{"日本語のタイトル", ja},
		{"語の", ja},
		{"ル", ja},   // one letter, the run's last
		{"語", ja},   // one letter inside a run
		{"日本*", ja}, // a prefix, as before
		{"endings:日本語", ja},
		{`"line endings" タイトル`, ja},
		{"本日", nil}, // letters of the run, not in this order
		{"タイトルの", nil},
		{"中文", []string{"A Chinese body"}},
		{"学习", []string{"A Chinese body"}},
		{"喜欢学习", []string{"A Chinese body"}},
		{"한국어", []string{"A Korean body"}},
		{"배우", []string{"A Korean body"}},
		{"東京", []string{"Mixed"}},
		{"タワー", []string{"Mixed"}},
		{"tokyo", []string{"Mixed", "Plain English"}},
		{"endings", ja},
	} {
		if got := titlesMatching(t, s, c.q); !slices.Equal(got, c.want) {
			t.Errorf("%q finds %q, want %q", c.q, got, c.want)
		}
	}
}

// oldStore builds a store as the schema before compressed bodies wrote it: bodies as text with their
// plain-text copy, indexed by the old index.
func oldStore(t testing.TB, path string, n int) map[string]string {
	t.Helper()
	s, err := openAt(path, schemaCompressedBodies-1)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	src, err := s.AddSource(ctx, NewSource{Kind: "url", Location: "https://example.com/feed.xml"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	var arts []feed.Article
	for i := range n {
		content := fmt.Sprintf("<p>Article %d says %s</p>", i, strings.Repeat(fmt.Sprintf("word%d ", i%50), 20+i%30))
		arts = append(arts, feed.Article{GUID: fmt.Sprint(i), Title: fmt.Sprintf("Title %d 日本語のタイトル", i), Content: content, Format: feed.FormatHTML})
		want[fmt.Sprint(i)] = content
	}
	if _, err := s.SaveArticles(ctx, src.ID, arts, time.Now()); err != nil {
		t.Fatal(err)
	}
	// As they were stored then: text, and a plain-text copy.
	ids := articleKeys(t, s) // every article has a body
	for id, key := range ids {
		if _, err := s.db.Exec("UPDATE bodies SET content = ?, text = ?, markdown = ? WHERE article_id = ?", want[key], "plain "+want[key], "md "+want[key], id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.IndexPending(ctx); err != nil {
		t.Fatal(err)
	}
	return want
}

// openAt opens a new store with its schema brought only to version v.
func openAt(path string, v int) (*Store, error) {
	saved := SchemaVersion
	defer func() { SchemaVersion = saved }()
	SchemaVersion = v
	return Open(path)
}

// checkUpgraded opens the store at path and checks that every article
// reads as it was written, compressed, and is found by search.
func checkUpgraded(t *testing.T, path string, want map[string]string) {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("open after upgrade: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	if s.tableExists(ctx, "body_rewrite") {
		t.Error("the upgrade's mark is still there")
	}
	var left int
	// The Markdown cached is made again when next shown (schema 12).
	s.db.QueryRow("SELECT count(*) FROM bodies WHERE typeof(content) <> 'blob' OR text <> '' OR markdown IS NOT NULL").Scan(&left)
	if left != 0 {
		t.Errorf("%d bodies not rewritten", left)
	}
	ids := articleKeys(t, s)
	if len(ids) != len(want) {
		t.Fatalf("%d articles, want %d", len(ids), len(want))
	}
	for id, key := range ids {
		a, err := s.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Content != want[key] || a.Markdown != "" {
			t.Fatalf("article %s reads %q / %q", key, a.Content, a.Markdown)
		}
	}
	if got := titlesMatching(t, s, "word7 タイトル"); len(got) != (len(want)+42)/50 {
		t.Errorf("search after the upgrade finds %d articles, want %d", len(got), (len(want)+42)/50)
	}
}

func TestUpgradeCompressesBodiesAndIndexesFromThem(t *testing.T) {
	path := filepath.Join(t.TempDir(), "byline.db")
	want := oldStore(t, path, 1200)
	var seen []Progress
	s, err := OpenWith(path, Options{Progress: func(p Progress) { seen = append(seen, p) }})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if len(seen) == 0 || seen[len(seen)-1].Done != seen[len(seen)-1].Total {
		t.Errorf("progress: %v", seen)
	}
	stages := map[string]bool{}
	for _, p := range seen {
		stages[p.Stage] = true
	}
	if !stages["Compressing article bodies"] || !stages["Indexing articles for search"] {
		t.Errorf("progress stages: %v", stages)
	}
	checkUpgraded(t, path, want)
}

// An upgrade stopped between any two of its transactions goes on at the
// next open.
func TestUpgradeStoppedBetweenBatchesGoesOnAtNextOpen(t *testing.T) {
	for stop := 0; stop <= 4; stop++ {
		t.Run(fmt.Sprint(stop), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "byline.db")
			want := oldStore(t, path, 3*rewriteBatch+10)
			s, err := openAt(path, schemaCompressedBodies) // the schema step alone
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			batches := 0
			s.finishUpgrade(ctx, func(Progress) {
				if batches++; batches == stop {
					cancel()
				}
			})
			cancel()
			s.Close()
			checkUpgraded(t, path, want)
		})
	}
}

// TestUpgradeSurvivesKill kills a byline upgrading a store at random
// moments; the store then opens, and the upgrade finishes.
func TestUpgradeSurvivesKill(t *testing.T) {
	if path := os.Getenv("BYLINE_UPGRADE_STORE"); path != "" {
		if _, err := Open(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	heavy(t, "an upgrade killed midway, again and again")
	dir := t.TempDir()
	template := filepath.Join(dir, "old.db")
	want := oldStore(t, template, 2000)
	upgrade := func(path string, killAfter time.Duration) (time.Duration, error) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestUpgradeSurvivesKill$")
		cmd.Env = append(os.Environ(), "BYLINE_UPGRADE_STORE="+path)
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if killAfter > 0 {
			time.AfterFunc(killAfter, func() { cmd.Process.Signal(syscall.SIGKILL) })
		}
		err := cmd.Wait()
		return time.Since(start), err
	}
	copyStore := func(to string) {
		data, err := os.ReadFile(template)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	whole := filepath.Join(dir, "whole.db")
	copyStore(whole)
	took, err := upgrade(whole, 0)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	killed := 0
	for i := range 4 {
		path := filepath.Join(dir, fmt.Sprintf("killed%d.db", i))
		copyStore(path)
		// Killed once or twice at a random moment of the upgrade.
		for range 1 + i%2 {
			at := time.Duration(rand.Int64N(int64(took)))
			if _, err := upgrade(path, at); err != nil {
				killed++
			}
		}
		checkUpgraded(t, path, want)
	}
	if killed == 0 {
		t.Errorf("no upgrade was killed halfway (a whole one takes %v)", took)
	}
	t.Logf("%d upgrades killed halfway; a whole one takes %v", killed, took)
}

func TestSummaryThatStartsTheBodyIsReadFromIt(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	src := newTestSource(t, s)
	body := "<p>" + strings.Repeat("The start of the body is its summary. ", 20) + "</p>"
	arts := []feed.Article{
		feed.NewArticle(feed.Article{GUID: "1", Title: "No description", Content: body}),
		feed.NewArticle(feed.Article{GUID: "2", Title: "Own description", Summary: "A description of its own.", Content: body}),
	}
	if _, err := s.SaveArticles(ctx, src, arts, time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		id := articleID(t, s, a.Title)
		var stored string
		s.db.QueryRow("SELECT summary FROM articles WHERE id = ?", id).Scan(&stored)
		if a.SummaryFromContent && stored != "" {
			t.Errorf("%s: the start of the body is stored again as its summary (%d bytes)", a.Title, len(stored))
		}
		got, err := s.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Summary != a.Summary || got.Summary == "" {
			t.Errorf("%s: summary reads %q, want %q", a.Title, got.Summary, a.Summary)
		}
	}
}

func TestCompactTrainsADictionaryAndEveryBodyReadsBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "byline.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Another byline, open before the dictionary exists.
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := context.Background()
	src := newTestSource(t, s)
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("kernel compiler memory latency cache reader feed terminal search index query planner release patch the of and to in is that")
	want := map[string]string{}
	var arts []feed.Article
	for i := range dictMinBodies + 200 {
		var b strings.Builder
		b.WriteString(`<div class="post-body"><p>`)
		for range 40 + rng.IntN(200) {
			b.WriteString(words[rng.IntN(len(words))] + " ")
		}
		fmt.Fprintf(&b, `</p><p>Read <a href="https://example.com/posts/%d">the rest</a> on Example.</p><footer>Posted in News</footer></div>`, i)
		key := fmt.Sprint(i)
		want[key] = b.String()
		arts = append(arts, feed.NewArticle(feed.Article{GUID: key, Title: "T" + key, Content: b.String()}))
	}
	if _, err := s.SaveArticles(ctx, src, arts, time.Now()); err != nil {
		t.Fatal(err)
	}
	stored := func() int {
		var n int
		s.db.QueryRow("SELECT sum(length(content)) FROM bodies").Scan(&n)
		return n
	}
	before := stored()
	if err := s.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	var dicts int
	s.db.QueryRow("SELECT count(*) FROM body_dicts").Scan(&dicts)
	after := stored()
	if dicts != 1 || after > before*3/4 {
		t.Errorf("after gc: %d dictionaries, bodies %d bytes (before %d)", dicts, after, before)
	}
	// A body saved after it uses it too, once indexed (a refresh writes
	// the fast form).
	if _, err := s.SaveArticles(ctx, src, []feed.Article{feed.NewArticle(feed.Article{GUID: "new", Title: "Tnew", Content: want["7"]})}, time.Now()); err != nil {
		t.Fatal(err)
	}
	want["new"] = want["7"]
	for _, st := range []*Store{s, other} {
		ids := articleKeys(t, st)
		for id, key := range ids {
			a, err := st.Article(ctx, id)
			if err != nil {
				t.Fatalf("article %s: %v", key, err)
			}
			if a.Content != want[key] {
				t.Fatalf("article %s reads %q", key, a.Content)
			}
		}
	}
	if got := titlesMatching(t, other, "tnew"); !slices.Equal(got, []string{"Tnew"}) {
		t.Errorf("search finds %q", got)
	}
}

// articleKeys is every article's key, by its id.
func articleKeys(t testing.TB, s *Store) map[int64]string {
	t.Helper()
	rows, err := s.db.Query("SELECT id, key FROM articles")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ids := map[int64]string{}
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			t.Fatal(err)
		}
		ids[id] = key
	}
	return ids
}

// BenchmarkUpgrade times the first open of a store written before bodies
// were compressed (schema 6: bodies as text with a plain-text copy) of
// BYLINE_UPGRADE_ARTICLES articles (10,000 unless set): the upgrade
// compresses every body and builds the search index anew.
func BenchmarkUpgrade(b *testing.B) {
	n := 10000
	if v := os.Getenv("BYLINE_UPGRADE_ARTICLES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	for range b.N {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "old.db")
		oldStore(b, path, n)
		b.StartTimer()
		s, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n), "articles")
}

// TestUpgradeMakesMarkdownAgain: the Markdown cached before schema 12 was
// converted without headings' ids; the upgrade lets it be made again.
func TestUpgradeMakesMarkdownAgain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := openAt(path, 11)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	src := newTestSource(t, s)
	if _, err := s.SaveArticles(ctx, src, []feed.Article{feed.NewArticle(feed.Article{GUID: "1", Title: "Contents", Content: "<h2 id=\"über-uns\">Über uns</h2>"})}, time.Now()); err != nil {
		t.Fatal(err)
	}
	id := articleID(t, s, "Contents")
	if err := s.SetMarkdown(ctx, id, "## Über uns\n"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := s.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if a.Markdown != "" || a.Content == "" {
		t.Fatalf("after the upgrade: Markdown %q (want none, to be made again), content %q", a.Markdown, a.Content)
	}
}

// TestOpenLeavesARefreshsArticlesToTheIndex: articles a refresh left for
// the search index are not indexed by the next open, which would make
// whatever command comes next wait, and say it upgraded the store.
func TestOpenLeavesARefreshsArticlesToTheIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	src := newTestSource(t, s)
	var arts []feed.Article
	for i := range 1200 {
		arts = append(arts, feed.NewArticle(feed.Article{GUID: fmt.Sprint(i), Title: fmt.Sprint("T", i), Content: "<p>kernel</p>"}))
	}
	if _, err := s.SaveArticles(ctx, src, arts, time.Now()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	var told []Progress
	s, err = OpenWith(path, Options{Progress: func(p Progress) { told = append(told, p) }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(told) != 0 {
		t.Errorf("the open said it upgraded the store: %v", told)
	}
	if n, err := s.IndexPending(ctx); err != nil || n != len(arts) {
		t.Errorf("left to index after the open: %d, %v; want %d", n, err, len(arts))
	}
}

// TestCheckpointEmptiesTheLog: what gc measures is the database alone, the
// log (which indexing writes to) emptied into it first.
func TestCheckpointEmptiesTheLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	src := newTestSource(t, s)
	var arts []feed.Article
	for i := range 300 {
		arts = append(arts, feed.NewArticle(feed.Article{GUID: fmt.Sprint(i), Title: fmt.Sprint("T", i), Content: strings.Repeat(fmt.Sprintf("<p>word%d kernel</p>", i), 50)}))
	}
	if _, err := s.SaveArticles(ctx, src, arts, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IndexPending(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path + "-wal")
	if err == nil && fi.Size() != 0 {
		t.Fatalf("the log holds %d bytes after a checkpoint", fi.Size())
	}
	db, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Size() != db.Size() {
		t.Fatalf("Size %d, the database %d", s.Size(), db.Size())
	}
}
