package store

import (
	"context"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/store/query"
)

var filterNow = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)

// library builds a small store whose articles each answer some filters.
func library(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	s := openTemp(t)
	hn, _ := s.AddSource(ctx, NewSource{Kind: "url", Location: "https://news.ycombinator.com/rss", Title: "Hacker News", Tags: []string{"news"}})
	blog, _ := s.AddSource(ctx, NewSource{Kind: "url", Location: "https://go.dev/blog/feed.atom", Title: "The Go Blog", Tags: []string{"go"}})
	vid, _ := s.AddSource(ctx, NewSource{Kind: "url", Location: "https://videos.example/feed", Title: "Talks"})
	day := func(d int) time.Time { return filterNow.AddDate(0, 0, -d) }
	save := func(src int64, arts ...feed.Article) {
		if _, err := s.SaveArticles(ctx, src, arts, filterNow); err != nil {
			t.Fatal(err)
		}
	}
	save(hn.ID,
		feed.Article{GUID: "hn1", Title: "Show HN: a Rust TUI", Published: day(1), Tags: []string{"Rust"}, Content: "memory safety without garbage collection"},
		feed.Article{GUID: "hn2", Title: "Café culture and résumés", Published: day(3), Content: "An essay about naïve coffee"},
		feed.Article{GUID: "hn3", Title: "Sponsored: buy things", Published: day(40), Content: "advertising"},
	)
	save(blog.ID,
		feed.Article{GUID: "go1", Title: "Go 1.30 is released", Published: day(2), Tags: []string{"release"}, Content: "generics iterators and more"},
		feed.Article{GUID: "go2", Title: "Range over functions", Published: day(20), Content: "iterators explained", Summary: "memory safety"},
	)
	save(vid.ID,
		feed.Article{GUID: "v1", Title: "GopherCon talk", Published: day(5), Tags: []string{"video", "go"}, Content: "a talk about concurrency"},
	)
	return s
}

func titles(t *testing.T, s *Store, q string) []string {
	t.Helper()
	f, err := query.Parse(q)
	if err != nil {
		t.Fatalf("parse %q: %v", q, err)
	}
	list, err := s.Articles(context.Background(), ListQuery{Filter: f, Now: filterNow})
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	var out []string
	for _, a := range list {
		out = append(out, a.Title)
	}
	total, _, err := s.Count(context.Background(), f, filterNow)
	if err != nil || total != len(out) {
		t.Fatalf("%q: Count = %d (%v), listed %d", q, total, err, len(out))
	}
	return out
}

