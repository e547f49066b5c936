package library

// Moving in from another reader: newsboat's urls file and cache, nom's
// config. The files are read by feed/newsboat, which knows nothing of the
// store; what they hold is written through the store's own calls.

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/newsboat"
	"github.com/byline/byline/store"
)

// HiddenTag marks the feeds newsboat hid from its feed list ("!" tags).
const HiddenTag = "hidden"

// ImportedFilter is what became of one of newsboat's query feeds.
type ImportedFilter struct {
	Name  string
	Query string // byline's filter, when it translated
	Expr  string // newsboat's expression
	Line  int
	// Err says why it was not imported (it could not be translated).
	Err error
	// Existed is a filter of that name already saved; it was kept.
	Existed bool
	// Note says how the filter differs from newsboat's, when it says
	// nearly the same (a regular expression read as a word search).
	Note string
}

// FeedsImported is what importing newsboat's urls file (or nom's
// config) did.
type FeedsImported struct {
	Added    int
	Existing []string // feed URLs already sources
	Filters  []ImportedFilter
	Skipped  []newsboat.Skipped
}

// source is the source a feed URL of newsboat's maps to: an http(s) feed
// is a URL source of that URL, a file:// feed a feed file.
func source(u string) (store.NewSource, bool) {
	lower := strings.ToLower(u)
	switch {
	case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"):
		return store.NewSource{Kind: string(feed.KindURL), Location: u}, true
	case strings.HasPrefix(lower, "file://"):
		p, err := url.Parse(u)
		if err != nil || p.Path == "" {
			return store.NewSource{}, false
		}
		return store.NewSource{Kind: string(feed.KindFile), Location: p.Path}, true
	}
	return store.NewSource{}, false
}

// ImportFeeds adds newsboat's (or nom's) feeds as sources, with their
// titles and tags; a hidden feed is tagged HiddenTag. Feeds already there
// are left as they are and listed.
func (l *Library) ImportFeeds(ctx context.Context, feeds []newsboat.Feed) (FeedsImported, error) {
	st := l.Store
	var r FeedsImported
	list := make([]store.NewSource, 0, len(feeds))
	for _, f := range feeds {
		ns, ok := source(f.URL)
		if !ok {
			r.Skipped = append(r.Skipped, newsboat.Skipped{Line: f.Line, Text: f.URL, Reason: "not a feed URL byline reads"})
			continue
		}
		ns.Title = f.Title
		ns.Tags = append([]string(nil), f.Tags...)
		if f.Hidden {
			ns.Tags = append(ns.Tags, HiddenTag)
		}
		list = append(list, ns)
	}
	added, existing, err := st.AddSources(ctx, list)
	if err != nil {
		return r, err
	}
	r.Added, r.Existing = added, existing
	return r, nil
}

// ImportNewsboatURLs imports newsboat's urls file: its feeds (ImportFeeds), and its query
// feeds as saved filters where byline's filter language can say the same;
// those it cannot are returned with the reason. exec: and filter: lines
// are listed as skipped, never run. A filter whose name is taken is kept.
func (l *Library) ImportNewsboatURLs(ctx context.Context, u newsboat.URLs, starFlag string) (FeedsImported, error) {
	st := l.Store
	r, err := l.ImportFeeds(ctx, u.Feeds)
	if err != nil {
		return r, err
	}
	r.Skipped = append(u.Skipped, r.Skipped...)
	saved, err := st.SavedFilters(ctx)
	if err != nil {
		return r, err
	}
	have := map[string]bool{}
	for _, f := range saved {
		have[f.Name] = true
	}
	for _, q := range u.Queries {
		res := ImportedFilter{Name: q.Name, Expr: q.Expr, Line: q.Line}
		res.Query, res.Note, res.Err = translateNewsboatFilter(q.Expr, starFlag)
		switch {
		case res.Err != nil:
		case have[q.Name]:
			res.Existed = true
		default:
			if err := st.SaveFilter(ctx, q.Name, res.Query); err != nil {
				res.Err = err
			} else {
				have[q.Name] = true
			}
		}
		r.Filters = append(r.Filters, res)
	}
	return r, nil
}

// NewsboatCacheOptions tune an import of newsboat's cache.
type NewsboatCacheOptions struct {
	// StarFlag is the newsboat flag that becomes the star ("" for none);
	// every other flag becomes a tag (NewsboatFlagTag).
	StarFlag string
	// Progress, when set, is called after each batch with the items done
	// and the total.
	Progress func(done, total int)
	// BatchSize is how many items each transaction writes (default 1000).
	BatchSize int
	Now       func() time.Time
}

