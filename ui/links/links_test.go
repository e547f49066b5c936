package links

import (
	"context"
	"html"
	"strings"
	"testing"

	"github.com/byline/byline/feed"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/render"
	"github.com/byline/byline/ui/theme"
	"github.com/charmbracelet/x/ansi"
)

// The row cuts a long URL; the pane shows the selected link's URL whole
// under the rows, every character of it, within the pane's width.
func TestSelectedLinkShowsWholeURL(t *testing.T) {
	km := keys.Default()
	m := New(theme.NewStyles(theme.ForStyle("dark")), &km, false)
	m.SetSize(40, 12)
	long := "https://www.amazon.co.uk/Title-Story-Long-Name/dp/B000000000/ref=sr_1_1?keywords=a~b"
	m.SetLinks([]render.Link{{N: 1, Text: "short", URL: "https://go.dev/"}, {N: 2, Text: "long one", URL: long}})
	m.win.Cursor = 1
	view := ansi.Strip(m.View())
	var joined strings.Builder
	for _, l := range strings.Split(view, "\n") {
		if w := ansi.StringWidth(l); w > 40 {
			t.Fatalf("line %d wide: %q", w, l)
		}
		joined.WriteString(strings.TrimSpace(l))
	}
	if !strings.Contains(joined.String(), long) {
		t.Fatalf("the selected URL is not shown whole:\n%s", view)
	}
}

// An image without alt text is listed as "image", not "image: ".
func TestImageWithoutAltText(t *testing.T) {
	km := keys.Default()
	m := New(theme.NewStyles(theme.ForStyle("dark")), &km, false)
	m.SetSize(80, 12)
	m.SetLinks([]render.Link{{N: 1, URL: "https://img.example/a.png", Image: true}, {N: 2, Text: "a cat", URL: "https://img.example/cat.png", Image: true}})
	view := ansi.Strip(m.View())
	if strings.Contains(view, "image: ") && !strings.Contains(view, "image: a cat") || strings.Contains(view, "image:  ") || strings.Contains(view, "image: —") {
		t.Fatalf("empty alt text shown with a colon:\n%s", view)
	}
	if !strings.Contains(view, "image") || !strings.Contains(view, "image: a cat") {
		t.Fatalf("image labels:\n%s", view)
	}
}

// A long URL with hyperlinks on: one OSC 8 for it, so a redraw grows with
// the URL, not its square; one past what terminals take is text alone.
func TestLongURLOneHyperlink(t *testing.T) {
	km := keys.Default()
	for _, size := range []int{2000, 100_000} {
		m := New(theme.NewStyles(theme.ForStyle("dark")), &km, true)
		m.SetSize(40, 40)
		url := "https://e.example/" + strings.Repeat("a", size)
		m.SetLinks([]render.Link{{N: 1, Text: "long", URL: url}})
		view := m.View()
		opens := strings.Count(view, "\x1b]8;;https://")
		if len(view) > 2*len(url)+10_000 || size > render.MaxHyperlinkURL && opens != 0 || size <= render.MaxHyperlinkURL && opens > 2 {
			t.Fatalf("%d-byte URL: a view of %d bytes, %d hyperlinks", size, len(view), opens)
		}
	}
}

// A feed article's links open as its page wrote them, from the list the
// reader renders: by number and by enter.
func TestFeedLinksOpenAsWritten(t *testing.T) {
	urls := []string{"https://en.wikipedia.org/wiki/Observer_(video_game)", "https://e.example/s?q=a+b&x=y:z", "https://e.example/café"}
	var page strings.Builder
	for _, u := range urls {
		page.WriteString(`<p>See <a href="` + html.EscapeString(u) + `">this</a>.</p>`)
	}
	md, err := feed.ToMarkdown(page.String(), feed.FormatHTML, "https://e.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := render.New("dark", termenv.TrueColor).RenderArticleParts(context.Background(), "", md, 80)
	if err != nil {
		t.Fatal(err)
	}
	km := keys.Default()
	m := New(theme.NewStyles(theme.ForStyle("dark")), &km, true)
	m.SetSize(80, 12)
	m.SetLinks(doc.Links)
	m.Show()
	for i, u := range urls {
		_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{rune('1' + i)}})
		if cmd == nil {
			t.Fatalf("%d opens nothing", i+1)
		}
		if got, ok := cmd().(OpenedMsg); !ok || got.URL != u {
			t.Errorf("%d opens %+v, want %s", i+1, got, u)
		}
		if !strings.Contains(ansi.Strip(m.View()), u) {
			t.Errorf("%s is not shown as written:\n%s", u, ansi.Strip(m.View()))
		}
	}
}

// An in-page link is shown decoded, as a browser and the status line
// show it: a table of contents in another script was a list of %XX.
func TestInPageLinkShownDecoded(t *testing.T) {
	km := keys.Default()
	m := New(theme.NewStyles(theme.ForStyle("dark")), &km, false)
	m.SetSize(80, 12)
	m.SetLinks([]render.Link{{N: 1, Text: "конец", URL: "#%D0%BA%D0%BE%D0%BD%D0%B5%D1%86"}})
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "конец — #конец") || strings.Contains(view, "%D0") {
		t.Fatalf("the in-page link is not shown decoded:\n%s", view)
	}
}
