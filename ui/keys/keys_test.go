package keys

import (
	"reflect"
	"testing"

	"github.com/charmbracelet/bubbles/key"
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
