package ui

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/meta"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
)

func selectedTitle(m Model) string {
	a, _ := m.list.Selected()
	return a.Title
}

func moveTo(t *testing.T, m Model, title string) Model {
	t.Helper()
	for i := 0; selectedTitle(m) != title; i++ {
		if i > 1000 {
			t.Fatalf("%q not in the list", title)
		}
		m = send(t, m, keyMsg("j"))
	}
	return m
}

// A filter keeps the cursor on its article when it still matches, else
// puts it on the first row; the preview follows; with no match nothing is
// previewed and keys that act on an article say so.
func TestFilterLandsOnTheArticleOrTheFirstRow(t *testing.T) {
	f := newFixture(t, 30)
	m := start(t, f, 120, 40)
	m = moveTo(t, m, "Article number 20") // even: no rust
	m = send(t, m, keyMsg("/"))
	m = typeText(t, m, "+rust")
	m = send(t, m, keyMsg("enter"))
	if got := selectedTitle(m); got != "Article number 1" || m.list.Offset() != 0 {
		t.Fatalf("after +rust the cursor is on %q (offset %d), want the first row", got, m.list.Offset())
	}
	if m.reader.Article().Title != "Article number 1" {
		t.Fatalf("preview shows %q, not the selected article", m.reader.Article().Title)
	}
	m = moveTo(t, m, "Article number 19")
	m = send(t, m, keyMsg("/"))
	m = typeText(t, m, "+go")
	m = send(t, m, keyMsg("enter"))
	if got := selectedTitle(m); got != "Article number 19" || m.reader.Article().Title != got {
		t.Fatalf("after +go the cursor left its article: %q, preview %q", got, m.reader.Article().Title)
	}
	m = send(t, m, keyMsg("/"))
	m = typeText(t, m, "nothingmatchesthis")
	m = send(t, m, keyMsg("enter"))
	if m.list.Len() != 0 || m.reader.ArticleID() != 0 {
		t.Fatalf("no match: %d rows, preview %d", m.list.Len(), m.reader.ArticleID())
	}
	for _, k := range []string{"F", "L", "o", "enter"} {
		m = send(t, m, keyMsg(k))
		if !strings.Contains(m.statusBar.Text(), "No article is selected") {
			t.Fatalf("%s with no article: status %q", k, m.statusBar.Text())
		}
	}
	if len(f.opened) != 0 {
		t.Fatalf("o opened %v with nothing selected", f.opened)
	}
}

// G goes to the last article of the whole view, not of the loaded page;
// moving up from there loads the page before; g goes back to the top.
func TestBottomIsTheEndOfTheView(t *testing.T) {
	n := pageSize*5 + 37
	f := newFixture(t, n)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("G"))
	last := fmt.Sprintf("Article number %d", n-1)
	if got := selectedTitle(m); got != last {
		t.Fatalf("G lands on %q, want %q", got, last)
	}
	if m.reader.Article().Title != last {
		t.Fatalf("preview after G: %q", m.reader.Article().Title)
	}
	page := m.list.Cursor() - m.list.Offset() + 1 // rows a page up moves
	for i := 0; i < 11; i++ {
		m = send(t, m, keyMsg("b"))
	}
	want := fmt.Sprintf("Article number %d", n-1-11*page)
	if got := selectedTitle(m); got != want {
		t.Fatalf("%d up from the end: %q, want %q", 11*page, got, want)
	}
	// A reload (a refresh, an edit) keeps the cursor where it is.
	m = send(t, m, storeChangedMsg{Status: "Tags saved."})
	if got := selectedTitle(m); got != want {
		t.Fatalf("a reload near the end moved the cursor to %q", got)
	}
	m = send(t, m, keyMsg("g"))
	if got := selectedTitle(m); got != "Article number 0" {
		t.Fatalf("g lands on %q", got)
	}
}

