package ui

import (
	"context"
	"fmt"
	"time"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/library"
	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
	"github.com/byline/byline/ui/meta"
	"github.com/byline/byline/ui/render"
	"github.com/byline/byline/ui/status"
	tea "github.com/charmbracelet/bubbletea"
)

// pageSize is how many articles one load brings: a few screens' worth.
const pageSize = 200

// commands make the reader's I/O commands, each run under the reader's
// context, so that quitting stops what is in flight.
type commands struct {
	ctx context.Context
	st  *store.Store
	// renders cancels the reader's article render when a later one starts.
	renders *render.Latest
}

func (c commands) loadArticles(f query.Filter, o store.Order, now time.Time, gen, limit int) tea.Cmd {
	return func() tea.Msg {
		items, err := c.st.Articles(c.ctx, store.ListQuery{Filter: f, Order: o, Limit: limit + 1, Now: now})
		if err != nil {
			return articlesLoadedMsg{Gen: gen, Err: err}
		}
		more := len(items) > limit
		if more {
			items = items[:limit]
		}
		return articlesLoadedMsg{Gen: gen, Items: items, HasMore: more}
	}
}

// loadMore loads the page after the loaded articles: after the last, which
// is the listing's article number skip-1.
func (c commands) loadMore(f query.Filter, o store.Order, now time.Time, gen int, after store.ArticleSummary, skip int) tea.Cmd {
	return func() tea.Msg {
		items, err := c.st.Articles(c.ctx, store.ListQuery{Filter: f, Order: o, After: after.Cursor, Skip: skip, Limit: pageSize + 1, Now: now})
		if err != nil {
			return articlesLoadedMsg{Gen: gen, Append: true, Err: err}
		}
		more := len(items) > pageSize
		if more {
			items = items[:pageSize]
		}
		return articlesLoadedMsg{Gen: gen, Append: true, Items: items, HasMore: more}
	}
}

// loadBefore loads the page before the loaded articles, which start at
// the listing's article number base.
func (c commands) loadBefore(f query.Filter, o store.Order, now time.Time, gen int, first store.ArticleSummary, base int) tea.Cmd {
	return func() tea.Msg {
		lq := store.ListQuery{Filter: f, Order: o, Before: first.Cursor, Limit: pageSize, Now: now}
		if o == store.BySource && base <= 0 {
			return articlesLoadedMsg{Gen: gen, Prepend: true}
		}
		if o == store.BySource {
			lq.Before, lq.Skip, lq.Limit = 0, max(base-pageSize, 0), min(pageSize, base)
		}
		items, err := c.st.Articles(c.ctx, lq)
		if err != nil {
			return articlesLoadedMsg{Gen: gen, Prepend: true, Err: err}
		}
		more := len(items) == pageSize
		if o == store.BySource {
			more = base-len(items) > 0
		}
		return articlesLoadedMsg{Gen: gen, Prepend: true, Items: items, HasMore: more}
	}
}

// loadTail loads the listing's last page: G on a long list reads that
// page alone, however many come before it.
//
// keep reloads what is loaded (limit rows from the end) and keeps the
// cursor on its article.
func (c commands) loadTail(f query.Filter, o store.Order, now time.Time, gen, limit int, keep bool) tea.Cmd {
	return func() tea.Msg {
		ctx, st := c.ctx, c.st
		msg := articlesLoadedMsg{Gen: gen, Tail: true, Keep: keep}
		if n := f.Limit(); n > 0 {
			// #N bounds the listing from its top: list it whole.
			msg.Items, msg.Err = st.Articles(ctx, store.ListQuery{Filter: f, Order: o, Limit: n, Now: now})
			return msg
		}
		if o == store.BySource {
			// Paged by position: the tail's position is needed.
			total, _, err := st.Count(ctx, f, now)
			if err != nil {
				msg.Err = err
				return msg
			}
			msg.Items, msg.Err = st.Articles(ctx, store.ListQuery{Filter: f, Order: o, Tail: true, Limit: limit, Now: now})
			msg.Base = max(total-len(msg.Items), 0)
			return msg
		}
		// Paged by cursor: one more row than shown says whether any come
		// before, and nothing needs counting.
		items, err := st.Articles(ctx, store.ListQuery{Filter: f, Order: o, Tail: true, Limit: limit + 1, Now: now})
		if len(items) > limit {
			items, msg.Base = items[1:], 1
		}
		msg.Items, msg.Err = items, err
		return msg
	}
}

