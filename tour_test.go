package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/byline/byline/config"
	"github.com/byline/byline/feed/demo"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/render"
)

// boundKeys is every key the keys' declaration binds by default, as the
// docs write it ("space" for the space bar), with the actions it serves.
func boundKeys() map[string][]keys.Action {
	out := map[string][]keys.Action{}
	for _, a := range keys.Actions {
		for _, k := range a.Keys {
			if k == " " {
				k = "space"
			}
			out[k] = append(out[k], a)
		}
	}
	return out
}

var backticked = regexp.MustCompile("`([^`\n]+)`")

// keyRange is a run of digit keys, "`1`…`9`".
var keyRange = regexp.MustCompile("`([0-9])` ?… ?`([0-9])`")

// keyNames are the words of named keys, and the misspellings of them a
// doc could drift into.
var keyNames = []string{"enter", "esc", "space", "tab", "pgup", "pgdown", "pgdn", "home", "end", "up", "down", "left", "right", "backspace", "delete"}

// docKeys are the keys a text names in backticks: one ASCII character, a
// named key, or ctrl+/alt+ one.
func docKeys(text string) []string {
	var out []string
	for _, m := range keyRange.FindAllStringSubmatch(text, -1) {
		for d := m[1][0] + 1; d < m[2][0]; d++ {
			out = append(out, string(rune(d)))
		}
	}
	for _, m := range backticked.FindAllStringSubmatch(text, -1) {
		k := m[1]
		switch {
		case len(k) == 1 && k[0] > ' ' && k[0] < 0x7f,
			slices.Contains(keyNames, k),
			strings.HasPrefix(k, "ctrl+") || strings.HasPrefix(k, "alt+"):
			out = append(out, k)
		}
	}
	return out
}

// promptKeys are keys of the text inputs (the filter prompt's), which the
// keys' declaration does not hold.
var promptKeys = []string{"ctrl+e"}

func tourText(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := fs.WalkDir(demo.Library, "tour", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(demo.Library, p)
		out[p] = string(b)
		return err
	})
	if err != nil || len(out) == 0 {
		t.Fatalf("the tour: %d articles, %v", len(out), err)
	}
	return out
}

// The tour's config article lists the themes there are: the renderer's
// built-in styles and auto.
func TestTourThemesAreTheBuiltinStyles(t *testing.T) {
	text := tourText(t)["tour/05-config.md"]
	m := regexp.MustCompile(`(?s)\n#\s*([^\n]*?,\s*#[^\n]*?),?\s*or a Glamour \.json style's path\ntheme = "`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("the tour's config article lists no themes:\n%s", text)
	}
	listed := strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == '#' || r == ' ' || r == '\n' })
	want := append([]string{"auto"}, render.BuiltinStyles...)
	slices.Sort(listed)
	slices.Sort(want)
	if !slices.Equal(listed, want) {
		t.Fatalf("the tour lists the themes %q; there are %q", listed, want)
	}
}

// The tour's config article's TOML loads as it is: every setting and
// every action it names is one byline has.
func TestTourConfigLoads(t *testing.T) {
	text := tourText(t)["tour/05-config.md"]
	m := regexp.MustCompile("(?s)```toml\n(.*?)```").FindStringSubmatch(text)
	if m == nil {
		t.Fatal("the tour's config article has no TOML")
	}
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(m[1]), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := config.Load(path, true); err != nil {
		t.Fatalf("the tour's config: %v", err)
	}
}

// Every key the tour names is a key some action is bound to by default.
func TestTourKeysAreBound(t *testing.T) {
	bound := boundKeys()
	for name, text := range tourText(t) {
		for _, k := range docKeys(text) {
			if _, ok := bound[k]; !ok && !slices.Contains(promptKeys, k) {
				t.Errorf("%s names the key `%s`, which no action is bound to", name, k)
			}
		}
	}
}

// The README's key table and the keys' declaration agree: every key the
// table names is bound, and every action's keys are in the table (in its
// key column, for the list's and the article's; the panes' own keys may be
// told in the row that opens the pane).
func TestReadmeKeyTableMatchesTheDeclaration(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "\n## Keys\n")
	if !ok {
		t.Fatal("the README has no Keys section")
	}
	var keyCol, whole strings.Builder
	for _, l := range strings.Split(table, "\n") {
		if !strings.HasPrefix(l, "| ") {
			if whole.Len() > 0 {
				break
			}
			continue
		}
		cells := strings.Split(l, " | ")
		keyCol.WriteString(cells[0] + "\n")
		whole.WriteString(l + "\n")
	}
	bound := boundKeys()
	for _, k := range docKeys(whole.String()) {
		if _, ok := bound[k]; !ok && !slices.Contains(promptKeys, k) {
			t.Errorf("the README's key table names `%s`, which no action is bound to", k)
		}
	}
	inKeyCol, inTable := docKeys(keyCol.String()), docKeys(whole.String())
	arrows := strings.Contains(keyCol.String(), "arrows")
	for _, a := range keys.Actions {
		if a.Fixed || a.Live == keys.Confirm {
			continue // the digits of the links list; a question's answers are shown with it
		}
		where := inTable
		if a.Live&(keys.List|keys.Article) != 0 {
			where = inKeyCol
		}
		for _, k := range a.Keys {
			if k == " " {
				k = "space"
			}
			if (k == "up" || k == "down") && arrows {
				continue
			}
			if !slices.Contains(where, k) {
				t.Errorf("the README's key table leaves out `%s` (%s: %s)", k, a.Name, a.Desc)
			}
		}
	}
}