// q goes back one level and quits only from the list; Q always quits.
func TestQuitGoesBackALevel(t *testing.T) {
	f := newFixture(t, 3)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("enter"))
	m = send(t, m, keyMsg("q"))
	if m.quitting || m.focus != focusList {
		t.Fatalf("q in an article: quitting %v, focus %v", m.quitting, m.focus)
	}
	m = send(t, m, tea.KeyMsg{Type: tea.KeyTab})
	m = send(t, m, keyMsg("q"))
	if m.quitting || m.showTags || m.focus != focusList {
		t.Fatalf("q in the tag pane: quitting %v, tags %v", m.quitting, m.showTags)
	}
	m = send(t, m, keyMsg("enter"))
	next, _ := m.Update(keyMsg("Q"))
	if !next.(Model).quitting {
		t.Fatalf("Q in an article did not quit")
	}
	m = send(t, m, keyMsg("q"), keyMsg("q"))
	if !m.quitting {
		t.Fatalf("q from the list did not quit")
	}
}

// The real program: q from an article returns to the list, q again quits.
func TestProgramQuitLevels(t *testing.T) {
	f := newFixture(t, 3)
	tm := teatest.NewTestModel(t, f.model(), teatest.WithInitialTermSize(120, 40))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Article number 2")) },
		teatest.WithDuration(20*time.Second))
	tm.Send(keyMsg("enter"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("/ search")) },
		teatest.WithDuration(20*time.Second))
	tm.Send(keyMsg("q"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("enter/l read")) },
		teatest.WithDuration(20*time.Second))
	tm.Send(keyMsg("q"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(Model)
	if !fm.quitting {
		t.Fatalf("q from the list did not quit")
	}
}

// The tag pane narrows as you type, shows counts within the filter, and
// enter shows only the tag.
func TestTagPaneSearchAndCounts(t *testing.T) {
	f := newFixture(t, 6)
	m := start(t, f, 120, 40)
	m = send(t, m, tea.KeyMsg{Type: tea.KeyTab}, keyMsg("/"))
	m = typeText(t, m, "ru")
	if got := m.tags.Selected().Name; got != "rust" || len(ansi.Strip(m.tags.View())) == 0 {
		t.Fatalf("typing ru selects %q", got)
	}
	v := ansi.Strip(m.tags.View())
	if strings.Contains(v, " news") || !strings.Contains(v, "rust") {
		t.Fatalf("the pane was not narrowed to rust:\n%s", v)
	}
	m = send(t, m, keyMsg("enter")) // keeps the narrowing, leaves the input
	m = send(t, m, keyMsg("enter")) // only this tag
	if m.filter.String() != "+rust" || m.list.Len() != 3 {
		t.Fatalf("enter on rust: filter %q, %d rows", m.filter.String(), m.list.Len())
	}
	m = send(t, m, tea.KeyMsg{Type: tea.KeyEsc}) // back to the list
	m = send(t, m, tea.KeyMsg{Type: tea.KeyTab}, keyMsg("/"))
	m = send(t, m, tea.KeyMsg{Type: tea.KeyEsc}) // clears the narrowing
	v = ansi.Strip(m.tags.View())
	// go: 3 of the filter's articles have it, of 6 in all (6 unread).
	if !strings.Contains(v, "3 · 6/6") || !strings.Contains(v, "in view") {
		t.Fatalf("counts within the filter missing:\n%s", v)
	}
	if strings.Contains(ansi.Strip(m.View()), "only this tag") == false {
		t.Fatalf("help does not say what enter does:\n%s", ansi.Strip(m.View()))
	}
}

// n, p and u work from the list as in an article: they go to the article
// and open it (the tour's "press n for the next part" is followed by
// "space pages down", which must page the article).
func TestNextAndNextUnreadFromTheList(t *testing.T) {
	f := newFixture(t, 6)
	ctx := context.Background()
	items, _ := f.st.Articles(ctx, store.ListQuery{Limit: 6})
	if _, err := f.st.SetRead(ctx, true, items[1].ID, items[2].ID); err != nil {
		t.Fatal(err)
	}
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("n"))
	if selectedTitle(m) != "Article number 1" || m.reader.Article().Title != "Article number 1" || m.focus != focusReader {
		t.Fatalf("n in the list: on %q, reading %q, focus %v", selectedTitle(m), m.reader.Article().Title, m.focus)
	}
	m = send(t, m, keyMsg(" "))
	if m.list.Cursor() != 1 {
		t.Fatalf("space after n moved the list to row %d", m.list.Cursor())
	}
	m = send(t, m, keyMsg("esc"), keyMsg("p"))
	if selectedTitle(m) != "Article number 0" || m.focus != focusReader {
		t.Fatalf("p in the list: on %q", selectedTitle(m))
	}
	m = send(t, m, keyMsg("esc"), keyMsg("u"))
	if selectedTitle(m) != "Article number 3" || m.reader.Article().Title != "Article number 3" {
		t.Fatalf("u skipped to %q, want the next unread, Article number 3", selectedTitle(m))
	}
	m = send(t, m, keyMsg("u"))
	if m.reader.Article().Title != "Article number 4" || m.focus != focusReader {
		t.Fatalf("u in the reader opened %q", m.reader.Article().Title)
	}
}

