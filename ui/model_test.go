package ui

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/prompt"
	"github.com/byline/byline/ui/render"
	"github.com/byline/byline/ui/theme"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
)

var testNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	// Fixed colour profile and zone so that views are the same everywhere.
	lipgloss.SetColorProfile(termenv.Ascii)
	time.Local = time.UTC
	os.Exit(m.Run())
}

type fixture struct {
	st     *store.Store
	src    store.Source
	opened []string
}

func newFixture(t *testing.T, n int) *fixture {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	src, err := st.AddSource(ctx, store.NewSource{Kind: "file", Location: "/feeds/test.xml", Title: "Test Feed", Tags: []string{"news"}})
	if err != nil {
		t.Fatal(err)
	}
	var arts []feed.Article
	for i := 0; i < n; i++ {
		arts = append(arts, feed.Article{
			GUID: fmt.Sprint(i), Title: fmt.Sprintf("Article number %d", i), Link: fmt.Sprintf("https://example.com/%d", i),
			Published: testNow.Add(-time.Duration(i+1) * time.Hour * 5), Format: feed.FormatMarkdown,
			Content: fmt.Sprintf("## Section\n\nBody of article **%d**.\n\n- one\n- two\n", i), Tags: []string{"go"},
			Text: fmt.Sprintf("body of article %d", i),
		})
		if i%2 == 1 {
			arts[i].Tags = append(arts[i].Tags, "rust")
		}
	}
	if _, err := st.SaveArticles(ctx, src.ID, arts, testNow); err != nil {
		t.Fatal(err)
	}
	return &fixture{st: st, src: src}
}

func (f *fixture) model() Model {
	return New(Options{
		Store:    f.st,
		Renderer: render.New("dark", termenv.Ascii),
		Styles:   theme.NewStyles(theme.Dark),
		Keys:     keys.Default(),
		Now:      func() time.Time { return testNow },
		// Model tests run each command to its end, a tick's wait
		// included: the Loading a slow preview shows is tested apart.
		PreviewLoadingAfter: time.Microsecond,
		OpenURL: func(u string) error {
			f.opened = append(f.opened, u)
			return nil
		},
	})
}

// run executes a command and every command its messages lead to, feeding
// the messages to the model, as the Bubble Tea runtime would.
func run(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	return runDropping(t, m, cmd, nil)
}

// runDropping is run, with the messages drop says are lost on their way.
func runDropping(t *testing.T, m Model, cmd tea.Cmd, drop func(tea.Msg) bool) Model {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 200 {
			t.Fatal("command chain did not settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		switch msg := msg.(type) {
		case nil:
			continue
		case tea.BatchMsg:
			queue = append(queue, msg...)
			continue
		case tea.QuitMsg:
			continue
		}
		if drop != nil && drop(msg) {
			continue
		}
		next, nc := m.Update(msg)
		m = next.(Model)
		queue = append(queue, nc)
	}
	return m
}

func send(t *testing.T, m Model, msgs ...tea.Msg) Model {
	t.Helper()
	for _, msg := range msgs {
		next, cmd := m.Update(msg)
		m = run(t, next.(Model), cmd)
	}
	return m
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune(" ")}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func start(t *testing.T, f *fixture, w, h int) Model {
	m := f.model()
	m = run(t, m, m.Init())
	return send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
}

func TestOpenMarksReadAndRendersBody(t *testing.T) {
	f := newFixture(t, 5)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("j"), keyMsg("enter"))
	if m.focus != focusReader {
		t.Fatalf("enter should focus the reader")
	}
	if got := m.reader.ArticleID(); got == 0 {
		t.Fatalf("no article shown")
	}
	sel, _ := m.list.Selected()
	if sel.Title != "Article number 1" || !sel.Read {
		t.Fatalf("selected %q read=%v", sel.Title, sel.Read)
	}
	a, _ := f.st.Article(context.Background(), sel.ID)
	if !a.Read {
		t.Fatalf("opening did not mark the article read in the store")
	}
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "Body of article 1") || strings.Contains(view, "**1**") {
		t.Fatalf("body not rendered:\n%s", view)
	}
	if c, _ := m.statusBar.Counts(); c.Unread != 4 {
		t.Fatalf("unread count = %d, want 4", c.Unread)
	}
}

