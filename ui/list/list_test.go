package list

import (
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/theme"
	"github.com/charmbracelet/x/ansi"
)

// A source name too long for the row gives way to the date.
func TestLongSourceNameKeepsTheDate(t *testing.T) {
	km := keys.Default()
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	m := New(theme.NewStyles(theme.ForStyle("dark")), &km, func() time.Time { return now })
	for _, width := range []int{30, 50, 80} {
		m.SetSize(width, 10)
		m.SetItems([]store.ArticleSummary{{ID: 1, Title: "A title",
			Source: "Flux RSS du magazine de psychologie Le Cercle Psy et encore plus long que cela",
			Date:   time.Date(2025, 12, 24, 9, 0, 0, 0, time.UTC)}}, false)
		view := ansi.Strip(m.View())
		if !strings.Contains(view, "Dec 24 2025") {
			t.Fatalf("%d columns: no date in\n%s", width, view)
		}
		for _, l := range strings.Split(view, "\n") {
			if ansi.StringWidth(l) > width {
				t.Fatalf("%d columns: a wider line %q", width, l)
			}
		}
	}
}