// u and U go to the next and previous unread article, wrapping at the
// ends as newsboat's n and p do; r says what it did.
func TestUnreadStepsWrapAndReadToggleSaysSo(t *testing.T) {
	f := newFixture(t, 6)
	ctx := context.Background()
	items, _ := f.st.Articles(ctx, store.ListQuery{Limit: 6})
	for i, it := range items {
		if i != 1 && i != 4 {
			if _, err := f.st.SetRead(ctx, true, it.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	m := start(t, f, 120, 40)
	m = moveTo(t, m, "Article number 5")
	m = send(t, m, keyMsg("u"))
	if m.reader.Article().Title != "Article number 1" || !strings.Contains(m.statusBar.Text(), "top") {
		t.Fatalf("u from the last row: reading %q, status %q", m.reader.Article().Title, m.statusBar.Text())
	}
	m = send(t, m, keyMsg("esc"), keyMsg("U"))
	if m.reader.Article().Title != "Article number 4" || !strings.Contains(m.statusBar.Text(), "end") {
		t.Fatalf("U from row 1 (nothing unread above): reading %q, status %q", m.reader.Article().Title, m.statusBar.Text())
	}
	m = send(t, m, keyMsg("U"))
	if !strings.Contains(m.statusBar.Text(), "No unread article") {
		t.Fatalf("U with nothing unread left: status %q", m.statusBar.Text())
	}
	m = send(t, m, keyMsg("r"))
	if got := m.statusBar.Text(); !strings.Contains(got, "unread") {
		t.Fatalf("r on a read article says %q", got)
	}
	m = send(t, m, keyMsg("r"))
	if got := m.statusBar.Text(); !strings.Contains(got, "Marked read") {
		t.Fatalf("r on an unread article says %q", got)
	}
	m = send(t, m, keyMsg("s"))
	if got := m.statusBar.Text(); !strings.Contains(got, "Starred") {
		t.Fatalf("s says %q", got)
	}
}

// / in an article searches it; n and N go from match to match; esc ends
// the search, and n is the next article again.
func TestSearchInTheArticle(t *testing.T) {
	f := newFixture(t, 3)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("enter"), keyMsg("/"))
	if m.prompt.Kind() == 0 {
		t.Fatalf("/ in an article opened no prompt")
	}
	m = typeText(t, m, "o")
	m = send(t, m, keyMsg("enter"))
	if !m.reader.Searching() || !strings.Contains(m.statusBar.Text(), "lines") {
		t.Fatalf("search: status %q", m.statusBar.Text())
	}
	m = send(t, m, keyMsg("n"))
	if !strings.Contains(m.statusBar.Text(), "match 2/") || m.reader.Article().Title != "Article number 0" {
		t.Fatalf("n during a search: status %q, article %q", m.statusBar.Text(), m.reader.Article().Title)
	}
	m = send(t, m, keyMsg("N"))
	if !strings.Contains(m.statusBar.Text(), "match 1/") {
		t.Fatalf("N: status %q", m.statusBar.Text())
	}
	m = send(t, m, tea.KeyMsg{Type: tea.KeyEsc})
	if m.reader.Searching() || m.focus != focusReader {
		t.Fatalf("esc should end the search and stay in the article")
	}
	m = send(t, m, keyMsg("n"))
	if m.reader.Article().Title != "Article number 1" {
		t.Fatalf("n after the search: %q", m.reader.Article().Title)
	}
	m = send(t, m, keyMsg("/"))
	m = typeText(t, m, "zebra")
	m = send(t, m, keyMsg("enter"))
	if !strings.Contains(m.statusBar.Text(), "not in this article") {
		t.Fatalf("no match: %q", m.statusBar.Text())
	}
}

// O cycles newest first, oldest first and by source; a saved filter
// remembers its order.
func TestSortOrders(t *testing.T) {
	f := newFixture(t, 5)
	ctx := context.Background()
	other, err := f.st.AddSource(ctx, store.NewSource{Kind: "file", Location: "/feeds/a.xml", Title: "Another Feed"})
	if err != nil {
		t.Fatal(err)
	}
	_ = other
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("O"))
	if got := listTitles(m); got[0] != "Article number 4" || got[4] != "Article number 0" {
		t.Fatalf("oldest first: %v", got)
	}
	m = send(t, m, keyMsg("O"))
	if m.order != store.BySource || !strings.Contains(m.statusBar.Text(), "by source") {
		t.Fatalf("second O: order %v", m.order)
	}
	m = send(t, m, keyMsg("O"))
	if got := listTitles(m); got[0] != "Article number 0" {
		t.Fatalf("newest first again: %v", got)
	}
	// A saved filter keeps its order.
	m = send(t, m, keyMsg("S"))
	m = typeText(t, m, "all")
	m = send(t, m, keyMsg("enter"), keyMsg("1"), keyMsg("O"))
	if !strings.Contains(m.statusBar.Text(), "kept with") {
		t.Fatalf("O on a saved filter: %q", m.statusBar.Text())
	}
	m = send(t, m, keyMsg("O"), keyMsg("O")) // back round to newest first…
	m = send(t, m, keyMsg("O"))              // …and to oldest first
	m2 := start(t, f, 120, 40)
	m2 = send(t, m2, keyMsg("1"))
	if m2.order != store.OldestFirst || listTitles(m2)[0] != "Article number 4" {
		t.Fatalf("saved filter's order not remembered: %v %v", m2.order, listTitles(m2))
	}
}

// e lists the sources with their unread counts; enter shows one.
func TestSourcesPane(t *testing.T) {
	f := newFixture(t, 4)
	ctx := context.Background()
	if _, err := f.st.AddSource(ctx, store.NewSource{Kind: "file", Location: "/feeds/a.xml", Title: "Another Feed"}); err != nil {
		t.Fatal(err)
	}
	// A title the other's holds: picking "Test" must not show "Test Feed".
	if _, err := f.st.AddSource(ctx, store.NewSource{Kind: "file", Location: "/feeds/b.xml", Title: "Test"}); err != nil {
		t.Fatal(err)
	}
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("e"))
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "Sources") || !strings.Contains(v, "Test Feed") || !strings.Contains(v, "4/4") || !strings.Contains(v, "Another Feed") {
		t.Fatalf("sources pane:\n%s", v)
	}
	m = moveToSource(t, m, "Test Feed")
	m = send(t, m, keyMsg("enter"))
	if m.filter.String() != `="Test Feed"` || m.list.Len() != 4 || m.focus != focusList {
		t.Fatalf("enter on a source: filter %q, %d rows", m.filter.String(), m.list.Len())
	}
	m = send(t, m, keyMsg("e"), keyMsg("g")) // the pane, focused, at its top
	m = moveToSource(t, m, "Test")
	m = send(t, m, keyMsg("enter"))
	if m.filter.String() != "=/feeds/b.xml" || m.list.Len() != 0 {
		t.Fatalf("enter on a source named in another's title: filter %q, %d rows", m.filter.String(), m.list.Len())
	}
}

