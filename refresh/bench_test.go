package refresh

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/store"
	"github.com/byline/byline/store/storetest"
	"github.com/mmcdole/gofeed"
)

// benchCorpus generates nfeeds × items with the shared generator, once per
// size, in the temp folder.
func benchCorpus(tb testing.TB, nfeeds, items int) string {
	tb.Helper()
	gen := filepath.Join("..", "..", "shared", "bench", "genfeeds.py")
	if g := os.Getenv("BYLINE_GENFEEDS"); g != "" {
		gen = g
	}
	if _, err := os.Stat(gen); err != nil {
		tb.Skip("../shared/bench/genfeeds.py not found (BYLINE_GENFEEDS names another); skipping")
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("byline-feeds-%d-%d", nfeeds, items))
	if _, err := os.Stat(filepath.Join(dir, "done")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	if out, err := exec.Command("python3", gen, dir, fmt.Sprint(nfeeds), fmt.Sprint(items)).CombinedOutput(); err != nil {
		tb.Skipf("genfeeds.py: %v\n%s", err, out)
	}
	os.WriteFile(filepath.Join(dir, "done"), nil, 0o644)
	return dir
}

// feedServer serves a folder of feeds with ETag and Last-Modified; with
// conditional false it ignores validators and always sends the body.
type feedServer struct {
	*httptest.Server
	conditional atomic.Bool
	requests    atomic.Int64
}

func newFeedServer(tb testing.TB, dir string) (*feedServer, []string) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	sort.Strings(files)
	bodies := map[string][]byte{}
	etags := map[string]string{}
	var urls []string
	fs := &feedServer{}
	fs.conditional.Store(true)
	lastMod := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat)
	for _, f := range files {
		b, _ := os.ReadFile(f)
		name := "/" + filepath.Base(f)
		bodies[name] = b
		sum := sha256.Sum256(b)
		etags[name] = `"` + hex.EncodeToString(sum[:8]) + `"`
	}
	var mu sync.Mutex
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.requests.Add(1)
		mu.Lock()
		b, ok := bodies[r.URL.Path]
		etag := etags[r.URL.Path]
		mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		if fs.conditional.Load() {
			w.Header().Set("ETag", etag)
			w.Header().Set("Last-Modified", lastMod)
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		w.Write(b)
	}))
	tb.Cleanup(fs.Close)
	for _, f := range files {
		urls = append(urls, fs.URL+"/"+filepath.Base(f))
	}
	return fs, urls
}

func benchStore(tb testing.TB, urls []string) (*store.Store, []store.Source) {
	st, err := store.Open(filepath.Join(tb.TempDir(), "b.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	ctx := context.Background()
	list := make([]store.NewSource, len(urls))
	for i, u := range urls {
		list[i] = store.NewSource{Kind: "url", Location: u}
	}
	if _, _, err := st.AddSources(ctx, list); err != nil {
		tb.Fatal(err)
	}
	srcs, _ := st.Sources(ctx)
	return st, srcs
}

func refreshAll(tb testing.TB, st *store.Store) []Result {
	ctx := context.Background()
	srcs, err := st.Sources(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	r := &Refresher{Store: st, Fetcher: feed.NewFetcher("bench", 0)}
	res := r.Refresh(ctx, srcs, nil)
	for _, x := range res {
		if x.Err != nil {
			tb.Fatalf("%s: %v", x.Source.Location, x.Err)
		}
	}
	return res
}

func BenchmarkRefresh(b *testing.B) {
	for _, size := range []struct{ feeds, items int }{{200, 50}, {500, 50}} {
		dir := benchCorpus(b, size.feeds, size.items)
		srv, urls := newFeedServer(b, dir)
		b.Run(fmt.Sprintf("cold_%dx%d", size.feeds, size.items), func(b *testing.B) {
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				st, _ := benchStore(b, urls)
				runtime.GC()
				b.StartTimer()
				cpu += cpuTime(func() { refreshAll(b, st) })
			}
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		})
		if size.feeds != 200 {
			continue
		}
		// The refresh, then the search index of what arrived, which the
		// reader builds in the background once a refresh is over (and a
		// search, or gc, before it does anything else).
		b.Run(fmt.Sprintf("cold_indexed_%dx%d", size.feeds, size.items), func(b *testing.B) {
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				st, _ := benchStore(b, urls)
				runtime.GC()
				b.StartTimer()
				cpu += cpuTime(func() {
					refreshAll(b, st)
					if _, err := st.IndexPending(context.Background()); err != nil {
						b.Fatal(err)
					}
				})
			}
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		})
		st, _ := benchStore(b, urls)
		refreshAll(b, st)
		b.Run("not_modified_200", func(b *testing.B) {
			srv.conditional.Store(true)
			for i := 0; i < b.N; i++ {
				refreshAll(b, st)
			}
		})
		b.Run("unchanged_bodies_200", func(b *testing.B) {
			srv.conditional.Store(false)
			defer srv.conditional.Store(true)
			for i := 0; i < b.N; i++ {
				refreshAll(b, st)
			}
		})
	}
}

// BenchmarkParseFloor is the yardstick a cold refresh is held against
// (bench/parse, in the same run): gofeed alone, with its defaults, parsing
// the 200 × 50 corpus read beforehand, on as many workers as there are
// cores. Nothing is fetched, converted or stored.
func BenchmarkParseFloor(b *testing.B) {
	dir := benchCorpus(b, 200, 50)
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	var bodies [][]byte
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, body)
	}
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		runtime.GC()
		b.StartTimer()
		cpu += cpuTime(func() {
			jobs := make(chan []byte)
			var wg sync.WaitGroup
			for range runtime.GOMAXPROCS(0) {
				wg.Add(1)
				go func() {
					defer wg.Done()
					p := gofeed.NewParser()
					for body := range jobs {
						if _, err := p.Parse(bytes.NewReader(body)); err != nil {
							b.Error(err)
						}
					}
				}()
			}
			for _, body := range bodies {
				jobs <- body
			}
			close(jobs)
			wg.Wait()
		})
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// cpuTime runs fn and returns the CPU time the process spent meanwhile
// (user and system, every thread; the feed server's too).
func cpuTime(fn func()) time.Duration {
	used := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := used()
	fn()
	return used() - start
}

