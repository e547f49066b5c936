package refresh

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/store"
)

// refuseBoom makes the store refuse an article titled "boom", as a store
// that cannot write one source's articles would.
func refuseBoom(t *testing.T, st *store.Store) {
	t.Helper()
	if _, err := st.DB().Exec(`CREATE TRIGGER no_boom BEFORE INSERT ON articles WHEN NEW.title = 'boom'
		BEGIN SELECT RAISE(ABORT, 'boom refused'); END`); err != nil {
		t.Fatal(err)
	}
}

func twoArticles(titles ...string) *feed.Result {
	res := &feed.Result{Title: "Feed"}
	for i, title := range titles {
		res.Articles = append(res.Articles, feed.NewArticle(feed.Article{GUID: fmt.Sprint(i), Title: title,
			Content: "<p>" + title + "</p>", Format: feed.FormatHTML, Published: time.Date(2025, 1, 2, 3, 4, i, 0, time.UTC)}))
	}
	return res
}

// TestSaveBatchOneBrokenSourceFailsAlone: in a batch, a source whose save
// fails is reported with its error and not recorded as fetched; the others
// are saved, whatever came before or after it.
func TestSaveBatchOneBrokenSourceFailsAlone(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	var urls []string
	for i := range 6 {
		urls = append(urls, fmt.Sprintf("http://127.0.0.1:1/f%d.xml", i))
	}
	srcs := urlSources(t, st, urls)
	refuseBoom(t, st)
	r := &Refresher{Store: st, Fetcher: feed.NewFetcher("test", 0)}
	batch := make([]gathered, len(srcs))
	for i, src := range srcs {
		g := r.start(src, r.Force)
		g.index, g.fetched = i, true
		g.outcome.Status, g.outcome.ETag, g.outcome.BodyHash = 200, fmt.Sprintf(`"e%d"`, i), fmt.Sprintf("h%d", i)
		g.parsed = twoArticles("one", "two")
		batch[i] = g
	}
	batch[1].parsed = twoArticles("one", "boom")
	batch[2].parsed, batch[2].err = nil, errors.New(urls[2]+": 500 Internal Server Error")
	batch[3].parsed, batch[3].res.NotModified = nil, true
	if err := st.RemoveSource(ctx, srcs[4].ID); err != nil {
		t.Fatal(err)
	}

	results := r.saveBatch(ctx, batch)

	for _, i := range []int{0, 5} {
		if res := results[i]; res.Err != nil || res.Stats.New != 2 {
			t.Errorf("source %d: %+v, want 2 new", i, res)
		}
		if got, _ := st.Source(ctx, srcs[i].ID); got.Articles != 2 || got.ETag != fmt.Sprintf(`"e%d"`, i) || got.LastError != "" {
			t.Errorf("source %d stored as %+v", i, got)
		}
	}
	if res := results[1]; res.Err == nil || !strings.Contains(res.Err.Error(), "boom refused") || res.Stats.New != 0 {
		t.Errorf("broken source: %+v, want its error", res)
	}
	if got, _ := st.Source(ctx, srcs[1].ID); got.Articles != 0 || got.ETag != "" || got.BodyHash != "" ||
		!got.LastSuccess.IsZero() || got.Failures != 1 || !strings.Contains(got.LastError, "boom refused") {
		t.Errorf("broken source stored as %+v: want its failure, and not fetched", got)
	}
	if res := results[2]; res.Err == nil || res.Err.Error() != "500 Internal Server Error" {
		t.Errorf("failed fetch: %+v", res)
	}
	if got, _ := st.Source(ctx, srcs[2].ID); got.Failures != 1 || got.LastError != "500 Internal Server Error" || got.ETag != "" {
		t.Errorf("failed fetch stored as %+v", got)
	}
	if res := results[3]; res.Err != nil || !res.NotModified {
		t.Errorf("not modified: %+v", res)
	}
	if got, _ := st.Source(ctx, srcs[3].ID); got.LastSuccess.IsZero() || got.ETag != `"e3"` || got.Articles != 0 {
		t.Errorf("not modified stored as %+v", got)
	}
	if res := results[4]; !errors.Is(res.Err, store.ErrNotFound) {
		t.Errorf("removed source: %+v, want not found", res)
	}
}

