package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestRefreshSaysOnceThatTheNetworkIsUnreachable: with nothing answering,
// refresh prints one line, not one error per source; each source keeps its
// own error for 'byline sources'.
func TestRefreshSaysOnceThatTheNetworkIsUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	c := newCLI(t)
	var b strings.Builder
	b.WriteString(`<opml version="2.0"><body>`)
	for i := 0; i < 19; i++ {
		fmt.Fprintf(&b, `<outline type="rss" text="f%d" xmlUrl="http://%s/f%d.xml"/>`, i, closed, i)
	}
	b.WriteString(`</body></opml>`)
	opml := writeFile(t, filepath.Join(t.TempDir(), "feeds.opml"), b.String())
	c.mustRun("import", opml, "--offline")

	code, _, errOut := c.run("refresh")
	if code != 1 || strings.TrimSpace(errOut) != "byline: network unreachable: 19 sources not refreshed" {
		t.Fatalf("refresh: exit %d, stderr %q", code, errOut)
	}
	if out := c.mustRun("sources"); !strings.Contains(out, "connection refused") {
		t.Fatalf("sources does not show each source's error:\n%s", out)
	}
}

// TestRefreshKeepsToPerHostFromTheConfig: a user who wants fewer requests
// to one host at once gets them; more than browsers allow is refused.
func TestRefreshKeepsToPerHostFromTheConfig(t *testing.T) {
	var mu sync.Mutex
	cur, peak := 0, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		cur++
		peak = max(peak, cur)
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		cur--
		mu.Unlock()
		w.Write([]byte(sampleRSS))
	}))
	defer srv.Close()
	c := newCLI(t)
	cfg := writeFile(t, filepath.Join(c.cfgDir, "byline", "config.toml"), "per_host = 2\n")
	var b strings.Builder
	b.WriteString(`<opml version="2.0"><body>`)
	for i := 0; i < 12; i++ {
		fmt.Fprintf(&b, `<outline type="rss" text="f%d" xmlUrl="%s/f%d.xml"/>`, i, srv.URL, i)
	}
	b.WriteString(`</body></opml>`)
	c.mustRun("import", writeFile(t, filepath.Join(t.TempDir(), "feeds.opml"), b.String()), "--offline")
	c.mustRun("refresh")
	if peak != 2 {
		t.Fatalf("per_host = 2: at most %d requests at once to the host", peak)
	}
	writeFile(t, cfg, "per_host = 7\n")
	if code, _, errOut := c.run("refresh"); code != 1 || !strings.Contains(errOut, "per_host") {
		t.Fatalf("per_host = 7: exit %d, %q", code, errOut)
	}
}
