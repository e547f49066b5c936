package main

import (
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"
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
