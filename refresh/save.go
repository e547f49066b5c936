package refresh

import (
	"context"
	"errors"
	"fmt"
	"html"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/store"
)

// Saving a page keeps it as an article of the built-in Saved source: its
// metadata as the article's, a card (lead image and description) as its
// content, and its main content as its full text, so it reads offline
// like any article and retention never removes it. A page that cannot be
// fetched is saved at once with what is known and marked pending; a
// refresh fetches it (see fetchPending).
//
// Saving is local: with a sync server the Saved source is not pushed. A
// push would read the same articles (SaveRequest is what the user asked
// for, Saved what came of it).

// SaveRequest is one page to save.
type SaveRequest struct {
	URL string
	// Title is what is known of the page before it is fetched (from an
	// export or a bookmark); the page's own title replaces it.
	Title string
	// Tags are added as the user's own tags.
	Tags []string
	// Added is when the page was saved, for an import; the page's own
	// date, when it has one, is shown instead. Zero: now.
	Added time.Time
	// Read marks it read (an archived Pocket item), Starred starred.
	Read, Starred bool
	// NoFetch records the page as pending without fetching it: an import
	// of hundreds leaves the fetching to the next refresh.
	NoFetch bool
}

// Saved is what saving a page did.
type Saved struct {
	ID      int64
	URL     string // canonical
	Title   string
	Existed bool // the page was saved before: it is the same article
	// Pending says the page was not fetched; Err says why (nil when it
	// was not tried).
	Pending bool
	Err     error
	// Problem says the page was saved but looks incomplete.
	Problem string
}

// saveWorkers is how many pages are saved at once.
const saveWorkers = 4

// SaveAll saves pages concurrently (a few at once, at most two a host),
// calling report (from one goroutine at a time) as each is done. A page
// that fails is saved pending; only a store failure or a URL that is not
// http(s) is an error in its Saved.
//
// A page asked for twice (the same URL, or one that differs only by
// tracking parameters) is saved once, with the tags of both: the result
// has one Saved for each page, in the order first asked.
func (r *Refresher) SaveAll(ctx context.Context, reqs []SaveRequest, report func(done int, s Saved)) []Saved {
	reqs = samePagesOnce(reqs)
	if !slices.ContainsFunc(reqs, func(q SaveRequest) bool { return !q.NoFetch }) {
		return r.saveUnfetched(ctx, reqs, report)
	}
	out := make([]Saved, len(reqs))
	// Each page is looked up by the store's indexes, and the source's note
	// on pages not fetched is written once at the end: each page read
	// every saved page (3,000 URLs saved offline took 17 s).
	var idx *savedIndex
	src, err := r.Store.SavedSource(ctx)
	if err == nil {
		idx = &savedIndex{store: r.Store, source: src.ID}
	}
	var mu sync.Mutex
	done := 0
	var lastFetchErr error
	forEach(ctx, saveWorkers, len(reqs), func(i int) {
		var s Saved
		if idx != nil {
			s = r.savePage(ctx, reqs[i], src, idx)
		} else {
			s = r.Save(ctx, reqs[i])
		}
		mu.Lock()
		defer mu.Unlock()
		out[i] = s
		if s.ID != 0 && s.Pending && s.Err != nil {
			lastFetchErr = s.Err
		}
		done++
		if report != nil {
			report(done, s)
		}
	})
	if idx != nil && lastFetchErr != nil {
		r.recordPending(ctx, src.ID, lastFetchErr)
	}
	return out
}

// samePagesOnce merges the requests for one page into its first: its tags
// are all of theirs, and it is starred when any is. Two workers saving one
// page at once would each find it new, and the second save would find
// nothing to add.
func samePagesOnce(reqs []SaveRequest) []SaveRequest {
	out := make([]SaveRequest, 0, len(reqs))
	at := make(map[string]int, len(reqs))
	for _, q := range reqs {
		canon, err := feed.CanonicalURL(q.URL)
		if err != nil {
			out = append(out, q) // reported as it is
			continue
		}
		i, seen := at[canon]
		if !seen {
			at[canon] = len(out)
			q.Tags = slices.Clone(q.Tags)
			out = append(out, q)
			continue
		}
		first := &out[i]
		for _, t := range q.Tags {
			if !slices.Contains(first.Tags, t) {
				first.Tags = append(first.Tags, t)
			}
		}
		first.Starred = first.Starred || q.Starred
		if first.Title == "" {
			first.Title = q.Title
		}
	}
	return out
}