// loadCounts runs apart from the list, so a slow count (a common word over
// a large store) never delays the list's paint.
func (c commands) loadCounts(f query.Filter, now time.Time, gen int) tea.Cmd {
	return func() tea.Msg {
		ctx, st := c.ctx, c.st
		msg := countsLoadedMsg{Gen: gen}
		if msg.Shown, msg.Unread, msg.Err = st.Count(ctx, f, now); msg.Err != nil {
			return msg
		}
		if msg.Total, _, msg.Err = st.Totals(ctx); msg.Err != nil {
			return msg
		}
		msg.Sources, msg.Err = st.SourceCount(ctx)
		return msg
	}
}

// loadTags loads the side pane's tags and sources, how many articles of
// the filter have each tag, and the saved filters.
func (c commands) loadTags(f query.Filter, now time.Time, pane bool) tea.Cmd {
	return func() tea.Msg {
		ctx, st := c.ctx, c.st
		msg := tagsLoadedMsg{Pane: pane}
		if msg.Tags, msg.Err = st.TagCounts(ctx); msg.Err != nil {
			return msg
		}
		// The counts within the view and the sources' counts are for the
		// side pane: not read while it is closed (completion and the saved
		// filters need only the rest).
		if pane {
			if len(f.Terms) == 0 {
				msg.InView = map[string]store.TagCount{}
				for _, t := range msg.Tags {
					msg.InView[t.Tag] = t
				}
			} else if msg.InView, msg.Err = st.TagCountsIn(ctx, f, now); msg.Err != nil {
				return msg
			}
			if msg.Sources, msg.Err = st.Sources(ctx); msg.Err != nil {
				return msg
			}
		}
		msg.Filters, msg.Err = st.SavedFilters(ctx)
		return msg
	}
}

// rememberSort keeps the order with the saved filter it was chosen for.
func (c commands) rememberSort(name string, o store.Order) tea.Cmd {
	return func() tea.Msg {
		if err := c.st.SetFilterSort(c.ctx, name, o); err != nil {
			return status.SetMsg{Text: "Could not remember the order: " + err.Error(), Error: true}
		}
		return nil
	}
}

// renderArticle loads an article, converts its body to Markdown once (and
// caches the conversion in the store), and renders it for the pane width.
// The full article, when one was fetched, is shown unless preferFeed.
func (c commands) renderArticle(r *render.Renderer, id int64, paneWidth, gen int, preferFeed bool) tea.Cmd {
	return func() tea.Msg {
		ctx, done := c.renders.Next(c.ctx, gen)
		defer done()
		page, err := library.ArticlePage(ctx, c.st, id, preferFeed)
		if err != nil {
			return articleRenderedMsg{Gen: gen, Article: page.Article, Err: err}
		}
		msg := articleRenderedMsg{Gen: gen, Article: page.Article, HasFull: page.HasFull, Full: page.Full}
		msg.Doc, msg.Err = r.RenderArticleParts(ctx, page.Key, render.WithoutTitle(page.Markdown, page.Article.Title), render.WrapWidth(paneWidth))
		msg.Body, msg.Links = msg.Doc.Text(), msg.Doc.Links
		return msg
	}
}

// fetchFull gets an article's full text, which fetch stores (or why it
// failed), and reports back.
func (c commands) fetchFull(fetch FullTextFunc, a store.ArticleSummary) tea.Cmd {
	return func() tea.Msg {
		return fullTextFetchedMsg{ID: a.ID, Err: fetch(c.ctx, a.ID, a.Link)}
	}
}

// setField saves one field of one article: the change the key named,
// nothing else.
func (c commands) setField(id int64, f store.Field, value bool, seq int) tea.Cmd {
	return func() tea.Msg {
		_, err := c.st.SetField(c.ctx, f, value, id)
		return fieldSavedMsg{ID: id, Seq: seq, Err: err}
	}
}

func (c commands) editTags(id int64, add, remove []string) tea.Cmd {
	return func() tea.Msg {
		_, err := c.st.EditTags(c.ctx, []int64{id}, add, remove)
		if err != nil {
			return storeChangedMsg{Err: err}
		}
		msg := storeChangedMsg{Status: "Tags saved.", ID: id}
		if a, err := c.st.Article(c.ctx, id); err == nil {
			msg.Tags = a.Tags
		}
		return msg
	}
}

