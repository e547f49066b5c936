package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/byline/byline/ui/keys"
)

func load(t *testing.T, body string) (Config, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return Load(path, true)
}

// warned loads body, which must load, and returns its warnings, one a
// line.
func warned(t *testing.T, body string) (Config, string) {
	t.Helper()
	cfg, err := load(t, body)
	if err != nil {
		t.Fatalf("%q: %v; a mistake in [keys] is a warning", body, err)
	}
	return cfg, strings.Join(cfg.Warnings, "\n")
}

// Every two actions that are live in the same place may not share a key:
// binding one to the other's key is refused at its line, naming both, and
// both keep their defaults. The pairs come from the keys' declaration.
func TestEveryPairLiveTogetherIsRefusedAtItsLine(t *testing.T) {
	if cfg, w := warned(t, "# mine\n\n[keys]\nread_later = [\"r\"]\n"); len(cfg.Warnings) != 1 ||
		!strings.Contains(w, "line 4") || !strings.Contains(w, `"r" is bound to both read_later and toggle_read`) ||
		!strings.HasSuffix(w, "; read_later and toggle_read keep their default keys") ||
		!slices.Equal(cfg.KeyMap.Save.Keys(), []string{"a"}) || !slices.Equal(cfg.KeyMap.ToggleRead.Keys(), []string{"r"}) {
		t.Fatalf("read_later = [\"r\"]: %q; read_later %v", w, cfg.KeyMap.Save.Keys())
	}
	pairs := 0
	for i, a := range keys.Actions {
		for _, b := range keys.Actions[i+1:] {
			if a.Live&b.Live == 0 || a.Fixed {
				continue
			}
			for _, k := range b.Keys {
				name := k
				if k == " " {
					name = "space"
				}
				body := fmt.Sprintf("# line 1\n[keys]\n%s = [%q]\n", a.Name, name)
				cfg, msg := warned(t, body)
				if len(cfg.Warnings) != 1 {
					t.Errorf("%s = [%q]: warnings %q, though %s has %q and both act in the %s", a.Name, name, cfg.Warnings, b.Name, name, (a.Live & b.Live).Name())
					continue
				}
				if !strings.Contains(msg, "line 3") || !strings.Contains(msg, "is bound to both "+a.Name+" and ") {
					t.Errorf("%s = [%q]: %v; want line 3 and both actions named", a.Name, name, msg)
				} else if !strings.Contains(msg, " and "+b.Name+" ") && !otherClash(a, b, k) {
					t.Errorf("%s = [%q]: %v; want %s named", a.Name, name, msg, b.Name)
				}
				if got := cfg.KeyMap.Binding(a).Keys(); !slices.Equal(got, a.Keys) {
					t.Errorf("%s = [%q]: %s has %v, want its default %v", a.Name, name, a.Name, got, a.Keys)
				}
				pairs++
			}
		}
	}
	if pairs < 100 {
		t.Fatalf("only %d pairs checked", pairs)
	}
}

// otherClash reports whether key k, given to a, also meets an action
// declared before b that acts where a does (the error names the first).
func otherClash(a, b keys.Action, k string) bool {
	for _, c := range keys.Actions {
		if c.Name == b.Name {
			return false
		}
		if c.Name != a.Name && c.Live&a.Live != 0 && slices.Contains(c.Keys, k) {
			return true
		}
	}
	return false
}

// Keys that never act in the same place may be the same.
func TestKeysMayBeSharedAcrossPlaces(t *testing.T) {
	for _, body := range []string{
		"[keys]\ntag_clear = [\"r\"]\n", // tags pane vs list
		"[keys]\nsearch = [\"f\", \"/\"]\n" + "page_down = [\"space\"]\n",
		"keys = { next_unread = [\"n\"], prev_unread = [\"p\"], next = [\"J\"], prev = [\"K\"] }\n",
		"[keys]\nyes = [\"o\"]\nno = [\"n\", \"esc\"]\n",
	} {
		if cfg, err := load(t, body); err != nil || len(cfg.Warnings) > 0 {
			t.Errorf("%q refused: %v %q", body, err, cfg.Warnings)
		}
	}
	cfg, err := load(t, "keys = { next_unread = [\"n\"], prev_unread = [\"p\"], next = [\"J\"], prev = [\"K\"] }\n")
	if err != nil || !slices.Equal(cfg.KeyMap.NextUnread.Keys(), []string{"n"}) || !slices.Equal(cfg.KeyMap.Next.Keys(), []string{"J"}) {
		t.Fatalf("the newsboat line: %v, %v", err, cfg.KeyMap.NextUnread.Keys())
	}
}

