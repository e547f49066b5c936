package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// cli runs byline in-process against an isolated data and config folder.
type cli struct {
	t       *testing.T
	dataDir string
	cfgDir  string
}

func newCLI(t *testing.T) *cli {
	t.Helper()
	dir := t.TempDir()
	c := &cli{t: t, dataDir: filepath.Join(dir, "data"), cfgDir: filepath.Join(dir, "config")}
	t.Setenv("XDG_DATA_HOME", c.dataDir)
	t.Setenv("XDG_CONFIG_HOME", c.cfgDir)
	return c
}

func (c *cli) run(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	a := &app{stdout: &out, stderr: &errb, stdin: strings.NewReader("")}
	code = a.run(args)
	return code, out.String(), errb.String()
}

func (c *cli) mustRun(args ...string) string {
	c.t.Helper()
	code, out, errOut := c.run(args...)
	if code != 0 {
		c.t.Fatalf("byline %v: exit %d\nstdout: %s\nstderr: %s", args, code, out, errOut)
	}
	return out
}

func writeFileB(b testing.TB, path, content string) string { return writeFile(b, path, content) }

func writeFile(t testing.TB, path, content string) string {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const sampleRSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Sample Feed</title><link>https://example.com/</link>
<item><title>First post</title><link>https://example.com/1</link><guid>1</guid><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate><category>Go</category>
<description>&lt;p&gt;Hello &lt;a href="/x"&gt;link&lt;/a&gt;&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;th&gt;h&lt;/th&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;c&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</description></item>
<item><title>Second post</title><link>https://example.com/2</link><guid>2</guid><pubDate>Wed, 03 Jan 2024 10:00:00 GMT</pubDate>
<description>Another one</description></item>
</channel></rss>`

func TestCLIAddLsReadRemove(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	feedFile := writeFile(t, filepath.Join(dir, "feed.xml"), sampleRSS)
	notes := filepath.Join(dir, "notes")
	writeFile(t, filepath.Join(notes, "a.md"), "---\ntitle: A note\ndate: 2024-01-05\ntags: [Personal]\n---\nNote body")

	out := c.mustRun("add", feedFile, "--tag", "news", "--title", "My Feed")
	if !strings.Contains(out, "Added source 1: My Feed") || !strings.Contains(out, "2 articles") {
		t.Fatalf("add output: %q", out)
	}
	// Flags before the command, and after the argument.
	c.mustRun("--offline", "add", notes, "--tag", "a,b")

	var arts []map[string]any
	if err := json.Unmarshal([]byte(c.mustRun("ls", "--json")), &arts); err != nil {
		t.Fatal(err)
	}
	if len(arts) != 3 {
		t.Fatalf("ls --json: %d articles", len(arts))
	}
	first := arts[0]
	for _, k := range []string{"id", "title", "url", "source", "source_id", "date", "tags", "read", "starred", "summary"} {
		if _, ok := first[k]; !ok {
			t.Errorf("ls --json lacks %q", k)
		}
	}
	if first["title"] != "A note" || first["date"] != "2024-01-05T00:00:00Z" {
		t.Errorf("newest first: %v", first)
	}
	if tags := first["tags"].([]any); len(tags) != 3 || tags[0] != "a" || tags[2] != "personal" {
		t.Errorf("tags: %v", tags)
	}
	for _, line := range strings.Split(c.mustRun("ls"), "\n") {
		if strings.HasSuffix(line, " ") || (line != "" && !strings.Contains(line, "  ")) {
			t.Errorf("ls line badly laid out: %q", line)
		}
	}
	out = c.mustRun("ls", "post", "--limit", "1")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 1 || !strings.Contains(out, "Second post") {
		t.Fatalf("ls post --limit 1: %q", out)
	}

	var srcs []map[string]any
	json.Unmarshal([]byte(c.mustRun("sources", "--json")), &srcs)
	if len(srcs) != 2 || srcs[0]["title"] != "My Feed" || srcs[0]["articles"].(float64) != 2 || srcs[0]["kind"] != "file" {
		t.Fatalf("sources --json: %v", srcs)
	}
	if srcs[0]["last_refresh"] == nil {
		t.Errorf("sources: no last_refresh after add")
	}

	id := int(arts[2]["id"].(float64)) // First post
	raw := c.mustRun("read", itoa(id), "--raw")
	if !strings.Contains(raw, "[link](https://example.com/x)") || !strings.Contains(raw, "| h |") {
		t.Fatalf("read --raw: %q", raw)
	}
	plain := c.mustRun("read", itoa(id), "--width", "40")
	if strings.Contains(plain, "\x1b") || !strings.Contains(plain, "First post") || !strings.Contains(plain, "Hello") {
		t.Fatalf("read piped: %q", plain)
	}
	for _, line := range strings.Split(plain, "\n") {
		if len([]rune(line)) > 40 {
			t.Errorf("line wider than --width 40: %q", line)
		}
	}

	out = c.mustRun("remove", feedFile)
	if !strings.Contains(out, "Removed source 1") {
		t.Fatalf("remove: %q", out)
	}
	json.Unmarshal([]byte(c.mustRun("ls", "--json")), &arts)
	if len(arts) != 1 {
		t.Fatalf("after remove: %d articles", len(arts))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestCLIExitCodes(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	html := writeFile(t, filepath.Join(dir, "page.xml"), "<html><body>Object moved</body></html>")
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"ls", "--bogus"}, 2, "unknown flag: --bogus"},
		{[]string{"ls", "--limit", "x"}, 2, "wants a whole number"},
		{[]string{"add"}, 2, "exactly one SOURCE"},
		{[]string{"add", filepath.Join(dir, "missing")}, 1, "no such file or folder"},
		{[]string{"add", html}, 1, "not a feed"},
		{[]string{"add", "ftp://example.com/feed"}, 1, "only http and https"},
		{[]string{"read", "abc"}, 2, "not an article ID"},
		{[]string{"read", "99"}, 1, "no article 99"},
		{[]string{"remove", "42"}, 1, "no source"},
		{[]string{"refresh", "nope"}, 1, "no source"},
		{[]string{"help", "nope"}, 2, "unknown command"},
	}
	for _, tc := range cases {
		code, out, errOut := c.run(tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.msg) {
			t.Errorf("byline %v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, errOut, tc.code, tc.msg)
		}
		if strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("byline %v: more than one line on stderr: %q", tc.args, errOut)
		}
		_ = out
	}
	// Nothing above may have left a source behind.
	if out := c.mustRun("sources", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("failed adds left sources: %s", out)
	}
	for _, args := range [][]string{{"--version"}, {"help"}, {"add", "--help"}, {"help", "ls"}, {"help", "keys"}} {
		if code, out, _ := c.run(args...); code != 0 || out == "" {
			t.Errorf("byline %v: exit %d, output %q", args, code, out)
		}
	}
}

func TestCLIRefreshReportsFailuresAndKeepsGoing(t *testing.T) {
	c := newCLI(t)
	var hits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/good.xml", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(sampleRSS))
	})
	var goneHits atomic.Int32
	mux.HandleFunc("/gone.xml", func(w http.ResponseWriter, r *http.Request) {
		if goneHits.Add(1) <= 2 { // there when added (looked at, then read), gone since
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(sampleRSS))
			return
		}
		http.Error(w, "gone", http.StatusGone)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	c.mustRun("add", srv.URL+"/good.xml", "--tag", "web")
	code, out, errOut := c.run("add", srv.URL+"/gone.xml")
	if code != 0 || !strings.Contains(out, "Added source 2") {
		t.Fatalf("add of a URL that answers: exit %d, %q, %q", code, out, errOut)
	}
	code, out, errOut = c.run("refresh")
	if code != 1 {
		t.Fatalf("refresh with a failing source: exit %d", code)
	}
	if !strings.Contains(errOut, "gone.xml") || strings.Contains(errOut, "good.xml") {
		t.Fatalf("refresh stderr should name only the failure: %q", errOut)
	}
	if !strings.Contains(out, "Refreshed 2 sources") || !strings.Contains(out, "1 failed") {
		t.Fatalf("refresh summary: %q", out)
	}
	var srcs []map[string]any
	json.Unmarshal([]byte(c.mustRun("sources", "--json")), &srcs)
	if srcs[0]["articles"].(float64) != 2 || srcs[1]["last_error"] == "" {
		t.Fatalf("sources after refresh: %v", srcs)
	}
	if code, _, _ := c.run("refresh", "1"); code != 0 {
		t.Fatalf("refresh of the good source alone: exit %d", code)
	}

	// Offline: no request is made.
	before := hits.Load()
	code, out, _ = c.run("refresh", "--offline")
	if code != 0 || hits.Load() != before || !strings.Contains(out, "skipped: offline") {
		t.Fatalf("offline refresh: exit %d, %d requests, %q", code, hits.Load()-before, out)
	}
}

func TestCLIAddUnreachableURLWorksOffline(t *testing.T) {
	c := newCLI(t)
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/feed.xml"
	srv.Close() // nothing listens there now
	code, out, errOut := c.run("add", url)
	if code != 0 || !strings.Contains(out, "Added source 1") || !strings.Contains(errOut, "could not reach") {
		t.Fatalf("add of an unreachable URL: exit %d, %q, %q", code, out, errOut)
	}
	code, _, errOut = c.run("add", url)
	if code != 1 || !strings.Contains(errOut, "already a source") {
		t.Fatalf("second add: exit %d, %q", code, errOut)
	}
}

func TestCLIBadConfigNamesFileAndLine(t *testing.T) {
	c := newCLI(t)
	cfg := writeFile(t, filepath.Join(c.cfgDir, "byline", "config.toml"), "theme = \"dark\"\n\ndefault_filter = [unclosed\n")
	code, _, errOut := c.run("ls")
	if code != 1 || !strings.Contains(errOut, cfg) || !strings.Contains(errOut, "line 3") {
		t.Fatalf("bad config: exit %d, %q", code, errOut)
	}
	writeFile(t, cfg, "colour = \"red\"\n")
	if code, _, errOut = c.run("ls"); code != 1 || !strings.Contains(errOut, "unknown setting colour") {
		t.Fatalf("unknown setting: exit %d, %q", code, errOut)
	}
	writeFile(t, cfg, "theme = \"neon\"\n")
	if code, _, errOut = c.run("ls"); code != 1 || !strings.Contains(errOut, "neon") {
		t.Fatalf("bad theme: exit %d, %q", code, errOut)
	}
	writeFile(t, cfg, "[keys]\nexplode = [\"x\"]\n")
	if code, _, errOut = c.run("ls"); code != 0 || !strings.Contains(errOut, "warning: config "+cfg+": line 2: keys: unknown action \"explode\"") {
		t.Fatalf("bad key action: exit %d, %q", code, errOut)
	}
	if code, _, errOut = c.run("ls", "--config", filepath.Join(c.cfgDir, "absent.toml")); code != 1 || !strings.Contains(errOut, "absent.toml") {
		t.Fatalf("missing --config file: exit %d, %q", code, errOut)
	}
	writeFile(t, cfg, "theme = \"light\"\ndefault_filter = \"go\"\n[keys]\nquit = [\"ctrl+q\"]\n")
	c.mustRun("ls")
}

func TestCLIDataDirFlag(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	feedFile := writeFile(t, filepath.Join(dir, "f.xml"), sampleRSS)
	c.mustRun("add", feedFile, "--data-dir", filepath.Join(dir, "store"))
	if _, err := os.Stat(filepath.Join(dir, "store", "byline.db")); err != nil {
		t.Fatalf("--data-dir not used: %v", err)
	}
	if out := c.mustRun("sources", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("default store should be empty: %s", out)
	}
}

func TestCLIReaderNeedsTerminal(t *testing.T) {
	c := newCLI(t)
	code, _, errOut := c.run()
	if code != 1 || !strings.Contains(errOut, "needs a terminal") {
		t.Fatalf("reader without a terminal: exit %d, %q", code, errOut)
	}
}

func TestHelpConfigIsAValidConfig(t *testing.T) {
	c := newCLI(t)
	sample := writeFile(t, filepath.Join(t.TempDir(), "sample.toml"), c.mustRun("help", "config"))
	if code, _, errOut := c.run("ls", "--config", sample); code != 0 {
		t.Fatalf("the sample config does not load: %s", errOut)
	}
}

func TestFlagMissingItsValueIsAUsageError(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{{"ls", "--limit"}, {"ls", "-n"}, {"--data-dir"}, {"add", "x", "--tag"}} {
		code, _, errOut := c.run(args...)
		if code != 2 || !strings.Contains(errOut, "needs an argument") {
			t.Errorf("byline %v: exit %d, %q", args, code, errOut)
		}
	}
}
