package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/store"
)

// refresher reads sources and hands their articles to the store. It sits
// above feed and store, which know nothing of each other's workings.
type refresher struct {
	store       *store.Store
	fetcher     *feed.Fetcher
	concurrency int
	now         func() time.Time
	// offline: no full-text fetches (URL sources are not refreshed at all).
	offline bool
}

// sourceResult is the outcome of refreshing one source.
type sourceResult struct {
	Source      store.Source
	Stats       store.SaveStats
	NotModified bool
	Warnings    []string
	Err         error
}

// Refresh refreshes sources concurrently, calling report (from one
// goroutine at a time) as each finishes. One failing source never stops
// the others.
func (r *refresher) Refresh(ctx context.Context, sources []store.Source, report func(done int, res sourceResult)) []sourceResult {
	n := r.concurrency
	if n <= 0 {
		n = 8
	}
	results := make([]sourceResult, len(sources))
	jobs := make(chan int)
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for w := 0; w < min(n, len(sources)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				res := r.refreshOne(ctx, sources[i])
				results[i] = res
				mu.Lock()
				done++
				if report != nil {
					report(done, res)
				}
				mu.Unlock()
			}
		}()
	}
	for i := range sources {
		select {
		case jobs <- i:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			for j := i; j < len(sources); j++ {
				if results[j].Source.ID == 0 {
					results[j] = sourceResult{Source: sources[j], Err: ctx.Err()}
				}
			}
			break
		}
	}
	close(jobs)
	wg.Wait()
	return results
}

func (r *refresher) refreshOne(ctx context.Context, src store.Source) sourceResult {
	res := sourceResult{Source: src}
	now := r.now()
	outcome := store.FetchOutcome{At: now}
	var parsed *feed.Result
	var err error
	switch feed.Kind(src.Kind) {
	case feed.KindURL:
		parsed, err = r.fetch(ctx, src, &outcome, &res)
	case feed.KindFile, feed.KindFolder:
		parsed, err = feed.Read(ctx, feed.Kind(src.Kind), src.Location)
	default:
		err = fmt.Errorf("unknown source kind %q", src.Kind)
	}
	if err == nil && parsed != nil {
		res.Warnings = parsed.Warnings
		outcome.Title, outcome.SiteURL = parsed.Title, parsed.SiteURL
		res.Stats, err = r.store.SaveArticles(ctx, src.ID, parsed.Articles, now)
		if err == nil && src.FullText && !r.offline && r.fetcher != nil {
			r.fetchFullText(ctx, res.Stats.Added)
		}
	}
	if err != nil {
		res.Err = err
		outcome.OK, outcome.Err = false, err.Error()
	} else {
		outcome.OK = true
	}
	if rerr := r.store.RecordFetch(context.WithoutCancel(ctx), src.ID, outcome); rerr != nil && res.Err == nil {
		res.Err = rerr
	}
	return res
}

// fetch gets a URL source with conditional GET. It returns no result (and
// no error) when the server answered 304 or sent the body it sent last
// time: there is nothing to parse or write.
func (r *refresher) fetch(ctx context.Context, src store.Source, out *store.FetchOutcome, res *sourceResult) (*feed.Result, error) {
	resp, err := r.fetcher.Get(ctx, src.Location, feed.Validators{ETag: src.ETag, LastModified: src.LastMod})
	if resp != nil {
		out.Status = resp.Status
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
		return nil, fmt.Errorf("%s: %w", src.Location, err)
	}
	return parsed, nil
}

// fetchFullText gets the page of each new article and stores its main
// content; a failure is stored with the article (its feed content stays)
// and does not fail the source.
func (r *refresher) fetchFullText(ctx context.Context, added []store.AddedArticle) {
	for _, a := range added {
		if a.Link == "" || ctx.Err() != nil {
			continue
		}
		md, err := r.fetcher.FullArticle(ctx, a.Link)
		errText := ""
		if err != nil {
			errText = err.Error()
		}
		r.store.SetFullText(context.WithoutCancel(ctx), a.ID, md, errText)
	}
}
