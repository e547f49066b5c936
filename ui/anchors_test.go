package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/imagecache"
	"github.com/byline/byline/ui/render"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// guideArticle stores an article whose table of contents links to its
// own headings, each section longer than the pane.
func guideArticle(t *testing.T, f *fixture) {
	t.Helper()
	var body strings.Builder
	body.WriteString("## Contents\n\n- [Intro](#intro)\n- [Setup steps](#setup-steps)\n- [Missing](#nowhere)\n- [Web](https://web.example/)\n\n")
	for _, h := range []string{"Intro", "Setup steps", "Usage"} {
		fmt.Fprintf(&body, "## %s\n\n", h)
		for i := 1; i <= 30; i++ {
			fmt.Fprintf(&body, "%s paragraph %d.\n\n", h, i)
		}
	}
	if _, err := f.st.SaveArticles(context.Background(), f.src.ID, []feed.Article{{GUID: "g", Title: "Guide", Link: "https://guide.example/",
		Content: body.String(), Format: feed.FormatMarkdown, Published: testNow}}, testNow); err != nil {
		t.Fatal(err)
	}
}

// Following a link to a heading of the article (from the links list, by
// its number or enter) closes the list and shows the heading at the top
// of the article; nothing opens in the browser. A link to a heading the
// article does not have says so in the status line, and the view stays.
func TestInPageLinkScrollsToHeading(t *testing.T) {
	f := newFixture(t, 0)
	guideArticle(t, f)
	m := start(t, f, 120, 30)
	m = send(t, m, keyMsg("enter"), keyMsg("L"))
	if v := ansi.Strip(m.View()); !strings.Contains(v, "#setup-steps") {
		t.Fatalf("the links list does not show the in-page link:\n%s", v)
	}
	m = send(t, m, keyMsg("2"))
	if len(f.opened) != 0 {
		t.Fatalf("an in-page link opened in the browser: %v", f.opened)
	}
	if m.links.Open() {
		t.Fatalf("the links list stays over the article")
	}
	top := strings.TrimSpace(ansi.Strip(strings.SplitN(m.reader.View(), "\n", 2)[0]))
	if !strings.Contains(top, "Setup steps") || strings.Contains(top, "paragraph") {
		t.Fatalf("the view's top line is %q, want the heading Setup steps", top)
	}
	// Back up, then by enter on the first row.
	m = send(t, m, keyMsg("g"), keyMsg("L"), keyMsg("g"), keyMsg("enter"))
	top = strings.TrimSpace(ansi.Strip(strings.SplitN(m.reader.View(), "\n", 2)[0]))
	if !strings.Contains(top, "Intro") || strings.Contains(top, "paragraph") {
		t.Fatalf("enter on #intro: the view's top line is %q", top)
	}
	before := m.reader.View()
	m = send(t, m, keyMsg("L"), keyMsg("3"))
	if st := m.statusBar.Text(); !strings.Contains(st, "#nowhere") || !strings.Contains(st, "no heading") {
		t.Fatalf("a missing anchor: status %q", st)
	}
	if len(f.opened) != 0 {
		t.Fatalf("a missing anchor opened %v", f.opened)
	}
	if m.links.Open() || m.reader.View() != before {
		t.Fatalf("a missing anchor moved the view")
	}
	m = send(t, m, tea.WindowSizeMsg{Width: 60, Height: 20}, keyMsg("L"), keyMsg("2"))
	top = strings.TrimSpace(ansi.Strip(strings.SplitN(m.reader.View(), "\n", 2)[0]))
	if !strings.Contains(top, "Setup steps") {
		t.Fatalf("at 60 columns: the view's top line is %q", top)
	}
}

// lineOfPart is where PageBody puts each part's first line, pictures
// drawn or not.
func TestLineOfPartFollowsPageBody(t *testing.T) {
	doc := render.Doc{Parts: []render.Part{
		{Text: "one\ntwo"},
		{Text: "[image: a]", Image: &render.Image{URL: "https://e.example/a.png"}},
		{Text: "[image: b]", Image: &render.Image{URL: "https://e.example/b.png"}},
		{Text: "three"},
		{Text: "four", Close: true},
		{Text: "[image: c]", Image: &render.Image{URL: "https://e.example/c.png"}, Close: true},
		{Text: "five"},
	}}
	for _, drawn := range []map[string]string{{}, {"https://e.example/a.png": "A1\nA2\nA3"}, {"https://e.example/a.png": "A1", "https://e.example/b.png": "B1\nB2"},
		{"https://e.example/c.png": "C1\nC2"}} {
		p := pictures{doc: doc, drawn: drawn}
		lines := strings.Split(PageBody(doc, drawn), "\n")
		for i, part := range doc.Parts {
			first := strings.SplitN(part.Text, "\n", 2)[0]
			if part.Image != nil {
				if d, ok := drawn[part.Image.URL]; ok {
					first = "  " + strings.SplitN(d, "\n", 2)[0]
				}
			}
			if at := p.lineOfPart(i); at >= len(lines) || lines[at] != first {
				t.Errorf("drawn %v: part %d at line %d of\n%s", drawn, i, at, strings.Join(lines, "\n"))
			}
		}
	}
}

