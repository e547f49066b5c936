package keys

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Every field of the KeyMap is declared by exactly one action, so that no
// binding lives outside the declaration.
func TestEveryBindingIsDeclaredOnce(t *testing.T) {
	var k KeyMap
	owners := map[*key.Binding]string{}
	for _, a := range Actions {
		p := a.field(&k)
		if other, ok := owners[p]; ok {
			t.Errorf("%s and %s declare the same binding", other, a.Name)
		}
		owners[p] = a.Name
	}
	v := reflect.ValueOf(&k).Elem()
	for i := 0; i < v.NumField(); i++ {
		if _, ok := owners[v.Field(i).Addr().Interface().(*key.Binding)]; !ok {
			t.Errorf("KeyMap.%s is declared by no action", v.Type().Field(i).Name)
		}
	}
}

// The defaults bind no key to two actions that act in the same place.
func TestDefaultsDoNotClash(t *testing.T) {
	if a, b, k, ok := Default().Clash(); ok {
		t.Fatalf("%q is bound to both %s and %s by default", k, a, b)
	}
	for _, a := range Actions {
		if a.Live == 0 || len(a.Keys) == 0 || a.Desc == "" {
			t.Errorf("%s: declared without a place, keys or help", a.Name)
		}
	}
}

// A rebound action's help shows its new keys as the help writes keys.
func TestRebindingShowsTheNewKeys(t *testing.T) {
	km, problems := FromConfig(map[string][]string{"page_down": {"space", "ctrl+f"}, "quit_now": {"ctrl+q"}})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if got := km.PageDown.Help().Key; got != "space/ctrl+f" {
		t.Fatalf("page_down's help key %q", got)
	}
	if got := km.QuitNow.Keys(); len(got) != 2 || got[1] != "ctrl+c" {
		t.Fatalf("ctrl+c must always quit: %v", got)
	}
	// A key given twice is one key.
	km, problems = FromConfig(map[string][]string{"down": {"j", "j", "f8", "f8"}})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if got := km.Down.Help().Key; got != "j/f8" {
		t.Fatalf("down's help key %q, want j/f8", got)
	}
}

// Match finds the action a key triggers in a place, as the declaration
// and the bindings say: the same key is another action elsewhere, and a
// rebound key follows its action.
func TestMatchFindsTheActionLiveInThePlace(t *testing.T) {
	km, problems := FromConfig(map[string][]string{"toggle_star": {"z"}})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	press := func(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }
	for _, c := range []struct {
		place Place
		key   string
		want  *key.Binding
	}{
		{List, "/", &km.Filter},
		{Article, "/", &km.Search},
		{Side, "/", &km.Filter},
		{List, "z", &km.ToggleStar},
		{List, "s", nil},
		{Side, "+", &km.TagInclude},
		{List, "+", &km.AddSource},
		{Article, "+", nil},
		{Confirm, "y", &km.Yes},
		{List, "y", &km.CopyURL},
		{Links, "3", &km.LinkNumber},
		{List, "3", &km.SavedFilter},
	} {
		if got := km.Match(c.place, press(c.key)); got != c.want {
			t.Errorf("%q in %s: %v, want %v", c.key, c.place.Name(), got, c.want)
		}
	}
	for _, a := range Actions {
		if km.Ref(a) != a.field(&km) {
			t.Errorf("Ref(%s) is not its binding in the map", a.Name)
		}
	}
}

// In the links list enter opens a link: its help says open, not read.
func TestOpenSaysOpenInTheLinksList(t *testing.T) {
	k := Default()
	find := func(bs []key.Binding) string {
		for _, b := range bs {
			if b.Help().Key == "enter/l" {
				return b.Help().Desc
			}
		}
		return ""
	}
	own, _ := k.ShortHelp(Links)
	var full []key.Binding
	for _, col := range k.FullHelp(Links) {
		full = append(full, col...)
	}
	if find(own) != "open" || find(full) != "open" {
		t.Errorf("links list: enter/l says %q (short) and %q (full), want open", find(own), find(full))
	}
	own, _ = k.ShortHelp(List)
	if find(own) != "read" {
		t.Errorf("list: enter/l says %q, want read", find(own))
	}
}

// A mistake in the config's keys leaves its bindings at their defaults
// and says what it is; the bindings beside it still apply. A clash puts
// both of its actions back, and one that the putting back makes anew is
// put back too.
func TestMistakesKeepTheDefaults(t *testing.T) {
	km, problems := FromConfig(map[string][]string{
		"nxt":         {"x"},           // unknown
		"down":        {"jj"},          // no key
		"links":       {"ctrl+l"},      // fine
		"toggle_star": {"z"},           // clashes with browser's z …
		"browser":     {"z"},           //
		"toggle_read": {"s"},           // … and, once toggle_star has s again, with it
		"page_up":     {},              // no keys
		"quit_now":    {"ctrl+q", "W"}, // fine
	})
	want := map[string][]string{"nxt": nil, "down": {"down"}, "page_up": {"page_up"}, "toggle_star": {"browser", "toggle_star"}, "toggle_read": {"toggle_star", "toggle_read"}}
	got := map[string][]string{}
	for _, p := range problems {
		got[p.Setting] = p.Defaults
		if p.Err == nil || !strings.HasPrefix(p.Err.Error(), "keys: ") {
			t.Errorf("%s: %v", p.Setting, p.Err)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems %v, want %v", got, want)
	}
	for setting, defaults := range want {
		d, ok := got[setting]
		slices.Sort(d)
		slices.Sort(defaults)
		if !ok || !slices.Equal(d, defaults) {
			t.Errorf("%s: defaults kept %v, want %v (problems %v)", setting, d, defaults, got)
		}
	}
	def := Default()
	for _, name := range []string{"down", "page_up", "toggle_star", "browser", "toggle_read"} {
		a, _ := Find(name)
		if !slices.Equal(km.Binding(a).Keys(), def.Binding(a).Keys()) {
			t.Errorf("%s: %v, want its default %v", name, km.Binding(a).Keys(), def.Binding(a).Keys())
		}
	}
	if !slices.Equal(km.Links.Keys(), []string{"ctrl+l"}) || !slices.Equal(km.QuitNow.Keys(), []string{"ctrl+q", "W", "ctrl+c"}) {
		t.Errorf("the good bindings: links %v, quit_now %v", km.Links.Keys(), km.QuitNow.Keys())
	}
	if a, b, k, clash := km.Clash(); clash {
		t.Errorf("%q still bound to %s and %s", k, a, b)
	}
}
