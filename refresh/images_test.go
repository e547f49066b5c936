package refresh

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/imagecache"
)

func picture(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	return img
}

// imageServer serves generated images in every format byline draws, and
// hostile ones.
func imageServer(t *testing.T) *httptest.Server {
	var pngB, jpgB, gifB bytes.Buffer
	png.Encode(&pngB, picture(64, 48))
	jpeg.Encode(&jpgB, picture(64, 48), nil)
	gif.Encode(&gifB, picture(64, 48), nil)
	webp, _ := base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")
	bodies := map[string]struct {
		ctype string
		body  []byte
	}{
		"/a.png":         {"image/png", pngB.Bytes()},
		"/b.jpg":         {"image/jpeg", jpgB.Bytes()},
		"/c.gif":         {"image/gif", gifB.Bytes()},
		"/d.webp":        {"image/webp", webp},
		"/untyped.png":   {"application/octet-stream", pngB.Bytes()},
		"/page.png":      {"image/png", []byte("<!doctype html><title>Sign in</title>")},
		"/html-typed":    {"text/html", pngB.Bytes()},
		"/drawing.svg":   {"image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
		"/truncated.png": {"image/png", pngB.Bytes()[:40]},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := bodies[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", b.ctype)
		w.Write(b.body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchImagesThenOffline(t *testing.T) {
	srv := imageServer(t)
	cache, err := imagecache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	f := feed.NewFetcher("byline-test", 0)
	md := "# Pictures\n\n![a](" + srv.URL + "/a.png)\n\n![b](" + srv.URL + "/b.jpg) ![c](" + srv.URL + "/c.gif)\n\n" +
		"![d](" + srv.URL + "/d.webp) ![again](" + srv.URL + "/a.png) ![local](file:///etc/passwd) ![rel](/x.png)\n\n" +
		"[![untyped](" + srv.URL + "/untyped.png)](https://example.com/)\n"
	n, err := FetchImages(context.Background(), f, cache, md)
	if err != nil || n != 5 {
		t.Fatalf("fetched %d, %v; want 5", n, err)
	}
	srv.Close()
	for _, p := range []string{"/a.png", "/b.jpg", "/c.gif", "/d.webp", "/untyped.png"} {
		if _, err := Image(context.Background(), nil, cache, srv.URL+p); err != nil {
			t.Errorf("offline %s: %v", p, err)
		}
	}
	if _, err := Image(context.Background(), nil, cache, srv.URL+"/never.png"); err != ErrOffline {
		t.Errorf("an image never fetched, offline: %v", err)
	}
	if n, err := FetchImages(context.Background(), f, cache, md); n != 0 || err != nil {
		t.Errorf("second fetch: %d, %v; everything was cached", n, err)
	}
}

// What is not an image is not kept, whatever its URL or its server says.
func TestHostileImagesAreRefused(t *testing.T) {
	srv := imageServer(t)
	cache, _ := imagecache.Open(t.TempDir(), 0)
	f := feed.NewFetcher("byline-test", 0)
	for _, p := range []string{"/page.png", "/html-typed", "/drawing.svg", "/missing.png"} {
		if _, err := Image(context.Background(), f, cache, srv.URL+p); err == nil {
			t.Errorf("%s: accepted", p)
		}
		if cache.Has(srv.URL + p) {
			t.Errorf("%s: cached", p)
		}
	}
	for _, u := range []string{"file:///etc/passwd", "data:image/png;base64,AAAA", "ftp://example.com/a.png", "/relative.png"} {
		if _, err := Image(context.Background(), f, cache, u); err == nil || !strings.Contains(err.Error(), "http") {
			t.Errorf("%s: %v", u, err)
		}
	}
	// A truncated PNG passes the fetch (its first bytes are a PNG's); the
	// drawing refuses it and shows the alt text (ui/images).
	if _, err := Image(context.Background(), f, cache, srv.URL+"/truncated.png"); err != nil {
		t.Errorf("truncated: %v", err)
	}
	// Over the fetcher's body limit.
	f.MaxBody = 100
	if _, err := Image(context.Background(), f, cache, srv.URL+"/a.png"); err == nil {
		t.Error("an image over the body limit was accepted")
	}
}

// An article's pictures asked for all at once (the reader draws each in a
// command of its own) are fetched a few at a time, each body streamed to
// its cache file, and held a few at a time while they are decoded: a
// hundred large pictures were fetched at once and each waited in memory
// for a decode, gigabytes.
func TestPicturesAreFetchedAndHeldAFewAtATime(t *testing.T) {
	var pngB bytes.Buffer
	png.Encode(&pngB, picture(64, 48))
	var inFlight, most atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(20 * time.Millisecond)
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngB.Bytes())
	}))
	defer srv.Close()
	cache, err := imagecache.Open(t.TempDir(), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	f := feed.NewFetcher("test", 0)
	var held, mostHeld atomic.Int32
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := UseImage(context.Background(), f, cache, fmt.Sprintf("%s/%d.png", srv.URL, i), func(data []byte) error {
				n := held.Add(1)
				defer held.Add(-1)
				for m := mostHeld.Load(); n > m && !mostHeld.CompareAndSwap(m, n); m = mostHeld.Load() {
				}
				time.Sleep(10 * time.Millisecond) // a decode
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if m := most.Load(); m > imagecache.Turns {
		t.Errorf("%d pictures fetched at once, want at most %d", m, imagecache.Turns)
	}
	if m := mostHeld.Load(); m > imagecache.Turns {
		t.Errorf("%d pictures held at once, want at most %d", m, imagecache.Turns)
	}
	if n, _, _ := cache.Usage(); n != 30 {
		t.Errorf("%d pictures kept", n)
	}
	// Image, which save and prefetch reach, takes the same turns.
	most.Store(0)
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := Image(context.Background(), f, cache, fmt.Sprintf("%s/more-%d.png", srv.URL, i)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if m := most.Load(); m > imagecache.Turns {
		t.Errorf("Image: %d pictures fetched at once, want at most %d", m, imagecache.Turns)
	}
}

// BenchmarkArticlePictures draws an article of N and 10N large pictures
// (1 MB PNGs of noise, which do not compress), all asked for at once as
// the reader asks: the peak memory stays that of a few pictures, however
// many the article has.
func BenchmarkArticlePictures(b *testing.B) {
	noise := image.NewNRGBA(image.Rect(0, 0, 512, 512))
	for i := range noise.Pix {
		noise.Pix[i] = byte(i*7919 + i>>7)
	}
	var pngB bytes.Buffer
	(&png.Encoder{CompressionLevel: png.NoCompression}).Encode(&pngB, noise)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngB.Bytes())
	}))
	defer srv.Close()
	f := feed.NewFetcher("bench", 0)
	for _, n := range []int{10, 100} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for range b.N {
				cache, _ := imagecache.Open(b.TempDir(), 1<<30)
				runtime.GC()
				peak := peakRSS(func() {
					var wg sync.WaitGroup
					for i := range n {
						wg.Add(1)
						go func() {
							defer wg.Done()
							UseImage(context.Background(), f, cache, fmt.Sprintf("%s/%d.png", srv.URL, i), func(data []byte) error {
								_, err := png.Decode(bytes.NewReader(data))
								return err
							})
						}()
					}
					wg.Wait()
				})
				b.ReportMetric(peak, "peak-MB")
			}
		})
	}
}