func moveToSource(t *testing.T, m Model, name string) Model {
	for i := 0; m.tags.Selected().Name != name; i++ {
		if i > 10 {
			t.Fatalf("%q not in the sources pane", name)
		}
		m = send(t, m, keyMsg("j"))
	}
	return m
}

// The filter prompt opens with the filter selected: typing replaces it,
// ctrl+e keeps it to edit.
func TestFilterPromptReplacesOrEdits(t *testing.T) {
	f := newFixture(t, 6)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("/"))
	m = typeText(t, m, "+unread")
	m = send(t, m, keyMsg("enter"), keyMsg("/"))
	m = typeText(t, m, "+rust")
	if m.prompt.Value() != "+rust" {
		t.Fatalf("typing over the selected filter gave %q", m.prompt.Value())
	}
	m = send(t, m, keyMsg("enter"), keyMsg("/"), tea.KeyMsg{Type: tea.KeyCtrlE})
	m = typeText(t, m, " +go")
	if m.prompt.Value() != "+rust +go" {
		t.Fatalf("ctrl+e then typing gave %q", m.prompt.Value())
	}
}

func click(x, y int) tea.MouseMsg {
	return tea.MouseMsg{X: x, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress}
}

// A click selects the row under it (and opens it when it is already
// selected) and focuses the pane; the wheel scrolls the pane under the
// pointer.
func TestMouseClicksAndWheel(t *testing.T) {
	f := newFixture(t, 40)
	m := start(t, f, 120, 40)
	m = send(t, m, click(5, 4)) // the third row: two lines an article
	if selectedTitle(m) != "Article number 2" || m.reader.Article().Title != "Article number 2" {
		t.Fatalf("click on the third row selected %q", selectedTitle(m))
	}
	m = send(t, m, click(5, 5))
	if m.focus != focusReader || m.reader.Article().Title != "Article number 2" {
		t.Fatalf("a click on the selected row should open it (focus %v)", m.focus)
	}
	m = send(t, m, click(5, 0))
	if m.focus != focusList || selectedTitle(m) != "Article number 0" {
		t.Fatalf("a click on the list focuses it: focus %v, %q", m.focus, selectedTitle(m))
	}
	m = send(t, m, tea.MouseMsg{X: 5, Y: 10, Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	if selectedTitle(m) != "Article number 1" {
		t.Fatalf("the wheel over the list moved to %q", selectedTitle(m))
	}
	m = send(t, m, tea.KeyMsg{Type: tea.KeyTab}, keyMsg("esc"))
	m = send(t, m, click(3, 3)) // the tag pane's second row: starred
	if m.focus != focusTags || m.tags.Selected().Name != "starred" {
		t.Fatalf("a click in the tag pane: focus %v, %q", m.focus, m.tags.Selected().Name)
	}
}

// The reader's header follows a star added or removed and a tag added.
func TestReaderHeaderFollowsEdits(t *testing.T) {
	f := newFixture(t, 3)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("enter"), keyMsg("s"))
	if !strings.Contains(ansi.Strip(m.reader.View()), "★ starred") {
		t.Fatalf("header lacks the star just added:\n%s", ansi.Strip(m.reader.View()))
	}
	m = send(t, m, keyMsg("s"))
	if strings.Contains(ansi.Strip(m.reader.View()), "★ starred") {
		t.Fatalf("header keeps the star just removed")
	}
	m = send(t, m, keyMsg("t"))
	m = typeText(t, m, "later")
	m = send(t, m, keyMsg("enter"))
	if !strings.Contains(ansi.Strip(m.reader.View()), "#later") {
		t.Fatalf("header lacks the tag just added:\n%s", ansi.Strip(m.reader.View()))
	}
}

// A filter saved while the list is sorted keeps that order.
func TestSavedFilterKeepsTheOrderItWasSavedIn(t *testing.T) {
	f := newFixture(t, 4)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("O"), keyMsg("S"))
	m = typeText(t, m, "old first")
	send(t, m, keyMsg("enter"))
	m2 := start(t, f, 120, 40)
	m2 = send(t, m2, keyMsg("1"))
	if m2.order != store.OldestFirst || listTitles(m2)[0] != "Article number 3" {
		t.Fatalf("saved in oldest-first order, came back %v: %v", m2.order, listTitles(m2))
	}
}

