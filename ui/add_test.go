package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/library"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// The reader adds a source by the rules 'byline add' follows: + asks for
// it, the feed is read at once and its articles listed; a URL that answers
// 404 is refused and not kept.
func TestAddSourceFromTheReader(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed.xml" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Added Feed</title>`+
			`<item><title>Fresh from the added feed</title><guid>1</guid><pubDate>Mon, 02 Mar 2026 10:00:00 +0000</pubDate></item></channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	f := newFixture(t, 3)
	m := f.model()
	m.opts.Library = library.New(library.Options{Store: f.st, Fetcher: feed.NewFetcher("byline-test", 5*time.Second)})
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})

	m = send(t, m, keyMsg("+"))
	if !strings.Contains(ansi.Strip(m.View()), "Add a source") {
		t.Fatalf("+ did not ask for a source:\n%s", ansi.Strip(m.View()))
	}
	m = typeText(t, m, srv.URL+"/missing.xml")
	m = send(t, m, keyMsg("enter"))
	if v := ansi.Strip(m.View()); !strings.Contains(v, "HTTP 404") || !strings.Contains(v, "not added") {
		t.Fatalf("a 404 was not refused:\n%s", v)
	}
	m = send(t, m, keyMsg("+"))
	m = typeText(t, m, srv.URL+"/feed.xml")
	m = send(t, m, keyMsg("enter"))
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "Added “Added Feed”: 1 article") || !strings.Contains(v, "Fresh from the added feed") {
		t.Fatalf("the source was not added and listed:\n%s", v)
	}
	srcs, _ := f.st.Sources(context.Background())
	if len(srcs) != 2 {
		t.Fatalf("sources: %d, want the fixture's and the added one", len(srcs))
	}
}
