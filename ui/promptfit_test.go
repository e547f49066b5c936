package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The remove-tags prompt keeps what is typed on screen however many tags
// the article has: the list of them in its label gives way.
func TestRemoveTagsPromptKeepsTheInputOnScreen(t *testing.T) {
	f := newFixture(t, 2)
	var many []string
	for i := 0; i < 30; i++ {
		many = append(many, fmt.Sprintf("a-rather-long-tag-%02d", i))
	}
	m := start(t, f, 120, 40)
	sel, _ := m.list.Selected()
	if _, err := f.st.EditTags(context.Background(), []int64{sel.ID}, many, nil); err != nil {
		t.Fatal(err)
	}
	m = send(t, m, storeChangedMsg{})
	m = send(t, m, keyMsg("T"))
	m = typeText(t, m, "zzqx")
	view := m.View()
	var line string
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, "Remove tags") {
			line = l
		}
	}
	if !strings.Contains(line, "zzqx") {
		t.Fatalf("what was typed is not on the prompt's line:\n%s", line)
	}
	for _, l := range strings.Split(view, "\n") {
		if w := ansi.StringWidth(l); w > 120 {
			t.Fatalf("a line %d columns wide on a 120-column screen:\n%s", w, l)
		}
	}
}

// At 60 columns a filter's error is shown whole, its advice included, on
// as many lines as it needs.
func TestFilterErrorShowsItsAdviceWhenNarrow(t *testing.T) {
	f := newFixture(t, 5)
	m := start(t, f, 60, 24)
	m = send(t, m, keyMsg("/"))
	m = typeText(t, m, "@3 fortnights")
	m = send(t, m, filterDueMsg{gen: m.filterGen})
	errText := m.prompt.Error()
	if errText == "" {
		t.Fatal("no error for a bad filter")
	}
	view := m.View()
	// Bubble Tea cuts a line at the terminal's width: what is past it is
	// not seen.
	for _, l := range strings.Split(view, "\n") {
		if w := ansi.StringWidth(l); w > 60 {
			t.Fatalf("a line %d columns wide at 60 columns:\n%s", w, l)
		}
	}
	flat := strings.Join(strings.Fields(ansi.Strip(view)), " ")
	if !strings.Contains(flat, strings.Join(strings.Fields(errText), " ")) {
		t.Fatalf("the error %q is not shown whole at 60 columns:\n%s", errText, view)
	}
	if h := len(strings.Split(view, "\n")); h > 24 {
		t.Fatalf("the screen is %d lines on a 24-line terminal", h)
	}
}
