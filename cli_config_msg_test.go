package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// --config naming a file that is not there: one sentence that says so and
// what to do, exit 1; no config file at the default place is no error.
func TestCLIMissingConfigSaysWhatToDo(t *testing.T) {
	c := newCLI(t)
	missing := filepath.Join(t.TempDir(), "missing.toml")
	code, _, errOut := c.run("--config", missing, "ls")
	if code != 1 || !strings.Contains(errOut, "does not exist") || !strings.Contains(errOut, "byline help config") ||
		strings.Contains(errOut, "no such file or directory") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Fatalf("--config %s: exit %d, %q", missing, code, errOut)
	}
	if code, _, errOut := c.run("ls"); code != 0 {
		t.Fatalf("no config at the default place: exit %d, %q", code, errOut)
	}
	// An unclosed quote is told at its line, in the user's words.
	cfg := filepath.Join(c.cfgDir, "byline", "config.toml")
	writeFile(t, cfg, "offline = true\ntheme = \"dark\n")
	if code, _, errOut := c.run("ls"); code != 1 || !strings.Contains(errOut, "line 2") || !strings.Contains(errOut, "quotes are not closed") {
		t.Fatalf("an unclosed quote: exit %d, %q", code, errOut)
	}
}
