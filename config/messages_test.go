package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A config file named with --config that is not there is an error that
// says so and where every setting is shown; the default file missing is
// the default config.
func TestMissingConfigSaysWhatToDo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.toml")
	_, err := Load(path, true)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "does not exist") ||
		!strings.Contains(err.Error(), "byline help config") || strings.Contains(err.Error(), "no such file or directory") {
		t.Fatalf("--config %s: %v", path, err)
	}
	if _, err := Load(path, false); err != nil {
		t.Fatalf("the default config missing: %v", err)
	}
}

// A value whose quotes are not closed is said in the user's terms, at its
// line, not in the decoder's ("strings cannot contain newlines").
func TestUnclosedQuotesAtTheirLine(t *testing.T) {
	for _, body := range []string{
		"offline = true\ntheme = \"dark\n",
		"offline = true\ntheme = \"dark\nmouse = false\n",
		"offline = true\ntheme = 'dark\n",
		"offline = true\n[keys]\ndown = [\"j\", \"down]\n",
	} {
		_, err := load(t, body)
		if err == nil || strings.Contains(err.Error(), "cannot contain newlines") || !strings.Contains(err.Error(), "quote") {
			t.Errorf("%q: %v", body, err)
			continue
		}
		want := "line 2"
		if strings.Contains(body, "[keys]") {
			want = "line 3"
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %s", body, err, want)
		}
	}
}

// --config /dev/null is the defaults, as the shell idiom means; another
// device is still refused.
func TestConfigDevNullIsTheDefaults(t *testing.T) {
	cfg, err := Load(os.DevNull, true)
	if err != nil {
		t.Fatalf("--config %s: %v", os.DevNull, err)
	}
	if cfg.Theme != "dark" {
		t.Errorf("theme %q, want the default", cfg.Theme)
	}
	if _, err := Load("/dev/zero", true); err == nil {
		t.Error("--config /dev/zero was read")
	}
}
