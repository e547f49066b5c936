package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/store"
	"github.com/charmbracelet/x/ansi"
)

// otherProcess is another Store on the reader's file, as a 'byline tag'
// or 'byline refresh' in another shell.
func otherProcess(t *testing.T, f *fixture) *store.Store {
	t.Helper()
	other, err := store.Open(f.st.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return other
}

// look is the reader's next look at the store, and all it leads to.
func look(t *testing.T, m Model) Model {
	t.Helper()
	m.opts.WatchEvery = 0 // no next look in a test
	return send(t, m, m.lookAtStore())
}

// fixtureArticle is the fixture's article i, as saved (a refresh saves it
// again, changed).
func fixtureArticle(i int, body string) feed.Article {
	return feed.Article{GUID: fmt.Sprint(i), Title: fmt.Sprintf("Article number %d", i), Link: fmt.Sprintf("https://example.com/%d", i),
		Published: testNow.Add(-time.Duration(i+1) * time.Hour * 5), Format: feed.FormatMarkdown, Content: body, Tags: []string{"go"}}
}

// Tags and a star given by another process show in the preview's header
// after the reader's next look, as in its row; and in the open article.
func TestPreviewAndArticleShowOtherProcessesTagsAndStar(t *testing.T) {
	f := newFixture(t, 6)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("j"), keyMsg("j"))
	sel, _ := m.list.Selected()
	if m.reader.ArticleID() != sel.ID {
		t.Fatalf("the preview shows %d, the row %d", m.reader.ArticleID(), sel.ID)
	}
	m = look(t, m) // the reader's own writes (the preview's conversion kept) seen
	other := otherProcess(t, f)
	ctx := context.Background()
	if _, err := other.EditTags(ctx, []int64{sel.ID}, []string{"later"}, []string{"go"}); err != nil {
		t.Fatal(err)
	}
	if _, err := other.SetField(ctx, store.FieldStarred, true, sel.ID); err != nil {
		t.Fatal(err)
	}
	m = look(t, m)
	row, _ := m.list.Selected()
	if row.ID != sel.ID || !slices.Contains(row.Tags, "later") || !row.Starred {
		t.Fatalf("the row after the look: %+v", row)
	}
	header := ansi.Strip(m.reader.View())
	if !strings.Contains(header, "#later") || strings.Contains(header, "#go") != slices.Contains(row.Tags, "go") || !strings.Contains(header, "★") {
		t.Fatalf("the preview's header after the other process tagged and starred:\n%s", header)
	}

	m = look(t, send(t, m, keyMsg("enter")))
	if _, err := other.EditTags(ctx, []int64{sel.ID}, []string{"x2"}, nil); err != nil {
		t.Fatal(err)
	}
	m = look(t, m)
	if view := ansi.Strip(m.reader.View()); !strings.Contains(view, "#x2") {
		t.Fatalf("the open article after the other process tagged it:\n%s", view)
	}
}

// The body changed by another process's refresh (a folder's file edited)
// shows after the next look, in the preview and in the open article; a
// change of the header alone keeps the scroll position.
func TestPreviewAndArticleShowABodyChangedElsewhere(t *testing.T) {
	f := newFixture(t, 6)
	m := start(t, f, 120, 30)
	m = send(t, m, keyMsg("j"))
	sel, _ := m.list.Selected()
	m = look(t, m) // the reader's own writes (the preview's conversion kept) seen
	other := otherProcess(t, f)
	ctx := context.Background()
	var long strings.Builder
	long.WriteString("Edited elsewhere, first paragraph.\n\n")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&long, "Paragraph %d of the edited file.\n\n", i)
	}
	if _, err := other.SaveArticles(ctx, f.src.ID, []feed.Article{fixtureArticle(1, long.String())}, testNow); err != nil {
		t.Fatal(err)
	}
	m = look(t, m)
	if view := ansi.Strip(m.reader.View()); m.reader.ArticleID() != sel.ID || !strings.Contains(view, "Edited elsewhere") {
		t.Fatalf("the preview after the file was edited elsewhere:\n%s", view)
	}

	m = send(t, m, keyMsg("enter"))
	for i := 0; i < 8; i++ {
		m = send(t, m, keyMsg("j"))
	}
	m = look(t, m)
	scrolled := m.reader.ScrollPercent()
	if scrolled == 0 {
		t.Fatal("the article did not scroll")
	}
	if _, err := other.EditTags(ctx, []int64{sel.ID}, []string{"later"}, nil); err != nil {
		t.Fatal(err)
	}
	m = look(t, m)
	if got := m.reader.ScrollPercent(); got != scrolled {
		t.Fatalf("a tag given elsewhere moved the article from %v to %v", scrolled, got)
	}
	if _, err := other.SaveArticles(ctx, f.src.ID, []feed.Article{fixtureArticle(1, strings.Replace(long.String(), "Paragraph 10 of", "Paragraph ten of", 1))}, testNow); err != nil {
		t.Fatal(err)
	}
	m = look(t, m)
	if view := ansi.Strip(m.reader.View()); m.reader.ScrollPercent() != scrolled || !strings.Contains(view, "Paragraph ten of") {
		t.Fatalf("the open article after its file was edited again elsewhere (scroll %v, was %v):\n%s", m.reader.ScrollPercent(), scrolled, view)
	}
}