// NewsboatCacheImported is what importing newsboat's cache did.
type NewsboatCacheImported struct {
	Items      int // items read (not deleted in newsboat)
	New        int // articles added
	Present    int // already in the store, left as they were
	NewSources int // sources created for feeds not yet followed
	// Oversize counts items whose content was too large to import; they
	// were imported without it.
	Oversize int
	// Unsupported lists the feeds whose articles were not imported (exec:
	// and filter: feeds), with how many.
	Unsupported map[string]int
}

// ImportNewsboatCache imports newsboat's cache: every item not deleted becomes an
// article of its feed's source (created when absent), with its content,
// enclosure, read state and flags (as tags, or the star). A deleted item is
// kept from coming back with the next refresh, as in newsboat. It writes in
// transactions of BatchSize items, so that an interrupted import leaves a
// consistent store and running it again resumes: what is there is left as
// it is. A later refresh of the feed recognises the imported articles.
func (l *Library) ImportNewsboatCache(ctx context.Context, c *newsboat.Cache, o NewsboatCacheOptions) (NewsboatCacheImported, error) {
	st := l.Store
	r := NewsboatCacheImported{Unsupported: map[string]int{}}
	if o.BatchSize <= 0 {
		o.BatchSize = 1000
	}
	if o.Now == nil {
		o.Now = l.now
	}
	total, err := c.Count(ctx)
	if err != nil {
		return r, err
	}
	feeds, err := c.Feeds(ctx)
	if err != nil {
		return r, err
	}
	done := 0
	for _, f := range feeds {
		ns, ok := source(f.URL)
		var src store.Source
		if ok {
			src, err = st.FindSource(ctx, ns.Location)
			switch {
			case errors.Is(err, store.ErrNotFound) && f.Live == 0:
				// Nothing to bring of a feed not followed here: it is not
				// added for the articles deleted in newsboat alone.
				continue
			case errors.Is(err, store.ErrNotFound):
				if src, err = st.AddSource(ctx, ns); err == nil {
					r.NewSources++
				}
			}
			if err != nil {
				return r, fmt.Errorf("%s: %w", f.URL, err)
			}
		}
		var after int64
		for {
			if err := ctx.Err(); err != nil {
				return r, err
			}
			items, err := c.Items(ctx, f.URL, after, o.BatchSize)
			if err != nil {
				return r, err
			}
			if len(items) == 0 {
				break
			}
			after = items[len(items)-1].ID
			live := 0
			for _, it := range items {
				if !it.Deleted {
					live++
				}
			}
			r.Items += live
			switch {
			case !ok && live > 0:
				r.Unsupported[f.URL] += live
			case ok:
				batch := make([]store.ImportedArticle, len(items))
				for i, it := range items {
					if it.Oversize > 0 {
						r.Oversize++
					}
					batch[i] = NewsboatArticle(it, o.StarFlag)
				}
				stats, err := st.ImportArticles(ctx, src.ID, batch, o.Now())
				if err != nil {
					return r, fmt.Errorf("%s: %w", f.URL, err)
				}
				r.New += stats.New
				r.Present += stats.Present
			}
			done += live
			if o.Progress != nil {
				o.Progress(min(done, total), total)
			}
		}
	}
	return r, nil
}

// NewsboatArticle is a newsboat item as byline keeps it: its content rendered as a
// feed's (the enclosure attached as a feed's is), its flags as tags or the
// star. Its GUID is the one byline's own refresh gives the same item, so a
// refresh recognises it: newsboat keys an item without a guid by its link
// and date written together, byline by its link alone.
func NewsboatArticle(it newsboat.Item, starFlag string) store.ImportedArticle {
	content := it.Content
	a := feed.Article{GUID: it.GUID, Title: it.Title, Link: it.URL, Author: it.Author, Published: it.Published, Format: feed.FormatHTML}
	if it.URL != "" && strings.HasPrefix(it.GUID, it.URL) && looksLikeDate(it.GUID[len(it.URL):]) {
		a.GUID = ""
	}
	if feed.IsURL(it.EnclosureURL) {
		content += feed.AttachmentHTML(it.EnclosureType, it.EnclosureURL)
	}
	a.Content = content
	if it.Oversize > 0 {
		a.Problem = fmt.Sprintf("its content in newsboat (%d MB) was too large to import", it.Oversize>>20)
	}
	out := store.ImportedArticle{Article: feed.NewArticle(a), Read: !it.Unread, Gone: it.Deleted}
	for _, fl := range it.Flags {
		switch {
		case !unicode.IsLetter(fl) || fl > unicode.MaxASCII:
		case string(fl) == starFlag:
			out.Starred = true
		default:
			out.Tags = append(out.Tags, NewsboatFlagTag(fl))
		}
	}
	return out
}

// looksLikeDate is the date newsboat writes after an item's link in the
// guid it makes up: a feed's date as written, with digits and a colon.
func looksLikeDate(s string) bool {
	return s != "" && strings.ContainsAny(s, "0123456789") && strings.Contains(s, ":") && !strings.ContainsAny(s[:1], "#/?&")
}
