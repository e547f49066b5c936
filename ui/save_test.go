package ui

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/library"
	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/render"
	"github.com/byline/byline/ui/theme"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
)

const savedPage = `<html><head><meta property="og:title" content="Trains and Timetables">
<meta name="author" content="Ada Byron"></head><body><article>
<p>This is the first paragraph of a long article, with enough words in it that a readability
algorithm takes it for the main content of the page rather than navigation or boilerplate around it.</p>
<p>The second paragraph goes on about timetables and signals, and keeps going for long enough to
count as prose that a person came to the page to read on the train home this evening.</p>
<p>A third paragraph, because real articles have several, and the extraction should keep all of
them in order while dropping the navigation, the footer and the advertising around them all.</p>
</article></body></html>`

// saveFixture is a store with two feed articles that link to pages an
// httptest server serves, and a reader with a refresher that fetches them.
func saveFixture(t *testing.T) (*store.Store, Model, string) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(savedPage))
	}))
	t.Cleanup(srv.Close)
	st, err := store.Open(filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	src, err := st.AddSource(ctx, store.NewSource{Kind: "file", Location: "/feeds/teasers.xml", Title: "Teasers"})
	if err != nil {
		t.Fatal(err)
	}
	var arts []feed.Article
	for i := 1; i <= 2; i++ {
		arts = append(arts, feed.Article{GUID: fmt.Sprint(i), Title: fmt.Sprintf("Teaser %d", i),
			Link: fmt.Sprintf("%s/story/%d", srv.URL, i), Published: testNow.Add(-time.Duration(i) * time.Hour),
			Format: feed.FormatMarkdown, Content: fmt.Sprintf("Only a teaser. Read [the whole page](%s/page/%d?utm_source=feed).", srv.URL, i)})
	}
	if _, err := st.SaveArticles(ctx, src.ID, arts, testNow); err != nil {
		t.Fatal(err)
	}
	m := New(Options{
		Store: st, Renderer: render.New("dark", termenv.Ascii), Styles: theme.NewStyles(theme.Dark), Keys: keys.Default(),
		Now:     func() time.Time { return testNow },
		Library: library.New(library.Options{Store: st, Fetcher: feed.NewFetcher("test", 5*time.Second)}),
	})
	return st, m, srv.URL
}

func savedRows(t *testing.T, st *store.Store) []store.ArticleSummary {
	t.Helper()
	f, _ := query.Parse("=saved")
	rows, err := st.Articles(context.Background(), store.ListQuery{Filter: f, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestSaveLinkFromLinksPane runs the real program: open an article, L,
// a on its link; the page is saved and the status says so.
func TestSaveLinkFromLinksPane(t *testing.T) {
	st, m, base := saveFixture(t)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	wait := func(s string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
			teatest.WithDuration(20*time.Second))
	}
	wait("Teaser 1")
	tm.Send(keyMsg("enter"))
	wait("Only a teaser")
	tm.Send(keyMsg("L"))
	wait("/page/1?utm_source=feed")
	tm.Send(keyMsg("a"))
	wait("Saved “Trains and Timetables”")
	tm.Send(keyMsg("Q")) // q goes back a level; Q quits
	tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second))
	rows := savedRows(t, st)
	if len(rows) != 1 || rows[0].Title != "Trains and Timetables" || rows[0].Link != base+"/page/1" || rows[0].Read {
		t.Fatalf("saved: %+v", rows)
	}
	a, err := st.Article(context.Background(), rows[0].ID)
	if err != nil || !strings.Contains(a.Full, "second paragraph goes on") {
		t.Fatalf("saved page's full text: %q, %v", a.Full, err)
	}
}

func TestSaveArticleWithItsPage(t *testing.T) {
	st, m, _ := saveFixture(t)
	m = run(t, m, m.Init())
	m = send(t, m, keyMsg("a"))
	if !strings.Contains(m.statusBar.Text(), "Saved “Teaser 1”") {
		t.Fatalf("status after a: %q", m.statusBar.Text())
	}
	rows := savedRows(t, st)
	if len(rows) != 1 || rows[0].Title != "Teaser 1" {
		t.Fatalf("saved: %+v", rows)
	}
	a, _ := st.Article(context.Background(), rows[0].ID)
	if !strings.Contains(a.Full, "second paragraph goes on") || !strings.Contains(a.Content, "Only a teaser") {
		t.Fatalf("saved copy: content %q, full %q", a.Content, a.Full)
	}
	m = send(t, m, keyMsg("a"))
	if !strings.Contains(m.statusBar.Text(), "Already in Saved: “Teaser 1”") {
		t.Errorf("status after a again: %q", m.statusBar.Text())
	}
	// Retention removes the feed's copy; the saved one stays.
	if n, err := st.Prune(context.Background(), store.Retention{KeepDays: 1}, testNow.AddDate(0, 0, 10)); err != nil || n != 2 {
		t.Fatalf("prune: %d, %v", n, err)
	}
	if rows := savedRows(t, st); len(rows) != 1 {
		t.Fatalf("retention removed the saved copy")
	}
}

func TestPrefetchView(t *testing.T) {
	st, m, _ := saveFixture(t)
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("P"))
	if !m.prompt.Active() || !strings.Contains(m.View(), "Fetch the full text of 2 articles in this view") {
		t.Fatalf("P did not ask: status %q, prompt %v\n%s", m.statusBar.Text(), m.prompt.Active(), m.View())
	}
	m = send(t, m, keyMsg("n"))
	if m.prompt.Active() || m.statusBar.Text() != "Nothing fetched." {
		t.Fatalf("n: %q", m.statusBar.Text())
	}
	m = send(t, m, keyMsg("P"), keyMsg("y"))
	if !strings.Contains(m.statusBar.Text(), "Prefetched: 2 fetched, 0 failed") {
		t.Fatalf("after y: %q", m.statusBar.Text())
	}
	for _, id := range []int64{1, 2} {
		if a, _ := st.Article(context.Background(), id); !strings.Contains(a.Full, "second paragraph") {
			t.Errorf("article %d has no full text", id)
		}
	}
	m = send(t, m, keyMsg("P"))
	if m.prompt.Active() || !strings.Contains(m.statusBar.Text(), "has its full text already") {
		t.Errorf("P again: %q", m.statusBar.Text())
	}
	// A (mark all read) still asks its own question.
	m = send(t, m, keyMsg("A"), keyMsg("y"))
	if total, unread, _ := st.Totals(context.Background()); unread != 0 || total != 2 {
		t.Errorf("A after P: %d unread", unread)
	}
}