func TestNextPrevAndBack(t *testing.T) {
	f := newFixture(t, 3)
	m := start(t, f, 80, 24)
	m = send(t, m, keyMsg("enter"), keyMsg("n"))
	if sel, _ := m.list.Selected(); sel.Title != "Article number 1" || m.reader.Article().Title != "Article number 1" {
		t.Fatalf("n: selected %q, reading %q", sel.Title, m.reader.Article().Title)
	}
	m = send(t, m, keyMsg("n"), keyMsg("n"))
	if !strings.Contains(m.statusBar.Text(), "last article") {
		t.Fatalf("n past the end: status %q", m.statusBar.Text())
	}
	m = send(t, m, keyMsg("p"))
	if m.reader.Article().Title != "Article number 1" {
		t.Fatalf("p: reading %q", m.reader.Article().Title)
	}
	m = send(t, m, keyMsg("esc"))
	if m.focus != focusList {
		t.Fatalf("esc should return to the list")
	}
	if !strings.Contains(m.View(), "Article number 0") {
		t.Fatalf("narrow layout should show the list alone after esc")
	}
}

func TestToggleReadStarAndOpenLink(t *testing.T) {
	f := newFixture(t, 2)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("s"), keyMsg("r"))
	sel, _ := m.list.Selected()
	a, _ := f.st.Article(context.Background(), sel.ID)
	if !a.Starred || !a.Read {
		t.Fatalf("s and r not saved: starred=%v read=%v", a.Starred, a.Read)
	}
	m = send(t, m, keyMsg("r"))
	a, _ = f.st.Article(context.Background(), sel.ID)
	if a.Read {
		t.Fatalf("second r should mark unread")
	}
	m = send(t, m, keyMsg("o"))
	if len(f.opened) != 1 || f.opened[0] != "https://example.com/0" {
		t.Fatalf("o opened %v", f.opened)
	}
}

func TestOpenRefusesUnsafeLinks(t *testing.T) {
	f := newFixture(t, 0)
	ctx := context.Background()
	f.st.SaveArticles(ctx, f.src.ID, []feed.Article{{GUID: "js", Title: "Evil", Link: "javascript:alert(1)", Content: "x", Format: feed.FormatText}}, testNow)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("o"))
	if len(f.opened) != 0 || !strings.Contains(m.statusBar.Text(), "only http") {
		t.Fatalf("javascript: link: opened %v, status %q", f.opened, m.statusBar.Text())
	}
}

// TestRefreshIndexesWhatArrivedAfterwards: a refresh does not build the
// search index (library.Refresh); once it is over, the reader indexes what
// arrived in the background, so the next search need not.
func TestRefreshIndexesWhatArrivedAfterwards(t *testing.T) {
	f := newFixture(t, 3)
	m := start(t, f, 120, 40)
	ctx := context.Background()
	var arts []feed.Article
	for i := range 4 {
		arts = append(arts, feed.Article{GUID: fmt.Sprint("new", i), Title: fmt.Sprint("Fresh ", i), Published: testNow.Add(-time.Minute), Content: "x", Format: feed.FormatText})
	}
	if _, err := f.st.SaveArticles(ctx, f.src.ID, arts, testNow); err != nil {
		t.Fatal(err)
	}
	send(t, m, refreshFinishedMsg{})
	if n, err := f.st.IndexPending(ctx); err != nil || n != 0 {
		t.Fatalf("after the refresh, %d articles were left to index (%v)", n, err)
	}
}