// importBatchRows is how many rows of an import one transaction writes: a
// few transactions a row made 100,000 Pocket rows take minutes, and a few
// hundred rows keep each transaction short, so that other writers get
// their turn between them.
const importBatchRows = 250

// saveUnfetched saves pages without fetching them (an import), a batch of
// rows a transaction: with no network to wait on, workers would only take
// turns at the store. Each is looked up among the Saved source's pages,
// read once, so that the cost of a row does not grow with the pages saved
// before it (10,000 Pocket rows took minutes). An interruption stops the
// import between batches.
func (r *Refresher) saveUnfetched(ctx context.Context, reqs []SaveRequest, report func(done int, s Saved)) []Saved {
	out := make([]Saved, len(reqs))
	src, err := r.Store.SavedSource(ctx)
	var pages []store.SavedPage
	if err == nil {
		pages, err = r.Store.SavedPages(ctx, src.ID)
	}
	idx := newSavedIndex(pages)
	for start := 0; start < len(reqs); start += importBatchRows {
		end := min(start+importBatchRows, len(reqs))
		if err == nil {
			err = ctx.Err()
		}
		if err == nil {
			err = r.importBatch(ctx, reqs[start:end], out[start:end], src, idx)
		}
		for i := start; i < end; i++ {
			if err != nil {
				out[i] = Saved{URL: sanitize.Line(strings.TrimSpace(reqs[i].URL)), Err: err}
			}
			if report != nil {
				report(i+1, out[i])
			}
		}
	}
	return out
}

// importBatch saves a batch of an import's rows in one transaction, each
// with its tags and read state. When the transaction fails, each row is
// saved alone, so that a row at fault fails alone. The error is one that
// kept the whole batch from being saved: the store busy past patience,
// the import interrupted while it waited.
func (r *Refresher) importBatch(ctx context.Context, reqs []SaveRequest, out []Saved, src store.Source, idx *savedIndex) error {
	pages := make([]store.UnfetchedPage, 0, len(reqs))
	rows := make([]int, 0, len(reqs))
	for i, req := range reqs {
		canon, err := feed.CanonicalURL(req.URL)
		if err != nil {
			out[i] = Saved{URL: sanitize.Line(strings.TrimSpace(req.URL)), Err: fmt.Errorf("%s: %w", sanitize.Line(req.URL), ErrNotAPage)}
			continue
		}
		out[i] = Saved{URL: canon}
		p := store.UnfetchedPage{Tags: userTags(req.Tags)}
		if known, ok, _ := idx.find(ctx, canon, canon); ok { // an import's pages are in memory
			p.ID = known.ID
			out[i].Existed, out[i].Pending, out[i].Title = true, known.Pending, known.Title
		} else {
			p.At = req.Added
			if p.At.IsZero() {
				p.At = r.now()
			}
			p.Article = pendingArticle(canon, req.Title, nil)
			p.Read, p.Starred = req.Read, req.Starred
			out[i].Pending, out[i].Title = true, p.Article.Title
		}
		pages = append(pages, p)
		rows = append(rows, i)
	}
	if len(pages) == 0 {
		return nil
	}
	done, err := r.Store.SaveUnfetched(ctx, src.ID, pages)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		for _, i := range rows {
			out[i] = r.savePage(context.WithoutCancel(ctx), reqs[i], src, idx)
		}
		return nil
	}
	for j, i := range rows {
		d, p := done[j], pages[j]
		switch {
		case d.ID == 0:
			// Saved before, and removed from the store since: it is not
			// brought back. Say so rather than lie.
			out[i] = Saved{URL: out[i].URL, Err: errors.New("this page was saved and removed before")}
		case p.ID == 0 && d.Existed:
			// Saved meanwhile by another byline: it is that article.
			out[i].ID, out[i].Existed = d.ID, true
			out[i].Pending, out[i].Title = r.isPending(ctx, d.ID)
		default:
			out[i].ID = d.ID
		}
		if p.ID == 0 && d.ID != 0 && !d.Existed {
			idx.add(store.SavedPage{ID: d.ID, Key: out[i].URL, Link: p.Article.Link, Title: p.Article.Title, Pending: true})
		}
	}
	return nil
}