// The newsboat line in an inline table: a clash is still at its line.
func TestInlineKeysTableNamesItsLine(t *testing.T) {
	_, w := warned(t, "theme = \"dark\"\nkeys = { next_unread = [\"n\"] }\n")
	if !strings.Contains(w, "line 2") || !strings.Contains(w, "next_unread and next") {
		t.Fatalf("warnings %q", w)
	}
}

// The README's one line for newsboat's n and p loads, and does what it
// says.
func TestNewsboatLineInTheREADME(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for _, l := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(l, "keys = {") && strings.Contains(l, "next_unread") {
			line = l
		}
	}
	if line == "" || !strings.Contains(Sample, line) {
		t.Fatalf("the README's newsboat line %q is not in 'byline help config'", line)
	}
	cfg, err := load(t, line+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cfg.KeyMap.NextUnread.Keys(), []string{"n"}) || !slices.Equal(cfg.KeyMap.PrevUnread.Keys(), []string{"p"}) {
		t.Fatalf("n and p: %v %v", cfg.KeyMap.NextUnread.Keys(), cfg.KeyMap.PrevUnread.Keys())
	}
}

// A setting of the wrong kind says how one of the right kind is written:
// `links = "L"` was refused without a word of `links = ["L"]`.
func TestWrongKindShowsTheRightForm(t *testing.T) {
	for body, want := range map[string]string{
		"[keys]\nlinks = 5\n":       `links wants a list, not a whole number (write it as links = ["…"]); links keeps its default keys`,
		"[keys]\nlinks = \"L\"\n":   `links wants a list, not text in quotes (write it as links = ["…"])`,
		"[keys]\nup = [\"k\", 5]\n": `up wants each key in quotes, not a whole number (write it as up = ["j", "…"]); up keeps its default keys`,
	} {
		if _, w := warned(t, body); !strings.Contains(w, "line 2: "+want) {
			t.Errorf("%q: %q, want it to say %s", body, w, want)
		}
	}
	body, want := "theme = 3\n", `theme wants text in quotes, not a whole number (write it as theme = "…")`
	if _, err := load(t, body); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%q: %v, want it to say %s", body, err, want)
	}
}

// A [keys] of any shape loads: what cannot be used is a warning at its
// line, the rest of the table still binds, and the other settings hold.
func TestAnyKeysMistakeIsAWarning(t *testing.T) {
	for body, want := range map[string]string{
		"offline = true\nkeys = 3\n":                                    "line 2: keys wants a table, not a whole number; the default keys are used",
		"offline = true\n[keys]\ndown = [1]\nlinks = [\"ctrl+l\"]\n":    "line 3: down wants each key in quotes, not a whole number",
		"offline = true\n[keys.down]\nx = 1\n":                          "line 2: down wants a list, not a table",
		"offline = true\n[keys]\nnxt = 5\n":                             "line 3: nxt wants a list, not a whole number (write it as nxt = [\"…\"]); the setting is ignored",
		"offline = true\n[keys]\nnxt = [\"x\"]\nlinks = [\"ctrl+l\"]\n": `line 3: keys: unknown action "nxt" (actions: add_source, add_tag, back,`,
	} {
		cfg, w := warned(t, body)
		if len(cfg.Warnings) != 1 || !strings.Contains(w, want) || !cfg.Offline {
			t.Errorf("%q: warnings %q, offline %v; want %q", body, cfg.Warnings, cfg.Offline, want)
		}
		if strings.Contains(body, "ctrl+l") && !slices.Equal(cfg.KeyMap.Links.Keys(), []string{"ctrl+l"}) {
			t.Errorf("%q: links %v, want the config's", body, cfg.KeyMap.Links.Keys())
		}
		if !slices.Equal(cfg.KeyMap.Down.Keys(), []string{"j", "down"}) {
			t.Errorf("%q: down %v, want its default", body, cfg.KeyMap.Down.Keys())
		}
	}
}

// The warnings come in the order of the file's lines, whatever their kind.
func TestKeysWarningsInTheFilesOrder(t *testing.T) {
	cfg, _ := warned(t, "[keys]\nzz = [\"x\"]\ntoggle_star = [\"j\"]\ndown = 5\naa = [\"y\"]\n")
	var lines []string
	for _, w := range cfg.Warnings {
		_, after, _ := strings.Cut(w, ": line ")
		n, _, _ := strings.Cut(after, ":")
		lines = append(lines, n)
	}
	if !slices.Equal(lines, []string{"2", "3", "4", "5"}) {
		t.Fatalf("lines %v of %q", lines, cfg.Warnings)
	}
}