// Articles that arrive above the cursor leave it on its article. A window
// at the top stays at the top, so the new articles are in sight above it;
// a window scrolled down keeps the article on its screen row.
func TestCursorStaysOnArticleWhenNewOnesArrive(t *testing.T) {
	for _, c := range []struct {
		name  string
		moves int
		atTop bool
	}{{"at the top", 3, true}, {"scrolled down", 40, false}} {
		f := newFixture(t, 60)
		m := start(t, f, 120, 40)
		for range c.moves {
			m = send(t, m, keyMsg("j"))
		}
		before, _ := m.list.Selected()
		rowBefore := m.list.Cursor() - m.list.Offset()
		if (m.list.Offset() == 0) != c.atTop {
			t.Fatalf("%s: offset %d before the refresh", c.name, m.list.Offset())
		}
		var arts []feed.Article
		for i := 0; i < 4; i++ {
			arts = append(arts, feed.Article{GUID: fmt.Sprint("new", i), Title: fmt.Sprint("Fresh ", i), Published: testNow.Add(-time.Minute), Content: "x", Format: feed.FormatText})
		}
		f.st.SaveArticles(context.Background(), f.src.ID, arts, testNow)
		m = send(t, m, refreshFinishedMsg{})
		after, _ := m.list.Selected()
		if after.ID != before.ID {
			t.Fatalf("%s: cursor moved from %q to %q", c.name, before.Title, after.Title)
		}
		row := m.list.Cursor() - m.list.Offset()
		switch {
		case c.atTop && (m.list.Offset() != 0 || row != rowBefore+4):
			t.Fatalf("%s: offset %d, cursor on screen row %d; want 0 and %d (the four new rows above it)", c.name, m.list.Offset(), row, rowBefore+4)
		case !c.atTop && row != rowBefore:
			t.Fatalf("%s: selected article moved on screen from row %d to %d", c.name, rowBefore, row)
		}
		if !c.atTop {
			continue
		}
		if first := m.list.Items()[0]; !strings.HasPrefix(first.Title, "Fresh") || !strings.Contains(ansi.Strip(m.View()), first.Title) {
			t.Fatalf("%s: the newest, %q, is not in sight", c.name, first.Title)
		}
		if cnt, _ := m.statusBar.Counts(); cnt.Total != 64 {
			t.Fatalf("total = %d after reload", cnt.Total)
		}
	}
}

func TestStaleRenderIsDropped(t *testing.T) {
	f := newFixture(t, 3)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("enter"))
	shown := m.reader.Article().Title
	stale := articleRenderedMsg{Gen: m.renderGen - 1, Article: store.ArticleSummary{ID: 999, Title: "Stale"}, Body: "stale"}
	m = send(t, m, stale)
	if m.reader.Article().Title != shown {
		t.Fatalf("a stale render replaced %q", shown)
	}
}

func TestListPagesFromTheStore(t *testing.T) {
	f := newFixture(t, pageSize+50)
	m := start(t, f, 120, 40)
	if m.list.Len() != pageSize || !m.list.HasMore() {
		t.Fatalf("first page: %d loaded, more=%v", m.list.Len(), m.list.HasMore())
	}
	m = send(t, m, keyMsg("G"))
	if sel, _ := m.list.Selected(); sel.Title != fmt.Sprintf("Article number %d", pageSize+49) {
		t.Fatalf("G reaches %q", sel.Title)
	}
}

func TestWelcomeScreenWithoutSources(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f := &fixture{st: st}
	m := start(t, f, 100, 30)
	v := m.View()
	for _, want := range []string{"Welcome to byline", "byline add", "byline import", "byline demo"} {
		if !strings.Contains(v, want) {
			t.Fatalf("welcome screen lacks %q:\n%s", want, v)
		}
	}
}