// savedIndex finds the Saved source's pages by key and by link, as
// SavedArticle does: in the store, or, for an import of many rows, among
// the pages read at once.
type savedIndex struct {
	// store and source, when set, are where pages are looked up;
	// otherwise byKey and byLink hold them.
	store  *store.Store
	source int64

	mu            sync.Mutex // SaveAll's workers share it
	byKey, byLink map[string]store.SavedPage
}

func newSavedIndex(pages []store.SavedPage) *savedIndex {
	x := &savedIndex{byKey: make(map[string]store.SavedPage, len(pages)), byLink: make(map[string]store.SavedPage, len(pages))}
	for _, p := range pages {
		x.add(p)
	}
	return x
}

func (x *savedIndex) add(p store.SavedPage) {
	if x.store != nil {
		return // the store has it
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.byKey[p.Key] = p
	if _, ok := x.byLink[p.Link]; p.Link != "" && !ok {
		x.byLink[p.Link] = p
	}
}

// find is SavedArticle: by key, else by link.
func (x *savedIndex) find(ctx context.Context, key, link string) (store.SavedPage, bool, error) {
	if x.store != nil {
		return x.store.FindSavedPage(ctx, x.source, key, link)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, m := range []map[string]store.SavedPage{x.byKey, x.byLink} {
		for _, k := range []string{key, link} {
			if p, ok := m[k]; ok {
				return p, true, nil
			}
		}
	}
	return store.SavedPage{}, false, nil
}

// forEach runs fn for 0..n-1 on at most workers goroutines, and stops
// handing out work when ctx is done.
func forEach(ctx context.Context, workers, n int, fn func(i int)) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				fn(i)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		select {
		case jobs <- i:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
}

// ErrNotAPage is a URL that names no web page to save.
var ErrNotAPage = errors.New("only http and https pages can be saved (a Markdown file or a folder of them is read with 'byline add PATH')")

// Save saves one page; see SaveAll. Saved.Err is set and Saved.ID is 0
// when nothing was saved.
func (r *Refresher) Save(ctx context.Context, req SaveRequest) Saved {
	return r.savePage(ctx, req, store.Source{}, nil)
}

// savePage is Save; with idx, src is the Saved source and idx its pages,
// kept up to date with what this save adds, and the caller records on the
// source that pages were not fetched (recordPending).
func (r *Refresher) savePage(ctx context.Context, req SaveRequest, src store.Source, idx *savedIndex) Saved {
	canon, err := feed.CanonicalURL(req.URL)
	if err != nil {
		return Saved{URL: sanitize.Line(strings.TrimSpace(req.URL)), Err: fmt.Errorf("%s: %w", sanitize.Line(req.URL), ErrNotAPage)}
	}
	out := Saved{URL: canon}
	if idx == nil {
		if src, err = r.Store.SavedSource(ctx); err != nil {
			out.Err = err
			return out
		}
	}
	var key string
	var known store.SavedPage
	if idx != nil {
		if known, _, err = idx.find(ctx, canon, canon); err != nil {
			out.Err = err
			return out
		}
		out.ID, key = known.ID, known.Key
	} else if out.ID, key, err = r.Store.SavedArticle(ctx, src.ID, canon, canon); err != nil {
		out.Err = err
		return out
	}
	if key == "" {
		key = canon
	}
	out.Existed = out.ID != 0
	var page feed.Page
	var fetchErr error
	switch {
	case req.NoFetch:
	case r.Offline || r.Fetcher == nil:
		fetchErr = ErrOffline
	default:
		page, fetchErr = r.page(ctx, canon)
	}
	fetched := !req.NoFetch && fetchErr == nil
	if fetched && !out.Existed && page.URL != canon {
		// Redirected, to a page saved under its own address.
		if idx != nil {
			if known, _, err = idx.find(ctx, page.URL, page.URL); err != nil {
				out.Err = err
				return out
			}
			out.ID, key = known.ID, known.Key
		} else if out.ID, key, err = r.Store.SavedArticle(ctx, src.ID, page.URL, page.URL); err != nil {
			out.Err = err
			return out
		}
		out.Existed = out.ID != 0
		if key == "" {
			key = canon
		}
	}
	if !fetched && out.Existed {
		// Saved before: what is stored stays, only the tags are added.
		out.Err = fetchErr
		if idx != nil {
			out.Pending, out.Title = known.Pending, known.Title
		} else {
			out.Pending, out.Title = r.isPending(ctx, out.ID)
		}
		return out.with(r.Store.EditTags(ctx, []int64{out.ID}, userTags(req.Tags), nil))
	}
	at := req.Added
	if at.IsZero() {
		at = r.now()
	}
	var a feed.Article
	if fetched {
		a = pageArticle(key, page)
	} else {
		a = pendingArticle(key, req.Title, fetchErr)
	}
	stats, err := r.Store.SaveArticles(ctx, src.ID, []feed.Article{a}, at)
	if err != nil {
		out.Err = err
		return out
	}
	if len(stats.Added) > 0 {
		out.ID = stats.Added[0].ID
	}
	if out.ID == 0 {
		// Saved meanwhile by another save of the same page (two URLs
		// redirecting to it, another process): it is that article.
		if id, _, err := r.Store.SavedArticle(ctx, src.ID, key, key); err == nil && id != 0 {
			out.ID, out.Existed = id, true
			out.Pending, out.Title = r.isPending(ctx, id)
			return out.with(r.Store.EditTags(ctx, []int64{id}, userTags(req.Tags), nil))
		}
		// Saved before, and removed from the store since: SaveArticles
		// does not bring back what was removed. Say so rather than lie.
		out.Err = errors.New("this page was saved and removed before")
		return out
	}
	out.Title, out.Problem, out.Pending, out.Err = a.Title, page.Problem, !fetched, fetchErr
	if idx != nil {
		idx.add(store.SavedPage{ID: out.ID, Key: key, Link: a.Link, Title: a.Title, Pending: !fetched})
	}
	if fetched && page.Markdown != "" {
		if err := r.Store.SetFullText(ctx, out.ID, page.Markdown, ""); err != nil {
			return out.with(0, err)
		}
		// Its pictures too, for reading offline (with an image cache).
		_ = r.FetchArticleImages(ctx, out.ID) // a missing picture shows as its alt text
	}
	if err := r.Store.SetPending(ctx, out.ID, !fetched); err != nil {
		return out.with(0, err)
	}
	if req.Read {
		if _, err := r.Store.SetRead(ctx, true, out.ID); err != nil {
			return out.with(0, err)
		}
	}
	if req.Starred {
		if _, err := r.Store.SetStarred(ctx, true, out.ID); err != nil {
			return out.with(0, err)
		}
	}
	if !fetched && fetchErr != nil && idx == nil { // SaveAll says it once for all
		r.recordPending(ctx, src.ID, fetchErr)
	}
	return out.with(r.Store.EditTags(ctx, []int64{out.ID}, userTags(req.Tags), nil))
}

// with records a store failure that followed the save.
func (s Saved) with(_ int, err error) Saved {
	if err != nil && s.Err == nil {
		s.Err = err
	}
	return s
}

func (r *Refresher) isPending(ctx context.Context, id int64) (bool, string) {
	p, err := r.Store.SavedPageOf(ctx, id)
	if err != nil {
		return false, ""
	}
	return p.Pending, p.Title
}

// recordPending puts a failed save on the Saved source, where 'byline
// sources' and the reader's failing-sources list show it.
func (r *Refresher) recordPending(ctx context.Context, sourceID int64, err error) {
	pend, perr := r.Store.CountPendingSaves(ctx, sourceID)
	if perr != nil {
		return
	}
	r.Store.RecordFetch(context.WithoutCancel(ctx), sourceID, store.FetchOutcome{At: r.now(),
		Err: fmt.Sprintf("%s not fetched yet (the next refresh tries again); last: %v", plural(pend, "saved page", "saved pages"), err)})
}

// page fetches a page, taking a turn among the requests to its host.
func (r *Refresher) page(ctx context.Context, u string) (feed.Page, error) {
	release, err := r.hostSlot(ctx, u)
	if err != nil {
		return feed.Page{}, err
	}
	defer release()
	return r.Fetcher.Page(ctx, u)
}

// userTags drops the state words (unread, starred) an export may carry
// among its tags.
func userTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		n := store.NormalizeTag(t)
		if n != "" && !slices.Contains(store.PseudoTags, n) {
			out = append(out, n)
		}
	}
	return out
}

