package ui

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/imagecache"
	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/images"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/render"
	"github.com/byline/byline/ui/theme"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
)

func stripes(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetNRGBA(x, y, color.NRGBA{uint8(40 * (y * 6 / h)), uint8(x * 255 / w), 180, 255})
		}
	}
	return img
}

// pictureFixture is a store with one article of ten pictures (PNG and
// JPEG, and one that is an HTML page) served by a test server.
func pictureFixture(t testing.TB) (*fixture, *httptest.Server) {
	var pngB, jpgB bytes.Buffer
	png.Encode(&pngB, stripes(320, 160))
	jpeg.Encode(&jpgB, stripes(400, 300), nil)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, ".png"):
			w.Write(pngB.Bytes())
		case strings.HasSuffix(r.URL.Path, ".jpg"):
			w.Write(jpgB.Bytes())
		default:
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html>login</html>"))
		}
	}))
	t.Cleanup(srv.Close)
	var md strings.Builder
	md.WriteString("Pictures follow.\n\n")
	for i := 0; i < 9; i++ {
		ext := ".png"
		if i%2 == 1 {
			ext = ".jpg"
		}
		md.WriteString("Paragraph " + string(rune('A'+i)) + " of the text.\n\n![Figure " + string(rune('A'+i)) + "](" + srv.URL + "/" + string(rune('a'+i)) + ext + ")\n\n")
	}
	md.WriteString("![Broken](" + srv.URL + "/page)\n\nThe end.\n")
	st, err := store.Open(filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	src, err := st.AddSource(ctx, store.NewSource{Kind: "file", Location: "/feeds/pics.xml", Title: "Pictures"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveArticles(ctx, src.ID, []feed.Article{{GUID: "p", Title: "Charts", Link: "https://example.com/p",
		Published: testNow.Add(-time.Hour), Format: feed.FormatMarkdown, Content: md.String()}}, testNow); err != nil {
		t.Fatal(err)
	}
	return &fixture{st: st, src: src}, srv
}

func (f *fixture) pictureModel(cache *imagecache.Cache, fetcher *feed.Fetcher) Model {
	return New(Options{
		Store:    f.st,
		Renderer: render.New("dark", termenv.Ascii, render.WithPictures(true)),
		Styles:   theme.NewStyles(theme.Dark),
		Keys:     keys.Default(),
		Now:      func() time.Time { return testNow },
		Images:   ImageOptions{Drawer: images.NewDrawer(images.ModeBlocks, true, nil), Cache: cache, Fetcher: fetcher, MaxRows: 8},

		PreviewLoadingAfter: time.Microsecond,
	})
}

// checkFrame asserts that every line of a view fits the terminal.
func checkFrame(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("%d lines in a %d-line terminal", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide in a %d-cell terminal", i, n, w)
		}
	}
}

// The pictures arrive after the text, above their captions; the broken
// one stays its caption; scrolling keeps every frame within the terminal;
// with the server gone and no network, the cached pictures still show.
func TestPicturesInTheReader(t *testing.T) {
	f, srv := pictureFixture(t)
	cache, err := imagecache.Open(filepath.Join(t.TempDir(), "images"), 0)
	if err != nil {
		t.Fatal(err)
	}
	m := f.pictureModel(cache, feed.NewFetcher("byline-test", 0))
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("enter"))
	body := m.pics.body()
	if n := strings.Count(body, "▀"); n < 9*40 {
		t.Fatalf("%d half blocks: the pictures were not drawn", n)
	}
	if len(m.pics.drawn) != 9 {
		t.Errorf("%d pictures drawn, want 9 (the HTML page is not one)", len(m.pics.drawn))
	}
	if !strings.Contains(ansi.Strip(body), "[image: Broken]") {
		t.Error("the broken picture lost its caption")
	}
	caption := strings.Index(ansi.Strip(body), "[image: Figure A]")
	block := strings.Index(ansi.Strip(body), "▀")
	if block < 0 || caption < block {
		t.Error("the picture is not above its caption")
	}
	for i := 0; i < 60; i++ {
		m = send(t, m, keyMsg("j"))
		checkFrame(t, m.View(), 120, 40)
	}
	srv.Close()
	offline := f.pictureModel(cache, nil)
	offline = run(t, offline, offline.Init())
	offline = send(t, offline, tea.WindowSizeMsg{Width: 120, Height: 40}, keyMsg("enter"))
	if len(offline.pics.drawn) != 9 {
		t.Errorf("offline: %d pictures drawn from the cache, want 9", len(offline.pics.drawn))
	}
}

