package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// heavyArticle stores one article whose rendering takes seconds (links
// to number, paragraphs to wrap) and returns its ID.
func heavyArticle(t *testing.T, c *cli, paragraphs int) string {
	var b strings.Builder
	for i := range paragraphs {
		fmt.Fprintf(&b, "Paragraph %d has [a link](https://example.com/%d) and *some* words to wrap, [another](https://example.org/%d) and more words.\n\n", i, i, i)
	}
	return oneArticle(t, c, "Heavy", b.String())
}

// oneArticle stores one Markdown article of that title and body, alone in
// the store, and returns its ID.
func oneArticle(t *testing.T, c *cli, title, body string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "posts")
	writeFile(t, filepath.Join(dir, "article.md"), "---\ntitle: "+title+"\ndate: 2024-01-02\n---\n\n"+body)
	c.mustRun("add", dir)
	c.mustRun("refresh")
	rows := c.ls()
	if len(rows) != 1 {
		t.Fatalf("%d articles", len(rows))
	}
	return fmt.Sprint(rows[0].ID)
}

// SIGINT and SIGTERM end 'byline read' while it renders: exit 130 and
// 143, as a shell expects, and nothing half-rendered on stdout. It ran to
// the end and exited 0.
func TestReadEndsOnSignal(t *testing.T) {
	heavy(t, "read of 20,000 pictures ended by signals")
	c := newCLI(t)
	id := heavyArticle(t, c, 20000)
	bin := buildBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		cmd := exec.Command(bin, "read", id)
		cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+c.dataDir, "XDG_CONFIG_HOME="+c.cfgDir)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(700 * time.Millisecond)
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 128+int(sig) {
			t.Errorf("%v: %v (stdout %d bytes), stderr %q", sig, err, out.Len(), errb.String())
			continue
		}
		if out.Len() != 0 || !strings.Contains(errb.String(), map[syscall.Signal]string{syscall.SIGINT: "byline: interrupted", syscall.SIGTERM: "byline: terminated"}[sig]) {
			t.Errorf("%v: stdout %d bytes, stderr %q", sig, out.Len(), errb.String())
		}
	}
}
