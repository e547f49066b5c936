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

// Every two actions that are live in the same place may not share a key:
// binding one to the other's key is refused at its line, naming both. The
// pairs come from the keys' declaration.
func TestEveryPairLiveTogetherIsRefusedAtItsLine(t *testing.T) {
	if _, err := load(t, "# mine\n\n[keys]\nread_later = [\"r\"]\n"); err == nil ||
		!strings.Contains(err.Error(), "line 4") || !strings.Contains(err.Error(), `"r" is bound to both read_later and toggle_read`) {
		t.Fatalf("read_later = [\"r\"]: %v", err)
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
				_, err := load(t, body)
				if err == nil {
					t.Errorf("%s = [%q] is accepted, though %s has %q and both act in the %s", a.Name, name, b.Name, name, (a.Live & b.Live).Name())
					continue
				}
				if msg := err.Error(); !strings.Contains(msg, "line 3") || !strings.Contains(msg, "is bound to both "+a.Name+" and ") {
					t.Errorf("%s = [%q]: %v; want line 3 and both actions named", a.Name, name, err)
				} else if !strings.Contains(msg, " and "+b.Name+" ") && !otherClash(a, b, k) {
					t.Errorf("%s = [%q]: %v; want %s named", a.Name, name, err, b.Name)
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
		if _, err := load(t, body); err != nil {
			t.Errorf("%q refused: %v", body, err)
		}
	}
	cfg, err := load(t, "keys = { next_unread = [\"n\"], prev_unread = [\"p\"], next = [\"J\"], prev = [\"K\"] }\n")
	if err != nil || !slices.Equal(cfg.KeyMap.NextUnread.Keys(), []string{"n"}) || !slices.Equal(cfg.KeyMap.Next.Keys(), []string{"J"}) {
		t.Fatalf("the newsboat line: %v, %v", err, cfg.KeyMap.NextUnread.Keys())
	}
}

// The newsboat line in an inline table: a clash is still at its line.
func TestInlineKeysTableNamesItsLine(t *testing.T) {
	_, err := load(t, "theme = \"dark\"\nkeys = { next_unread = [\"n\"] }\n")
	if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "next_unread and next") {
		t.Fatalf("err %v", err)
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
		"[keys]\nlinks = 5\n":     `links wants a list, not a whole number (write it as links = ["…"])`,
		"[keys]\nlinks = \"L\"\n": `(write it as links = ["…"])`,
		"theme = 3\n":             `theme wants text in quotes, not a whole number (write it as theme = "…")`,
	} {
		_, err := load(t, body)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want it to say %s", body, err, want)
		}
	}
}