func TestRefreshReportsProgressAndFailures(t *testing.T) {
	f := newFixture(t, 1)
	m := f.model()
	m.opts.RefreshOnStart = true
	m.opts.Refresh = func(ctx context.Context, report func(RefreshEvent)) error {
		report(RefreshEvent{Source: "good", Done: 1, Total: 2, New: 3})
		report(RefreshEvent{Source: "bad\x1b]0;pwned\x07", Done: 2, Total: 2, Err: fmt.Errorf("HTTP 500")})
		return nil
	}
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	if m.statusBar.Refreshing() {
		t.Fatalf("refresh did not finish")
	}
	if !strings.Contains(m.statusBar.Text(), "3 new") || !strings.Contains(m.statusBar.Text(), "1 failed") || !strings.Contains(m.statusBar.Text(), "HTTP 500") {
		t.Fatalf("status after refresh: %q", m.statusBar.Text())
	}
	if strings.Contains(m.View(), "\x1b]") {
		t.Fatalf("escape sequence from a source name reached the view")
	}
}

func TestOfflineRefreshSaysWhy(t *testing.T) {
	f := newFixture(t, 1)
	m := f.model()
	m.opts.OfflineReason = "Offline: refresh is disabled"
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("R"))
	if !strings.Contains(m.statusBar.Text(), "Offline") {
		t.Fatalf("R offline: status %q", m.statusBar.Text())
	}
}

func TestKeyOverrides(t *testing.T) {
	f := newFixture(t, 3)
	m := f.model()
	km, problems := keys.FromConfig(map[string][]string{"down": {"z"}})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	m.opts.Keys = km
	m = New(m.opts)
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("z"))
	if m.list.Cursor() != 1 {
		t.Fatalf("rebound down key did not move the cursor")
	}
	m = send(t, m, keyMsg("j"))
	if m.list.Cursor() != 1 {
		t.Fatalf("j still moves after down was rebound to z")
	}
}

func TestGoldenViews(t *testing.T) {
	for _, size := range []struct{ w, h int }{{120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("list_%dx%d", size.w, size.h), func(t *testing.T) {
			f := newFixture(t, 12)
			m := start(t, f, size.w, size.h)
			golden.RequireEqual(t, []byte(m.View()))
		})
		t.Run(fmt.Sprintf("reader_%dx%d", size.w, size.h), func(t *testing.T) {
			f := newFixture(t, 12)
			m := start(t, f, size.w, size.h)
			m = send(t, m, keyMsg("j"), keyMsg("enter"))
			golden.RequireEqual(t, []byte(m.View()))
		})
	}
}

// TestProgram runs the real Bubble Tea program loop.
func TestProgram(t *testing.T) {
	f := newFixture(t, 3)
	tm := teatest.NewTestModel(t, f.model(), teatest.WithInitialTermSize(120, 40))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Article number 2")) },
		teatest.WithDuration(20*time.Second))
	tm.Send(keyMsg("enter"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Body of article")) },
		teatest.WithDuration(20*time.Second))
	tm.Send(keyMsg("q")) // back to the list
	tm.Send(keyMsg("q")) // and out
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(Model)
	if !fm.quitting {
		t.Fatalf("q did not quit")
	}
}

