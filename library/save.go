package library

import (
	"context"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/imagecache"
	"github.com/byline/byline/refresh"
)

// The types of saving and prefetching are the engine's: the library adds
// the rules around them (pictures where they are kept), not new shapes.
type (
	SaveRequest     = refresh.SaveRequest
	Saved           = refresh.Saved
	PrefetchPlan    = refresh.PrefetchPlan
	PrefetchResult  = refresh.PrefetchResult
	PrefetchSummary = refresh.PrefetchSummary
	// Result is the outcome of reading one source.
	Result = refresh.Result
)

// ErrOffline is what a step that needs the network says when it is off.
var ErrOffline = refresh.ErrOffline

// Save saves web pages to read later, a few at once; report, when set, is
// called as each is done. A page that cannot be fetched is saved pending,
// and a refresh fetches it.
func (l *Library) Save(ctx context.Context, reqs []SaveRequest, report func(done int, s Saved)) []Saved {
	return l.refresher.SaveAll(ctx, reqs, report)
}

// SaveArticle saves an article to Saved with its full page, so that it
// stays when retention removes the feed's copy.
func (l *Library) SaveArticle(ctx context.Context, id int64) Saved {
	return l.refresher.SaveArticle(ctx, id)
}

// PlanPrefetch finds, of the articles given, those whose full text is
// still to fetch.
func (l *Library) PlanPrefetch(ctx context.Context, ids []int64) (PrefetchPlan, error) {
	return l.refresher.PlanPrefetch(ctx, ids)
}

// Prefetch fetches the full text of what the plan has to do, so it reads
// offline, and the pictures too where pictures are kept. report, when
// set, is called as each article is done.
func (l *Library) Prefetch(ctx context.Context, p PrefetchPlan, report func(done int, res PrefetchResult)) (PrefetchSummary, error) {
	var pictures refresh.ImagesFunc
	if l.images != nil {
		pictures = l.refresher.FetchArticleImages
	}
	return l.refresher.Prefetch(ctx, p, pictures, report)
}

// FullText fetches one article's page and stores its main content.
func (l *Library) FullText(ctx context.Context, id int64, link string) error {
	return l.refresher.FullText(ctx, id, link)
}

// MaxPicturesKept is how many of an article's pictures a prefetch, a
// save or a refresh keeps for offline reading.
const MaxPicturesKept = refresh.MaxImagesPerArticle

// DrawPicture gets the picture at url — from the cache, else fetched (only
// a PNG, JPEG, GIF or WebP) and kept there; offline, one the cache lacks
// is ErrOffline — and calls draw with its bytes, within one of the cache's
// few turns: an article of a hundred pictures fetches a few at once and
// holds a few in memory while they are decoded.
func DrawPicture(ctx context.Context, f *feed.Fetcher, c *imagecache.Cache, url string, draw func(data []byte) error) error {
	return refresh.UseImage(ctx, f, c, url, draw)
}

// PicturesBudget is how long one article's pictures may take in all, as
// a save or a refresh fetches them and as 'byline read' draws them.
const PicturesBudget = refresh.ImagesBudget

// DrawPictures draws an article's pictures one after another, each as
// DrawPicture does, within the bounds a save and a refresh keep to: the
// first MaxPicturesKept of urls (a picture named twice counts once), and
// PicturesBudget in all, so that a page of a hundred large pictures that
// trickle in does not hold the article back for minutes. draw gets the
// budget's context. It returns how many of the pictures were left out:
// past the cap, or not had when the time ran out. One that cannot be had
// or drawn is not counted: it was tried.
func DrawPictures(ctx context.Context, f *feed.Fetcher, c *imagecache.Cache, urls []string, draw func(ctx context.Context, url string, data []byte) error) (left int) {
	ctx, cancel := context.WithTimeout(ctx, PicturesBudget)
	defer cancel()
	seen := map[string]bool{}
	for _, u := range urls {
		if seen[u] {
			continue
		}
		seen[u] = true
		if len(seen) > MaxPicturesKept || ctx.Err() != nil {
			left++
			continue
		}
		err := DrawPicture(ctx, f, c, u, func(data []byte) error { return draw(ctx, u, data) })
		if err != nil && ctx.Err() != nil {
			left++ // cut short by the time
		}
	}
	return left
}

// KeepPictures pins the starred articles' pictures in the cache, so that
// trimming it leaves them, and, online, fetches those it lacks.
func (l *Library) KeepPictures(ctx context.Context) error {
	return l.refresher.KeepStarredImages(ctx)
}
