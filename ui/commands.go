package ui

import (
	"context"
	"fmt"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
	"github.com/byline/byline/ui/render"
	tea "github.com/charmbracelet/bubbletea"
)

// pageSize is how many articles one load brings: a few screens' worth.
const pageSize = 200

func loadArticles(st *store.Store, f query.Filter, now time.Time, gen, limit int) tea.Cmd {
	return func() tea.Msg {
		items, err := st.Articles(context.Background(), store.ListQuery{Filter: f, Limit: limit + 1, Now: now})
		if err != nil {
			return ArticlesLoadedMsg{Gen: gen, Err: err}
		}
		more := len(items) > limit
		if more {
			items = items[:limit]
		}
		return ArticlesLoadedMsg{Gen: gen, Items: items, HasMore: more}
	}
}

func loadMore(st *store.Store, f query.Filter, now time.Time, gen int, after store.ArticleSummary, skip int) tea.Cmd {
	return func() tea.Msg {
		items, err := st.Articles(context.Background(), store.ListQuery{Filter: f, After: after.Cursor, Skip: skip, Limit: pageSize + 1, Now: now})
		if err != nil {
			return ArticlesLoadedMsg{Gen: gen, Append: true, Err: err}
		}
		more := len(items) > pageSize
		if more {
			items = items[:pageSize]
		}
		return ArticlesLoadedMsg{Gen: gen, Append: true, Items: items, HasMore: more}
	}
}

// loadCounts runs apart from the list, so a slow count (a common word over
// a large store) never delays the list's paint.
func loadCounts(st *store.Store, f query.Filter, now time.Time, gen int) tea.Cmd {
	return func() tea.Msg {
		ctx := context.Background()
		msg := CountsLoadedMsg{Gen: gen}
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

func loadTags(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		ctx := context.Background()
		tags, err := st.TagCounts(ctx)
		if err != nil {
			return TagsLoadedMsg{Err: err}
		}
		filters, err := st.SavedFilters(ctx)
		return TagsLoadedMsg{Tags: tags, Filters: filters, Err: err}
	}
}

// renderArticle loads an article, converts its body to Markdown once (and
// caches the conversion in the store), and renders it for the pane width.
// The full article, when one was fetched, is shown unless preferFeed.
func renderArticle(st *store.Store, r *render.Renderer, id int64, paneWidth, gen int, preferFeed, hyperlinks bool) tea.Cmd {
	return func() tea.Msg {
		ctx := context.Background()
		a, err := st.Article(ctx, id)
		if err != nil {
			return ArticleRenderedMsg{Gen: gen, Err: err}
		}
		msg := ArticleRenderedMsg{Gen: gen, Article: a.ArticleSummary, HasFull: a.Full != ""}
		md, key := a.Full, fmt.Sprintf("%d:%s:full:%d", a.ID, a.Hash, len(a.Full))
		if a.Full == "" || preferFeed {
			if md, err = ArticleMarkdown(ctx, st, a); err != nil {
				msg.Err = err
				return msg
			}
			key = fmt.Sprintf("%d:%s", a.ID, a.Hash)
		} else {
			msg.Full = true
		}
		msg.Body, msg.Links, msg.Err = r.RenderArticle(key, md, render.WrapWidth(paneWidth))
		if hyperlinks {
			msg.Body = render.Hyperlink(msg.Body, msg.Links)
		}
		return msg
	}
}

// fetchFull gets an article's full text, stores it (or why it failed) and
// reports back.
func fetchFull(st *store.Store, fetch FullTextFunc, a store.ArticleSummary) tea.Cmd {
	return func() tea.Msg {
		ctx := context.Background()
		md, err := fetch(ctx, a.Link)
		errText := ""
		if err != nil {
			errText = err.Error()
		}
		if serr := st.SetFullText(ctx, a.ID, md, errText); serr != nil && err == nil {
			err = serr
		}
		return FullTextFetchedMsg{ID: a.ID, Err: err}
	}
}

// ArticleMarkdown returns an article's body as Markdown, converting feed
// HTML on first use and caching the result in the store.
func ArticleMarkdown(ctx context.Context, st *store.Store, a store.Article) (string, error) {
	if a.Markdown != "" {
		return a.Markdown, nil
	}
	if a.Format == feed.FormatMarkdown || a.Format == feed.FormatText {
		return feed.ToMarkdown(a.Content, a.Format, "")
	}
	base := a.Link
	if base == "" {
		base = a.SourceSiteURL
	}
	if base == "" {
		base = a.SourceLocation
	}
	md, err := feed.ToMarkdown(a.Content, a.Format, base)
	if err != nil {
		return "", fmt.Errorf("convert article %d to Markdown: %w", a.ID, err)
	}
	if err := st.SetMarkdown(ctx, a.ID, md); err != nil {
		return "", err
	}
	return md, nil
}

func saveFlags(st *store.Store, id int64, read, starred bool) tea.Cmd {
	return func() tea.Msg {
		ctx := context.Background()
		err := st.SetRead(ctx, read, id)
		if err == nil {
			err = st.SetStarred(ctx, starred, id)
		}
		return FlagsSavedMsg{ID: id, Read: read, Starred: starred, Err: err}
	}
}

func editTags(st *store.Store, id int64, add, remove []string) tea.Cmd {
	return func() tea.Msg {
		_, err := st.EditTags(context.Background(), []int64{id}, add, remove)
		if err != nil {
			return StoreChangedMsg{Err: err}
		}
		return StoreChangedMsg{Status: "Tags saved."}
	}
}

func markView(st *store.Store, f query.Filter, now time.Time) tea.Cmd {
	return func() tea.Msg {
		n, err := st.MarkFiltered(context.Background(), f, true, now)
		if err != nil {
			return StoreChangedMsg{Err: err}
		}
		return StoreChangedMsg{Status: fmt.Sprintf("Marked %d articles read.", n)}
	}
}

func saveFilter(st *store.Store, name string, f query.Filter) tea.Cmd {
	return func() tea.Msg {
		if err := st.SaveFilter(context.Background(), name, f.String()); err != nil {
			return StoreChangedMsg{Err: err}
		}
		return StoreChangedMsg{Status: fmt.Sprintf("Saved filter %q.", name)}
	}
}

// startRefresh runs a refresh in the background and returns a command that
// delivers its first event; each event's handler asks for the next, so
// progress reaches the UI without blocking it.
func startRefresh(fn RefreshFunc) (tea.Cmd, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
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
			return RefreshFinishedMsg{Err: <-done}
		}
		return refreshStep{RefreshProgressMsg{e}, waitRefresh(events, done)}
	}
}

// refreshStep pairs a progress message with the command that waits for the
// next one.
type refreshStep struct {
	msg  RefreshProgressMsg
	next tea.Cmd
}

func loadFailures(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		srcs, err := st.Sources(context.Background())
		var failing []store.Source
		for _, s := range srcs {
			if s.LastError != "" {
				failing = append(failing, s)
			}
		}
		return FailuresLoadedMsg{Sources: failing, Err: err}
	}
}

func autoRefreshAfter(d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return autoRefreshDueMsg{} })
}

// indexForSearch builds the full-text index for articles written since it
// was last built, in the background, so the user's next search need not.
func indexForSearch(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		if _, err := st.IndexPending(context.Background()); err != nil {
			return StatusMsg{Text: "Indexing for search failed: " + err.Error(), Error: true}
		}
		return nil
	}
}
