package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// 'byline read' draws an article's pictures within the bounds a save
// keeps to: of 60, the first library.MaxPicturesKept are fetched, the rest
// stay captions, and one line on stderr says so. It fetched every one, one
// after another, however many and however slow.
func TestReadCapsAnArticlesPictures(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	img.Set(1, 1, color.RGBA{255, 0, 0, 255})
	var pngB bytes.Buffer
	if err := png.Encode(&pngB, img); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	hits := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path] = true
		mu.Unlock()
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngB.Bytes())
	}))
	defer srv.Close()

	c := newCLI(t)
	id := galleryArticle(t, c, srv.URL, 60)
	code, out, errOut := c.runOnTerminal("read", id, "--images", "blocks")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	mu.Lock()
	n := len(hits)
	mu.Unlock()
	if n != 50 {
		t.Errorf("fetched %d pictures, want the first 50", n)
	}
	if !strings.Contains(errOut, "10 pictures left out") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("stderr %q, want one line saying 10 pictures were left out", errOut)
	}
	if !strings.Contains(out, "picture 59") || !strings.Contains(out, "Gallery") {
		t.Errorf("the article or the captions of the pictures left out are missing:\n%s", out)
	}
}

// galleryArticle stores one article of n pictures at base/p<i>.png and
// returns its ID.
func galleryArticle(t *testing.T, c *cli, base string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "![picture %d](%s/p%d.png)\n\n", i, base, i)
	}
	return oneArticle(t, c, "Gallery", b.String())
}

// 'byline read' gives an article's pictures the time a save gives them,
// library.PicturesBudget in all, then prints the article with the
// captions of those it could not get: pictures that never finish coming
// held it for as long as the fetcher waits for each, one after another.
func TestReadGivesPicturesATimeBudget(t *testing.T) {
	heavy(t, "pictures that never arrive, for the whole picture budget")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n")) // a start, then nothing more
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	c := newCLI(t)
	id := galleryArticle(t, c, srv.URL, 4)
	code, out, errOut := c.runOnTerminal("read", id, "--images", "blocks")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(errOut, "pictures left out") {
		t.Errorf("stderr %q, want the line saying pictures were left out", errOut)
	}
	if !strings.Contains(out, "Gallery") || !strings.Contains(out, "picture 3") {
		t.Errorf("the article or its captions are missing:\n%s", out)
	}
}