// The selected article removed by another process (its source removed):
// the cursor lands on the row that was next to it, not on the top.
func TestSelectedRemovedElsewhereLandsOnItsNeighbour(t *testing.T) {
	f := newFixture(t, 6)
	ctx := context.Background()
	b, err := f.st.AddSource(ctx, store.NewSource{Kind: "file", Location: "/feeds/b.xml", Title: "B Feed"})
	if err != nil {
		t.Fatal(err)
	}
	var arts []feed.Article
	for i := 0; i < 6; i++ {
		arts = append(arts, feed.Article{GUID: fmt.Sprint("b", i), Title: fmt.Sprintf("B article %d", i),
			Published: testNow.Add(-time.Duration(i+1)*time.Hour*5 - 150*time.Minute), Format: feed.FormatText, Content: "b"})
	}
	if _, err := f.st.SaveArticles(ctx, b.ID, arts, testNow); err != nil {
		t.Fatal(err)
	}
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("j"), keyMsg("j"), keyMsg("j"))
	if sel, _ := m.list.Selected(); sel.Title != "B article 1" {
		t.Fatalf("selected %q; the rows: %q", sel.Title, listTitles(m))
	}
	if err := otherProcess(t, f).RemoveSource(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	m = look(t, m)
	if sel, _ := m.list.Selected(); sel.Title != "Article number 2" {
		t.Fatalf("after the selected article's source was removed, the cursor is on %q; the rows: %q", sel.Title, listTitles(m))
	}
	if sel, _ := m.list.Selected(); m.reader.ArticleID() != sel.ID {
		t.Fatalf("the preview shows %d, the row %d", m.reader.ArticleID(), sel.ID)
	}
}

// An article read here and marked unread by another process afterwards
// shows unread after the next look: the reader's own edit, long saved,
// no longer overlays what the store says.
func TestMarkedUnreadElsewhereAfterReadingHere(t *testing.T) {
	f := newFixture(t, 6)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("j"), keyMsg("enter"), keyMsg("q"))
	sel, _ := m.list.Selected()
	if !sel.Read {
		t.Fatal("opening did not mark the article read")
	}
	m = look(t, m) // the reader's own write seen
	if _, err := otherProcess(t, f).SetField(context.Background(), store.FieldRead, false, sel.ID); err != nil {
		t.Fatal(err)
	}
	m = look(t, m)
	if row, _ := m.list.Selected(); row.ID != sel.ID || row.Read {
		t.Fatalf("the row after another process marked it unread: %+v", row)
	}
	if c, _ := m.statusBar.Counts(); c.Unread != 6 {
		t.Fatalf("unread count %d, want 6", c.Unread)
	}
}

// The open article removed by another process (its source removed) stays
// readable where it is, and the status line says it is gone, rather than
// the pane turning into an error.
func TestOpenArticleRemovedElsewhereStaysReadable(t *testing.T) {
	f := newFixture(t, 4)
	ctx := context.Background()
	b, err := f.st.AddSource(ctx, store.NewSource{Kind: "file", Location: "/feeds/b.xml", Title: "B Feed"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.SaveArticles(ctx, b.ID, []feed.Article{{GUID: "b", Title: "B article", Published: testNow.Add(-time.Hour), Format: feed.FormatText, Content: "b"}}, testNow); err != nil {
		t.Fatal(err)
	}
	m := start(t, f, 120, 40)
	m = look(t, send(t, m, keyMsg("j"), keyMsg("j"), keyMsg("enter")))
	if err := otherProcess(t, f).RemoveSource(ctx, f.src.ID); err != nil {
		t.Fatal(err)
	}
	m = look(t, m)
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "Body of article 1") || strings.Contains(view, "Could not show") || !strings.Contains(view, "no longer in the library") {
		t.Fatalf("the open article after its source was removed elsewhere:\n%s", view)
	}
}

// The links list open over an article keeps its cursor when another
// process changes only the article's tags.
func TestLinksListKeepsItsCursorThroughALook(t *testing.T) {
	f := newFixture(t, 3)
	ctx := context.Background()
	body := "Links: [one](https://example.com/1), [two](https://example.com/2), [three](https://example.com/3).\n"
	if _, err := f.st.SaveArticles(ctx, f.src.ID, []feed.Article{fixtureArticle(0, body)}, testNow); err != nil {
		t.Fatal(err)
	}
	m := start(t, f, 120, 40)
	m = look(t, send(t, m, keyMsg("enter"), keyMsg("L"), keyMsg("j"), keyMsg("j")))
	before, ok := m.links.Selected()
	if !ok || !m.links.Open() || before.URL != "https://example.com/3" {
		t.Fatalf("links list: open %v, selected %+v", m.links.Open(), before)
	}
	sel, _ := m.list.Selected()
	if _, err := otherProcess(t, f).EditTags(ctx, []int64{sel.ID}, []string{"later"}, nil); err != nil {
		t.Fatal(err)
	}
	m = look(t, m)
	if after, _ := m.links.Selected(); !m.links.Open() || after.URL != before.URL {
		t.Fatalf("after a tag given elsewhere the links list is on %+v (open %v), was on %q", after, m.links.Open(), before.URL)
	}
}
