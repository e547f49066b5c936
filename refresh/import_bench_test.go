package refresh

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/store"
)

// pocketRows is a Pocket export of n rows, each a page of its own.
func pocketRows(n int) []byte {
	var b strings.Builder
	b.WriteString("title,url,time_added,tags,status\n")
	for i := range n {
		fmt.Fprintf(&b, "Page %d,https://example.com/p/%d,%d,a|b,unread\n", i, i, 1700000000+i)
	}
	return []byte(b.String())
}

// importRows saves an export's rows as 'byline import' does.
func importRows(tb testing.TB, data []byte) []Saved {
	links, _, err := feed.ParseLinkCSV(data)
	if err != nil {
		tb.Fatal(err)
	}
	st, err := store.Open(filepath.Join(tb.TempDir(), "b.db"))
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	reqs := make([]SaveRequest, len(links))
	for i, l := range links {
		reqs[i] = SaveRequest{URL: l.URL, Title: l.Title, Tags: l.Tags, Added: l.Added, NoFetch: true}
	}
	saved := (&Refresher{Store: st, Offline: true}).SaveAll(context.Background(), reqs, nil)
	for _, s := range saved {
		if s.ID == 0 {
			tb.Fatalf("not saved: %v", s.Err)
		}
	}
	return saved
}

// benchRows is N of the import benchmarks; BYLINE_IMPORT_ROWS sets it
// (10000 measures 10,000 and 100,000 rows).
var benchRows = func() int {
	if n, err := strconv.Atoi(os.Getenv("BYLINE_IMPORT_ROWS")); err == nil && n > 0 {
		return n
	}
	return 300
}()

// BenchmarkImportPocket imports N and 10N rows: the time a row takes
// stays the same (each row was checked against every page saved before
// it).
func BenchmarkImportPocket(b *testing.B) {
	for _, n := range []int{benchRows, 10 * benchRows} {
		data := pocketRows(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				importRows(b, data)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/row")
		})
	}
}

// allocs counts the allocations fn makes: a measure of work that, unlike
// time, does not depend on the machine's load.
func allocs(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs
}

// An import's work grows with its rows, not with their square: each row
// was checked against every page saved before it (SavedArticle read the
// Saved source's articles by link, SaveArticles read them all), and its
// workers waited on each other's writes.
func TestImportWorkIsLinear(t *testing.T) {
	const n = 60
	small := allocs(func() { importRows(t, pocketRows(n)) })
	large := allocs(func() { importRows(t, pocketRows(10*n)) })
	if ratio := float64(large) / float64(small); ratio > 20 {
		t.Fatalf("%d rows: %d allocations, %d rows: %d (%.0f times as many)", n, small, 10*n, large, ratio)
	}
}

