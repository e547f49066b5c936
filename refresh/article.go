package refresh

import (
	"context"
	"fmt"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/store"
)

// DisplayMarkdown returns an article's body as the Markdown it is shown as,
// converting feed HTML on first use and caching the result in the store.
// The reader and 'byline read' both show this.
func DisplayMarkdown(ctx context.Context, st *store.Store, a store.Article) (string, error) {
	if a.Markdown != "" {
		return a.Markdown, nil
	}
	if a.Format == feed.FormatMarkdown || a.Format == feed.FormatText {
		return feed.ToMarkdown(a.Content, a.Format, "") // cleaned on the way
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

// FullText fetches one article's page and stores its main content, or why
// extracting it failed (the feed's content stays either way). It returns
// the fetch's error.
func (r *Refresher) FullText(ctx context.Context, id int64, link string) error {
	if r.Offline || r.Fetcher == nil {
		return ErrOffline
	}
	release, err := r.hostSlot(ctx, link) // a turn among the host's requests
	if err != nil {
		return err
	}
	md, err := r.Fetcher.FullArticle(ctx, link)
	release()
	errText := ""
	if err != nil {
		errText = err.Error()
	}
	if serr := r.Store.SetFullText(context.WithoutCancel(ctx), id, md, errText); serr != nil && err == nil {
		err = serr
	}
	return err
}