func typeText(t *testing.T, m Model, s string) Model {
	for _, r := range s {
		m = send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return m
}

func listTitles(m Model) []string {
	var out []string
	for _, a := range m.list.Items() {
		out = append(out, a.Title)
	}
	return out
}

func TestFilterAsYouTypeEnterAndEsc(t *testing.T) {
	f := newFixture(t, 6)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("j"), keyMsg("j"), keyMsg("j")) // on Article number 3 (rust)
	m = send(t, m, keyMsg("/"))
	if !m.prompt.Active() || m.prompt.Value() != "" {
		t.Fatalf("/ should open an empty filter prompt, got %q", m.prompt.Value())
	}
	m = typeText(t, m, "+rust")
	if got := listTitles(m); len(got) != 3 || got[0] != "Article number 1" {
		t.Fatalf("list did not follow typing: %v", got)
	}
	if sel, _ := m.list.Selected(); sel.Title != "Article number 3" {
		t.Fatalf("cursor left its article: %q", sel.Title)
	}
	if !strings.Contains(ansi.Strip(m.View()), "3/6") {
		t.Fatalf("status lacks shown/total:\n%s", ansi.Strip(m.View()))
	}
	// A bad token: error under the input, last good list kept.
	m = typeText(t, m, " @2-fortnights-ago")
	if !strings.Contains(m.prompt.Error(), "@2-fortnights-ago") || len(m.list.Items()) != 3 {
		t.Fatalf("bad token: error %q, %d items", m.prompt.Error(), len(m.list.Items()))
	}
	if !strings.Contains(ansi.Strip(m.View()), "unknown age unit") {
		t.Fatalf("error not shown under the input")
	}
	m = send(t, m, keyMsg("enter"))
	if !m.prompt.Active() {
		t.Fatalf("enter on a bad filter should keep the prompt open")
	}
	// esc restores the filter from before the prompt opened.
	m = send(t, m, keyMsg("esc"))
	if m.prompt.Active() || m.filter.String() != "" || len(m.list.Items()) != 6 {
		t.Fatalf("esc: prompt %v, filter %q, %d items", m.prompt.Active(), m.filter.String(), len(m.list.Items()))
	}
	// enter keeps a good filter, and / pre-fills it next time.
	m = send(t, m, keyMsg("/"))
	m = typeText(t, m, "-rust")
	m = send(t, m, keyMsg("enter"))
	if m.prompt.Active() || m.filter.String() != "-rust" || len(m.list.Items()) != 3 {
		t.Fatalf("enter: filter %q, %d items", m.filter.String(), len(m.list.Items()))
	}
	m = send(t, m, keyMsg("/"))
	if m.prompt.Value() != "-rust" {
		t.Fatalf("prompt not pre-filled: %q", m.prompt.Value())
	}
}

func TestTagPaneBuildsTheFilter(t *testing.T) {
	f := newFixture(t, 4)
	m := start(t, f, 120, 40)
	m = send(t, m, tea.KeyMsg{Type: tea.KeyTab})
	if m.focus != focusTags || !m.showTags {
		t.Fatalf("tab should open and focus the tag pane")
	}
	v := ansi.Strip(m.View())
	for _, want := range []string{"unread", "starred", "go", "rust", "news", "2/2", "4/4"} {
		if !strings.Contains(v, want) {
			t.Fatalf("tag pane lacks %q:\n%s", want, v)
		}
	}
	// Move to "rust" and include it, then exclude it, then clear it.
	for m.tags.Selected().Name != "rust" {
		before := m.tags.Selected()
		m = send(t, m, keyMsg("j"))
		if m.tags.Selected().Name == before.Name {
			t.Fatalf("rust not in tag pane")
		}
	}
	m = send(t, m, keyMsg("+"))
	if m.filter.String() != "+rust" || len(m.list.Items()) != 2 {
		t.Fatalf("+: filter %q, %d items", m.filter.String(), len(m.list.Items()))
	}
	m = send(t, m, keyMsg("-"))
	if m.filter.String() != "-rust" {
		t.Fatalf("-: filter %q", m.filter.String())
	}
	m = send(t, m, keyMsg("x"))
	if m.filter.String() != "" || len(m.list.Items()) != 4 {
		t.Fatalf("x: filter %q", m.filter.String())
	}
	m = send(t, m, tea.KeyMsg{Type: tea.KeyTab})
	if m.showTags || m.focus != focusList {
		t.Fatalf("tab again should close the pane")
	}
}

