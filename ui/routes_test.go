package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/ui/keys"
	tea "github.com/charmbracelet/bubbletea"
)

// Each action live in a place (so in that place's help) is carried out
// there by exactly one of the root model and the place's pane, and none is
// carried out where it is not live: a key handled in two places, or
// advertised in the help of a place that does nothing with it, fails here.
func TestEveryLiveActionHasOneHandler(t *testing.T) {
	f := newFixture(t, 1)
	for _, over := range []map[string][]string{nil, {"toggle_star": {"z"}, "quit": {"w"}, "yes": {"o"}}} {
		km, problems := keys.FromConfig(over)
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		m := f.model()
		m.opts.Keys = km
		m = New(m.opts)
		routes := m.routes()
		for _, pl := range keys.Places {
			for _, a := range keys.Actions {
				b := m.keys.Ref(a)
				r, ok := routes[b]
				root := ok && r.in&pl.Place != 0
				pane := m.paneOwns(pl.Place, b)
				switch live := a.Live&pl.Place != 0; {
				case root && pane:
					t.Errorf("%s: %s is carried out by the root and by the pane", pl.Name, a.Name)
				case live && !root && !pane:
					t.Errorf("%s: %s is live there (its help lists it), and nothing carries it out", pl.Name, a.Name)
				case !live && (root || pane):
					t.Errorf("%s: %s is carried out there, though not live (its help leaves it out)", pl.Name, a.Name)
				}
			}
		}
	}
}

// quit_now is live at a question too, as its help says: Q quits there.
func TestQuitNowAtAQuestion(t *testing.T) {
	f := newFixture(t, 4)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("A"))
	if m.place() != keys.Confirm {
		t.Fatalf("A did not ask: place %s", m.place().Name())
	}
	next, cmd := m.Update(keyMsg("Q"))
	m = next.(Model)
	if !m.quitting || cmd == nil {
		t.Fatalf("Q at a question did not quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatalf("Q at a question: %T, want tea.QuitMsg", cmd())
	}
}

// A click on the list while the links list is open over the article
// leaves the article: the links list closes with it, so what is on the
// screen is where keys act (q then goes back from the list, not from a
// links list still drawn).
func TestClickOnTheListClosesTheLinks(t *testing.T) {
	f := newFixture(t, 3)
	f.st.SaveArticles(context.Background(), f.src.ID, []feed.Article{{GUID: "l", Title: "Linky", Link: "https://linky.example/",
		Content: "See [one](https://one.example/) and [two](https://two.example/).", Format: feed.FormatMarkdown, Published: testNow}}, testNow)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("enter"), keyMsg("L"))
	if !m.links.Open() || m.place() != keys.Links {
		t.Fatalf("L did not open the links list: place %s", m.place().Name())
	}
	m = send(t, m, click(5, 2))
	if m.links.Open() || m.place() != keys.List {
		t.Fatalf("after a click on the list: links open %v, place %s", m.links.Open(), m.place().Name())
	}
	if v := m.View(); strings.Contains(v, "Links (") {
		t.Fatalf("the links list is still drawn:\n%s", v)
	}
}