func (c commands) markView(f query.Filter, now time.Time) tea.Cmd {
	return func() tea.Msg {
		n, err := c.st.MarkFiltered(c.ctx, f, true, now)
		if err != nil {
			return storeChangedMsg{Err: err}
		}
		return storeChangedMsg{Status: "Marked " + meta.Plural(n, "article", "articles") + " read."}
	}
}

// saveFilter saves the filter under a name, with the order it lists in.
func (c commands) saveFilter(name string, f query.Filter, o store.Order) tea.Cmd {
	return func() tea.Msg {
		if err := c.st.SaveFilter(c.ctx, name, f.String()); err != nil {
			return storeChangedMsg{Err: err}
		}
		if err := c.st.SetFilterSort(c.ctx, name, o); err != nil {
			return storeChangedMsg{Err: err}
		}
		return storeChangedMsg{Status: fmt.Sprintf("Saved filter %q.", name)}
	}
}

// startRefresh runs a refresh in the background and returns a command that
// delivers its first event; each event's handler asks for the next, so
// progress reaches the UI without blocking it.
func (c commands) startRefresh(fn RefreshFunc) (tea.Cmd, context.CancelFunc) {
	ctx, cancel := context.WithCancel(c.ctx)
	events := make(chan RefreshEvent, 16)
	done := make(chan error, 1)
	go func() {
		err := fn(ctx, func(e RefreshEvent) {
			select {
			case events <- e:
			case <-ctx.Done():
			}
		})
		done <- err
		close(events)
	}()
	return waitRefresh(events, done), cancel
}

func waitRefresh(events <-chan RefreshEvent, done <-chan error) tea.Cmd {
	return func() tea.Msg {
		e, ok := <-events
		if !ok {
			return refreshFinishedMsg{Err: <-done}
		}
		return refreshStep{refreshProgressMsg{e}, waitRefresh(events, done)}
	}
}

// refreshStep pairs a progress message with the command that waits for the
// next one.
type refreshStep struct {
	msg  refreshProgressMsg
	next tea.Cmd
}

func (c commands) loadFailures() tea.Cmd {
	return func() tea.Msg {
		srcs, err := c.st.Sources(c.ctx)
		var failing []store.Source
		for _, s := range srcs {
			if s.LastError != "" {
				failing = append(failing, s)
			}
		}
		return failuresLoadedMsg{Sources: failing, Err: err}
	}
}

func autoRefreshAfter(d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return autoRefreshDueMsg{} })
}

// indexForSearch builds the full-text index for articles written since it
// was last built, in the background, so the user's next search need not.
func (c commands) indexForSearch() tea.Cmd {
	return func() tea.Msg {
		if _, err := c.st.IndexPending(c.ctx); err != nil {
			return status.SetMsg{Text: "Indexing for search failed: " + err.Error(), Error: true}
		}
		return nil
	}
}

// addSource adds a source by the rules 'byline add' follows (the
// library's Add) and says what came of it.
func (c commands) addSource(l *library.Library, location string) tea.Cmd {
	return func() tea.Msg {
		added, err := l.Add(c.ctx, library.AddRequest{Location: location})
		if err != nil {
			return storeChangedMsg{Err: err}
		}
		return storeChangedMsg{Status: addedStatus(added)}
	}
}

// addedStatus is the status line after a source was added.
func addedStatus(a library.Added) string {
	loc := sanitize.Line(a.Location)
	switch {
	case !a.Checked:
		return "Added " + loc + " (offline: not checked; its articles arrive with the next refresh)."
	case a.Unreachable != nil:
		return "Added " + loc + ", which cannot be reached now (" + sanitize.Line(a.Unreachable.Error()) + "); the next refresh tries again."
	}
	s := "Added “" + sanitize.Line(a.Source.Title) + "”: " + meta.Plural(a.New, "article", "articles")
	if a.Page != "" {
		s += " (the feed " + sanitize.Line(a.Page) + " links to)"
	}
	return s + "."
}

// libraryRefresh is the reader's refresh: the library's "refresh
// everything", the same as 'byline refresh', its steps reported as they
// finish.
func libraryRefresh(l *library.Library) RefreshFunc {
	return func(ctx context.Context, report func(RefreshEvent)) error {
		sum, err := l.Refresh(ctx, library.RefreshRequest{Progress: func(s library.Step) {
			report(RefreshEvent{Source: s.Name, Done: s.Done, Total: s.Total, New: s.New, Err: s.Err})
		}})
		if err != nil {
			return err
		}
		return sum.CleanupErr
	}
}
