package feed

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The full text of a page keeps its table of contents working: the
// links to its headings stay "#…" (readability makes them addresses of
// the page) and the headings keep their ids.
func TestFullArticleKeepsAnchors(t *testing.T) {
	const page = `<!DOCTYPE html><html><head><title>Über uns</title></head><body>
<nav><a href="/">Start</a></nav>
<article><h1>Über uns</h1>
<p>Inhalt: <a href="#%C3%BCber-uns">Über uns</a>, <a href="#geschichte">Geschichte</a>, <a href="/post#kontakt">Kontakt</a>.</p>
<h2 id="über-uns">Über uns</h2>
<p>Dies ist der erste Absatz eines langen Artikels, mit genug Wörtern darin, dass ein Lesbarkeitsalgorithmus ihn für den Hauptinhalt der Seite hält.</p>
<h2><a name="geschichte"></a>Geschichte</h2>
<p>Der zweite Absatz geht weiter und erzählt die Geschichte, lang genug, um als Prosa zu gelten, wegen der jemand auf die Seite kam.</p>
<section id="kontakt"><h2>Kontakt</h2>
<p>Ein dritter Absatz, weil echte Artikel mehrere haben, und die Extraktion sollte alle in ihrer Reihenfolge behalten.</p></section>
</article><footer>Impressum</footer></body></html>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(page))
	}))
	defer srv.Close()
	md, err := NewFetcher("test", 0).FullArticle(context.Background(), srv.URL+"/post")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[Über uns](#%C3%BCber-uns)", "[Geschichte](#geschichte)", "[Kontakt](#kontakt)", "## Über uns {#über-uns}", "## Geschichte {#geschichte}", "## Kontakt {#kontakt}"} {
		if !strings.Contains(md, want) {
			t.Errorf("full text lacks %q:\n%s", want, md)
		}
	}
}
