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

// The next or previous unread article is found in the loaded rows, then in
// the pages not loaded when the view's count says some are there, then
// past the other end.
func TestFindUnread(t *testing.T) {
	km := keys.Default()
	m := New(theme.NewStyles(theme.ForStyle("dark")), &km, time.Now)
	m.SetSize(40, 20)
	// Rows 0-5; 1 and 4 unread; the cursor on 2.
	var items []store.ArticleSummary
	for i := range 6 {
		items = append(items, store.ArticleSummary{ID: int64(i + 1), Read: i != 1 && i != 4})
	}
	unread := func(a store.ArticleSummary) bool { return !a.Read }
	for _, c := range []struct {
		name    string
		hasMore bool
		cursor  int
		down    bool
		inView  int
		row     int
		wrapped bool
		need    Need
	}{
		{"down, loaded", false, 2, true, 2, 4, false, Loaded},
		{"up, loaded", false, 2, false, 2, 1, false, Loaded},
		{"down past the last, wraps", false, 4, true, 2, 1, true, Loaded},
		{"down past the last, more unread in the next page", true, 4, true, 3, -1, false, LoadAfter},
		{"down past the last, the count says all are loaded", true, 4, true, 2, 1, true, Loaded},
		{"up past the first, more unread in the next page", true, 1, false, 3, -1, false, LoadAfter},
		{"none but the cursor's", false, 1, true, 1, -1, false, Loaded},
	} {
		rows := items
		if c.name == "none but the cursor's" {
			rows = append([]store.ArticleSummary(nil), items...)
			rows[4].Read = true
		}
		m.SetItems(rows, c.hasMore)
		m.Select(c.cursor)
		row, wrapped, need := m.FindUnread(c.down, unread, true, c.inView)
		if row != c.row || wrapped != c.wrapped || need != c.need {
			t.Errorf("%s: row %d wrapped %v need %v; want %d %v %v", c.name, row, wrapped, need, c.row, c.wrapped, c.need)
		}
	}
	// Before the count arrives, a page not loaded may hold one.
	m.SetItems(items, true)
	m.Select(4)
	if _, _, need := m.FindUnread(true, unread, false, 0); need != LoadAfter {
		t.Errorf("uncounted: need %v, want the next page", need)
	}
}

// A reload with newer articles above the cursor keeps the cursor on its
// article; a window that showed the first row still shows it (the new
// articles are in sight), and a window scrolled down stays where its
// article was on screen.
func TestReloadShowsNewRowsAtTheTop(t *testing.T) {
	km := keys.Default()
	rows := func(ids ...int64) []store.ArticleSummary {
		var out []store.ArticleSummary
		for _, id := range ids {
			out = append(out, store.ArticleSummary{ID: id, Title: "t"})
		}
		return out
	}
	seq := func(from, to int64) []int64 {
		var ids []int64
		for id := from; id >= to; id-- {
			ids = append(ids, id)
		}
		return ids
	}
	newList := func() Model {
		m := New(theme.NewStyles(theme.ForStyle("dark")), &km, time.Now)
		m.SetSize(40, 10) // five rows
		m.SetItems(rows(seq(20, 1)...), false)
		return m
	}

	// At the top, the cursor on row 2 (article 19); two newer arrive.
	m := newList()
	m.Move(1)
	m.SetItems(rows(seq(22, 1)...), false)
	if sel, _ := m.Selected(); sel.ID != 19 || m.Offset() != 0 {
		t.Errorf("at the top: cursor on %d, offset %d; want 19 and 0 (the new rows in sight)", sel.ID, m.Offset())
	}
	// More new rows than the window holds: the cursor stays in sight.
	m = newList()
	m.Move(1)
	m.SetItems(rows(seq(30, 1)...), false)
	if sel, _ := m.Selected(); sel.ID != 19 || m.Cursor() < m.Offset() || m.Cursor() >= m.Offset()+5 {
		t.Errorf("many new rows: cursor on %d at %d, offset %d", sel.ID, m.Cursor(), m.Offset())
	}
	// Scrolled down: the article keeps its screen row.
	m = newList()
	m.Move(8) // article 12, offset 4, screen row 4
	row := m.Cursor() - m.Offset()
	m.SetItems(rows(seq(22, 1)...), false)
	if sel, _ := m.Selected(); sel.ID != 12 || m.Cursor()-m.Offset() != row {
		t.Errorf("scrolled down: cursor on %d at screen row %d; want 12 at %d", sel.ID, m.Cursor()-m.Offset(), row)
	}
}
