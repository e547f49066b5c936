package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/spf13/pflag"

	tea "github.com/charmbracelet/bubbletea"
)

// warnings are the lines of stderr that are byline's warnings.
func warnings(stderr string) []string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "byline: warning: ") {
			out = append(out, l)
		}
	}
	return out
}

// A mistake in [keys] stops no command that draws nothing: a refresh (from
// cron, say) still refreshes, and every command says once, on stderr,
// what is wrong at which line of which file, in the words the error had.
func TestKeysMistakeWarnsAndEveryCommandGoesOn(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"theme = \"dark\"\n\n[keys]\nnxt = [\"x\"]\n", `line 4: keys: unknown action "nxt"`},
		{"[keys]\ntoggle_star = [\"j\"]\n", `line 2: keys: "j" is bound to both toggle_star and down`},
		{"[keys]\ndown = [\"jj\"]\n", `line 2: keys: down: "jj" is not a key a terminal can send`},
		{"[keys]\ndown = []\n", "line 2: keys: down: no keys given"},
		{"[keys]\nlinks = \"L\"\n", `line 2: links wants a list, not text in quotes (write it as links = ["…"])`},
	} {
		c := newCLI(t)
		cfg := writeFile(t, filepath.Join(c.cfgDir, "byline", "config.toml"), tc.body)
		feedFile := writeFile(t, filepath.Join(t.TempDir(), "feed.xml"), sampleRSS)
		check := func(args ...string) string {
			t.Helper()
			code, out, errOut := c.run(args...)
			w := warnings(errOut)
			if code != 0 || len(w) != 1 || !strings.Contains(w[0], "config "+cfg+": "+tc.want) {
				t.Fatalf("%q: byline %q: exit %d, stderr %q; want one warning %q naming the file", tc.body, args, code, errOut, tc.want)
			}
			return out
		}
		check("add", feedFile)
		writeFile(t, feedFile, strings.Replace(sampleRSS, "<item>", "<item><title>Third post</title><link>https://example.com/3</link><guid>3</guid><description>x</description></item><item>", 1))
		check("refresh")
		if out := check("ls"); !strings.Contains(out, "Third post") {
			t.Fatalf("%q: the refresh did not refresh:\n%s", tc.body, out)
		}
		check("sources")
		check("gc")
		check("export")
		check("read", "1")
	}
}

// A clash leaves both actions at their defaults; a well-made binding
// beside the mistakes still applies; the warning says what was kept.
func TestKeysClashKeepsBothDefaults(t *testing.T) {
	c := newCLI(t)
	cfg := writeFile(t, filepath.Join(c.cfgDir, "byline", "config.toml"),
		"[keys]\ndown = [\"x\"]\nup = [\"x\"]\nlinks = [\"ctrl+l\"]\n")
	var out, errb bytes.Buffer
	a := &app{stdout: &out, stderr: &errb, stdin: strings.NewReader("")}
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	globalFlags(fs)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if err := a.setup(fs); err != nil {
		t.Fatalf("setup: %v", err)
	}
	km := a.cfg.KeyMap
	if got := strings.Join(km.Down.Keys(), ","); got != "j,down" {
		t.Errorf("down %q, want its default j,down", got)
	}
	if got := strings.Join(km.Up.Keys(), ","); got != "k,up" {
		t.Errorf("up %q, want its default k,up", got)
	}
	if got := strings.Join(km.Links.Keys(), ","); got != "ctrl+l" {
		t.Errorf("links %q: the good binding was not applied", got)
	}
	if len(a.cfg.Warnings) != 1 || !strings.Contains(a.cfg.Warnings[0], "config "+cfg+": line 3: keys: \"x\" is bound to both up and down") ||
		!strings.Contains(a.cfg.Warnings[0], "; up and down keep their default keys") {
		t.Errorf("warnings %q", a.cfg.Warnings)
	}
}

