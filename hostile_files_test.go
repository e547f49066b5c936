package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runWithin runs byline and fails the test when it does not return in
// time: a FIFO read would block for ever.
func (c *cli) runWithin(d time.Duration, args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	type result struct {
		code     int
		out, err string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errOut := c.run(args...)
		done <- result{code, out, errOut}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.err
	case <-time.After(d):
		c.t.Fatalf("byline %v did not return within %v", args, d)
		return 0, "", ""
	}
}

func TestFeedFileThatIsNotAFile(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero here")
	}
	c := newCLI(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.xml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, path := range []string{fifo, "/dev/zero"} {
		code, _, errOut := c.runWithin(10*time.Second, "add", path)
		if code == 0 || !strings.Contains(errOut, "not a regular file") {
			t.Errorf("add %s: exit %d, %q; want a clear refusal", path, code, errOut)
		}
	}

	// A feed file added when it was a file, replaced later by a FIFO, and
	// another by a link to /dev/zero: refresh reports both and returns.
	feedFile := writeFile(t, filepath.Join(dir, "feed.xml"), sampleRSS)
	zeroFile := writeFile(t, filepath.Join(dir, "zero.xml"), sampleRSS)
	c.mustRun("add", feedFile)
	c.mustRun("add", zeroFile)
	os.Remove(feedFile)
	if err := syscall.Mkfifo(feedFile, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(zeroFile)
	if err := os.Symlink("/dev/zero", zeroFile); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := c.runWithin(20*time.Second, "refresh")
	if code != 1 || strings.Count(errOut, "not a regular file") != 2 {
		t.Fatalf("refresh of a FIFO and a device: exit %d\n%s%s", code, out, errOut)
	}
}

func TestConfigPathsMustBeRegularFiles(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "theme.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, theme := range []string{fifo, "/dev/zero.json"} {
		if theme == "/dev/zero.json" {
			theme = filepath.Join(dir, "zero.json")
			os.Symlink("/dev/zero", theme)
		}
		writeFile(t, filepath.Join(c.cfgDir, "byline", "config.toml"), "theme = \""+theme+"\"\n")
		code, _, errOut := c.runWithin(10*time.Second, "sources")
		if code == 0 || !strings.Contains(errOut, "not a regular file") {
			t.Errorf("theme %s: exit %d, %q", theme, code, errOut)
		}
	}
	// The config file itself.
	cfg := filepath.Join(dir, "config.toml")
	syscall.Mkfifo(cfg, 0o644)
	code, _, errOut := c.runWithin(10*time.Second, "--config", cfg, "sources")
	if code == 0 || !strings.Contains(errOut, "not a regular file") {
		t.Errorf("config FIFO: exit %d, %q", code, errOut)
	}
}

func TestReadOnlyStoreReadsAndSaysWhyWritesFail(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes read-only files")
	}
	c := newCLI(t)
	c.mustRun("add", writeFile(t, filepath.Join(t.TempDir(), "feed.xml"), sampleRSS))
	db := filepath.Join(c.dataDir, "byline", "byline.db")
	os.Chmod(db, 0o400)
	if out := c.mustRun("ls"); !strings.Contains(out, "First post") {
		t.Fatalf("ls on a read-only store: %s", out)
	}
	code, _, errOut := c.run("mark", "read", "1")
	if code != 1 || !strings.Contains(errOut, "read-only") || strings.Contains(errOut, "(8)") {
		t.Fatalf("mark on a read-only store: exit %d, %q", code, errOut)
	}
}
