package refresh

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/imagecache"
	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
)

// MaxImagesPerArticle bounds the images fetched for one article: a page of
// hundreds of thumbnails is not read offline picture by picture.
const MaxImagesPerArticle = 50

// Image returns the image at url: from the cache, else fetched (within the
// fetcher's limits; only a PNG, JPEG, GIF or WebP) and kept in the cache.
// With no fetcher (offline) an image the cache lacks is ErrOffline. It
// takes one of the cache's turns (see UseImage) while it fetches.
func Image(ctx context.Context, f *feed.Fetcher, c *imagecache.Cache, url string) ([]byte, error) {
	var out []byte
	err := UseImage(ctx, f, c, url, func(data []byte) error { out = data; return nil })
	return out, err
}

// UseImage calls use with the bytes of the image at url, got as Image
// gets them, within one of the cache's few turns: however many pictures
// an article has, a few are fetched at once, each streamed to its cache
// file, and a few held in memory while use decodes them. (Fetched all at
// once, a hundred large pictures each waited in memory for a decode:
// gigabytes.) use must not ask for another image.
func UseImage(ctx context.Context, f *feed.Fetcher, c *imagecache.Cache, url string, use func(data []byte) error) error {
	release, err := c.Hold(ctx)
	if err != nil {
		return err
	}
	defer release()
	data, err := imageBytes(ctx, f, c, url)
	if err != nil {
		return err
	}
	return use(data)
}

func imageBytes(ctx context.Context, f *feed.Fetcher, c *imagecache.Cache, url string) ([]byte, error) {
	if data, ok := c.Get(url); ok {
		return data, nil
	}
	if f == nil {
		return nil, ErrOffline
	}
	kept, err := fetchToCache(ctx, f, c, url)
	if err != nil {
		return nil, err
	}
	if kept {
		if data, ok := c.Get(url); ok {
			return data, nil
		}
	}
	// A cache that cannot keep it (unwritable, or the image larger than
	// the whole cache) still lets the image be shown now.
	return f.GetImage(ctx, url)
}

// fetchToCache fetches url's image into its cache file, streamed, and
// says whether the cache kept it; the error is the fetch's.
func fetchToCache(ctx context.Context, f *feed.Fetcher, c *imagecache.Cache, url string) (kept bool, err error) {
	var fetchErr error
	err = c.PutFrom(url, func(w io.Writer) error {
		fetchErr = f.CopyImage(ctx, url, w)
		return fetchErr
	})
	if fetchErr != nil {
		return false, fetchErr
	}
	return err == nil, nil
}

// ManyImagesError is an article with more pictures than are kept for
// offline reading: the first Kept are, the rest are fetched when the
// article is shown.
type ManyImagesError struct{ Kept, Total int }

func (e *ManyImagesError) Error() string {
	return fmt.Sprintf("%d pictures: the first %d are kept for offline reading, the rest fetched when shown", e.Total, e.Kept)
}

// FetchImages fetches the images of an article's Markdown that the cache
// lacks, two at a time, and keeps them (each streamed to its file, within
// the cache's turns); the article then reads offline with its pictures.
// It returns how many it fetched and the first error; one broken image
// does not stop the others. Of an article with more than
// MaxImagesPerArticle, the first are kept, and the error is a
// *ManyImagesError when nothing else failed.
func FetchImages(ctx context.Context, f *feed.Fetcher, c *imagecache.Cache, markdown string) (int, error) {
	if f == nil {
		return 0, ErrOffline
	}
	urls := feed.ImageURLs(markdown)
	var capped error
	if len(urls) > MaxImagesPerArticle {
		capped = &ManyImagesError{Kept: MaxImagesPerArticle, Total: len(urls)}
		urls = urls[:MaxImagesPerArticle]
	}
	var (
		mu       sync.Mutex
		fetched  int
		firstErr error
		wg       sync.WaitGroup
		slots    = make(chan struct{}, 2)
	)
	for _, u := range urls {
		if c.Has(u) {
			continue
		}
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			err := keepImage(ctx, f, c, u)
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				fetched++
			} else if firstErr == nil {
				firstErr = err
			}
		}()
	}
	wg.Wait()
	if firstErr == nil {
		firstErr = capped
	}
	return fetched, firstErr
}

// keepImage fetches url's image into the cache, within one of its turns,
// without reading it back.
func keepImage(ctx context.Context, f *feed.Fetcher, c *imagecache.Cache, url string) error {
	release, err := c.Hold(ctx)
	if err != nil {
		return err
	}
	defer release()
	if c.Has(url) {
		return nil
	}
	kept, err := fetchToCache(ctx, f, c, url)
	if err == nil && !kept {
		err = errors.New(url + ": the picture cache could not keep it")
	}
	return err
}

// ImagesBudget bounds the time one article's pictures take in all:
// FetchArticleImages's for a save or a refresh, and the drawing of them
// for 'byline read'.
const ImagesBudget = 20 * time.Second

// FetchArticleImages fetches one stored article's images (of its full
// text when it has one), for the refresh of a full-text source and for
// 'byline save'. Without an image cache or a fetcher it does nothing.
func (r *Refresher) FetchArticleImages(ctx context.Context, id int64) error {
	if r.Images == nil || r.Offline || r.Fetcher == nil {
		return nil
	}
	// One article's pictures get ImagesBudget in all: a page of images
	// that never answer must not hold a save or a refresh for minutes.
	// What is not fetched by then is fetched when the article is shown.
	ctx, cancel := context.WithTimeout(ctx, ImagesBudget)
	defer cancel()
	a, err := r.Store.Article(ctx, id)
	if err != nil {
		return err
	}
	md := a.Full
	if md == "" {
		if md, err = DisplayMarkdown(ctx, r.Store, a); err != nil {
			return err
		}
	}
	_, err = FetchImages(ctx, r.Fetcher, r.Images, md)
	return err
}

// KeepStarredImages pins the images of starred articles in the cache, so
// that eviction leaves them, and, online, fetches those it lacks. It
// returns the first error; one article's failure does not stop the rest.
func (r *Refresher) KeepStarredImages(ctx context.Context) error {
	if r.Images == nil {
		return nil
	}
	f, err := query.Parse("+starred")
	if err != nil {
		return err
	}
	starred, err := r.Store.Articles(ctx, store.ListQuery{Filter: f, Limit: 100000})
	if err != nil {
		return err
	}
	var pinned []string
	var firstErr error
	for _, s := range starred {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		a, err := r.Store.Article(ctx, s.ID)
		if err != nil {
			firstErr = errors.Join(firstErr, err)
			continue
		}
		md := a.Full
		if md == "" {
			if md, err = DisplayMarkdown(ctx, r.Store, a); err != nil {
				continue
			}
		}
		urls := feed.ImageURLs(md)
		pinned = append(pinned, urls...)
		if !r.Offline && r.Fetcher != nil {
			var many *ManyImagesError
			if _, err := FetchImages(ctx, r.Fetcher, r.Images, md); err != nil && firstErr == nil && !errors.As(err, &many) {
				firstErr = err
			}
		}
	}
	r.Images.Pin(pinned)
	return firstErr
}