// An article of more pictures than are kept for offline reading keeps the
// first and says so, and a prefetch counts it apart from failures: the
// rest were left out without a word.
func TestManyPicturesAreCappedWithAWord(t *testing.T) {
	var pngB bytes.Buffer
	png.Encode(&pngB, picture(64, 48))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngB.Bytes())
	}))
	defer srv.Close()
	var md strings.Builder
	for i := range MaxImagesPerArticle + 10 {
		fmt.Fprintf(&md, "![p](%s/%d.png)\n\n", srv.URL, i)
	}
	cache, _ := imagecache.Open(t.TempDir(), 1<<20)
	n, err := FetchImages(context.Background(), feed.NewFetcher("test", 0), cache, md.String())
	var many *ManyImagesError
	if n != MaxImagesPerArticle || !errors.As(err, &many) || many.Total != MaxImagesPerArticle+10 {
		t.Fatalf("fetched %d, %v", n, err)
	}
	if kept, _, _ := cache.Usage(); kept != MaxImagesPerArticle {
		t.Fatalf("%d kept", kept)
	}
	sum, err := (&Refresher{Fetcher: feed.NewFetcher("test", 0)}).Prefetch(context.Background(), PrefetchPlan{Selected: []int64{1, 2}}, func(ctx context.Context, id int64) error {
		if id == 1 {
			return many
		}
		return errors.New("broken")
	}, nil)
	if err != nil || sum.ImagesCapped != 1 || sum.ImagesFailed != 1 {
		t.Fatalf("%+v, %v", sum, err)
	}
}