// pageArticle is a fetched page as an article of the Saved source.
func pageArticle(key string, p feed.Page) feed.Article {
	var card strings.Builder
	if p.Image != "" {
		fmt.Fprintf(&card, "![](%s)\n\n", p.Image)
	}
	if p.Description != "" {
		card.WriteString(p.Description + "\n\n")
	}
	if p.NotHTML != "" {
		fmt.Fprintf(&card, "A %s document: [%s](%s)\n", p.NotHTML, p.Title, p.URL)
	}
	// The site is its own field: an author who is the site ("By The
	// Loopback Gazette") is not said twice.
	author, site := p.Author, p.SiteName
	if strings.EqualFold(strings.TrimSpace(author), strings.TrimSpace(site)) {
		author = ""
	}
	// The page's title and description are text already decoded; escaped
	// again, NewArticle's decoding gives them back as they are ("The
	// <dialog> element" keeps its <dialog>).
	a := feed.NewArticle(feed.Article{
		GUID: key, Title: html.EscapeString(p.Title), Link: p.URL, Author: author, Site: site, Published: p.Published,
		Summary: html.EscapeString(p.Description), Content: card.String(), Format: feed.FormatMarkdown, Problem: p.Problem,
	})
	return a
}

// pendingArticle is a page not fetched yet: its URL, and what is known.
func pendingArticle(key, title string, err error) feed.Article {
	problem := "Not fetched yet: a refresh fetches it."
	if err != nil {
		problem = "Not fetched yet (" + err.Error() + "): a refresh tries again."
	}
	if strings.TrimSpace(title) == "" {
		title = key
	}
	return feed.NewArticle(feed.Article{GUID: key, Title: html.EscapeString(title), Link: key, Content: stubContent(key),
		Format: feed.FormatMarkdown, Problem: problem})
}

