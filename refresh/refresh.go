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
	"runtime"
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
	// Concurrency is how many requests may be in flight at once (default
	// DefaultConcurrency).
	Concurrency int
	// PerHost is how many of them may go to one host (default
	// DefaultPerHost).
	PerHost int
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

const (
	// DefaultConcurrency is enough requests in flight that a few hundred
	// feeds, each answering after a few hundred milliseconds, take a few
	// round trips rather than dozens. A request in flight costs a
	// connection and, once answered, one body until a parser takes it.
	DefaultConcurrency = 64
	// DefaultPerHost is what browsers allow one host over HTTP/1.1; over
	// HTTP/2 these requests share one connection.
	DefaultPerHost = 6
)

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
// It is a pipeline of three stages sized apart, because they wait on
// different things: requests wait on the network (Concurrency in flight,
// at most PerHost of them to one host), parsers on the CPU (one per core),
// and one writer on the database, so writes never wait on each other for
// its lock; it saves the sources waiting for it together, in one
// transaction (see nextBatch), and reports each once that is committed.
// Each host has its own queue and its own requesters, so a slow or busy
// host holds up its own sources and no others. Bodies read and
// waiting for a parser are few (four per core): when there are that many,
// the next answered request leaves its body in the connection until a
// parser frees a place, so memory does not grow with Concurrency. (Over
// HTTP/2 the transport itself reads ahead, up to its flow-control window
// per request.) The wait counts against the fetch timeout, but it is
// short: a waiting request has at most Concurrency bodies ahead of it.
func (r *Refresher) Refresh(ctx context.Context, sources []store.Source, report func(done int, res Result)) []Result {
	return r.refresh(ctx, sources, r.Force, report)
}

// RefreshForced is Refresh that also fetches the sources whose server
// asked to wait: a refresh asked for on purpose. The choice is the call's,
// so calls made side by side never see each other's.
func (r *Refresher) RefreshForced(ctx context.Context, sources []store.Source, report func(done int, res Result)) []Result {
	return r.refresh(ctx, sources, true, report)
}