// localFeeds writes n feed files of two items each, the one at broken with
// an item the store refuses, and adds them as sources.
func localFeeds(t *testing.T, st *store.Store, n, broken int) []store.Source {
	t.Helper()
	dir := t.TempDir()
	var list []store.NewSource
	for i := range n {
		body := strings.Replace(sampleRSS, "<title>Sample Feed</title>", fmt.Sprintf("<title>Feed %d</title>", i), 1)
		if i == broken {
			body = strings.Replace(body, "<title>Second post</title>", "<title>boom</title>", 1)
		}
		p := filepath.Join(dir, fmt.Sprintf("f%02d.xml", i))
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		list = append(list, store.NewSource{Kind: "file", Location: p})
	}
	if _, _, err := st.AddSources(context.Background(), list); err != nil {
		t.Fatal(err)
	}
	srcs, err := st.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return srcs
}

// TestRefreshReportsEachSourceOnceItIsSaved: progress comes once per
// source, in order, each when what it says is in the store; the broken
// source fails alone.
func TestRefreshReportsEachSourceOnceItIsSaved(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	const n, broken = 60, 37
	srcs := localFeeds(t, st, n, broken)
	refuseBoom(t, st)
	r := &Refresher{Store: st}
	reported := map[int64]int{}
	last := 0
	results := r.Refresh(ctx, srcs, func(done int, res Result) {
		if done != last+1 {
			t.Errorf("report %d after %d", done, last)
		}
		last = done
		reported[res.Source.ID]++
		got, err := st.Source(ctx, res.Source.ID)
		if err != nil {
			t.Fatal(err)
		}
		if res.Err == nil && (res.Stats.New != 2 || got.Articles != 2 || got.LastSuccess.IsZero()) {
			t.Errorf("%s reported saved (%+v) and stored as %+v", res.Source.Location, res.Stats, got)
		}
		if res.Err != nil && (got.Articles != 0 || got.Failures != 1) {
			t.Errorf("%s reported failed (%v) and stored as %+v", res.Source.Location, res.Err, got)
		}
	})
	if last != n || len(reported) != n {
		t.Fatalf("%d reports for %d sources, want %d", last, len(reported), n)
	}
	for id, times := range reported {
		if times != 1 {
			t.Errorf("source %d reported %d times", id, times)
		}
	}
	for i, res := range results {
		if (res.Err != nil) != (i == broken) {
			t.Errorf("source %d: %v", i, res.Err)
		}
	}
}

// TestACancelledRefreshLeavesEachSourceWholeOrFailed: however far the
// writer got, each source is saved with its fetch state, or failed and not
// recorded as fetched.
func TestACancelledRefreshLeavesEachSourceWholeOrFailed(t *testing.T) {
	for _, cancelAt := range []int{1, 5, 20} {
		st, err := store.Open(filepath.Join(t.TempDir(), "s.db"))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		srcs := localFeeds(t, st, 40, -1)
		r := &Refresher{Store: st}
		results := r.Refresh(ctx, srcs, func(done int, res Result) {
			if done == cancelAt {
				cancel()
			}
		})
		failed := 0
		for _, res := range results {
			got, err := st.Source(context.Background(), res.Source.ID)
			if err != nil {
				t.Fatal(err)
			}
			if res.Err == nil && (got.Articles != 2 || got.LastSuccess.IsZero()) {
				t.Errorf("cancelled at %d: %s saved and stored as %+v", cancelAt, res.Source.Location, got)
			}
			if res.Err != nil {
				failed++
				if got.Articles != 0 || !got.LastSuccess.IsZero() {
					t.Errorf("cancelled at %d: %s failed (%v) and stored as %+v", cancelAt, res.Source.Location, res.Err, got)
				}
			}
		}
		t.Logf("cancelled at %d: %d of %d failed", cancelAt, failed, len(results))
		cancel()
		st.Close()
	}
}