// An interrupted import stops between batches: every row saved has its
// tags and read state (importing again adds tags to a page saved before,
// but not its read state), and the rest say why they were not saved.
// Importing again saves the rest.
func TestInterruptedImportFinishesTheBatchItBegan(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var reqs []SaveRequest
	for i := range 2*importBatchRows + 20 {
		reqs = append(reqs, SaveRequest{URL: fmt.Sprintf("https://example.com/%d", i), Tags: []string{"imported"}, Read: true, NoFetch: true})
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := &Refresher{Store: st, Offline: true}
	saved := r.SaveAll(ctx, reqs, func(done int, s Saved) {
		if done == 5 {
			cancel()
		}
	})
	n := 0
	for i, s := range saved {
		if s.ID == 0 {
			if !errors.Is(s.Err, context.Canceled) {
				t.Errorf("row %d: not saved, error %v", i, s.Err)
			}
			continue
		}
		n++
		a, err := st.Article(context.Background(), s.ID)
		if err != nil || !a.Read || !slices.Contains(a.Tags, "imported") {
			t.Errorf("row %d: read %v, tags %q, %v", i, a.Read, a.Tags, err)
		}
	}
	if n != importBatchRows {
		t.Errorf("%d rows saved, want the %d of the batch under way at the interruption", n, importBatchRows)
	}
	again := r.SaveAll(context.Background(), reqs, nil)
	for i, s := range again {
		if s.ID == 0 || s.Existed != (i < importBatchRows) {
			t.Fatalf("row %d imported again: %+v", i, s)
		}
		a, err := st.Article(context.Background(), s.ID)
		if err != nil || !a.Read || !slices.Contains(a.Tags, "imported") {
			t.Errorf("row %d imported again: read %v, tags %q, %v", i, a.Read, a.Tags, err)
		}
	}
}

// An import commits a transaction a batch of rows: not a few a row, nor
// one for all.
func TestImportCommitsABatchOfRowsATransaction(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	commits := func() int {
		var n int
		if err := st.DB().QueryRowContext(ctx, "SELECT n FROM write_count").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	const rows = 4 * importBatchRows
	var reqs []SaveRequest
	for i := range rows {
		reqs = append(reqs, SaveRequest{URL: fmt.Sprintf("https://example.com/%d", i), Tags: []string{"a", fmt.Sprint("t", i%3)},
			Read: i%2 == 0, Starred: i%5 == 0, NoFetch: true})
	}
	before := commits()
	for i, s := range (&Refresher{Store: st, Offline: true}).SaveAll(ctx, reqs, nil) {
		if s.ID == 0 {
			t.Fatalf("row %d: not saved: %v", i, s.Err)
		}
		a, err := st.Article(ctx, s.ID)
		if err != nil || a.Read != (i%2 == 0) || a.Starred != (i%5 == 0) || !slices.Contains(a.Tags, fmt.Sprint("t", i%3)) || !s.Pending {
			t.Fatalf("row %d: read %v, starred %v, tags %q, pending %v, %v", i, a.Read, a.Starred, a.Tags, s.Pending, err)
		}
	}
	// One a batch, so that other writers have their turn between
	// batches, and one for the Saved source.
	if n := commits() - before; n < rows/importBatchRows || n > rows/importBatchRows+1 {
		t.Errorf("%d rows imported in %d transactions, want %d batches", rows, n, rows/importBatchRows)
	}
}

// A row the store refuses fails alone: the others of its batch are saved.
func TestImportRowThatFailsFailsAlone(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	// A store that refuses one page (as a full disk or a constraint
	// might refuse a row).
	if _, err := st.DB().ExecContext(ctx, `CREATE TRIGGER refuse BEFORE INSERT ON articles
		WHEN NEW.key = 'https://example.com/7' BEGIN SELECT RAISE(ABORT, 'refused'); END`); err != nil {
		t.Fatal(err)
	}
	var reqs []SaveRequest
	for i := range 20 {
		reqs = append(reqs, SaveRequest{URL: fmt.Sprintf("https://example.com/%d", i), Tags: []string{"x"}, NoFetch: true})
	}
	for i, s := range (&Refresher{Store: st, Offline: true}).SaveAll(ctx, reqs, nil) {
		if (s.ID == 0) != (i == 7) {
			t.Errorf("row %d: %+v", i, s)
		}
	}
}

// saveOffline saves n URLs offline, as 'byline --offline save -' does:
// each is saved pending.
func saveOffline(tb testing.TB, n int) {
	st, err := store.Open(filepath.Join(tb.TempDir(), "b.db"))
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	reqs := make([]SaveRequest, n)
	for i := range reqs {
		reqs[i] = SaveRequest{URL: fmt.Sprintf("https://example.com/s/%d", i)}
	}
	for _, s := range (&Refresher{Store: st, Offline: true}).SaveAll(context.Background(), reqs, nil) {
		if s.ID == 0 || !s.Pending {
			tb.Fatalf("not saved pending: %+v", s)
		}
	}
}

// A list of pages saved while they cannot be fetched costs each page the
// same: each looked for itself among every saved page and counted every
// pending one (3,000 URLs offline: 17 s; 300: half a second).
func TestSavingManyPagesWorkIsLinear(t *testing.T) {
	const n = 60
	small := allocs(func() { saveOffline(t, n) })
	large := allocs(func() { saveOffline(t, 10*n) })
	if ratio := float64(large) / float64(small); ratio > 20 {
		t.Fatalf("%d pages: %d allocations, %d pages: %d (%.0f times as many)", n, small, 10*n, large, ratio)
	}
}

func BenchmarkSaveOffline(b *testing.B) {
	for _, n := range []int{benchRows, 10 * benchRows} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				saveOffline(b, n)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/page")
		})
	}
}

// Saving a page costs the same among 100 saved pages as among 10,000:
// 'byline save URL' looks the page up by the store's indexes, and counts
// the pages not fetched by one, instead of reading every saved page.
func TestSavingAPageDoesNotReadEverySavedPage(t *testing.T) {
	cost := func(saved int) uint64 {
		st, err := store.Open(filepath.Join(t.TempDir(), "b.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		r := &Refresher{Store: st, Offline: true}
		var reqs []SaveRequest
		for i := range saved {
			reqs = append(reqs, SaveRequest{URL: fmt.Sprintf("https://example.com/p/%d", i), NoFetch: true})
		}
		r.SaveAll(context.Background(), reqs, nil)
		return allocs(func() {
			for _, u := range []string{"https://example.com/new", "https://example.com/p/7"} {
				for _, s := range r.SaveAll(context.Background(), []SaveRequest{{URL: u, Tags: []string{"x"}}}, nil) {
					if s.ID == 0 || !s.Pending {
						t.Fatalf("%s not saved pending: %+v", u, s)
					}
				}
			}
		})
	}
	small, large := cost(100), cost(10_000)
	if ratio := float64(large) / float64(small); ratio > 2 {
		t.Fatalf("saving among 100 pages: %d allocations, among 10,000: %d (%.0f times as many)", small, large, ratio)
	}
}