// stubContent is the body of a page saved before it was fetched.
func stubContent(key string) string { return "<" + key + ">" }

// fetchPending fetches the saved pages still pending: a refresh of the
// Saved source. Each page fetched becomes a full article (or, saved from a
// feed, gets its full text); one that fails again keeps its new error, and
// the source's error counts them.
func (r *Refresher) fetchPending(ctx context.Context, src store.Source, res *Result) error {
	if r.Offline || r.Fetcher == nil {
		return nil
	}
	pend, err := r.Store.PendingSaves(ctx, src.ID)
	if err != nil || len(pend) == 0 {
		return err
	}
	var mu sync.Mutex
	failed := 0
	var last error
	forEach(ctx, saveWorkers, len(pend), func(i int) {
		err := r.fetchSaved(ctx, src.ID, pend[i])
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			failed++
			last = err
		} else {
			res.Stats.Updated++
		}
	})
	if failed > 0 {
		return fmt.Errorf("%d of %d saved pages still not fetched; last: %v", failed, len(pend), last)
	}
	return ctx.Err()
}

func (r *Refresher) fetchSaved(ctx context.Context, sourceID int64, p store.PendingSave) error {
	page, err := r.page(ctx, p.Key)
	if err != nil {
		r.Store.SetProblem(context.WithoutCancel(ctx), p.ID, "Not fetched yet ("+err.Error()+"): a refresh tries again.")
		return err
	}
	art, err := r.Store.Article(ctx, p.ID)
	if err != nil {
		return err
	}
	if art.Content == stubContent(p.Key) {
		// Saved before it was fetched: the page's metadata and card
		// replace the stub; read state and tags stay.
		if _, err := r.Store.SaveArticles(ctx, sourceID, []feed.Article{pageArticle(p.Key, page)}, art.Date); err != nil {
			return err
		}
	}
	if err := r.Store.SetProblem(ctx, p.ID, page.Problem); err != nil {
		return err
	}
	if page.Markdown != "" {
		if err := r.Store.SetFullText(ctx, p.ID, page.Markdown, ""); err != nil {
			return err
		}
	}
	return r.Store.SetPending(ctx, p.ID, false)
}

