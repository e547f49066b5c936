// Command parse is the yardstick bench/refresh.sh holds byline's cold
// refresh against: gofeed alone parsing the same feed files, read from
// disk beforehand, on as many workers as there are cores, with gofeed's
// defaults (byline itself turns off its scan of item HTML for images, which
// makes byline's own parse the cheaper of the two). Nothing is fetched,
// converted or stored.
//
//	parse DIR     (prints the wall time of the first of three runs, a new
//	               process's, and of the best)
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: parse DIR")
		os.Exit(2)
	}
	files, err := filepath.Glob(filepath.Join(os.Args[1], "*.xml"))
	if err != nil || len(files) == 0 {
		fmt.Fprintln(os.Stderr, "parse: no *.xml in", os.Args[1])
		os.Exit(1)
	}
	bodies := make([][]byte, len(files))
	for i, f := range files {
		if bodies[i], err = os.ReadFile(f); err != nil {
			fmt.Fprintln(os.Stderr, "parse:", err)
			os.Exit(1)
		}
	}
	best := time.Duration(1<<63 - 1)
	var first time.Duration
	items := 0
	for i := range 3 {
		runtime.GC()
		start := time.Now()
		items = parseAll(bodies)
		took := time.Since(start)
		if i == 0 {
			first = took
		}
		best = min(best, took)
	}
	fmt.Printf("gofeed bare parse (%d feeds, %d items, %d workers): first run %.2f s wall, best of three %.2f s wall\n",
		len(bodies), items, runtime.GOMAXPROCS(0), first.Seconds(), best.Seconds())
}

func parseAll(bodies [][]byte) int {
	jobs := make(chan []byte)
	var mu sync.Mutex
	var wg sync.WaitGroup
	items := 0
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := gofeed.NewParser()
			for b := range jobs {
				f, err := p.Parse(bytes.NewReader(b))
				if err != nil {
					fmt.Fprintln(os.Stderr, "parse:", err)
					os.Exit(1)
				}
				mu.Lock()
				items += len(f.Items)
				mu.Unlock()
			}
		}()
	}
	for _, b := range bodies {
		jobs <- b
	}
	close(jobs)
	wg.Wait()
	return items
}
