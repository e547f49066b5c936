package ui

// Reading later and offline: a saves the link under the cursor of the
// links pane, or the article being read with its full page, to the Saved
// source; P prefetches the full text of the view, after a count and a
// confirmation. The work is the engine's (the library's Save,
// SaveArticle and Prefetch), run in tea.Cmds; this file asks and reports.

import (
	"context"
	"fmt"
	"github.com/byline/byline/ui/meta"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/library"
	tea "github.com/charmbracelet/bubbletea"
)

// PageSavedMsg reports a link or an article saved to Saved.
type PageSavedMsg struct{ Saved library.Saved }

// PrefetchPlannedMsg carries what prefetching the view would fetch.
type PrefetchPlannedMsg struct {
	Plan library.PrefetchPlan
	Err  error
}

// PrefetchFinishedMsg reports a prefetch over.
type PrefetchFinishedMsg struct {
	Summary library.PrefetchSummary
	Err     error
}

// saveMsg is any of the messages above, so Update routes them here in one
// case.
type saveMsg interface{ isSaveMsg() }

func (PageSavedMsg) isSaveMsg()        {}
func (PrefetchPlannedMsg) isSaveMsg()  {}
func (PrefetchFinishedMsg) isSaveMsg() {}

// saveLink saves a link of the links pane. Offline it is saved pending,
// and a refresh fetches it.
func (m Model) saveLink(url string) (Model, tea.Cmd) {
	return m.startSave("Saving "+sanitize.Line(url)+"…", func(ctx context.Context, l *library.Library) library.Saved {
		return l.Save(ctx, []library.SaveRequest{{URL: url}}, nil)[0]
	})
}

// saveCurrent saves the article being read (or under the list cursor) to
// Saved with its full page, so that it stays when retention removes the
// feed's copy.
func (m Model) saveCurrent() (Model, tea.Cmd) {
	a, ok := m.current()
	if !ok {
		return m, nil
	}
	id := a.ID
	return m.startSave("Saving “"+sanitize.Line(a.Title)+"”…", func(ctx context.Context, l *library.Library) library.Saved {
		return l.SaveArticle(ctx, id)
	})
}

// startSave says what is being saved and saves it in a command.
func (m Model) startSave(status string, save func(context.Context, *library.Library) library.Saved) (Model, tea.Cmd) {
	l := m.opts.Library
	if l == nil {
		return m.setStatus("Saving is not available here.", true), nil
	}
	ctx := m.io.ctx
	return m.setStatus(status, false), func() tea.Msg { return PageSavedMsg{Saved: save(ctx, l)} }
}

// askPrefetch counts the view's articles that lack their full text; the
// answer opens the confirmation.
func (m Model) askPrefetch() (Model, tea.Cmd) {
	l := m.opts.Library
	if l == nil || l.Offline() {
		return m.setStatus("Offline: nothing can be prefetched.", true), nil
	}
	ctx, st, f, now := m.io.ctx, m.opts.Store, m.filter, m.opts.Now()
	return m.setStatus("Counting what this view lacks…", false), func() tea.Msg {
		ids, err := st.ArticleIDs(ctx, f, now)
		if err != nil {
			return PrefetchPlannedMsg{Err: err}
		}
		plan, err := l.PlanPrefetch(ctx, ids)
		return PrefetchPlannedMsg{Plan: plan, Err: err}
	}
}

// prefetchAnswer carries out the answer to the prefetch confirmation.
func (m Model) prefetchAnswer(yes bool) (Model, tea.Cmd) {
	plan := *m.prefetchPlan
	m.prefetchPlan = nil
	m.prompt.Close()
	m.layout()
	if !yes {
		return m.setStatus("Nothing fetched.", false), nil
	}
	l, ctx := m.opts.Library, m.io.ctx
	return m.setStatus(fmt.Sprintf("Prefetching %s…", meta.Plural(len(plan.Todo), "article", "articles")), false), func() tea.Msg {
		sum, err := l.Prefetch(ctx, plan, nil)
		return PrefetchFinishedMsg{Summary: sum, Err: err}
	}
}

func (m Model) updateSave(msg saveMsg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case PageSavedMsg:
		s := msg.Saved
		title := sanitize.Line(s.Title)
		if title == "" {
			title = sanitize.Line(s.URL)
		}
		switch {
		case s.ID == 0:
			return m.setStatus("Not saved: "+errText(s.Err), true), nil
		case s.Existed:
			return m.setStatus("Already in Saved: “"+title+"”.", false), nil
		case s.Pending:
			m = m.setStatus("Saved “"+title+"”, not fetched yet ("+errText(s.Err)+"): a refresh fetches it.", false)
		default:
			m = m.setStatus("Saved “"+title+"” (=saved lists what you saved).", false)
		}
		cmd := m.reload(max(m.list.Len(), pageSize))
		return m, tea.Batch(cmd, m.loadTags())

	case PrefetchPlannedMsg:
		switch {
		case msg.Err != nil:
			return m.setStatus("Could not count the view: "+msg.Err.Error(), true), nil
		case len(msg.Plan.Todo) == 0:
			return m.setStatus("Every article in this view has its full text already.", false), nil
		case m.prompt.Active():
			return m, nil // the user is typing something else
		}
		plan := msg.Plan
		m.prefetchPlan = &plan
		m.prompt.Ask(fmt.Sprintf("Fetch the full text of %s in this view, to read offline?", meta.Plural(len(plan.Todo), "article", "articles")))
		m.layout()
		return m.setStatus("", false), nil

	case PrefetchFinishedMsg:
		s := msg.Summary
		text := fmt.Sprintf("Prefetched: %d fetched, %d failed, %d had their full text already.", s.Fetched, s.Failed, s.Had)
		if msg.Err != nil {
			text = "Prefetch stopped: " + msg.Err.Error() + ". " + text
		}
		return m.setStatus(text, msg.Err != nil || s.Failed > 0), nil
	}
	return m, nil
}

func errText(err error) string {
	if err == nil {
		return "unknown error"
	}
	return sanitize.Line(err.Error())
}