// SaveArticle saves an article of a feed to Saved with its full page, so
// that it stays when retention removes the feed's copy. The feed's text
// comes along; the page is fetched unless its full text is already
// stored, and when it cannot be, the copy is pending.
func (r *Refresher) SaveArticle(ctx context.Context, id int64) Saved {
	art, err := r.Store.Article(ctx, id)
	if err != nil {
		return Saved{Err: err}
	}
	if art.SourceLocation == store.SavedLocation {
		return Saved{ID: id, URL: art.Link, Title: art.Title, Existed: true}
	}
	canon, err := feed.CanonicalURL(art.Link)
	if err != nil {
		return Saved{Title: art.Title, Err: errors.New("this article has no web page to save")}
	}
	src, err := r.Store.SavedSource(ctx)
	if err != nil {
		return Saved{Err: err}
	}
	out := Saved{URL: canon, Title: art.Title}
	var key string
	if out.ID, key, err = r.Store.SavedArticle(ctx, src.ID, canon, art.Link); err != nil {
		out.Err = err
		return out
	}
	if out.ID != 0 {
		out.Existed = true
		out.Pending, _ = r.isPending(ctx, out.ID)
		return out
	}
	full, problem := art.Full, ""
	if full == "" {
		switch {
		case r.Offline || r.Fetcher == nil:
			out.Err = ErrOffline
		default:
			var page feed.Page
			page, out.Err = r.page(ctx, canon)
			full, problem = page.Markdown, page.Problem
		}
	}
	if out.Err != nil {
		problem = "Full page not fetched yet (" + out.Err.Error() + "): a refresh tries again."
	}
	if key == "" {
		key = canon
	}
	a := feed.Article{GUID: key, Title: art.Title, Link: art.Link, Author: art.Author, Summary: art.Summary,
		Content: art.Content, Format: art.Format, Tags: art.Tags, Problem: problem}
	if !art.Undated {
		a.Published = art.Date
	}
	stats, err := r.Store.SaveArticles(ctx, src.ID, []feed.Article{feed.NewArticle(a)}, r.now())
	if err != nil || len(stats.Added) == 0 {
		out.Err = errors.Join(err, errors.New("the article was not saved"))
		return out
	}
	out.ID = stats.Added[0].ID
	out.Pending = out.Err != nil
	if full != "" {
		if err := r.Store.SetFullText(ctx, out.ID, full, ""); err != nil {
			return out.with(0, err)
		}
	}
	if out.Pending {
		r.recordPending(ctx, src.ID, out.Err)
	}
	return out.with(0, r.Store.SetPending(ctx, out.ID, out.Pending))
}

// plural is "1 one" or "n many".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