// The real program loop: an article with pictures opens, the pictures
// arrive, and it scrolls and redraws in blocks mode.
func TestPicturesProgram(t *testing.T) {
	f, _ := pictureFixture(t)
	cache, _ := imagecache.Open(filepath.Join(t.TempDir(), "images"), 0)
	tm := teatest.NewTestModel(t, f.pictureModel(cache, feed.NewFetcher("byline-test", 0)), teatest.WithInitialTermSize(100, 30))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Charts")) }, teatest.WithDuration(15*time.Second))
	tm.Send(keyMsg("enter"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("▀")) }, teatest.WithDuration(15*time.Second))
	for i := 0; i < 12; i++ {
		tm.Send(keyMsg(" "))
	}
	// Pictures arriving meanwhile make the article longer than twelve
	// pages may reach; G goes to its end wherever that is by then. A
	// picture that arrives inside the view after G pushes the lines below
	// it down (the text being read stays put), and frames coalesce, so the
	// end may scroll out before a frame shows it: G again until it shows.
	tm.Send(keyMsg("G"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		if bytes.Contains(b, []byte("The end.")) {
			return true
		}
		tm.Send(keyMsg("G"))
		return false
	}, teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(200*time.Millisecond))
	// Back at the top of the open article its first picture shows. (The
	// picture seen before may have been the preview's: opening renders
	// the article again at the reader's width and draws its pictures
	// anew, which on a busy machine can take longer than the scrolling.)
	tm.Send(keyMsg("g"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("▀")) }, teatest.WithDuration(15*time.Second))
	tm.Send(keyMsg("Q")) // q goes back a level; Q quits
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(Model)
	checkFrame(t, fm.View(), 100, 30)
	// Pictures arrive while the user scrolls; those still on their way when
	// Q comes are not waited for (TestPicturesInTheReader counts
	// all nine in the model).
	if len(fm.pics.drawn) == 0 || len(fm.pics.drawn) > 9 {
		t.Errorf("%d pictures drawn, want between 1 and 9", len(fm.pics.drawn))
	}
}

// Scrolling an article with ten pictures drawn: one key and one frame.
func BenchmarkScrollPictures(b *testing.B) {
	f, _ := pictureFixture(b)
	// run and send report through a *testing.T; a failure here panics.
	t := &testing.T{}
	cache, _ := imagecache.Open(filepath.Join(b.TempDir(), "images"), 0)
	m := f.pictureModel(cache, feed.NewFetcher("byline-test", 0))
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 140, Height: 50}, keyMsg("enter"))
	if len(m.pics.drawn) != 9 {
		b.Fatalf("%d pictures drawn", len(m.pics.drawn))
	}
	down, up := keyMsg("j"), keyMsg("k")
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := down
		if i/100%2 == 1 {
			k = up
		}
		next, _ := m.Update(k)
		m = next.(Model)
		_ = m.View()
	}
}

// openedWithoutPictures is the pictures article open at 120x20 with no
// network and an empty cache: every picture is its caption, until a test
// hands one in.
func openedWithoutPictures(t *testing.T) Model {
	t.Helper()
	f, _ := pictureFixture(t)
	cache, err := imagecache.Open(filepath.Join(t.TempDir(), "images"), 0)
	if err != nil {
		t.Fatal(err)
	}
	m := f.pictureModel(cache, nil)
	m = run(t, m, m.Init())
	return send(t, m, tea.WindowSizeMsg{Width: 120, Height: 20}, keyMsg("enter"))
}

// A picture that arrives above the lines being read puts them no lower on
// the screen: the view moves down with them, as a browser keeps its place.
func TestPictureArrivingAboveKeepsTheTextInPlace(t *testing.T) {
	m := openedWithoutPictures(t)
	m = send(t, m, keyMsg("G"))
	row := func() int {
		for i, l := range strings.Split(ansi.Strip(m.View()), "\n") {
			if strings.Contains(l, "The end.") {
				return i
			}
		}
		return -1
	}
	before := row()
	if before < 0 {
		t.Fatal("G did not show the article's end")
	}
	first := m.pics.doc.Images()[0].URL
	m = send(t, m, PictureDrawnMsg{Gen: m.renderGen, URL: first, Lines: strings.Repeat("▀▀▀▀\n", 7) + "▀▀▀▀"})
	if _, ok := m.pics.drawn[first]; !ok {
		t.Fatal("the picture was not taken")
	}
	if after := row(); after != before {
		t.Errorf("a picture arriving above moved the lines being read from row %d to %d:\n%s", before, after, ansi.Strip(m.View()))
	}
	// At the top, a picture arriving below the header shows where it is.
	m = send(t, m, keyMsg("g"))
	second := m.pics.doc.Images()[1].URL
	m = send(t, m, PictureDrawnMsg{Gen: m.renderGen, URL: second, Lines: "▀▀▀▀"})
	if m.reader.ScrollPercent() != 0 {
		t.Errorf("at the top, a picture arriving moved the view (%.2f)", m.reader.ScrollPercent())
	}
}

// Keys that move in an article typed while its body is still rendering act
// on the body once it arrives (a space right after enter pages the
// article, not the word Loading); a key that leaves the article does not
// wait for it.
func TestKeysWhileTheArticleRendersActOnIt(t *testing.T) {
	f, _ := pictureFixture(t)
	cache, _ := imagecache.Open(filepath.Join(t.TempDir(), "images"), 0)
	m := f.pictureModel(cache, nil)
	m = run(t, m, m.Init())
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 20}) // narrow: no preview rendered ahead
	next, render := m.Update(keyMsg("enter"))
	m = next.(Model)
	if m.reader.ArticleID() == 0 {
		t.Fatal("enter opened nothing")
	}
	for _, k := range []string{" ", "G"} {
		next, cmd := m.Update(keyMsg(k))
		m = run(t, next.(Model), cmd)
	}
	m = run(t, m, render)
	if !strings.Contains(ansi.Strip(m.View()), "The end.") {
		t.Errorf("space and G typed while the article rendered were lost:\n%s", ansi.Strip(m.View()))
	}

	// Leaving: esc typed while the next render is on its way acts at once.
	m = send(t, m, keyMsg("g"), keyMsg("esc"))
	for _, k := range []string{"enter", " ", "esc"} {
		next, _ := m.Update(keyMsg(k))
		m = next.(Model)
	}
	if m.focus == focusReader {
		t.Error("esc waited for the article's render")
	}
	if len(m.pending) != 0 {
		t.Errorf("%d keys still wait after leaving the article", len(m.pending))
	}
}
