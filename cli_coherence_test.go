package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// Piped, ls writes each row as long as it is: a short title is not padded
// to the longest one before its tags.
func TestCLIPipedLsDoesNotPadTitles(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	long := strings.Repeat("A very long title that goes on ", 20)
	writeFile(t, filepath.Join(dir, "a.md"), "---\ntitle: \""+long+"\"\ntags: [one]\n---\n\nbody\n")
	writeFile(t, filepath.Join(dir, "b.md"), "---\ntitle: Short\ntags: [two]\n---\n\nbody\n")
	c.mustRun("add", dir)
	out := c.mustRun("ls")
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.Contains(line, "Short") {
			if len(line) > 80 || !strings.Contains(line, "Short  #two") {
				t.Fatalf("a short title's row is %d characters:\n%q", len(line), line)
			}
			return
		}
	}
	t.Fatalf("no row for Short:\n%s", out)
}

// The same page twice in one save (as arguments, or on stdin with and
// without a tracking parameter) is saved once and said once, exit 0.
func TestSaveSamePageTwiceInOneCall(t *testing.T) {
	srv, _, hits := savePages(t)
	c := newCLI(t)
	out := c.mustRun("save", srv.URL+"/og", srv.URL+"/og?fbclid=abc", "--tag", "x")
	if n := strings.Count(out, "saved: "); n != 1 || strings.Contains(out, "already") {
		t.Fatalf("save of one page twice said:\n%s", out)
	}
	if rows := c.ls("=saved"); len(rows) != 1 {
		t.Fatalf("%d saved", len(rows))
	}
	before := hits.Load()
	var stdout, stderr bytes.Buffer
	a := &app{stdout: &stdout, stderr: &stderr, stdin: strings.NewReader(srv.URL + "/jsonld\n" + srv.URL + "/jsonld?fbclid=IwAR0\n")}
	if code := a.run([]string{"save", "-"}); code != 0 {
		t.Fatalf("save - of one page twice: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if n := strings.Count(stdout.String(), "saved: "); n != 1 || stderr.Len() != 0 {
		t.Fatalf("save - of one page twice said:\n%s%s", stdout.String(), stderr.String())
	}
	if got := hits.Load() - before; got > 1 {
		t.Errorf("the page was fetched %d times", got)
	}
	if rows := c.ls("=saved"); len(rows) != 2 {
		t.Fatalf("%d saved", len(rows))
	}
}
