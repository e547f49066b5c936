// Command serve is the feed server the refresh benchmarks time byline
// against: the feeds of a folder, with Last-Modified and 304s, on one or
// many loopback hosts, each response held back by a delay like a real
// server's time to first byte.
//
//	serve DIR                                     one host, no delay
//	serve -hosts 40 -delay 100ms-400ms -opml F DIR
//
// It prints the address of each host, one a line. With -opml it writes an
// OPML file that spreads the feeds over the hosts (feed i on host i mod N).
// On SIGUSR1 it prints how many requests it answered and the most any host
// had in flight at once, then starts counting again; on SIGINT or SIGTERM
// it prints the same and exits. It listens only on 127.0.0.0/8.
package main

import (
	"flag"
	"fmt"
	"html"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	hosts := flag.Int("hosts", 1, "serve on 127.0.0.1 … 127.0.0.`N`")
	delay := flag.String("delay", "0", "hold each response back this long, or a random time in a `range` such as 100ms-400ms")
	opml := flag.String("opml", "", "write an OPML `file` of the feeds, spread over the hosts")
	flag.Parse()
	if flag.NArg() != 1 || *hosts < 1 || *hosts > 254 {
		fmt.Fprintln(os.Stderr, "usage: serve [-hosts N] [-delay MIN-MAX] [-opml FILE] DIR   (prints the addresses it listens on)")
		os.Exit(2)
	}
	lo, hi, err := parseDelay(*delay)
	if err != nil {
		fail(err)
	}
	dir := flag.Arg(0)
	files := http.FileServer(http.Dir(dir))

	c := &counter{peak: map[string]int{}, cur: map[string]int{}}
	var addrs []string
	port := 0
	for i := 1; i <= *hosts; i++ {
		// The same port on every host when it is free, so the addresses
		// read as one server's many names.
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.%d:%d", i, port))
		if err != nil && port != 0 {
			ln, err = net.Listen("tcp", fmt.Sprintf("127.0.0.%d:0", i))
		}
		if err != nil {
			fail(err)
		}
		if port == 0 {
			port = ln.Addr().(*net.TCPAddr).Port
		}
		host := ln.Addr().String()
		addrs = append(addrs, host)
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c.begin(host)
			defer c.end(host)
			if hi > 0 {
				time.Sleep(lo + rand.N(hi-lo+1))
			}
			files.ServeHTTP(w, r)
		})
		go func() { fail(http.Serve(ln, h)) }()
	}
	if *opml != "" {
		if err := writeOPML(*opml, dir, addrs); err != nil {
			fail(err)
		}
	}
	fmt.Println(strings.Join(addrs, "\n"))

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGUSR1, syscall.SIGINT, syscall.SIGTERM)
	for s := range sig {
		fmt.Println(c.report())
		if s != syscall.SIGUSR1 {
			os.Exit(0)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "serve:", err)
	os.Exit(1)
}

// parseDelay reads "0", "250ms" or "100ms-400ms".
func parseDelay(s string) (lo, hi time.Duration, err error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		b = a
	}
	if a == "0" {
		a = "0s"
	}
	if b == "0" {
		b = "0s"
	}
	if lo, err = time.ParseDuration(a); err != nil {
		return 0, 0, fmt.Errorf("-delay: %v", err)
	}
	if hi, err = time.ParseDuration(b); err != nil {
		return 0, 0, fmt.Errorf("-delay: %v", err)
	}
	if lo < 0 || hi < lo {
		return 0, 0, fmt.Errorf("-delay: %q is not a range", s)
	}
	return lo, hi, nil
}

// counter keeps, per host, the requests in flight and the most there were
// at once.
type counter struct {
	mu       sync.Mutex
	cur      map[string]int
	peak     map[string]int
	requests int
}

func (c *counter) begin(host string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests++
	c.cur[host]++
	c.peak[host] = max(c.peak[host], c.cur[host])
}

func (c *counter) end(host string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cur[host]--
}

// report says how many requests were answered and the most in flight at
// once on one host, and starts counting again.
func (c *counter) report() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	most, where := 0, ""
	for h, p := range c.peak {
		if p > most || p == most && h < where {
			most, where = p, h
		}
	}
	line := fmt.Sprintf("server: %d requests, at most %d in flight on one host (%s)", c.requests, most, where)
	c.requests = 0
	c.peak = map[string]int{}
	return line
}

func writeOPML(path, dir string, addrs []string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	var b strings.Builder
	b.WriteString("<opml version=\"2.0\"><body>\n")
	for i, f := range files {
		name := filepath.Base(f)
		fmt.Fprintf(&b, "<outline type=\"rss\" text=\"%s\" xmlUrl=\"http://%s/%s\"/>\n",
			html.EscapeString(name), addrs[i%len(addrs)], html.EscapeString(name))
	}
	b.WriteString("</body></opml>\n")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