func TestFilters(t *testing.T) {
	s := library(t)
	ctx := context.Background()
	// Mark two read and star one.
	all, _ := s.Articles(ctx, ListQuery{})
	id := map[string]int64{}
	for _, a := range all {
		id[a.Title] = a.ID
	}
	s.SetRead(ctx, true, id["Range over functions"], id["Show HN: a Rust TUI"])
	s.SetStarred(ctx, true, id["GopherCon talk"])

	cases := []struct {
		q    string
		want []string
	}{
		{"", []string{"Show HN: a Rust TUI", "Go 1.30 is released", "Café culture and résumés", "GopherCon talk", "Range over functions", "Sponsored: buy things"}},
		{"+go", []string{"Go 1.30 is released", "GopherCon talk", "Range over functions"}},
		{"+GO", []string{"Go 1.30 is released", "GopherCon talk", "Range over functions"}},
		{"-go", []string{"Show HN: a Rust TUI", "Café culture and résumés", "Sponsored: buy things"}},
		{"+rust,video", []string{"Show HN: a Rust TUI", "GopherCon talk"}},
		{"-news,video", []string{"Go 1.30 is released", "Range over functions"}},
		{"+unread", []string{"Go 1.30 is released", "Café culture and résumés", "GopherCon talk", "Sponsored: buy things"}},
		{"-unread", []string{"Show HN: a Rust TUI", "Range over functions"}},
		{"+starred", []string{"GopherCon talk"}},
		{"-news,video +starred", nil},
		{"+unread +go @1-month-ago", []string{"Go 1.30 is released", "GopherCon talk"}},
		{"+unread,starred +go", []string{"Go 1.30 is released", "GopherCon talk"}},
		{"@4-days-ago", []string{"Show HN: a Rust TUI", "Go 1.30 is released", "Café culture and résumés"}},
		{"@1-week-old", []string{"Show HN: a Rust TUI", "Go 1.30 is released", "Café culture and résumés", "GopherCon talk"}},
		{"@2026-06-01", []string{"Show HN: a Rust TUI", "Go 1.30 is released", "Café culture and résumés", "GopherCon talk"}},
		{"@2026-05-20--2026-06-10", []string{"GopherCon talk", "Range over functions"}},
		{"@2026-06-10", []string{"Show HN: a Rust TUI", "Go 1.30 is released", "Café culture and résumés", "GopherCon talk"}},
		{"@30-days-ago--4-days-ago", []string{"GopherCon talk", "Range over functions"}},
		{"@4-days-ago--30-days-ago", []string{"GopherCon talk", "Range over functions"}},
		{"=hacker", []string{"Show HN: a Rust TUI", "Café culture and résumés", "Sponsored: buy things"}},
		{"=go.dev", []string{"Go 1.30 is released", "Range over functions"}},
		{"=nomatch", nil},
		{"~hacker ~talks", []string{"Go 1.30 is released", "Range over functions"}},
		{"!sponsored !SHOW", []string{"Go 1.30 is released", "Café culture and résumés", "GopherCon talk", "Range over functions"}},
		{"#2", []string{"Show HN: a Rust TUI", "Go 1.30 is released"}},
		{"+go #1", []string{"Go 1.30 is released"}},
		{"iterators", []string{"Go 1.30 is released", "Range over functions"}},
		{"ITERATORS", []string{"Go 1.30 is released", "Range over functions"}},
		{"cafe resumes", []string{"Café culture and résumés"}},
		{"naive", []string{"Café culture and résumés"}},
		{"iter*", []string{"Go 1.30 is released", "Range over functions"}},
		{"gen*", []string{"Go 1.30 is released"}},
		{`"memory safety"`, []string{"Show HN: a Rust TUI", "Range over functions"}},
		{`"safety memory"`, nil},
		{`"memory safety" +go`, []string{"Range over functions"}},
		{"iterators -unread", []string{"Range over functions"}},
		{"talk +video +go", []string{"GopherCon talk"}},
		{`rust "OR" NOT`, nil},
		{"+nosuchtag", nil},
	}
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			got := titles(t, s, c.q)
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("%q\n got  %q\n want %q", c.q, got, c.want)
			}
		})
	}
}

func TestFilterPagingWithDriversAndLimit(t *testing.T) {
	s := library(t)
	ctx := context.Background()
	for _, q := range []string{"", "+go", "+unread", "iterators", "@1-year-ago", "#3"} {
		f, _ := query.Parse(q)
		var paged []string
		lq := ListQuery{Filter: f, Limit: 1, Now: filterNow}
		for i := 0; i < 20; i++ {
			page, err := s.Articles(ctx, lq)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			paged = append(paged, page[0].Title)
			lq.After, lq.Skip = page[0].Cursor, lq.Skip+1
		}
		if whole := titles(t, s, q); !reflect.DeepEqual(paged, whole) {
			t.Errorf("%q paged %q, whole %q", q, paged, whole)
		}
	}
}

func TestTagCountsFollowEveryChange(t *testing.T) {
	s := library(t)
	ctx := context.Background()
	check := func(when string) {
		t.Helper()
		counts, err := s.TagCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]int{}
		for _, c := range counts {
			got[c.Tag] = [2]int{c.Total, c.Unread}
		}
		// Recount the slow way.
		rows, _ := s.db.Query(`SELECT t.tag, count(*), sum(a.read = 0) FROM article_tags t JOIN articles a ON a.id = t.article_id GROUP BY t.tag`)
		want := map[string][2]int{}
		for rows.Next() {
			var tag string
			var n, u int
			rows.Scan(&tag, &n, &u)
			want[tag] = [2]int{n, u}
		}
		rows.Close()
		s.db.QueryRow("SELECT count(*), count(*) FROM articles WHERE read = 0").Scan(new(int), new(int))
		for tag, w := range want {
			if got[tag] != w {
				t.Errorf("%s: %s counts %v, want %v", when, tag, got[tag], w)
			}
		}
		for tag := range got {
			if _, ok := want[tag]; !ok && tag != "unread" && tag != "starred" {
				t.Errorf("%s: stale tag %q in counts", when, tag)
			}
		}
	}
	check("after insert")
	all, _ := s.Articles(ctx, ListQuery{})
	s.SetRead(ctx, true, all[0].ID, all[1].ID)
	check("after read")
	s.EditTags(ctx, []int64{all[2].ID}, []string{"later"}, []string{"news"})
	check("after edit")
	srcs, _ := s.Sources(ctx)
	s.SetSourceTags(ctx, srcs[0].ID, []string{"hn", "news"})
	check("after source tags")
	s.RemoveSource(ctx, srcs[1].ID)
	check("after remove")
	s.SaveArticles(ctx, srcs[0].ID, []feed.Article{{GUID: "hn1", Title: "Show HN: a Rust TUI (updated)", Published: filterNow, Tags: []string{"Zig"}}}, filterNow)
	check("after update")
}

