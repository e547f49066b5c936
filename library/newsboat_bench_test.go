package library_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/byline/byline/feed/newsboat"
	"github.com/byline/byline/feed/newsboat/newsboattest"
	"github.com/byline/byline/library"
	"github.com/byline/byline/store"
)

// benchCache is a newsboat cache of 100,000 items over 200 feeds, bodies
// of about 2 KB, built once in the temp folder.
func benchCache(b *testing.B) string {
	path := filepath.Join(os.TempDir(), "byline-bench-newsboat-v1-100000.db")
	if _, err := os.Stat(path); err != nil {
		b.Logf("generating a newsboat cache of 100,000 items in %s (once)", path)
		tmp := path + ".part"
		os.Remove(tmp)
		newsboattest.Generate(b, tmp, 100_000, 200, 2048)
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	return path
}

// BenchmarkImportCache100k imports 100,000 newsboat items into an empty
// store, and reports the peak heap it took.
func BenchmarkImportCache100k(b *testing.B) {
	path := benchCache(b)
	for b.Loop() {
		b.StopTimer()
		st, err := store.Open(filepath.Join(b.TempDir(), "byline.db"))
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		peak, stop := heapPeak()
		b.StartTimer()
		c, err := newsboat.OpenCache(path)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := lib(st).ImportNewsboatCache(context.Background(), c, library.NewsboatCacheOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		stop()
		c.Close()
		st.Close()
		if rep.New != 99_000 {
			b.Fatalf("imported %d", rep.New)
		}
		b.ReportMetric(float64(*peak)/(1<<20), "peak-heap-MB")
		b.StartTimer()
	}
}

// heapPeak samples the heap in use until stop is called.
func heapPeak() (*uint64, func()) {
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return &peak, func() { close(done); wg.Wait() }
}
