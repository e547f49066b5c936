package library

import (
	"context"
	"fmt"

	"github.com/byline/byline/refresh"
	"github.com/byline/byline/store"
)

// Page is an article made ready to show, the same for 'byline read' and
// the reader's article pane: which body, in what Markdown, under what key.
// Each caller renders it for its medium (Glamour on a terminal, plain text
// piped; the pane's header, pictures drawn as they arrive).
type Page struct {
	Article store.ArticleSummary
	// Markdown is the body shown: the full article when one was fetched
	// (unless the feed's text was asked for), else the feed's text,
	// converted to Markdown once and kept in the store.
	Markdown string
	// Full says Markdown is the full article; HasFull that there is one.
	Full, HasFull bool
	// Key names this body for render caches: it changes when the article
	// or its full text does.
	Key string
}

// ArticlePage builds an article's page; feedText asks for the feed's text
// even when the full article was fetched. An article that is not there is
// store.ErrNotFound.
func ArticlePage(ctx context.Context, st *store.Store, id int64, feedText bool) (Page, error) {
	a, err := st.Article(ctx, id)
	if err != nil {
		return Page{}, err
	}
	p := Page{Article: a.ArticleSummary, HasFull: a.Full != ""}
	if p.HasFull && !feedText {
		p.Markdown, p.Full, p.Key = a.Full, true, fmt.Sprintf("%d:%s:full:%d", a.ID, a.Hash, len(a.Full))
		return p, nil
	}
	if p.Markdown, err = refresh.DisplayMarkdown(ctx, st, a); err != nil {
		return p, err
	}
	p.Key = fmt.Sprintf("%d:%s", a.ID, a.Hash)
	return p, nil
}
