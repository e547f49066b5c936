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
	m.SetCounts(Counts{Shown: 10, Total: 10, Unread: 3})
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
	m.SetCounts(Counts{Shown: 731, Total: 934, Unread: 731})
	m.Set("Refreshed 15 sources · 0 new · 2 failed (E lists them)", true)
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "2 failed (E lists them)") || ansi.StringWidth(view) > 60 {
		t.Fatalf("the message was cut:\n%q", view)
	}
}

// The bar holds the view's counts: what it shows on the right follows
// them, and an article marked here moves the unread count at once, before
// the next count arrives. A refresh counts the sources it has.
func TestTheBarHoldsTheViewsCounts(t *testing.T) {
	m := New(theme.NewStyles(theme.ForStyle("dark")), "demo")
	m.SetSize(120, 1)
	if _, ok := m.Counts(); ok {
		t.Fatalf("counts before any arrived")
	}
	m.SetFilter("+go")
	m.SetCounts(Counts{Shown: 4, Unread: 2, Total: 10, Sources: 3})
	if view := ansi.Strip(m.View()); !strings.Contains(view, "filter: +go") || !strings.Contains(view, "demo · 4/10 · 2 unread") {
		t.Fatalf("the counts:\n%s", view)
	}
	m.MarkedRead(true)
	if c, ok := m.Counts(); !ok || c.Unread != 1 || !strings.Contains(ansi.Strip(m.View()), "4/10 · 1 unread") {
		t.Fatalf("after one marked read: %+v\n%s", c, ansi.Strip(m.View()))
	}
	m.MarkedRead(false)
	m.MarkedRead(false)
	if c, _ := m.Counts(); c.Unread != 3 {
		t.Fatalf("after two marked unread: %d unread", c.Unread)
	}
	m.StartRefresh()
	if view := ansi.Strip(m.View()); !strings.Contains(view, "Refreshing 0/3") {
		t.Fatalf("a refresh of the 3 sources:\n%s", view)
	}
	m.CountsFailed()
	if c, ok := m.Counts(); !ok || c.Total != 10 {
		t.Fatalf("a failed count keeps the last: %+v %v", c, ok)
	}
	if (Counts{}).Empty() != true || (Counts{Sources: 1}).Empty() {
		t.Fatalf("Empty: a library with no source and no article")
	}
}

// What Hold shows stays over a refresh's progress and outcome until Clear,
// which then shows the outcome it hid; the next Clear empties the line.
func TestHeldLineStaysUntilCleared(t *testing.T) {
	m := New(theme.NewStyles(theme.ForStyle("dark")), "")
	m.SetSize(120, 1)
	m.Hold("config ~/c.toml: line 2: keys: unknown action \"nxt\"")
	m.StartRefresh()
	m.Progress("a", 1, 1, 2, nil)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "unknown action") || strings.Contains(v, "Refreshing") {
		t.Fatalf("during the refresh:\n%s", v)
	}
	m.FinishRefresh(nil, false)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "unknown action") || !m.IsError() {
		t.Fatalf("after the refresh:\n%s", v)
	}
	m.Clear()
	if v := ansi.Strip(m.View()); strings.Contains(v, "unknown action") || !strings.Contains(v, "Refreshed 1 source · 2 new") {
		t.Fatalf("after a key:\n%s", v)
	}
	m.Clear()
	if m.Text() != "" {
		t.Fatalf("after two keys: %q", m.Text())
	}
}
