package refresh

import (
	"context"
	"errors"
	"sync"
)

// ImagesFunc fetches and keeps one article's images, skipping those it
// has. Prefetch runs it, when given, after the article's page text.
type ImagesFunc func(ctx context.Context, articleID int64) error

// PrefetchPlan is what a prefetch of some articles has to do.
type PrefetchPlan struct {
	// Selected is every article asked for; Todo those without their full
	// text yet (and a web page to get it from).
	Selected []int64
	Todo     []PrefetchItem
}

// PrefetchItem is one article to fetch.
type PrefetchItem struct {
	ID   int64
	Link string
}

// PrefetchResult is one article fetched (or not).
type PrefetchResult struct {
	ID   int64
	Link string
	Err  error
}

// PrefetchSummary counts what a prefetch did.
type PrefetchSummary struct {
	Selected int // articles asked for
	Had      int // already with their full text (or with no page)
	Fetched  int
	Failed   int
	// ImagesFailed counts articles whose images step failed;
	// ImagesCapped those with more pictures than are kept (see
	// ManyImagesError).
	ImagesFailed, ImagesCapped int
}

// PlanPrefetch finds, of the articles given, those whose full text is
// still to fetch. What an earlier prefetch did stays done, so a prefetch
// that was interrupted resumes where it stopped.
func (r *Refresher) PlanPrefetch(ctx context.Context, ids []int64) (PrefetchPlan, error) {
	todo, err := r.Store.WithoutFullText(ctx, ids)
	if err != nil {
		return PrefetchPlan{}, err
	}
	p := PrefetchPlan{Selected: ids}
	for _, t := range todo {
		p.Todo = append(p.Todo, PrefetchItem{ID: t.ID, Link: t.Link})
	}
	return p, nil
}

// Prefetch fetches the full text of what the plan has to do, so it reads
// offline: as many at once as a refresh, at most two requests a host,
// each article stored as soon as it is fetched. images, when not nil,
// then fetches the images of every selected article. report is called
// from one goroutine at a time as each article is done.
func (r *Refresher) Prefetch(ctx context.Context, p PrefetchPlan, images ImagesFunc, report func(done int, res PrefetchResult)) (PrefetchSummary, error) {
	sum := PrefetchSummary{Selected: len(p.Selected), Had: len(p.Selected) - len(p.Todo)}
	if r.Offline || r.Fetcher == nil {
		return sum, ErrOffline
	}
	n := r.Concurrency
	if n <= 0 {
		n = 8
	}
	var mu sync.Mutex
	done := 0
	forEach(ctx, n, len(p.Todo), func(i int) {
		it := p.Todo[i]
		err := r.FullText(ctx, it.ID, it.Link) // takes its turn among the host's requests
		mu.Lock()
		defer mu.Unlock()
		if ctx.Err() != nil && err != nil {
			return // interrupted: neither done nor failed, the next run does it
		}
		done++
		if err != nil {
			sum.Failed++
		} else {
			sum.Fetched++
		}
		if report != nil {
			report(done, PrefetchResult{ID: it.ID, Link: it.Link, Err: err})
		}
	})
	if images != nil {
		forEach(ctx, n, len(p.Selected), func(i int) {
			var many *ManyImagesError
			if err := images(ctx, p.Selected[i]); err != nil && ctx.Err() == nil {
				mu.Lock()
				if errors.As(err, &many) {
					sum.ImagesCapped++
				} else {
					sum.ImagesFailed++
				}
				mu.Unlock()
			}
		})
	}
	return sum, ctx.Err()
}
