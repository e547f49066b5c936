package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	xansi "github.com/charmbracelet/x/ansi"
)

// A URL that answers 404 is not a source: add fails and keeps nothing.
func TestCLIAddRefusesA404(t *testing.T) {
	c := newCLI(t)
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	code, _, errOut := c.run("add", srv.URL+"/feed.xml")
	if code != 1 || !strings.Contains(errOut, "HTTP 404") || !strings.Contains(errOut, "not added") {
		t.Fatalf("add of a 404: exit %d, %q", code, errOut)
	}
	if out := c.mustRun("sources"); !strings.Contains(out, "No sources yet") {
		t.Fatalf("a 404 was kept:\n%s", out)
	}
}

func TestCLIFlagValuesInWords(t *testing.T) {
	c := newCLI(t)
	code, _, errOut := c.run("ls", "--limit", "x")
	if code != 2 || strings.Contains(errOut, "strconv") || !strings.Contains(errOut, `--limit wants a whole number, not "x"`) {
		t.Fatalf("--limit x: exit %d, %q", code, errOut)
	}
}

// On a terminal, ls fits its lines to the width; piped, it writes them
// whole.
func TestCLILsFitsTheTerminal(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	long := strings.Repeat("A very long title that goes on ", 8)
	writeFile(t, filepath.Join(dir, "a.md"), "---\ntitle: \""+long+"\"\ntags: [one, two]\n---\n\nbody\n")
	writeFile(t, filepath.Join(dir, "b.md"), "---\ntitle: Short\n---\n\nbody\n")
	c.mustRun("add", dir)
	var out, errb bytes.Buffer
	a := &app{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), stdoutIsTerminal: true, termWidth: 80}
	if code := a.run([]string{"ls"}); code != 0 {
		t.Fatalf("ls: exit %d, %s", code, errb.String())
	}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if n := utf8.RuneCountInString(line); n >= 80 {
			t.Fatalf("a %d-column line on an 80-column terminal:\n%s", n, out.String())
		}
	}
	if !strings.Contains(out.String(), "…") {
		t.Fatalf("the long title was not cut:\n%s", out.String())
	}
	if piped := c.mustRun("ls"); !strings.Contains(piped, strings.TrimSpace(long)) {
		t.Fatalf("piped ls cut the title:\n%s", piped)
	}
	// One long tag does not squeeze the titles: at 120 columns a 40-column
	// title shows whole beside it.
	tagged := t.TempDir()
	writeFile(t, filepath.Join(tagged, "d.md"), "---\ntitle: \"Forty columns of title, give or take here\"\ntags: [\"business/industries/publishing/publishers/nonfiction\"]\n---\n\nbody\n")
	c.mustRun("add", tagged)
	out.Reset()
	wideApp := &app{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), stdoutIsTerminal: true, termWidth: 120}
	if code := wideApp.run([]string{"ls"}); code != 0 || !strings.Contains(out.String(), "Forty columns of title, give or take here") {
		t.Fatalf("a long tag squeezed the title:\n%s", out.String())
	}
	// A long source name, a title of wide characters, narrow terminals:
	// every line still fits, with its date, and the title keeps room.
	wide := t.TempDir()
	writeFile(t, filepath.Join(wide, "c.md"), "---\ntitle: \"日本語のとても長いタイトルがここに続いていきます、まだまだ続きます\"\n---\n\nbody\n")
	c.mustRun("add", wide, "--title", "Flux RSS du magazine de psychologie Le Cercle Psy")
	for _, width := range []int{40, 60, 80, 120} {
		out.Reset()
		a := &app{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), stdoutIsTerminal: true, termWidth: width}
		if code := a.run([]string{"ls"}); code != 0 {
			t.Fatalf("ls: exit %d, %s", code, errb.String())
		}
		for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			if w := xansi.StringWidth(line); w >= width {
				t.Fatalf("a %d-column line on a %d-column terminal:\n%s", w, width, out.String())
			}
			if !regexp.MustCompile(`\b\d{4}-\d\d-\d\d\b`).MatchString(line) {
				t.Fatalf("%d columns: a line without its date:\n%s", width, out.String())
			}
		}
	}
}

func TestCLIRefreshSaysOneSource(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.md"), "---\ntitle: One\n---\n\nbody\n")
	c.mustRun("add", dir)
	if out := c.mustRun("refresh"); !strings.Contains(out, "Refreshed 1 source:") {
		t.Fatalf("refresh of one source: %q", out)
	}
}

// Every section of byline --help lines up, and the reader's flags are
// there.
func TestHelpColumnsAndReaderFlags(t *testing.T) {
	c := newCLI(t)
	out := c.mustRun("--help")
	if !strings.Contains(out, "--no-refresh") {
		t.Fatalf("--help lacks --no-refresh:\n%s", out)
	}
	col := -1
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "  byline ") || !strings.Contains(line, "   ") {
			continue
		}
		i := 2 + strings.Index(line[2:], "  ")
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if col >= 0 && i != col {
			t.Fatalf("help columns do not line up at %q (column %d, not %d)", line, i, col)
		}
		col = i
	}
	keys := c.mustRun("help", "keys")
	col = -1
	for _, line := range strings.Split(keys, "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || !strings.HasPrefix(line, "  ") || strings.Contains(line, "=") {
			continue
		}
		i := 2 + len(f[0]) + strings.Index(line[2+len(f[0]):], f[1])
		if col >= 0 && i != col {
			t.Fatalf("help keys columns do not line up at %q", line)
		}
		col = i
	}
}

