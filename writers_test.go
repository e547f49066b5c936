package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/byline/byline/store"
	"github.com/byline/byline/store/storetest"
)

var writersArticles = flag.Int("writers.articles", 0, "articles in the store of the concurrent-writers test (default 60,000; the issue's size is 1,000,000)")

// Writers do not starve: on a large store, three refreshes and bulk mark
// and tag commands run at once, round after round, and every one of them
// succeeds; none fails with the store busy.
func TestConcurrentWritersOnALargeStore(t *testing.T) {
	heavy(t, "concurrent writers on a large store")
	n := *writersArticles
	if n == 0 {
		n = 60_000
	}
	b := &binCLI{t: t, bin: buildBinary(t), env: isolatedEnv(t)}
	var dataHome string
	for _, e := range b.env {
		if v, ok := strings.CutPrefix(e, "XDG_DATA_HOME="); ok {
			dataHome = v
		}
	}
	path := filepath.Join(dataHome, "byline", "byline.db")
	start := time.Now()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	spec := storetest.Spec{Articles: n, Sources: max(n/2000, 1), Tags: 500, MinBody: 64, MaxBody: 256, Seed: 3}
	if err := storetest.Fill(context.Background(), st, spec); err != nil {
		t.Fatal(err)
	}
	st.Close()
	t.Logf("%d articles generated in %v", n, time.Since(start).Round(time.Second))

	dir := t.TempDir()
	feeds := writeFeeds(t, dir, 3, 100, 0)
	for _, f := range feeds {
		b.run("add", f)
	}
	var mu sync.Mutex
	var failures []string
	var slowest time.Duration
	run := func(wg *sync.WaitGroup, args ...string) {
		defer wg.Done()
		began := time.Now()
		out, err := b.command(args...).CombinedOutput()
		took := time.Since(began)
		mu.Lock()
		defer mu.Unlock()
		slowest = max(slowest, took)
		if err != nil || strings.Contains(string(out), "SQLITE") || strings.Contains(string(out), "locked") {
			failures = append(failures, fmt.Sprintf("byline %v after %v: %v\n%s", args, took.Round(time.Millisecond), err, out))
		}
	}
	rounds := 18
	for r := 1; r <= rounds; r++ {
		writeFeeds(t, dir, 3, 100, r)
		var wg sync.WaitGroup
		wg.Add(5)
		for _, f := range feeds {
			go run(&wg, "refresh", f, "--quiet")
		}
		verb := "read"
		if r%2 == 0 {
			verb = "unread"
		}
		go run(&wg, "mark", verb, "+go")
		go run(&wg, "tag", "+news", fmt.Sprintf("+round%d", r%3))
		wg.Wait()
	}
	t.Logf("%d commands, slowest %v", rounds*5, slowest.Round(time.Millisecond))
	for _, f := range failures {
		t.Error(f)
	}
	if os.Getenv("CI") == "" && len(failures) > 0 {
		t.Logf("%d of %d commands failed", len(failures), rounds*5)
	}
}
