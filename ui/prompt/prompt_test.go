package prompt

import (
	"testing"

	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/theme"
)

// tab is offered only where there are words to complete.
func TestTabCompleteOnlyWhereItCompletes(t *testing.T) {
	km := keys.Default()
	m := New(theme.NewStyles(theme.ForStyle("dark")), &km)
	m.SetSize(80, 1)
	offers := func() bool {
		for _, b := range m.ShortHelp() {
			if b.Help().Key == "tab" {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		kind     Kind
		words    []string
		selected bool
		want     bool
	}{
		{AddSource, nil, false, false},
		{Search, nil, false, false},
		{Search, nil, true, false},
		{AddTag, []string{"go", "rust"}, false, true},
		{Filter, []string{"go"}, true, true},
	} {
		if c.selected {
			m.OpenSelected(c.kind, "?", "query", c.words)
		} else {
			m.Open(c.kind, "?", "", c.words)
		}
		if got := offers(); got != c.want {
			t.Errorf("kind %d with %d words: tab offered %v, want %v", c.kind, len(c.words), got, c.want)
		}
	}
}