// Config: mouse is a setting; an unknown setting is an error naming file
// and line; a key bound to two actions and a key no terminal sends are
// warnings naming them.
func TestConfigMouseAndKeyErrors(t *testing.T) {
	c := newCLI(t)
	cfg := writeFile(t, filepath.Join(c.cfgDir, "byline", "config.toml"), "mouse = false\n")
	c.mustRun("ls")
	for body, want := range map[string]string{
		"theme = \"dark\"\n[keys]\ntoggle_star = [\"j\"]\n": `"j" is bound to both toggle_star and down`,
		"[keys]\ndown = [\"jj\"]\n":                         `"jj" is not a key a terminal can send`,
		"theme = \"dark\"\nmouse_wheel = 3\n":               "line 2: unknown setting mouse_wheel",
		"[keys]\nsearch = [\"n\"]\n":                        `"n" is bound to both`,
	} {
		writeFile(t, cfg, body)
		code, _, errOut := c.run("ls")
		wantCode := 1
		if strings.Contains(body, "[keys]") {
			wantCode = 0
		}
		if code != wantCode || !strings.Contains(errOut, cfg) || !strings.Contains(errOut, want) || !strings.Contains(errOut, "line ") {
			t.Errorf("config %q: exit %d, %q; want %q", body, code, errOut, want)
		}
	}
}

// A source whose last refresh failed says so, not "refreshed".
func TestCLISourcesSaysFailed(t *testing.T) {
	c := newCLI(t)
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits++; hits <= 2 {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(sampleRSS))
			return
		}
		http.Error(w, "not here", http.StatusNotFound)
	}))
	defer srv.Close()
	c.mustRun("add", srv.URL+"/feed.xml")
	c.run("refresh")
	out := c.mustRun("sources")
	if !strings.Contains(out, "failed just now") || strings.Contains(out, "refreshed just now") || !strings.Contains(out, "HTTP 404") {
		t.Fatalf("sources after a failed refresh:\n%s", out)
	}
}

// A Markdown file without front matter takes its title from its first
// heading; 'read' says that title once.
func TestReadSaysTheTitleOnce(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "plain.markdown"), "# No front matter\n\nJust text.\n")
	c.mustRun("add", dir)
	rows := c.ls("")
	if len(rows) != 1 || rows[0].Title != "No front matter" {
		t.Fatalf("ls: %+v", rows)
	}
	out := c.mustRun("read", itoa(int(rows[0].ID)))
	if n := strings.Count(out, "No front matter"); n != 1 || !strings.Contains(out, "Just text.") {
		t.Fatalf("the title %d times:\n%s", n, out)
	}
}

// 'byline help keys' shows the keys in effect: the config file's bindings
// (the default one or --config's), each marked with its default where it
// differs; a bad config gives its usual error (one in [keys] only, a
// warning: TestHelpKeysShowsTheKeysInEffectAndTheWarning).
func TestHelpKeysShowsTheConfigsKeys(t *testing.T) {
	c := newCLI(t)
	body := "[keys]\nlinks = [\"ctrl+l\"]\ntoggle_star = [\"*\"]\n"
	writeFile(t, filepath.Join(c.cfgDir, "byline", "config.toml"), body)
	other := writeFile(t, filepath.Join(t.TempDir(), "other.toml"), "[keys]\nlinks = [\"ctrl+o\"]\n")
	row := func(out, action string) []string {
		for _, line := range strings.Split(out, "\n") {
			if f := strings.Fields(line); len(f) > 1 && f[0] == action {
				return f
			}
		}
		t.Fatalf("no row for %s in:\n%s", action, out)
		return nil
	}
	out := c.mustRun("help", "keys")
	if f := row(out, "links"); f[1] != "ctrl+l" || !strings.Contains(strings.Join(f, " "), "default L") {
		t.Errorf("links row with the config's ctrl+l: %q", f)
	}
	if f := row(out, "toggle_star"); f[1] != "*" || !strings.Contains(strings.Join(f, " "), "default s") {
		t.Errorf("toggle_star row with the config's *: %q", f)
	}
	if f := row(out, "down"); strings.Contains(strings.Join(f, " "), "default") {
		t.Errorf("down is not rebound, yet its row says a default: %q", f)
	}
	out = c.mustRun("help", "keys", "--config", other)
	if f := row(out, "links"); f[1] != "ctrl+o" {
		t.Errorf("--config's links: %q", f)
	}
	if f := row(out, "toggle_star"); f[1] != "s" {
		t.Errorf("--config's toggle_star (not rebound): %q", f)
	}
	bad := writeFile(t, filepath.Join(t.TempDir(), "bad.toml"), "keep_days = \"x\"\n[keys]\ntoggle_star = [\"j\"]\n")
	if code, _, errOut := c.run("help", "keys", "--config", bad); code != 1 || !strings.Contains(errOut, "keep_days wants a whole number") {
		t.Errorf("help keys with a bad config: exit %d, %q", code, errOut)
	}
}

// The global flags go before help as before any other command.
func TestHelpTakesGlobalFlagsFirst(t *testing.T) {
	c := newCLI(t)
	cfg := writeFile(t, filepath.Join(t.TempDir(), "c.toml"), "[keys]\nlinks = [\"ctrl+l\"]\n")
	for _, args := range [][]string{
		{"--config", cfg, "help", "keys"},
		{"--offline", "help", "keys"},
		{"--config", "/dev/null", "help"},
		{"--data-dir", t.TempDir(), "help", "ls"},
		{"help", "--offline", "ls"},
	} {
		code, out, errOut := c.run(args...)
		if code != 0 || errOut != "" || out == "" {
			t.Errorf("byline %q: exit %d, stderr %q", args, code, errOut)
		}
	}
	if out := c.mustRun("--config", cfg, "help", "keys"); !strings.Contains(out, "ctrl+l") {
		t.Errorf("--config before help keys: its keys not shown:\n%s", out)
	}
}