func TestUserTagsSurviveRefreshAndWinOverFeedTags(t *testing.T) {
	s := library(t)
	ctx := context.Background()
	f, _ := query.Parse("+rust")
	ids, _ := s.ArticleIDs(ctx, f, filterNow)
	if len(ids) != 1 {
		t.Fatalf("rust articles: %v", ids)
	}
	if _, err := s.EditTags(ctx, ids, []string{"Read Later"}, []string{"rust"}); err != nil {
		t.Fatal(err)
	}
	srcs, _ := s.Sources(ctx)
	// The feed sends the item again, changed, still with its Rust category.
	s.SaveArticles(ctx, srcs[0].ID, []feed.Article{{GUID: "hn1", Title: "Show HN: a Rust TUI, v2", Published: filterNow.AddDate(0, 0, -1), Tags: []string{"Rust"}, Content: "new text"}}, filterNow)
	a, _ := s.Article(ctx, ids[0])
	if want := []string{"news", "read-later"}; !reflect.DeepEqual(a.Tags, want) {
		t.Fatalf("tags after refresh = %v, want %v", a.Tags, want)
	}
	if got := titles(t, s, "new"); !reflect.DeepEqual(got, []string{"Show HN: a Rust TUI, v2"}) {
		t.Fatalf("full-text index not updated: %v", got)
	}
	if got := titles(t, s, "garbage"); got != nil {
		t.Fatalf("old text still indexed: %v", got)
	}
	if _, err := s.EditTags(ctx, ids, []string{"unread"}, nil); err == nil {
		t.Fatalf("unread accepted as a user tag")
	}
}

func TestAutoTagRules(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	s.SetTagRules([]TagRule{
		{Field: "title", Pattern: regexp.MustCompile(`(?i)\brust\b`), Add: []string{"rust"}},
		{Field: "link", Pattern: regexp.MustCompile(`youtube\.com`), Add: []string{"video"}},
		{Field: "source", Pattern: regexp.MustCompile(`ycombinator`), Add: []string{"hn"}, Remove: []string{"news"}},
	})
	src, _ := s.AddSource(ctx, NewSource{Kind: "url", Location: "https://news.ycombinator.com/rss", Tags: []string{"news"}})
	s.SaveArticles(ctx, src.ID, []feed.Article{
		{GUID: "1", Title: "Rust 2.0", Link: "https://blog.example/rust"},
		{GUID: "2", Title: "A talk", Link: "https://www.youtube.com/watch?v=x"},
	}, filterNow)
	got := map[string][]string{}
	list, _ := s.Articles(ctx, ListQuery{})
	for _, a := range list {
		got[a.Title] = a.Tags
	}
	if !reflect.DeepEqual(got["Rust 2.0"], []string{"hn", "rust"}) || !reflect.DeepEqual(got["A talk"], []string{"hn", "video"}) {
		t.Fatalf("rule tags: %v", got)
	}
	// New rules apply to stored articles through Retag only.
	s.SetTagRules([]TagRule{{Field: "title", Pattern: regexp.MustCompile(`talk`), Add: []string{"talks"}}})
	n, err := s.Retag(ctx)
	if err != nil || n != 2 {
		t.Fatalf("retag changed %d (%v), want 2", n, err)
	}
	list, _ = s.Articles(ctx, ListQuery{})
	for _, a := range list {
		got[a.Title] = a.Tags
	}
	if !reflect.DeepEqual(got["A talk"], []string{"news", "talks"}) || !reflect.DeepEqual(got["Rust 2.0"], []string{"news"}) {
		t.Fatalf("after retag: %v", got)
	}
}