// The real program: after a filter the preview shows the first match (the
// selected article was filtered out), and G previews the view's last.
func TestProgramFilterLandingAndBottom(t *testing.T) {
	f := newFixture(t, 30)
	tm := teatest.NewTestModel(t, f.model(), teatest.WithInitialTermSize(120, 40))
	header := func(i int) []byte {
		a, _ := f.st.Articles(context.Background(), store.ListQuery{Limit: 30})
		return []byte(meta.Line(a[i], false))
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, header(0)) },
		teatest.WithDuration(20*time.Second))
	for i := 0; i < 20; i++ {
		tm.Send(keyMsg("j"))
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, header(20)) },
		teatest.WithDuration(20*time.Second))
	tm.Send(keyMsg("/"))
	for _, r := range "+rust" {
		tm.Send(keyMsg(string(r)))
	}
	tm.Send(keyMsg("enter"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, header(1)) },
		teatest.WithDuration(20*time.Second))
	tm.Send(keyMsg("G"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, header(29)) },
		teatest.WithDuration(20*time.Second))
	tm.Send(keyMsg("Q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))
}

// G, then up past the loaded page, in every order: the rows above the end
// arrive in order.
func TestBottomInEveryOrder(t *testing.T) {
	n := pageSize*2 + 7
	f := newFixture(t, n)
	whole := map[store.Order][]store.ArticleSummary{}
	for _, o := range store.Orders {
		all, err := f.st.Articles(context.Background(), store.ListQuery{Order: o})
		if err != nil {
			t.Fatal(err)
		}
		whole[o] = all
	}
	for i, o := range store.Orders {
		m := start(t, f, 120, 40)
		for j := 0; j < i; j++ {
			m = send(t, m, keyMsg("O"))
		}
		if m.order != o {
			t.Fatalf("order %v, want %v", m.order, o)
		}
		m = send(t, m, keyMsg("G"))
		if got, want := selectedTitle(m), whole[o][n-1].Title; got != want {
			t.Fatalf("%v: G on %q, want %q", o, got, want)
		}
		page := m.list.Cursor() - m.list.Offset() + 1 // rows a page up moves
		for j := 0; j < 11; j++ {
			m = send(t, m, keyMsg("b"))
		}
		if got, want := selectedTitle(m), whole[o][n-1-11*page].Title; got != want {
			t.Fatalf("%v: up from the end on %q, want %q", o, got, want)
		}
	}
}

// From the sources pane, enter shows that source whatever the filter was,
// and closes the pane; q then and with help open goes back a level, and
// quits only from the bare list.
func TestSourceJumpAndQLevels(t *testing.T) {
	f := newFixture(t, 4)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("/"), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("+nomatch")}, keyMsg("enter"))
	if m.list.Len() != 0 || m.prompt.Active() {
		t.Fatalf("+nomatch lists %d, prompt still open %v", m.list.Len(), m.prompt.Active())
	}
	m = send(t, m, keyMsg("e"))
	m = moveToSource(t, m, "Test Feed")
	m = send(t, m, keyMsg("enter"))
	if m.filter.String() != `="Test Feed"` || m.list.Len() != 4 || m.showTags {
		t.Fatalf("enter on a source: filter %q, %d rows, pane shown %v", m.filter.String(), m.list.Len(), m.showTags)
	}
	tab := tea.KeyMsg{Type: tea.KeyTab}
	m = send(t, m, tab) // the tag pane, focused
	m.focusOn(focusList)
	if !m.showTags {
		t.Fatal("tab did not show the tag pane")
	}
	if next, cmd := m.Update(keyMsg("q")); isQuit(cmd) {
		t.Fatal("q with a side pane open quit")
	} else {
		m = next.(Model)
	}
	m = send(t, m, keyMsg("?"))
	if next, cmd := m.Update(keyMsg("q")); isQuit(cmd) || next.(Model).help.ShowAll {
		t.Fatal("q with help open did not just close it")
	} else {
		m = next.(Model)
	}
	next, cmd := m.Update(keyMsg("q"))
	if isQuit(cmd) {
		t.Fatal("q in a source's view quit instead of going back to the view it was chosen from")
	}
	m = run(t, next.(Model), cmd)
	if m.filter.String() != "+nomatch" {
		t.Fatalf("q from the source: filter %q, want the one before, +nomatch", m.filter.String())
	}
	if _, cmd := m.Update(keyMsg("q")); !isQuit(cmd) {
		t.Fatal("q from the bare list did not quit")
	}
}

