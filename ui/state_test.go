package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/byline/byline/store"
	tea "github.com/charmbracelet/bubbletea"
)

// collect runs a command tree and returns its messages without delivering
// them, as a runtime would while the user goes on typing.
func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, collect(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func flags(t *testing.T, st *store.Store, id int64) (read, starred bool) {
	t.Helper()
	a, err := st.Article(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a.Read, a.Starred
}

// n then s, faster than a render completes: the render that arrives carries
// a copy of the article read from the store before "mark read" was saved.
// The star must not undo the read mark, nor the read mark the star.
func TestNextThenStarFasterThanARender(t *testing.T) {
	for _, second := range []string{"s", "r"} {
		f := newFixture(t, 8)
		m := f.model()
		m = run(t, m, m.Init())
		m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("enter"))
		var opened []int64
		for i := 0; i < 6; i++ {
			next, cmd := m.Update(keyMsg("n"))
			m = next.(Model)
			opened = append(opened, m.reader.ArticleID())
			msgs := collect(cmd)
			// The render read the article before the read mark was saved.
			for j, msg := range msgs {
				if r, ok := msg.(articleRenderedMsg); ok {
					r.Article.Read = false
					msgs[j] = r
				}
			}
			for _, msg := range msgs {
				next, cmd := m.Update(msg)
				m = run(t, next.(Model), cmd)
			}
			m = send(t, m, keyMsg(second))
		}
		for _, id := range opened {
			read, starred := flags(t, f.st, id)
			switch second {
			case "s":
				if !read || !starred {
					t.Errorf("n then s: article %d read=%v starred=%v, want both", id, read, starred)
				}
			case "r":
				if read || starred {
					t.Errorf("n then r: article %d read=%v starred=%v, want unread and unstarred", id, read, starred)
				}
			}
		}
	}
}

// The key acts on the article the user moved to, even before its render
// arrives.
func TestKeyActsOnTheArticleMovedTo(t *testing.T) {
	f := newFixture(t, 4)
	m := f.model()
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("enter"))
	first := m.reader.ArticleID()
	next, held := m.Update(keyMsg("n")) // its render and save are held back
	m = next.(Model)
	moved := m.reader.ArticleID()
	if moved == first || moved == 0 {
		t.Fatalf("the reader still names article %d after n", moved)
	}
	next, cmd := m.Update(keyMsg("s"))
	m = run(t, next.(Model), tea.Batch(cmd, held))
	if _, starred := flags(t, f.st, first); starred {
		t.Fatal("s starred the previous article")
	}
	if read, starred := flags(t, f.st, moved); !read || !starred {
		t.Fatalf("moved-to article read=%v starred=%v", read, starred)
	}
}

// Keys written to the terminal in one chunk arrive as one message of
// several runes; each is a key.
func TestKeysThatArriveTogetherAllCount(t *testing.T) {
	f := newFixture(t, 10)
	m := f.model()
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjjj")})
	if c := m.list.Cursor(); c != 4 {
		t.Fatalf("cursor after jjjj = %d, want 4", c)
	}
	m = send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("kks")})
	sel, _ := m.list.Selected()
	if _, starred := flags(t, f.st, sel.ID); m.list.Cursor() != 2 || !starred {
		t.Fatalf("kks: cursor %d, starred %v", m.list.Cursor(), starred)
	}
	// A key that opens a prompt takes the rest of the chunk as typing.
	m = send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/+rust")})
	if !m.prompt.Active() || m.prompt.Value() != "+rust" {
		t.Fatalf("prompt active=%v value %q", m.prompt.Active(), m.prompt.Value())
	}
	// A paste into a prompt goes in whole.
	m = send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(" +go"), Paste: true})
	if m.prompt.Value() != "+rust +go" {
		t.Fatalf("pasted: %q", m.prompt.Value())
	}
}

// Keys that arrive while the next page of the list loads act after it
// arrives, in order: none is dropped at the edge of the loaded rows.
func TestKeysWhileThePageLoadsActAfterIt(t *testing.T) {
	f := newFixture(t, pageSize*2+50)
	m := start(t, f, 80, 24) // narrow: no preview to wait for
	var held []tea.Cmd
	for i := 0; i < 300; i++ {
		next, cmd := m.Update(keyMsg("j"))
		m = next.(Model)
		held = append(held, cmd)
	}
	// The pages arrive only now, as on a busy machine.
	for _, cmd := range held {
		m = run(t, m, cmd)
	}
	if c := m.list.Cursor(); c != 300 {
		t.Fatalf("after 300 j the cursor is on row %d", c)
	}
	// Keys in one message (a paste of keys, typed fast) too.
	m = send(t, m, keyMsg("g"))
	next, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("j", 420))})
	m = run(t, next.(Model), cmd)
	if c := m.list.Cursor(); c != 420 {
		t.Fatalf("after a chunk of 420 j the cursor is on row %d", c)
	}
	// And a paste (a terminal's bracketed paste) outside any input: keys.
	m = send(t, m, keyMsg("g"))
	next, cmd = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("j", 300)), Paste: true})
	m = run(t, next.(Model), cmd)
	if c := m.list.Cursor(); c != 300 {
		t.Fatalf("after pasting 300 j the cursor is on row %d", c)
	}
}

// next_unread and prev_unread find unread articles in rows not loaded yet,
// and wrap: U on the first row goes to the last unread article of the
// whole view.
func TestUnreadStepsLoadTheRowsTheyNeed(t *testing.T) {
	n := pageSize*2 + 50
	f := newFixture(t, n)
	ctx := context.Background()
	items, err := f.st.Articles(ctx, store.ListQuery{Limit: n})
	if err != nil {
		t.Fatal(err)
	}
	var read []int64
	for i, it := range items {
		if i != 420 && i != 430 {
			read = append(read, it.ID)
		}
	}
	if _, err := f.st.SetRead(ctx, true, read...); err != nil {
		t.Fatal(err)
	}
	m := start(t, f, 80, 24)
	m = send(t, m, keyMsg("U"))
	if got := m.reader.Article().Title; got != "Article number 430" || m.list.Cursor() != 430 {
		t.Fatalf("U from the top opened %q (row %d)", got, m.list.Cursor())
	}
	m = send(t, m, keyMsg("esc"), keyMsg("g"), keyMsg("u"))
	if got := m.reader.Article().Title; got != "Article number 420" {
		t.Fatalf("u from the top opened %q", got)
	}
}
