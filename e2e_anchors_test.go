package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A folder article in German with a table of contents, read in the built
// reader at 120 and 60 columns: a link to a heading in another script
// shows it at the top of the view; one to a heading near the end marks it
// and says so.
func TestEndToEndTableOfContents(t *testing.T) {
	heavy(t, "end-to-end in tmux")
	bin := buildBinary(t)
	env := isolatedEnv(t)
	dir := filepath.Join(t.TempDir(), "notizen")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var md strings.Builder
	md.WriteString("---\ntitle: Über dieses Blog\ndate: 2026-11-01\n---\n\n## Inhalt\n\n- [Über uns](#über-uns)\n- [日本語](#%E6%97%A5%E6%9C%AC%E8%AA%9E)\n\n## Über uns\n\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&md, "Absatz %d.\n\n", i)
	}
	md.WriteString("## 日本語\n\n本文。\n")
	if err := os.WriteFile(filepath.Join(dir, "ueber.md"), []byte(md.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	(&binCLI{t: t, bin: bin, env: env}).run("add", dir)
	s := startTmux(t, env, bin, "--no-refresh")
	s.waitFor("Über dieses Blog")
	s.keys("Enter")
	s.waitFor("Absatz 1.")
	s.keys("L")
	s.waitFor("#über-uns")
	s.keys("1")
	scr := s.waitFor("#über-uns ")
	if !strings.Contains(firstBodyLine(scr), "## Über uns") {
		t.Fatalf("the view does not begin with the heading:\n%s", scr)
	}
	s.keys("L")
	s.waitFor("Links (")
	s.keys("2")
	scr = s.waitFor("#日本語, marked")
	if !strings.Contains(scr, "▌ ## 日本語") {
		t.Fatalf("the heading near the end is not marked:\n%s", scr)
	}
	exec.Command("tmux", "-S", s.socket, "resize-window", "-t", "0", "-x", "60", "-y", "20").Run()
	s.keys("L")
	s.waitFor("Links (")
	s.keys("1")
	scr = s.waitFor("#über-uns ")
	if !strings.Contains(firstBodyLine(scr), "## Über uns") {
		t.Fatalf("at 60 columns the view does not begin with the heading:\n%s", scr)
	}
	s.keys("Q")
	if code := s.exitCode(); code != "0" {
		t.Fatalf("exit %s", code)
	}
}

// firstBodyLine is the reader's first line on the screen: the right pane's
// when the screen is split, else the screen's.
func firstBodyLine(scr string) string {
	line, _, _ := strings.Cut(scr, "\n")
	if _, right, ok := strings.Cut(line, "│"); ok {
		return right
	}
	return line
}