func isQuit(cmd tea.Cmd) bool {
	for _, msg := range collect(cmd) {
		if _, ok := msg.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
}

func TestTagPromptSplitsAtCommasWhenThereAreSome(t *testing.T) {
	for in, want := range map[string]string{
		"later must-read":  "later|must-read",
		"Later, Must Read": "Later|Must Read",
		" go ,  rust ,":    "go|rust",
		"":                 "",
	} {
		if got := strings.Join(tagWords(in), "|"); got != want {
			t.Errorf("tagWords(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFullHelpShowsEveryKeyWhenNarrow: at 60 and 80 columns the full help
// lays its columns out in blocks rather than cutting one off with "…",
// so every key it lists can be read.
func TestFullHelpShowsEveryKeyWhenNarrow(t *testing.T) {
	f := newFixture(t, 2)
	for _, width := range []int{60, 80, 120} {
		m := start(t, f, width, 60)
		m = send(t, m, keyMsg("?"))
		view := m.View()
		if strings.Contains(m.helpView(), "…") {
			t.Errorf("%d columns: the help cuts a column:\n%s", width, m.helpView())
		}
		for _, group := range m.FullHelp() {
			for _, b := range group {
				if !strings.Contains(view, b.Help().Desc) {
					t.Errorf("%d columns: %q (%s) not in the help:\n%s", width, b.Help().Desc, b.Help().Key, view)
				}
			}
		}
	}
}

// Esc and a key that reach the program together arrive as one alt+key:
// they act as the two keys, in order.
func TestEscThenKeyTogether(t *testing.T) {
	f := newFixture(t, 4)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("enter"))
	if m.focus != focusReader {
		t.Fatal("enter did not open the article")
	}
	before := selectedTitle(m)
	next, _ := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'j'}, Alt: true})
	m = next.(Model)
	if m.focus != focusList || selectedTitle(m) == before {
		t.Fatalf("esc+j: focus %v, on %q (was %q): want the list, one row down", m.focus, selectedTitle(m), before)
	}
}

// A help taller than the terminal shows what fits and says where the rest
// is, and the screen stays the terminal's height.
func TestFullHelpInAShortTerminal(t *testing.T) {
	f := newFixture(t, 2)
	m := start(t, f, 40, 15)
	m = send(t, m, keyMsg("?"))
	view := m.View()
	if h := lipgloss.Height(view); h > 15 {
		t.Fatalf("the screen is %d lines in a 15-line terminal:\n%s", h, view)
	}
	if !strings.Contains(ansi.Strip(view), "byline help keys") || !strings.Contains(ansi.Strip(view), "up") {
		t.Fatalf("the help's top, and where the rest is:\n%s", view)
	}
}

// The preview shows the selected row after a filter typed on a narrow
// terminal (no preview there) and a resize to a wide one.
func TestPreviewFollowsTheRowAfterAResize(t *testing.T) {
	f := newFixture(t, 12)
	m := start(t, f, 120, 40)
	if m.reader.Article().Title != "Article number 0" {
		t.Fatalf("first preview %q", m.reader.Article().Title)
	}
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = send(t, m, keyMsg("/"))
	m = typeText(t, m, "+rust")
	m = send(t, m, keyMsg("enter"))
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	if sel := selectedTitle(m); sel != "Article number 1" || m.reader.Article().Title != sel {
		t.Fatalf("after the resize the row is %q and the preview %q", sel, m.reader.Article().Title)
	}
	if !strings.Contains(ansi.Strip(m.View()), "Body of article 1.") && !strings.Contains(ansi.Strip(m.View()), "Article number 1") {
		t.Fatalf("view:\n%s", ansi.Strip(m.View()))
	}
}

// Hints say the keys as bound: after rebinding, the search's hint, the
// question's answers and the help name the new keys; the question takes
// them.
func TestHintsFollowRebinding(t *testing.T) {
	f := newFixture(t, 4)
	km, problems := keys.FromConfig(map[string][]string{"search_prev": {"M"}, "yes": {"o"}, "no": {"x", "esc"}, "toggle_read": {"N"}})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	m := f.model()
	m.opts.Keys = km
	m = New(m.opts)
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("enter"), keyMsg("/"))
	m = typeText(t, m, "article")
	m = send(t, m, keyMsg("enter"))
	if got := m.statusBar.Text(); !strings.Contains(got, "n/M next/previous") {
		t.Fatalf("search hint after rebinding search_prev to M: %q", got)
	}
	m = send(t, m, keyMsg("esc"), keyMsg("esc"), keyMsg("A"))
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "(o/x)") {
		t.Fatalf("the question does not name its answers o and x:\n%s", v)
	}
	m = send(t, m, keyMsg("y")) // not an answer any more
	if !m.prompt.Active() {
		t.Fatalf("y answered a question whose yes is o")
	}
	m = send(t, m, keyMsg("o"))
	if _, unread, _ := f.st.Totals(context.Background()); unread != 0 || m.prompt.Active() {
		t.Fatalf("o did not answer yes: %d unread", unread)
	}
}