func TestSavedFiltersAndDigits(t *testing.T) {
	f := newFixture(t, 4)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("1"))
	if !strings.Contains(m.statusBar.Text(), "No saved filters") {
		t.Fatalf("1 without saved filters: %q", m.statusBar.Text())
	}
	m = send(t, m, keyMsg("/"))
	m = typeText(t, m, "+rust")
	m = send(t, m, keyMsg("enter"), keyMsg("S"))
	m = typeText(t, m, "rusty")
	m = send(t, m, keyMsg("enter"))
	saved, _ := f.st.SavedFilters(context.Background())
	if len(saved) != 1 || saved[0].Name != "rusty" || saved[0].Query != "+rust" {
		t.Fatalf("saved: %v", saved)
	}
	m = send(t, m, keyMsg("/"))
	m = send(t, m, tea.KeyMsg{Type: tea.KeyCtrlU}) // clear the input
	m = send(t, m, keyMsg("enter"))
	if m.filter.String() != "" {
		t.Fatalf("filter not cleared: %q", m.filter.String())
	}
	m = send(t, m, keyMsg("1"))
	if m.filter.String() != "+rust" || len(m.list.Items()) != 2 {
		t.Fatalf("1: filter %q", m.filter.String())
	}
}

func TestMarkViewReadAsksAndTouchesOnlyTheView(t *testing.T) {
	f := newFixture(t, 4)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("/"))
	m = typeText(t, m, "+rust")
	m = send(t, m, keyMsg("enter"), keyMsg("A"))
	if !strings.Contains(ansi.Strip(m.View()), "Mark the 2 unread articles in this view read?") {
		t.Fatalf("no confirmation with the count:\n%s", ansi.Strip(m.View()))
	}
	// The question counts the unread articles, not all the view's.
	m = send(t, m, keyMsg("n"), keyMsg("r"), keyMsg("A"))
	if !strings.Contains(ansi.Strip(m.View()), "Mark the 1 unread article in this view read?") {
		t.Fatalf("one of two read: the question does not count the unread one:\n%s", ansi.Strip(m.View()))
	}
	m = send(t, m, keyMsg("n"), keyMsg("r"))
	total, unread, _ := f.st.Totals(context.Background())
	if unread != total {
		t.Fatalf("n marked articles read")
	}
	m = send(t, m, keyMsg("A"), keyMsg("y"))
	_, unread, _ = f.st.Totals(context.Background())
	if unread != 2 {
		t.Fatalf("after A y: %d unread, want 2 (only the view marked)", unread)
	}
	if !strings.Contains(m.statusBar.Text(), "Marked 2") {
		t.Fatalf("status: %q", m.statusBar.Text())
	}
}

func TestAddAndRemoveTagsWithCompletion(t *testing.T) {
	f := newFixture(t, 2)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("t"))
	m = typeText(t, m, "later ru")
	m = send(t, m, tea.KeyMsg{Type: tea.KeyTab}) // completes "ru" to "rust"
	if m.prompt.Value() != "later rust" {
		t.Fatalf("completion: %q", m.prompt.Value())
	}
	m = send(t, m, keyMsg("enter"))
	sel, _ := m.list.Selected()
	if strings.Join(sel.Tags, " ") != "go later news rust" {
		t.Fatalf("tags after t: %v", sel.Tags)
	}
	m = send(t, m, keyMsg("T"))
	m = typeText(t, m, "news")
	m = send(t, m, keyMsg("enter"))
	sel, _ = m.list.Selected()
	if strings.Join(sel.Tags, " ") != "go later rust" {
		t.Fatalf("tags after T: %v", sel.Tags)
	}
}