func TestMarkFilteredOnlyTouchesTheView(t *testing.T) {
	s := library(t)
	ctx := context.Background()
	f, _ := query.Parse("+go")
	n, err := s.MarkFiltered(ctx, f, true, filterNow)
	if err != nil || n != 3 {
		t.Fatalf("marked %d (%v), want 3", n, err)
	}
	if got := titles(t, s, "+unread"); !reflect.DeepEqual(got, []string{"Show HN: a Rust TUI", "Café culture and résumés", "Sponsored: buy things"}) {
		t.Fatalf("unread after marking +go: %v", got)
	}
	f, _ = query.Parse("#1")
	if n, _ := s.MarkFiltered(ctx, f, true, filterNow); n != 1 {
		t.Fatalf("#1 marked %d", n)
	}
}

func TestSavedFilters(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	for _, f := range [][2]string{{"go", "+go +unread"}, {"news", "+news @1-day-ago"}, {"go", "+GO"}} {
		if err := s.SaveFilter(ctx, f[0], f[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SaveFilter(ctx, "bad", "@2-fortnights-ago"); err == nil {
		t.Fatalf("a bad filter was saved")
	}
	got, _ := s.SavedFilters(ctx)
	if len(got) != 2 || got[0] != (SavedFilter{Name: "go", Query: "+go"}) || got[1].Name != "news" {
		t.Fatalf("saved filters: %v", got)
	}
	if err := s.DeleteFilter(ctx, "go"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteFilter(ctx, "go"); err == nil {
		t.Fatal("deleting a missing filter succeeded")
	}
}

func TestDeletingArticlesClearsIndexAndTags(t *testing.T) {
	s := library(t)
	ctx := context.Background()
	srcs, _ := s.Sources(ctx)
	for _, src := range srcs {
		if err := s.RemoveSource(ctx, src.ID); err != nil {
			t.Fatal(err)
		}
	}
	var fts, tags, counts int
	s.db.QueryRow("SELECT count(*) FROM fts").Scan(&fts)
	s.db.QueryRow("SELECT count(*) FROM article_tags").Scan(&tags)
	s.db.QueryRow("SELECT count(*) FROM tag_counts").Scan(&counts)
	if fts+tags+counts != 0 {
		t.Fatalf("left behind: %d fts rows, %d tags, %d counts", fts, tags, counts)
	}
	var names []string
	cs, _ := s.TagCounts(ctx)
	for _, c := range cs {
		names = append(names, c.Tag)
	}
	sort.Strings(names)
	if strings.Join(names, ",") != "starred,unread" {
		t.Fatalf("tag counts: %v", names)
	}
}

// Feeds list several categories in one element ("Botany, Evolution"):
// each is a tag of its own, one the filter language can name.
func TestCommaSeparatedCategoriesAreTags(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src, _ := s.AddSource(ctx, NewSource{Kind: "url", Location: "https://journal.example/rss", Title: "Journal"})
	if _, err := s.SaveArticles(ctx, src.ID, []feed.Article{
		{GUID: "a", Title: "Pollinators", Published: filterNow, Tags: []string{"Botany, Evolution", "Field Notes,"}},
	}, filterNow); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"+botany", "+evolution", "+botany,evolution", "+field-notes"} {
		if got := titles(t, s, q); len(got) != 1 {
			t.Errorf("%s: %v", q, got)
		}
	}
}

// =text looks in the title the user sees: theirs, when they retitled the
// source, not the feed's own.
func TestSourceTermMatchesTheShownTitle(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src, _ := s.AddSource(ctx, NewSource{Kind: "url", Location: "https://gulpjs.example/atom"})
	if err := s.RecordFetch(ctx, src.ID, FetchOutcome{OK: true, Status: 200, Title: "Release notes from gulp", At: filterNow}); err != nil {
		t.Fatal(err)
	}
	title := "Gulp Blog"
	if err := s.EditSource(ctx, src.ID, SourceEdit{Title: &title}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveArticles(ctx, src.ID, []feed.Article{{GUID: "a", Title: "v5", Published: filterNow}}, filterNow); err != nil {
		t.Fatal(err)
	}
	if got := titles(t, s, "=notes"); len(got) != 0 {
		t.Errorf("=notes matched the hidden feed title: %v", got)
	}
	for _, q := range []string{`="gulp blog"`, "=gulpjs.example"} {
		if got := titles(t, s, q); len(got) != 1 {
			t.Errorf("%s: %v", q, got)
		}
	}
}