// The help of each place lists exactly the actions the declaration says
// are live there.
func TestHelpListsWhatIsLiveWhereKeysAct(t *testing.T) {
	f := newFixture(t, 4)
	m := start(t, f, 120, 40)
	check := func(m Model, place keys.Place) {
		t.Helper()
		if got := m.place(); got != place {
			t.Fatalf("in %s, want %s", got.Name(), place.Name())
		}
		shown := map[string]bool{}
		for _, col := range m.FullHelp() {
			for _, b := range col {
				shown[b.Help().Key+" "+b.Help().Desc] = true
			}
		}
		for _, a := range keys.Actions {
			desc := a.Desc
			if d, ok := a.DescIn[place]; ok {
				desc = d
			}
			h := m.keys.Binding(a).Help().Key + " " + desc
			if live := a.Live&place != 0; live != shown[h] {
				t.Errorf("%s: %s (%s) live %v, in the help %v", place.Name(), a.Name, h, live, shown[h])
			}
		}
	}
	check(m, keys.List)
	check(send(t, m, keyMsg("enter")), keys.Article)
	check(send(t, m, tea.KeyMsg{Type: tea.KeyTab}), keys.Side)
	check(send(t, m, keyMsg("A")), keys.Confirm)
}

// A key may serve one action in the tag pane and another in the list: in
// the pane it is the pane's.
func TestTagPaneKeysAreItsOwn(t *testing.T) {
	f := newFixture(t, 4)
	km, problems := keys.FromConfig(map[string][]string{"tag_include": {"a"}, "tag_exclude": {"t"}, "tag_clear": {"y"}})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	m := f.model()
	m.opts.Keys = km
	m = New(m.opts)
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}, tea.KeyMsg{Type: tea.KeyTab})
	m = send(t, m, keyMsg("/"))
	m = typeText(t, m, "rust")
	m = send(t, m, keyMsg("enter"), keyMsg("a"))
	if m.filter.String() != "+rust" || m.prompt.Active() {
		t.Fatalf("a (tag_include) in the tag pane: filter %q, prompt %v, status %q", m.filter.String(), m.prompt.Active(), m.statusBar.Text())
	}
	m = send(t, m, keyMsg("y"))
	if m.filter.String() != "" {
		t.Fatalf("y (tag_clear) in the tag pane: filter %q, status %q", m.filter.String(), m.statusBar.Text())
	}
	m = send(t, m, keyMsg("t"))
	if m.filter.String() != "-rust" || m.prompt.Active() {
		t.Fatalf("t (tag_exclude) in the tag pane: filter %q, prompt %v", m.filter.String(), m.prompt.Active())
	}
}

