package main

import (
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