func TestLinksListOpensByNumberAndEnter(t *testing.T) {
	f := newFixture(t, 0)
	var body strings.Builder
	body.WriteString("Intro with [one](https://one.example/) and ![pic](https://img.example/p.png).\n\n")
	for i := 3; i <= 12; i++ {
		fmt.Fprintf(&body, "- [link %d](https://l%d.example/)\n", i, i)
	}
	f.st.SaveArticles(context.Background(), f.src.ID, []feed.Article{{GUID: "l", Title: "Linky", Link: "https://linky.example/",
		Content: body.String(), Format: feed.FormatMarkdown, Published: testNow}}, testNow)
	var copied []string
	m := f.model()
	m.opts.CopyText = func(s string) error { copied = append(copied, s); return nil }
	m = New(m.opts)
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("enter"))
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "one [1]") || !strings.Contains(v, "[image: pic] [2]") {
		t.Fatalf("links not numbered in the article:\n%s", v)
	}
	m = send(t, m, keyMsg("L"))
	v = ansi.Strip(m.View())
	if !m.links.Open() || !strings.Contains(v, "Links (12)") || !strings.Contains(v, "[12]") {
		t.Fatalf("links list:\n%s", v)
	}
	// "1" could still become 10, 11 or 12: it waits; "2" then opens 12.
	m = send(t, m, keyMsg("1"))
	if len(f.opened) != 0 {
		t.Fatalf("opened on an ambiguous digit: %v", f.opened)
	}
	m = send(t, m, keyMsg("2"))
	if len(f.opened) != 1 || f.opened[0] != "https://l12.example/" {
		t.Fatalf("12 opened %v", f.opened)
	}
	m = send(t, m, keyMsg("g"), keyMsg("j"), keyMsg("enter"))
	if len(f.opened) != 2 || f.opened[1] != "https://img.example/p.png" {
		t.Fatalf("enter on row 2 opened %v", f.opened)
	}
	// y in the list copies the selected link, and says so.
	m = send(t, m, keyMsg("y"))
	if len(copied) != 1 || copied[0] != "https://img.example/p.png" || !strings.Contains(m.statusBar.Text(), "Copied") {
		t.Fatalf("y in the links list copied %v, status %q", copied, m.statusBar.Text())
	}
	copied = nil
	m = send(t, m, keyMsg("esc"))
	if m.links.Open() {
		t.Fatalf("esc did not close the links list")
	}
	m = send(t, m, keyMsg("y"))
	if len(copied) != 1 || copied[0] != "https://linky.example/" || !strings.Contains(m.statusBar.Text(), "Copied") {
		t.Fatalf("y copied %v, status %q", copied, m.statusBar.Text())
	}
}

func TestFullTextToggle(t *testing.T) {
	f := newFixture(t, 1)
	m := f.model()
	fetched := 0
	m.opts.FullText = func(ctx context.Context, id int64, url string) error {
		fetched++
		if url != "https://example.com/0" {
			return fmt.Errorf("unexpected URL %s", url)
		}
		return f.st.SetFullText(ctx, id, "The **whole** article, from its page.", "")
	}
	m = New(m.opts)
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("enter"), keyMsg("F"))
	v := ansi.Strip(m.View())
	if fetched != 1 || !strings.Contains(v, "The whole article") || !strings.Contains(v, "Full article, from its page") {
		t.Fatalf("F did not fetch and show the full text (fetched %d):\n%s", fetched, v)
	}
	m = send(t, m, keyMsg("F"))
	v = ansi.Strip(m.View())
	if fetched != 1 || !strings.Contains(v, "Body of article 0") || !strings.Contains(v, "The feed's text") {
		t.Fatalf("second F should show the feed's text without fetching (fetched %d, status %q):\n%s", fetched, m.statusBar.Text(), v)
	}
	m = send(t, m, keyMsg("F"))
	if fetched != 1 || !strings.Contains(ansi.Strip(m.View()), "The whole article") {
		t.Fatalf("third F should show the kept full text")
	}

	// A failure keeps the feed's text and says why.
	f2 := newFixture(t, 1)
	m = f2.model()
	m.opts.FullText = func(ctx context.Context, id int64, url string) error {
		f2.st.SetFullText(ctx, id, "", "HTTP 403 Forbidden")
		return fmt.Errorf("HTTP 403 Forbidden")
	}
	m = New(m.opts)
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("enter"), keyMsg("F"))
	if !strings.Contains(m.statusBar.Text(), "403") || !strings.Contains(ansi.Strip(m.View()), "Body of article 0") {
		t.Fatalf("failed extraction: status %q", m.statusBar.Text())
	}
}