// A heading near the end of the article cannot come to the top of the
// view: the view goes as far as it can, and the heading's line is marked
// in the margin, and the status line says so, so the reader sees which
// heading the link meant among those on the screen. The mark goes with
// the next heading followed, and a heading that reaches the top is not
// marked.
func TestInPageLinkNearTheEndMarksHeading(t *testing.T) {
	f := newFixture(t, 0)
	var body strings.Builder
	body.WriteString("## Inhalt\n\n- [Über uns](#%C3%BCber-uns)\n- [Kontakt](#kontakt)\n- [Anfang](#anfang)\n- [Fehlt](#gibt-es-nicht)\n\n## Anfang\n\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&body, "Absatz %d.\n\n", i)
	}
	body.WriteString("## Über uns\n\nWir.\n\n## Kontakt\n\nPost.\n")
	if _, err := f.st.SaveArticles(context.Background(), f.src.ID, []feed.Article{{GUID: "g", Title: "Seite", Link: "https://guide.example/",
		Content: body.String(), Format: feed.FormatMarkdown, Published: testNow}}, testNow); err != nil {
		t.Fatal(err)
	}
	for _, size := range []tea.WindowSizeMsg{{Width: 120, Height: 30}, {Width: 60, Height: 20}} {
		m := start(t, f, size.Width, size.Height)
		m = send(t, m, keyMsg("enter"), keyMsg("L"), keyMsg("1"))
		view := strings.Split(ansi.Strip(m.reader.View()), "\n")
		if m.reader.ScrollPercent() < 1 {
			t.Fatalf("%d columns: the view stops short of the end (%.2f)", size.Width, m.reader.ScrollPercent())
		}
		marked := -1
		for i, l := range view {
			if strings.HasPrefix(l, "▌") {
				marked = i
				if !strings.Contains(l, "Über uns") {
					t.Errorf("%d columns: the marked line is %q", size.Width, l)
				}
			}
		}
		if marked <= 0 {
			t.Fatalf("%d columns: no heading marked in\n%s", size.Width, strings.Join(view, "\n"))
		}
		if st := m.statusBar.Text(); !strings.Contains(st, "#über-uns") || !strings.Contains(st, "marked") {
			t.Errorf("%d columns: status %q", size.Width, st)
		}
		// A link to no heading: the mark is not where it led.
		m = send(t, m, keyMsg("L"), keyMsg("4"))
		if v := ansi.Strip(m.reader.View()); strings.Contains(v, "▌") {
			t.Errorf("%d columns: after a link to no heading the view is still marked:\n%s", size.Width, v)
		}
		if st := m.statusBar.Text(); !strings.Contains(st, "no heading #gibt-es-nicht") {
			t.Errorf("%d columns: status %q", size.Width, st)
		}
		m = send(t, m, keyMsg("L"), keyMsg("1"))
		// Another heading, which reaches the top: no mark left.
		m = send(t, m, keyMsg("L"), keyMsg("3"))
		view = strings.Split(ansi.Strip(m.reader.View()), "\n")
		if !strings.Contains(view[0], "Anfang") || strings.Contains(strings.Join(view, "\n"), "▌") {
			t.Errorf("%d columns: after #anfang the view is\n%s", size.Width, strings.Join(view, "\n"))
		}
		if st := m.statusBar.Text(); strings.Contains(st, "marked") {
			t.Errorf("%d columns: status %q for a heading at the top", size.Width, st)
		}
	}
}

// The mark on a heading followed near the end stays while the view is
// where the link put it: a picture arriving above and a resize (each a
// new body) leave the heading marked and the view at the end. Once the
// view was moved by hand, a resize leaves it where it was.
func TestMarkedHeadingStaysThroughNewBodies(t *testing.T) {
	f := newFixture(t, 0)
	const pic = "https://img.example/a.png"
	var body strings.Builder
	body.WriteString("- [Über uns](#über-uns)\n\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&body, "Absatz %d.\n\n", i)
	}
	body.WriteString("![Bild](" + pic + ")\n\n## Über uns\n\nWir.\n\n## Kontakt\n\nPost.\n")
	if _, err := f.st.SaveArticles(context.Background(), f.src.ID, []feed.Article{{GUID: "g", Title: "Seite", Link: "https://guide.example/",
		Content: body.String(), Format: feed.FormatMarkdown, Published: testNow}}, testNow); err != nil {
		t.Fatal(err)
	}
	cache, err := imagecache.Open(filepath.Join(t.TempDir(), "images"), 0)
	if err != nil {
		t.Fatal(err)
	}
	m := f.pictureModel(cache, nil)
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 30}, keyMsg("enter"), keyMsg("L"), keyMsg("1"))
	marked := func(when string) {
		t.Helper()
		var lines []string
		for _, l := range strings.Split(ansi.Strip(m.reader.View()), "\n") {
			if strings.HasPrefix(l, "▌") {
				lines = append(lines, l)
			}
		}
		if len(lines) != 1 || !strings.Contains(lines[0], "Über uns") || m.reader.ScrollPercent() < 1 {
			t.Fatalf("%s: marked %q at %.2f in\n%s", when, lines, m.reader.ScrollPercent(), ansi.Strip(m.reader.View()))
		}
	}
	marked("followed")
	m = send(t, m, PictureDrawnMsg{Gen: m.renderGen, URL: pic, Lines: "▀▀▀▀\n▀▀▀▀\n▀▀▀▀"})
	if _, ok := m.pics.drawn[pic]; !ok {
		t.Fatal("the picture was not taken")
	}
	marked("after a picture arrived")
	m = send(t, m, tea.WindowSizeMsg{Width: 60, Height: 20})
	marked("after a resize")
	m = send(t, m, keyMsg("s"))
	marked("after a star")
	m = send(t, m, keyMsg("g"), tea.WindowSizeMsg{Width: 120, Height: 30})
	if m.reader.ScrollPercent() != 0 || strings.Contains(ansi.Strip(m.reader.View()), "▌") {
		t.Errorf("moved to the top, a resize brought back the heading:\n%s", ansi.Strip(m.reader.View()))
	}
}
