package status

import (
	"strings"
	"testing"

	"github.com/byline/byline/ui/theme"
	"github.com/charmbracelet/x/ansi"
)

// A message too long for the line shortens its URLs before it is cut, so
// the reason after a URL shows.
func TestLongMessageKeepsItsReason(t *testing.T) {
	m := New(theme.NewStyles(theme.ForStyle("dark")), "demo")
	m.SetSize(120, 1)
	m.SetView("", 10, 10, 3)
	m.Set("Could not get the full article: fetch https://github.com/gulpjs/gulp/releases/tag/v4.0.0-very-long-tag-name?x=1: HTTP 404 Not Found — showing the feed's text.", true)
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "HTTP 404") || !strings.Contains(view, "github.com/…/v4.0.0") {
		t.Fatalf("the reason was cut:\n%s", view)
	}
	if w := ansi.StringWidth(view); w > 120 {
		t.Fatalf("%d wide", w)
	}
	// A message that fits keeps its URL whole.
	m.Set("Saved https://example.com/a/b/c/d/e/f/g/h", false)
	if view := ansi.Strip(m.View()); !strings.Contains(view, "https://example.com/a/b/c/d/e/f/g/h") {
		t.Fatalf("a fitting URL was shortened:\n%s", view)
	}
}

// On a narrow terminal a message the counts would cut shows whole: the
// counts make room until the next key.
func TestNarrowMessageBeatsTheCounts(t *testing.T) {
	m := New(theme.NewStyles(theme.ForStyle("dark")), "")
	m.SetSize(60, 1)
	m.SetView("", 731, 934, 731)
	m.Set("Refreshed 15 sources · 0 new · 2 failed (E lists them)", true)
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "2 failed (E lists them)") || ansi.StringWidth(view) > 60 {
		t.Fatalf("the message was cut:\n%q", view)
	}
}
