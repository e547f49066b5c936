package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func lsTitles(t *testing.T, c *cli, args ...string) []string {
	t.Helper()
	var arts []map[string]any
	out := c.mustRun(append([]string{"ls", "--json"}, args...)...)
	if err := json.Unmarshal([]byte(out), &arts); err != nil {
		t.Fatalf("ls --json %v: %v\n%s", args, err, out)
	}
	var titles []string
	for _, a := range arts {
		titles = append(titles, a["title"].(string))
	}
	return titles
}

func TestCLIFilterTagMarkAndSavedFilters(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(c.cfgDir, "byline", "config.toml"), `
[[autotag]]
title = "(?i)second"
add = ["two"]
`)
	feedFile := writeFile(t, filepath.Join(dir, "feed.xml"), sampleRSS)
	c.mustRun("add", feedFile, "--tag", "news")

	if got := lsTitles(t, c, "+go"); strings.Join(got, "|") != "First post" {
		t.Fatalf("ls +go: %v", got)
	}
	if got := lsTitles(t, c, "+two"); strings.Join(got, "|") != "Second post" {
		t.Fatalf("auto-tag rule: ls +two: %v", got)
	}
	if got := lsTitles(t, c, "hello"); strings.Join(got, "|") != "First post" {
		t.Fatalf("full text: %v", got)
	}
	if got := lsTitles(t, c, "+news", "-go"); strings.Join(got, "|") != "Second post" {
		t.Fatalf("ls +news -go: %v", got)
	}
	if got := lsTitles(t, c, "-n", "1", "-go"); strings.Join(got, "|") != "Second post" {
		t.Fatalf("ls -n 1 -go: %v", got)
	}
	if got := lsTitles(t, c, "-n1"); len(got) != 1 {
		t.Fatalf("ls -n1: %v", got)
	}
	code, _, errOut := c.run("ls", "+go", "@3-fortnights-ago")
	if code != 2 || !strings.Contains(errOut, "@3-fortnights-ago") {
		t.Fatalf("bad filter: exit %d, %q", code, errOut)
	}

	out := c.mustRun("tag", "+go", "+later", "-news")
	if !strings.Contains(out, "Tagged 1 article ") {
		t.Fatalf("tag: %q", out)
	}
	if got := lsTitles(t, c, "+later", "-news"); strings.Join(got, "|") != "First post" {
		t.Fatalf("after tag: %v", got)
	}
	var arts []map[string]any
	json.Unmarshal([]byte(c.mustRun("ls", "--json", "+later")), &arts)
	id := strings.TrimSuffix(strings.TrimSuffix(jsonString(arts[0]["id"]), ".0"), "")
	c.mustRun("tag", id, "-later")
	if got := lsTitles(t, c, "+later"); len(got) != 0 {
		t.Fatalf("tag by ID did not remove: %v", got)
	}
	if code, _, _ := c.run("tag", "999", "+x"); code != 1 {
		t.Fatalf("tag of a missing article: exit %d", code)
	}
	if code, _, _ := c.run("tag", "+go"); code != 2 {
		t.Fatalf("tag without edits: exit %d", code)
	}

	out = c.mustRun("mark", "read", "+two")
	if !strings.Contains(out, "Marked 1 article read") {
		t.Fatalf("mark: %q", out)
	}
	if got := lsTitles(t, c, "+unread"); strings.Join(got, "|") != "First post" {
		t.Fatalf("after mark: %v", got)
	}
	if code, _, _ := c.run("mark", "sideways", "+x"); code != 2 {
		t.Fatalf("mark sideways: exit %d", code)
	}

	c.mustRun("filters", "add", "golang", "+go", "+unread")
	if out := c.mustRun("filters"); !strings.Contains(out, "golang") || !strings.Contains(out, "+go +unread") {
		t.Fatalf("filters: %q", out)
	}
	if code, _, errOut := c.run("filters", "add", "bad", "@x"); code != 2 || !strings.Contains(errOut, "@x") {
		t.Fatalf("filters add bad: exit %d %q", code, errOut)
	}
	c.mustRun("filters", "rm", "golang")
	if code, _, _ := c.run("filters", "rm", "golang"); code != 1 {
		t.Fatalf("filters rm missing: exit %d", code)
	}

	// A new rule, applied to stored articles by retag.
	writeFile(t, filepath.Join(c.cfgDir, "byline", "config.toml"), `
[[autotag]]
title = "(?i)first"
add = ["one"]
`)
	if out := c.mustRun("retag"); !strings.Contains(out, "2 articles changed") {
		t.Fatalf("retag: %q", out)
	}
	if got := lsTitles(t, c, "+one"); strings.Join(got, "|") != "First post" {
		t.Fatalf("after retag +one: %v", got)
	}
	if got := lsTitles(t, c, "+two"); len(got) != 0 {
		t.Fatalf("old rule's tag survived retag: %v", got)
	}
	writeFile(t, filepath.Join(c.cfgDir, "byline", "config.toml"), "[[autotag]]\ntitle = \"(\"\nadd = [\"x\"]\n")
	if code, _, errOut := c.run("ls"); code != 1 || !strings.Contains(errOut, "autotag rule 1") {
		t.Fatalf("bad rule: exit %d %q", code, errOut)
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestFiltersTooBigAreUsageErrors(t *testing.T) {
	c := newCLI(t)
	c.mustRun("add", writeFile(t, filepath.Join(t.TempDir(), "feed.xml"), sampleRSS))
	for what, q := range map[string]string{
		"1,000 terms":     strings.Repeat("word ", 1000),
		"1,000 tags":      "+" + strings.Repeat("t,", 999) + "t",
		"a 1 MB phrase":   `"` + strings.Repeat("a", 1<<20) + `"`,
		"a 300-char word": strings.Repeat("é", 300),
	} {
		code, _, errOut := c.run("ls", q)
		if code != 2 || !strings.Contains(errOut, "at most") || len(errOut) > 300 {
			t.Errorf("%s: exit %d, %q", what, code, errOut[:min(len(errOut), 300)])
		}
	}
	if code, _, errOut := c.run("ls", strings.Repeat("post ", 60)); code != 0 {
		t.Errorf("60 terms: exit %d, %s", code, errOut)
	}
}