func (r *Refresher) refresh(ctx context.Context, sources []store.Source, force bool, report func(done int, res Result)) []Result {
	limit, perHost := r.limits()
	cores := runtime.GOMAXPROCS(0)
	results := make([]Result, len(sources))
	// bodies holds a token for each body read and not yet parsed: a
	// request whose body would be one too many waits, its body still in
	// the connection, so memory does not grow with the requests in flight.
	bodies := make(chan struct{}, 4*cores)
	toParse := make(chan gathered, cap(bodies)+1)
	// toSave holds parsed feeds waiting for the writer; what waits there
	// when the writer is free, it saves in one transaction, so it holds a
	// whole batch: with a few a core, batches were of 4 or 5 sources (50
	// commits for 200 feeds, each rewriting the same index pages), with a
	// batch's worth 13 to 20, and the memory held is a few feeds more.
	toSave := make(chan gathered, batchSources)
	// parseSenders and saveSenders are the goroutines that may still send
	// to toParse and toSave; each channel closes when its senders are done.
	var parseSenders, saveSenders sync.WaitGroup

	byHost := map[string][]gathered{}
	var hosts []string
	var local, ready []gathered
	for i, src := range sources {
		g := r.start(src, force)
		g.index = i
		switch {
		case g.res.Skipped != "" || g.err != nil:
			ready = append(ready, g)
		case feed.Kind(src.Kind) == feed.KindURL:
			h := hostOf(src.Location)
			if byHost[h] == nil {
				hosts = append(hosts, h)
			}
			byHost[h] = append(byHost[h], g)
		default:
			local = append(local, g)
		}
	}
	saveSenders.Add(1)
	go func() {
		defer saveSenders.Done()
		for _, g := range ready {
			toSave <- g
		}
	}()
	parseSenders.Add(1)
	go func() {
		defer parseSenders.Done()
		for _, g := range local {
			toParse <- g
		}
	}()
	inFlight := make(chan struct{}, limit)
	for _, h := range hosts {
		queue := make(chan gathered, len(byHost[h]))
		for _, g := range byHost[h] {
			queue <- g
		}
		close(queue)
		slots := r.hostSlots(h, perHost)
		for range min(perHost, len(byHost[h])) {
			parseSenders.Add(1)
			saveSenders.Add(1)
			go func() {
				defer parseSenders.Done()
				defer saveSenders.Done()
				for g := range queue {
					if !acquire(ctx, slots) {
						return
					}
					if !acquire(ctx, inFlight) {
						<-slots
						return
					}
					r.download(ctx, &g, bodies)
					<-slots
					<-inFlight
					if g.fetched {
						toParse <- g
					} else {
						toSave <- g
					}
				}
			}()
		}
	}
	go func() {
		parseSenders.Wait()
		close(toParse)
	}()
	for range cores {
		saveSenders.Add(1)
		go func() {
			defer saveSenders.Done()
			for g := range toParse {
				r.parse(ctx, &g)
				if g.fetched {
					<-bodies
				}
				r.prepare(ctx, &g)
				toSave <- g
			}
		}()
	}
	go func() {
		saveSenders.Wait()
		close(toSave)
	}()

	var full sync.WaitGroup
	done := 0
	var batch []gathered
	for g := range toSave {
		batch = nextBatch(append(batch[:0], g), toSave)
		for i, res := range r.saveBatch(ctx, batch) {
			g := batch[i]
			batch[i] = gathered{} // its articles are written: let them go
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
	}
	full.Wait()
	for i := range results {
		if results[i].Source.ID == 0 {
			results[i] = Result{Source: sources[i], Err: ctx.Err()}
		}
	}
	return results
}

// limits are the requests allowed in flight, in all and to one host.
func (r *Refresher) limits() (all, perHost int) {
	all, perHost = r.Concurrency, r.PerHost
	if all <= 0 {
		all = DefaultConcurrency
	}
	if perHost <= 0 {
		perHost = DefaultPerHost
	}
	return all, perHost
}

// hostSlots is host's semaphore, shared by every refresh and full-text
// fetch of this Refresher, so two running at once still keep to the
// per-host limit.
func (r *Refresher) hostSlots(host string, perHost int) chan struct{} {
	r.hostsMu.Lock()
	defer r.hostsMu.Unlock()
	if r.hosts == nil {
		r.hosts = map[string]chan struct{}{}
	}
	sem, ok := r.hosts[host]
	if !ok {
		sem = make(chan struct{}, perHost)
		r.hosts[host] = sem
	}
	return sem
}

// hostSlot waits for a turn among the requests to rawURL's host and
// returns its release.
func (r *Refresher) hostSlot(ctx context.Context, rawURL string) (func(), error) {
	_, perHost := r.limits()
	slots := r.hostSlots(hostOf(rawURL), perHost)
	if !acquire(ctx, slots) {
		return nil, ctx.Err()
	}
	return func() { <-slots }, nil
}

// acquire takes a slot of sem, or gives up when ctx ends.
func acquire(ctx context.Context, sem chan struct{}) bool {
	select {
	case sem <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// hostOf is the host a URL's requests count against: its name without the
// port, since one machine behind two ports is still one machine.
func hostOf(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil && u.Hostname() != "" {
		return strings.ToLower(u.Hostname())
	}
	return rawURL
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

// gathered is one source on its way through the pipeline: fetched (body
// set) or read, then parsed, waiting to be stored.
type gathered struct {
	index    int
	src      store.Source
	at       time.Time
	fetched  bool // a new body, to be parsed
	body     []byte
	finalURL string
	parsed   *feed.Result
	prepared *store.Prepared // parsed's articles, made ready for the writer (prepare)
	outcome  store.FetchOutcome
	res      Result
	err      error
}

// RefreshOne refreshes one source.
func (r *Refresher) RefreshOne(ctx context.Context, src store.Source) Result {
	return r.Refresh(ctx, []store.Source{src}, nil)[0]
}

// start decides whether a source is read now: a source synced from a
// server is not, nor a URL source whose server asked to wait, nor any URL
// source when offline.
func (r *Refresher) start(src store.Source, force bool) gathered {
	g := gathered{src: src, at: r.now(), res: Result{Source: src}}
	g.outcome = store.FetchOutcome{At: g.at}
	switch feed.Kind(src.Kind) {
	case feed.KindRemote:
		g.res.Skipped = "synced from the server ('byline sync')"
	case feed.KindURL:
		switch {
		case !force && src.NextFetch.After(g.at):
			g.res.Skipped = "not due until " + src.NextFetch.Local().Format("15:04")
		case r.Offline || r.Fetcher == nil:
			// Not a failure of the source: nothing is recorded against it.
			g.res.Skipped = "offline"
		}
	case feed.KindFile, feed.KindFolder, feed.KindSaved:
	default:
		g.err = fmt.Errorf("unknown source kind %q", src.Kind)
	}
	return g
}

// parse turns a fetched body into articles, or reads a local source.
func (r *Refresher) parse(ctx context.Context, g *gathered) {
	if feed.Kind(g.src.Kind) == feed.KindSaved {
		g.err = r.fetchPending(ctx, g.src, &g.res) // pages saved while offline (see save.go)
		return
	}
	if feed.Kind(g.src.Kind) != feed.KindURL {
		g.parsed, g.err = feed.Read(ctx, feed.Kind(g.src.Kind), g.src.Location)
		return
	}
	g.parsed, g.err = feed.ParseFeed(g.body, g.finalURL)
	g.body = nil
}

// prepare makes a parsed source's articles ready for the writer
// (Store.Prepare), on the parser's goroutine: the writer, one goroutine,
// only writes.
func (r *Refresher) prepare(ctx context.Context, g *gathered) {
	if g.err == nil && g.parsed != nil {
		g.prepared = r.Store.Prepare(ctx, g.src.ID, g.parsed.Articles)
	}
}

// A batch is what the writer saves in one transaction: the sources
// waiting for it when it is free, up to batchSources of them or
// batchArticles articles. One commit then does what each would do alone
// (rewriting the same index pages), and the writer, the one stage that
// cannot run on more cores, keeps up. The caps keep a transaction short,
// so that other writers (a 'mark', the reader) are not kept waiting.
const (
	batchSources  = 16
	batchArticles = 2000
)

// nextBatch adds to batch (a first source) those waiting in toSave, up to
// the caps. It takes only what is there when it looks, neither waiting for
// more nor taking what the parsers send meanwhile: the writer holds at
// most one toSave's worth of parsed feeds more than it did alone.
func nextBatch(batch []gathered, toSave <-chan gathered) []gathered {
	n := batch[0].articles()
	for waiting := len(toSave); waiting > 0 && len(batch) < batchSources && n < batchArticles; waiting-- {
		g, ok := <-toSave
		if !ok {
			break
		}
		batch = append(batch, g)
		n += g.articles()
	}
	return batch
}

// articles is how many articles g has to write.
func (g *gathered) articles() int {
	if g.parsed == nil {
		return 0
	}
	return len(g.parsed.Articles)
}

// saveBatch saves sources in one transaction. Should a write fail, the
// transaction is dropped and each source saved alone: the one that failed
// fails alone, and one broken source never stops the others.
func (r *Refresher) saveBatch(ctx context.Context, batch []gathered) []Result {
	out := make([]Result, len(batch))
	if len(batch) > 1 {
		if b, err := r.Store.BeginBatch(ctx); err == nil {
			for i, g := range batch {
				if out[i] = r.save(ctx, b, g); b.Err() != nil {
					break
				}
			}
			if b.Commit() == nil {
				return out
			}
		}
	}
	for i, g := range batch {
		out[i] = r.save(ctx, r.Store, g)
	}
	return out
}

// sourceWriter is the store, or a batch of it.
type sourceWriter interface {
	SaveRefresh(ctx context.Context, id int64, p *store.Prepared, now time.Time, o store.FetchOutcome) (store.SaveStats, error)
	RecordFetch(ctx context.Context, id int64, o store.FetchOutcome) error
}

// save writes what the pipeline produced: the articles with the source's
// fetch state, or (nothing to write, or a failure) the fetch state alone.
func (r *Refresher) save(ctx context.Context, w sourceWriter, g gathered) Result {
	res, err := g.res, g.err
	if res.Skipped != "" {
		return res
	}
	if err == nil && g.parsed != nil {
		res.Warnings = g.parsed.Warnings
		g.outcome.Title, g.outcome.SiteURL = g.parsed.Title, g.parsed.SiteURL
		g.outcome.OK = true
		if g.prepared == nil {
			r.prepare(ctx, &g) // not by a parser (a source read another way)
		}
		if res.Stats, err = w.SaveRefresh(ctx, g.src.ID, g.prepared, g.at, g.outcome); err == nil {
			return res
		}
	}
	if err != nil {
		err = withoutLocation(err, g.src.Location)
		res.Err = err
		g.outcome.OK, g.outcome.Err = false, err.Error()
	} else {
		g.outcome.OK = true
	}
	if rerr := w.RecordFetch(context.WithoutCancel(ctx), g.src.ID, g.outcome); rerr != nil && res.Err == nil {
		res.Err = rerr
	}
	return res
}

// download gets a URL source with conditional GET. It leaves no body when
// the server answered 304 or sent the body it sent last time: there is
// nothing to parse or write. A body is read once it has a token in bodies;
// with g.fetched set the token is the parser's to give back.
func (r *Refresher) download(ctx context.Context, g *gathered, bodies chan struct{}) {
	g.at = r.now()
	out := &g.outcome
	out.At = g.at
	held := false
	defer func() {
		if held && !g.fetched {
			<-bodies
		}
	}()
	ready := func() error {
		if !acquire(ctx, bodies) {
			return ctx.Err()
		}
		held = true
		return nil
	}
	resp, err := r.Fetcher.GetWhen(ctx, g.src.Location, feed.Validators{ETag: g.src.ETag, LastModified: g.src.LastMod}, ready)
	if resp != nil {
		out.Status = resp.Status
		out.NextFetch = nextFetch(resp, g.src.Failures, out.At)
		if resp.PermanentURL != "" && resp.PermanentURL != g.src.Location {
			out.MovedTo = resp.PermanentURL
		}
	}
	if err != nil {
		g.err = err
		return
	}
	out.ETag, out.LastMod = resp.Validators.ETag, resp.Validators.LastModified
	if resp.NotModified {
		g.res.NotModified = true
		return
	}
	sum := sha256.Sum256(resp.Body)
	out.BodyHash = hex.EncodeToString(sum[:16])
	if out.BodyHash == g.src.BodyHash {
		g.res.NotModified = true
		return
	}
	g.fetched, g.body, g.finalURL = true, resp.Body, resp.FinalURL
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
