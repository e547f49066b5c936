package tags

import (
	"fmt"
	"strings"
	"testing"

	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/theme"
)

// The pane lists the view's tags first, by how many of the view's
// articles have them; the library's big tags that none of the view has
// come after, not in the first thirty rows.
func TestTagsOrderedByTheView(t *testing.T) {
	km := keys.Default()
	m := New(theme.NewStyles(theme.Dark), &km)
	m.SetSize(30, 20)
	var lib []store.TagCount
	for i := 0; i < 40; i++ {
		lib = append(lib, store.TagCount{Tag: fmt.Sprintf("big%02d", i), Total: 1000 - i, Unread: 10})
	}
	lib = append(lib, store.TagCount{Tag: "rare", Total: 3}, store.TagCount{Tag: "rarer", Total: 2})
	m.SetTags(lib)
	m.SetCountsInView(map[string]store.TagCount{"rarer": {Tag: "rarer", Total: 2}, "rare": {Tag: "rare", Total: 1}, "big39": {Tag: "big39", Total: 1}})
	var names []string
	for _, r := range m.rows[:4] {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, " "); got != "rarer big39 rare big00" {
		t.Fatalf("first rows %q, want the view's tags by their count in it", got)
	}
	if view := m.View(); !strings.Contains(strings.Split(view, "\n")[2], "rarer") {
		t.Fatalf("the first row shown is not the view's top tag:\n%s", view)
	}
}
