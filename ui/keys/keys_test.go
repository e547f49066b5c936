package keys

import (
	"reflect"
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
	km, _, err := FromConfig(map[string][]string{"page_down": {"space", "ctrl+f"}, "quit_now": {"ctrl+q"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := km.PageDown.Help().Key; got != "space/ctrl+f" {
		t.Fatalf("page_down's help key %q", got)
	}
	if got := km.QuitNow.Keys(); len(got) != 2 || got[1] != "ctrl+c" {
		t.Fatalf("ctrl+c must always quit: %v", got)
	}
}

// Match finds the action a key triggers in a place, as the declaration
// and the bindings say: the same key is another action elsewhere, and a
// rebound key follows its action.
func TestMatchFindsTheActionLiveInThePlace(t *testing.T) {
	km, _, err := FromConfig(map[string][]string{"toggle_star": {"z"}})
	if err != nil {
		t.Fatal(err)
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
