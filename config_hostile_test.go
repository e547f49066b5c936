package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigValuesAreRangeChecked(t *testing.T) {
	c := newCLI(t)
	cfg := filepath.Join(c.cfgDir, "byline", "config.toml")
	cases := []struct{ config, want string }{
		{"theme = \"dark\"\nkeep_days = 9223372036854775807\n", "line 2: keep_days must be 0 or between 1 and 36500"},
		{"keep_days = -1\n", "line 1: keep_days"},
		{"max_per_source = 99999999999\n", "line 1: max_per_source"},
		{"refresh_interval = 1e-9\n", "line 1: refresh_interval"},
		{"refresh_interval = nan\n", "refresh_interval"},
		{"refresh_interval = inf\n", "refresh_interval"},
		{"refresh_interval = -5\n", "refresh_interval"},
		{"fetch_timeout = nan\n", "fetch_timeout"},
		{"fetch_timeout = -inf\n", "fetch_timeout"},
		{"fetch_timeout = 1e300\n", "fetch_timeout"},
		{"concurrency = 1000\n", "concurrency"},
		{"[sync]\nurl = \"https://x\"\ninterval = -1\n", "line 3: interval"},
		{"\n\ncolour = \"red\"\n", "line 3: unknown setting colour"},
		{"theme = \"dark\"\nkeep_days = \"ten\"\n", "line 2: keep_days wants a whole number, not text in quotes"},
		{"offline = 3\n", "line 1: offline wants true or false, not a whole number"},
		{"keep_days = \n", "line 1: keep_days has no value after the ="},
		// Every value error names the line of the setting it is about.
		{"\ntheme = \"purple\"\n", `line 2: theme "purple": not auto, dark`},
		{"\n\nhyperlinks = \"maybe\"\n", "line 3: hyperlinks must be auto, on or off"},
		{"offline = true\ndefault_filter = \"@tomorrow-ish\"\n", "line 2: default_filter"},
		{"[[autotag]]\ntitle = \"go\"\nadd = [\"go\"]\n\n[[autotag]]\ntitle = \"((\"\nadd = [\"x\"]\n", "line 6: autotag rule 2: title: bad regular expression"},
		// Messages in the user's terms, numbers as they are typed.
		{"offline = yes\n", `line 1: offline = yes: a value is a number, true or false, "text in quotes" or a [list]`},
		{"max_per_source = 1.5\n", "line 1: max_per_source wants a whole number, not a fraction"},
		{"fetch_timeout = 99999999\n", "between 1 and 600 seconds (0: the default, 30), not 99999999"},
		{"image_cache_mb = -3\n", "between 1 and 1048576 megabytes"},
		{"theme = [\"dark\"]\n", "line 1: theme wants text in quotes, not a list"},
		{"theme = \"dark\"\ntheme = \"light\"\n", "line 2: theme is set twice"},
		{"[[autotag]]\ntitle = \"(?i\"\nadd = [\"x\"]\n", "line 2: autotag rule 1: title: bad regular expression"},
	}
	for _, tc := range cases {
		writeFile(t, cfg, tc.config)
		code, _, errOut := c.run("ls")
		if code != 1 || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, cfg) {
			t.Errorf("%q: exit %d, %q; want %q naming the file", tc.config, code, errOut, tc.want)
		}
	}
	// A mistake in [keys] is a warning with the same words, naming the
	// file and the line; the command goes on.
	for _, tc := range []struct{ config, want string }{
		{"[keys]\nup = [\"j\"]\n", `line 2: keys: "j" is bound to both up and down`},
		{"[keys]\ndown = [\"q\"]\n", `"q" is bound to both down and quit`},
		{"[keys]\ntoggle_star = [\"j\"]\n", `"j" is bound to both toggle_star and down`},
		{"[keys]\ndown = [\"jj\"]\n", `"jj" is not a key`},
		{"[keys]\ndown = [\"\"]\n", `"" is not a key`},
		{"[keys]\ndown = []\n", "no keys given"},
		{"# keys\n\n\n[keys]\n# rebound\ndown = [\"jj\"]\n", `line 6: keys: down: "jj" is not a key`},
		{"[keys]\nup = [\"k\"]\n\ntoggle_star = [\"k\"]\n", `line 2: keys: "k" is bound to both up and toggle_star`},
		{"\n[keys]\nflyaway = [\"x\"]\n", `line 3: keys: unknown action "flyaway"`},
	} {
		writeFile(t, cfg, tc.config)
		code, _, errOut := c.run("ls")
		if w := warnings(errOut); code != 0 || len(w) != 1 || !strings.Contains(w[0], tc.want) || !strings.Contains(w[0], cfg) {
			t.Errorf("%q: exit %d, %q; want the warning %q naming the file", tc.config, code, errOut, tc.want)
		}
	}
	for _, ok := range []string{
		"keep_days = 30\nrefresh_interval = 15\nfetch_timeout = 10\n",
		"[keys]\ndown = [\"j\", \"down\", \"ctrl+n\"]\nup = [\"k\", \"alt+k\", \"pgup\"]\npage_up = [\"b\"]\n",
		"[keys]\ntag_clear = [\"c\"]\n",
		"[keys]\ntag_clear = [\"space\"]\npage_down = [\"f\", \"pgdown\"]\n",
	} {
		writeFile(t, cfg, ok)
		if code, _, errOut := c.run("ls"); code != 0 || errOut != "" {
			t.Errorf("%q refused: %s", ok, errOut)
		}
	}
}
