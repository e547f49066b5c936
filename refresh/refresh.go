// Package refresh is the engine that reads sources and hands their articles
// to the store: the fetch/parse/save pipeline with per-host politeness,
// full-text extraction, and the Markdown an article is displayed as.
//
// It sits above feed and store and below the CLI and the UI, which both
// call it. It imports neither the UI libraries nor remote (sync).
package refresh

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/imagecache"
	"github.com/byline/byline/store"
)

// Refresher reads sources and hands their articles to the store. It sits
// above feed and store, which know nothing of each other's workings.
type Refresher struct {
	Store *store.Store
	// Fetcher gets URL sources and full text; nil reads local sources only.
	Fetcher *feed.Fetcher
	// Concurrency is how many sources are read at once (default 8).
	Concurrency int
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Offline: URL sources are not refreshed and no full text is fetched.
	Offline bool
	// Force fetches sources whose next allowed fetch is still to come.
	Force bool
	// Images, when set, keeps the images of full-text articles (images.go).
	Images *imagecache.Cache

	hostsMu sync.Mutex
	hosts   map[string]chan struct{}
}

// perHost is how many requests may go to one host at once.
const perHost = 2

// hostSlot waits for a free request slot for host and returns its release.
func (r *Refresher) hostSlot(ctx context.Context, rawURL string) (func(), error) {
	host := rawURL
	if u, err := url.Parse(rawURL); err == nil {
		host = u.Host
	}
	r.hostsMu.Lock()
	if r.hosts == nil {
		r.hosts = map[string]chan struct{}{}
	}
	sem, ok := r.hosts[host]
	if !ok {
		sem = make(chan struct{}, perHost)
		r.hosts[host] = sem
	}
	r.hostsMu.Unlock()
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// ErrOffline is what a network step says when the refresher is offline.
var ErrOffline = errors.New("offline: the network is not used (--offline or offline = true)")

// Result is the outcome of refreshing one source.
type Result struct {
	Source      store.Source
	Stats       store.SaveStats
	NotModified bool
	// Skipped says why the source was not fetched (not due yet).
	Skipped  string
	Warnings []string
	Err      error
}

// Refresh refreshes sources, calling report (from one goroutine at a
// time) as each finishes. One failing source never stops the others.
//
// It is a pipeline: workers fetch and parse concurrently (parsing is the
// CPU-bound part, and takes both cores), and one writer stores what they
// produce, so writes never wait on each other for the database's lock.
func (r *Refresher) Refresh(ctx context.Context, sources []store.Source, report func(done int, res Result)) []Result {
	n := r.Concurrency
	if n <= 0 {
		n = 8
	}
	results := make([]Result, len(sources))
	jobs := make(chan int)
	parsed := make(chan gathered, 4)
	var workers sync.WaitGroup
	for w := 0; w < min(n, len(sources)); w++ {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for i := range jobs {
				g := r.gather(ctx, sources[i])
				g.index = i
				parsed <- g
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range sources {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		workers.Wait()
		close(parsed)
	}()
	var full sync.WaitGroup
	done := 0
	for g := range parsed {
		res := r.save(ctx, g)
		results[g.index] = res
		if g.src.FullText && res.Err == nil && len(res.Stats.Added) > 0 && !r.Offline && r.Fetcher != nil {
			full.Add(1)
			go func(added []store.AddedArticle) {
				defer full.Done()
				r.fetchFullText(ctx, added)
			}(res.Stats.Added)
		}
		done++
		if report != nil {
			report(done, res)
		}
	}
	full.Wait()
	for i := range results {
		if results[i].Source.ID == 0 {
			results[i] = Result{Source: sources[i], Err: ctx.Err()}
		}
	}
	return results
}

func (r *Refresher) now() time.Time {
	if r.Now == nil {
		return time.Now()
	}
	return r.Now()
}

// Refreshable drops the sources the refresher will not read: URL sources
// when offline (local folders and files are still read).
func (r *Refresher) Refreshable(srcs []store.Source) []store.Source {
	var out []store.Source
	for _, s := range srcs {
		if k := feed.Kind(s.Kind); !(r.Offline && (k == feed.KindURL || k == feed.KindSaved)) {
			out = append(out, s)
		}
	}
	return out
}

// gathered is one source fetched and parsed, waiting to be stored.
type gathered struct {
	index   int
	src     store.Source
	at      time.Time
	parsed  *feed.Result
	outcome store.FetchOutcome
	res     Result
	err     error
}

// RefreshOne refreshes one source: gather, then store.
func (r *Refresher) RefreshOne(ctx context.Context, src store.Source) Result {
	res := r.save(ctx, r.gather(ctx, src))
	if src.FullText && res.Err == nil && !r.Offline && r.Fetcher != nil {
		r.fetchFullText(ctx, res.Stats.Added)
	}
	return res
}

// gather fetches (or reads) and parses a source; it touches no database.
func (r *Refresher) gather(ctx context.Context, src store.Source) gathered {
	g := gathered{src: src, at: r.now(), res: Result{Source: src}}
	g.outcome = store.FetchOutcome{At: g.at}
	if feed.Kind(src.Kind) == feed.KindRemote {
		g.res.Skipped = "synced from the server ('byline sync')"
		return g
	}
	if feed.Kind(src.Kind) == feed.KindURL && !r.Force && src.NextFetch.After(g.at) {
		g.res.Skipped = "not due until " + src.NextFetch.Local().Format("15:04")
		return g
	}
	switch feed.Kind(src.Kind) {
	case feed.KindURL:
		g.parsed, g.err = r.fetch(ctx, src, &g.outcome, &g.res)
	case feed.KindFile, feed.KindFolder:
		g.parsed, g.err = feed.Read(ctx, feed.Kind(src.Kind), src.Location)
	case feed.KindSaved:
		g.err = r.fetchPending(ctx, src, &g.res) // see save.go
	default:
		g.err = fmt.Errorf("unknown source kind %q", src.Kind)
	}
	return g
}

// save writes what gather produced: the articles, then the source's
// fetch state.
func (r *Refresher) save(ctx context.Context, g gathered) Result {
	res, err := g.res, g.err
	if res.Skipped != "" {
		return res
	}
	if err == nil && g.parsed != nil {
		res.Warnings = g.parsed.Warnings
		g.outcome.Title, g.outcome.SiteURL = g.parsed.Title, g.parsed.SiteURL
		res.Stats, err = r.Store.SaveArticles(ctx, g.src.ID, g.parsed.Articles, g.at)
	}
	if err != nil {
		err = withoutLocation(err, g.src.Location)
		res.Err = err
		g.outcome.OK, g.outcome.Err = false, err.Error()
	} else {
		g.outcome.OK = true
	}
	if rerr := r.Store.RecordFetch(context.WithoutCancel(ctx), g.src.ID, g.outcome); rerr != nil && res.Err == nil {
		res.Err = rerr
	}
	return res
}

// fetch gets a URL source with conditional GET. It returns no result (and
// no error) when the server answered 304 or sent the body it sent last
// time: there is nothing to parse or write.
func (r *Refresher) fetch(ctx context.Context, src store.Source, out *store.FetchOutcome, res *Result) (*feed.Result, error) {
	release, err := r.hostSlot(ctx, src.Location)
	if err != nil {
		return nil, err
	}
	resp, err := r.Fetcher.Get(ctx, src.Location, feed.Validators{ETag: src.ETag, LastModified: src.LastMod})
	release()
	if resp != nil {
		out.Status = resp.Status
		out.NextFetch = nextFetch(resp, src.Failures, out.At)
		if resp.PermanentURL != "" && resp.PermanentURL != src.Location {
			out.MovedTo = resp.PermanentURL
		}
	}
	if err != nil {
		return nil, err
	}
	out.ETag, out.LastMod = resp.Validators.ETag, resp.Validators.LastModified
	if resp.NotModified {
		res.NotModified = true
		return nil, nil
	}
	sum := sha256.Sum256(resp.Body)
	out.BodyHash = hex.EncodeToString(sum[:16])
	if out.BodyHash == src.BodyHash {
		res.NotModified = true
		return nil, nil
	}
	parsed, err := feed.ParseFeed(resp.Body, resp.FinalURL)
	if err != nil {
		return nil, err
	}
	return parsed, nil
}

// fetchFullText gets the page of each new article and stores its main
// content; a failure is stored with the article (its feed content stays)
// and does not fail the source.
func (r *Refresher) fetchFullText(ctx context.Context, added []store.AddedArticle) {
	for _, a := range added {
		if a.Link == "" || ctx.Err() != nil {
			continue
		}
		r.FullText(ctx, a.ID, a.Link)
		_ = r.FetchArticleImages(ctx, a.ID) // a missing picture shows as its alt text
	}
}

// nextFetch is the earliest time a source may be fetched again: what the
// server asked for (Cache-Control max-age on success, Retry-After on 429
// and 503), else an exponential back-off on 429 and 503. Zero: any time.
func nextFetch(resp *feed.Response, failures int, now time.Time) time.Time {
	const most = 24 * time.Hour
	switch resp.Status {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		wait := resp.RetryAfter
		if wait <= 0 {
			wait = 15 * time.Minute << min(failures, 7)
		}
		return now.Add(min(wait, most))
	}
	if resp.Status >= 200 && resp.Status < 400 && resp.MaxAge > 0 {
		return now.Add(min(resp.MaxAge, most))
	}
	return time.Time{}
}

// sourceError is a source's failure worded without the source's location:
// everywhere it is shown (refresh's stderr, the reader's status, byline
// sources) it stands beside the source already.
type sourceError struct {
	err  error
	text string
}

func (e sourceError) Error() string { return e.text }
func (e sourceError) Unwrap() error { return e.err }

// withoutLocation drops the location the fetcher or file reader put at the
// start of an error's text.
func withoutLocation(err error, location string) error {
	text, ok := strings.CutPrefix(err.Error(), location+": ")
	if !ok {
		return err
	}
	return sourceError{err: err, text: text}
}