func TestOfflineSaysSoAndCannotFetchFullText(t *testing.T) {
	f := newFixture(t, 1)
	m := f.model()
	m.opts.OfflineReason = "Offline: feeds are not fetched."
	m = New(m.opts)
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	if !strings.Contains(ansi.Strip(m.View()), "Offline: feeds are not fetched.") {
		t.Fatalf("no offline status:\n%s", ansi.Strip(m.View()))
	}
	m = send(t, m, keyMsg("enter"), keyMsg("F"))
	if !strings.Contains(m.statusBar.Text(), "Offline") {
		t.Fatalf("F offline: %q", m.statusBar.Text())
	}
}

func TestFailingSourcesListAndAutoRefresh(t *testing.T) {
	f := newFixture(t, 2)
	f.st.RecordFetch(context.Background(), f.src.ID, store.FetchOutcome{At: testNow, Status: 500, Err: "HTTP 500 Internal Server Error \x1b]0;x\x07"})
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("E"))
	v := ansi.Strip(m.View())
	if !m.failures.Open() || !strings.Contains(v, "last refresh failed (1)") || !strings.Contains(v, "HTTP 500") {
		t.Fatalf("failures list:\n%s", v)
	}
	m = send(t, m, keyMsg("esc"))
	if m.failures.Open() {
		t.Fatalf("esc did not close the failures list")
	}

	refreshes := 0
	m = f.model()
	m.opts.RefreshEvery = 10 * time.Millisecond
	m.opts.Refresh = func(ctx context.Context, report func(RefreshEvent)) error { refreshes++; return nil }
	m = New(m.opts)
	next, cmd := m.Update(autoRefreshDueMsg{})
	m = next.(Model)
	if !m.statusBar.Refreshing() || cmd == nil {
		t.Fatalf("auto refresh did not start")
	}
}

func TestLoadErrorsShowInsteadOfLoadingForever(t *testing.T) {
	f := newFixture(t, 1)
	m := f.model()
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30},
		articlesLoadedMsg{Gen: 0, Err: fmt.Errorf("disk on fire")}, countsLoadedMsg{Gen: 0, Err: fmt.Errorf("still on fire")})
	v := ansi.Strip(m.View())
	if strings.Contains(v, "Loading…") || !strings.Contains(v, "on fire") {
		t.Fatalf("load errors:\n%s", v)
	}
}

// A question's answer that reached the program with the key that asked it
// (typed fast: one message "Ay") answers it, and the keys after it act; a
// paste does not answer.
func TestAnswerTypedWithTheQuestion(t *testing.T) {
	f := newFixture(t, 4)
	m := start(t, f, 120, 40)
	m = send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("An/")})
	if m.prompt.Kind() != prompt.Filter {
		t.Fatalf("A, n and / together: prompt %d, want / to have opened the filter after n answered", m.prompt.Kind())
	}
	if _, unread, _ := f.st.Totals(context.Background()); unread != 4 {
		t.Fatalf("n marked articles read: %d unread", unread)
	}
	// A paste is not an answer: the question stays, nothing is marked.
	m = send(t, m, keyMsg("esc"), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Ay"), Paste: true})
	if _, unread, _ := f.st.Totals(context.Background()); unread != 4 || m.prompt.Kind() != prompt.Confirm {
		t.Fatalf("A and y pasted: %d unread, prompt %d", unread, m.prompt.Kind())
	}
	m = send(t, m, keyMsg("n"), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Ay")})
	if _, unread, _ := f.st.Totals(context.Background()); unread != 0 || m.prompt.Active() {
		t.Fatalf("A and y together: %d unread, prompt open %v", unread, m.prompt.Active())
	}
}