// Saved filters follow the saved_filter keys as bound: the n-th key is
// saved filter n.
func TestSavedFilterKeysAsBound(t *testing.T) {
	f := newFixture(t, 4)
	if err := f.st.SaveFilter(context.Background(), "rust", "+rust"); err != nil {
		t.Fatal(err)
	}
	km, problems := keys.FromConfig(map[string][]string{"saved_filter": {"!", "@"}})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	m := f.model()
	m.opts.Keys = km
	m = New(m.opts)
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("!"))
	if m.filter.String() != "+rust" {
		t.Fatalf("! (the first saved_filter key): filter %q, status %q", m.filter.String(), m.statusBar.Text())
	}
	m = send(t, m, keyMsg("@"))
	if !strings.Contains(m.statusBar.Text(), "No saved filter 2") {
		t.Fatalf("@: status %q", m.statusBar.Text())
	}
}

// While the tag pane's search input has the keys, ? and Q are typed into
// it, as any character.
func TestTagSearchTakesEveryCharacter(t *testing.T) {
	f := newFixture(t, 4)
	m := start(t, f, 120, 40)
	m = send(t, m, tea.KeyMsg{Type: tea.KeyTab}, keyMsg("/"))
	m = typeText(t, m, "Q?x")
	if m.quitting || m.help.ShowAll || m.tags.Narrowed() != "Q?x" {
		t.Fatalf("typed Q?x into the tag search: quitting %v, help %v, search %q", m.quitting, m.help.ShowAll, m.tags.Narrowed())
	}
}