// peakRSS runs fn and returns the process's peak resident memory while
// it ran, in MB (Linux; 0 elsewhere).
func peakRSS(fn func()) float64 {
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	fn()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb float64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(line, "VmHWM:"), "kB")), &kb)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkRefreshMemory reports the peak resident memory of a cold
// 200 × 50 refresh (the feed server runs in the same process, so this is
// an upper bound).
func BenchmarkRefreshMemory(b *testing.B) {
	dir := benchCorpus(b, 200, 50)
	_, urls := newFeedServer(b, dir)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, _ := benchStore(b, urls)
		runtime.GC()
		b.StartTimer()
		peak := peakRSS(func() { refreshAll(b, st) })
		b.ReportMetric(peak, "peak-MB")
	}
}

// BenchmarkRefreshOnLargeStore refreshes the same 200 feeds into a store
// that already holds 100,000 articles: the cost follows the new items, not
// what is stored.
func BenchmarkRefreshOnLargeStore(b *testing.B) {
	dir := benchCorpus(b, 200, 50)
	_, urls := newFeedServer(b, dir)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := storetest.Open(b, storetest.Large)
		list := make([]store.NewSource, len(urls))
		for j, u := range urls {
			list[j] = store.NewSource{Kind: "url", Location: u}
		}
		st.AddSources(context.Background(), list)
		srcs, _ := st.Sources(context.Background())
		fresh := srcs[len(srcs)-len(urls):] // only the feeds served here
		runtime.GC()
		b.StartTimer()
		r := &Refresher{Store: st, Fetcher: feed.NewFetcher("bench", 0)}
		for _, res := range r.Refresh(context.Background(), fresh, nil) {
			if res.Err != nil {
				b.Fatal(res.Err)
			}
		}
	}
}

// BenchmarkWriter times the writer alone: 200 parsed feeds of 50 items,
// made ready as the parsers make them, saved into a new store, in batches of 1 (a transaction per source) up
// to batchSources.
func BenchmarkWriter(b *testing.B) {
	dir := benchCorpus(b, 200, 50)
	_, urls := newFeedServer(b, dir)
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	sort.Strings(files)
	var parsed []*feed.Result
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		p, err := feed.ParseFeed(body, "http://example.com/"+filepath.Base(f))
		if err != nil {
			b.Fatal(err)
		}
		parsed = append(parsed, p)
	}
	for _, size := range []int{1, 4, batchSources} {
		b.Run(fmt.Sprintf("batch_%d", size), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				st, srcs := benchStore(b, urls)
				r := &Refresher{Store: st, Fetcher: feed.NewFetcher("bench", 0)}
				var all []gathered
				for j, src := range srcs {
					g := r.start(src, r.Force)
					g.index, g.parsed = j, parsed[j]
					r.prepare(context.Background(), &g) // the parsers' part
					if g.res.Skipped != "" {
						b.Fatal(g.res.Skipped)
					}
					all = append(all, g)
				}
				runtime.GC()
				b.StartTimer()
				for len(all) > 0 {
					n := min(size, len(all))
					for _, res := range r.saveBatch(context.Background(), all[:n]) {
						if res.Err != nil {
							b.Fatal(res.Err)
						}
					}
					all = all[n:]
				}
			}
		})
	}
}

// BenchmarkStoreSize refreshes the 200 × 50 corpus into a new store, builds
// its full-text index and compacts it, as `byline refresh`, a search and
// `byline gc` would, and reports the store's size: in all and an article.
//
// BYLINE_STORE_FEEDS=2000 makes it 100,000 articles (2,000 feeds of 50).
func BenchmarkStoreSize(b *testing.B) {
	feeds := 200
	if n, err := strconv.Atoi(os.Getenv("BYLINE_STORE_FEEDS")); err == nil && n > 0 {
		feeds = n
	}
	dir := benchCorpus(b, feeds, 50)
	_, urls := newFeedServer(b, dir)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		st, _ := benchStore(b, urls)
		refreshAll(b, st)
		if _, err := st.IndexPending(ctx); err != nil {
			b.Fatal(err)
		}
		if err := st.Compact(ctx); err != nil {
			b.Fatal(err)
		}
		total, _, err := st.Totals(ctx)
		if err != nil || total == 0 {
			b.Fatalf("%d articles: %v", total, err)
		}
		size := st.Size()
		b.ReportMetric(float64(size)/(1<<20), "store-MB")
		b.ReportMetric(float64(size)/float64(total), "B/article")
	}
}