// Every other mistake of the config is still an error, even beside a
// mistake in [keys].
func TestNonKeyMistakeStaysAnError(t *testing.T) {
	c := newCLI(t)
	cfg := filepath.Join(c.cfgDir, "byline", "config.toml")
	for body, want := range map[string]string{
		"[keys]\nnxt = [\"x\"]\n":                           "",
		"hyperlinks = \"maybe\"\n[keys]\nnxt = [\"x\"]\n":   "line 1: hyperlinks must be auto, on or off",
		"keep_days = \"ten\"\n[keys]\ndown = \"j\"\n":       "line 1: keep_days wants a whole number",
		"[keys]\ndown = [\"jj\"]\n[sync]\ncolour = 3\n":     "line 4: unknown setting sync.colour",
		"theme = \"purple\"\n[keys]\ntoggle_star = [\"j\"]": `line 1: theme "purple"`,
	} {
		writeFile(t, cfg, body)
		code, _, errOut := c.run("ls")
		if want == "" {
			if code != 0 {
				t.Errorf("%q: exit %d, %q", body, code, errOut)
			}
			continue
		}
		if code != 1 || !strings.Contains(errOut, "byline: config "+cfg+": "+want) || len(warnings(errOut)) != 0 {
			t.Errorf("%q: exit %d, %q; want the error %q alone", body, code, errOut, want)
		}
	}
}

// 'byline help keys' with a mistake in [keys] shows the keys in effect
// (the mistaken ones at their defaults, the others as rebound) and the
// warning, on its own output.
func TestHelpKeysShowsTheKeysInEffectAndTheWarning(t *testing.T) {
	c := newCLI(t)
	cfg := writeFile(t, filepath.Join(c.cfgDir, "byline", "config.toml"), "[keys]\ntoggle_star = [\"j\"]\nlinks = [\"ctrl+l\"]\n")
	code, out, errOut := c.run("help", "keys")
	if code != 0 || errOut != "" {
		t.Fatalf("help keys: exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "config "+cfg+": line 2: keys: \"j\" is bound to both toggle_star and down") {
		t.Errorf("no warning in:\n%s", out)
	}
	row := func(action string) []string {
		for _, line := range strings.Split(out, "\n") {
			if f := strings.Fields(line); len(f) > 1 && f[0] == action {
				return f
			}
		}
		t.Fatalf("no row for %s in:\n%s", action, out)
		return nil
	}
	if f := row("toggle_star"); f[1] != "s" {
		t.Errorf("toggle_star row %q, want its default s", f)
	}
	if f := row("links"); f[1] != "ctrl+l" {
		t.Errorf("links row %q, want the config's ctrl+l", f)
	}
}

// The reader starts with a mistake in [keys]: the status line shows the
// warning, the mistaken binding acts at its default and the others as
// rebound.
func TestReaderStartsWithKeysMistake(t *testing.T) {
	c := newCLI(t)
	writeFile(t, filepath.Join(c.cfgDir, "byline", "config.toml"), "images = \"off\"\n[keys]\ntoggle_star = [\"j\"]\nhelp = [\"H\"]\n")
	var out, errb bytes.Buffer
	a := &app{ctx: context.Background(), stdout: &out, stderr: &errb, stdin: strings.NewReader("")}
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	globalFlags(fs)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if err := a.setup(fs); err != nil {
		t.Fatalf("setup: %v", err)
	}
	st, err := loadDemo(a.ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m, _, done := a.reader(st, false, "demo")
	defer done()
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(200, 40))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("line 3: keys: \"j\" is bound to both toggle_star and down"))
	}, teatest.WithDuration(20*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("H")}) // help, as rebound
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("open in browser")) },
		teatest.WithDuration(20*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Q")})
	tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))
	if errb.Len() != 0 {
		t.Fatalf("the reader wrote to stderr: %q", errb.String())
	}
}

// The reader's line says first how many mistakes there are, and writes
// the config file from ~, so that what is wrong shows before it is cut.
func TestStartWarningCountsFirst(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	path := filepath.Join(home, ".config", "byline", "config.toml")
	a := &app{configPath: path}
	a.cfg.Warnings = []string{"config " + path + ": line 2: keys: unknown action \"nxt\"", "config " + path + ": line 3: keys: x"}
	if got, want := a.startWarning(), "2 mistakes in [keys] ('byline help keys' lists them): config ~/.config/byline/config.toml: line 2: keys: unknown action \"nxt\""; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	a.cfg.Warnings = a.cfg.Warnings[1:]
	if got, want := a.startWarning(), "config ~/.config/byline/config.toml: line 3: keys: x"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	a.configPath = "/elsewhere/c.toml"
	a.cfg.Warnings = []string{"config /elsewhere/c.toml: line 3: keys: x"}
	if got := a.startWarning(); got != a.cfg.Warnings[0] {
		t.Errorf("a file outside home: %q", got)
	}
}
