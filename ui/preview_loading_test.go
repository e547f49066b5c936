package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// runWithholding is run with the article renders withheld: a heavy
// article whose render has not answered yet.
func runWithholding(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	return runDropping(t, m, cmd, func(msg tea.Msg) bool {
		_, render := msg.(articleRenderedMsg)
		return render
	})
}

// While the render of a newly selected article is on its way, the
// preview names that article and says it is loading: it went on showing
// the previous article's title and body beside the new row for as long as
// the render took.
func TestPreviewNamesTheSelectedArticleWhileItRenders(t *testing.T) {
	f := newFixture(t, 5)
	m := start(t, f, 120, 40)
	if !strings.Contains(m.reader.View(), "Article number 0") {
		t.Fatalf("the first article is not previewed:\n%s", m.reader.View())
	}
	next, cmd := m.Update(keyMsg("j"))
	m = runWithholding(t, next.(Model), cmd)
	if got := selectedTitle(m); got != "Article number 1" {
		t.Fatalf("selected %q", got)
	}
	pane := m.reader.View()
	if !strings.Contains(pane, "Article number 1") || !strings.Contains(pane, "Loading") ||
		strings.Contains(pane, "Article number 0") || strings.Contains(pane, "article **0") || strings.Contains(pane, "article 0") {
		t.Errorf("the preview does not name the selected article while it renders:\n%s", pane)
	}
	// The render, once it answers, replaces the word Loading.
	m = send(t, m, m.renderSelected()())
	if pane := m.reader.View(); strings.Contains(pane, "Loading") || !strings.Contains(pane, "Article number 1") {
		t.Errorf("the render did not replace Loading:\n%s", pane)
	}
}
