package feed

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/byline/byline/feed/sanitize"
)

const articlePage = `<!DOCTYPE html><html><head><title>A long read</title></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>A long read</h1>
<p>This is the first paragraph of a long article, with enough words in it that a readability
algorithm takes it for the main content of the page rather than navigation or boilerplate.</p>
<p>The second paragraph goes on, and links to <a href="/more">more reading</a> on the same site, and
keeps going for long enough to count as prose that a person came to the page to read today.</p>
<p>A third paragraph, because real articles have several, and the extraction should keep all of
them in order while dropping the navigation, the footer and the advertising around them.</p>
</article><footer>Copyright, cookie banner, subscribe now</footer></body></html>`

func TestFullArticle(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/post", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(articlePage))
	})
	mux.HandleFunc("/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4"))
	})
	mux.HandleFunc("/empty", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body></body></html>"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := NewFetcher("test", 0)
	md, err := f.FullArticle(context.Background(), srv.URL+"/post")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"first paragraph", "third paragraph", "[more reading](" + srv.URL + "/more)"} {
		if !strings.Contains(md, want) {
			t.Errorf("full text lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "cookie banner") || strings.Contains(md, "About") {
		t.Errorf("boilerplate kept:\n%s", md)
	}
	for path, want := range map[string]string{"/pdf": "not HTML", "/empty": "no article", "/missing": "404"} {
		if _, err := f.FullArticle(context.Background(), srv.URL+path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want it to say %q", path, err, want)
		}
	}
	if _, err := f.FullArticle(context.Background(), "file:///etc/passwd"); err == nil {
		t.Errorf("file: URL fetched")
	}
}

// A full article's page is cleaned of escapes before it is parsed, as a
// saved page is (see TestPageEscapesNeverSwallowText).
func TestFullArticleEscapesNeverSwallowText(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<html><body><article><h1>Heading \x1b]0;evil\a end</h1>"+
			"<p>Second paragraph says plenty of words, so that the extractor keeps it as the article.</p>"+
			"<p>Third paragraph \x1b[1] bold words and more words for the extractor to count here.</p></article></body></html>")
	}))
	defer srv.Close()
	md, err := NewFetcher("test", 0).FullArticle(context.Background(), srv.URL+"/a")
	if err != nil {
		t.Fatal(err)
	}
	md = sanitize.Markdown(md)
	if !strings.Contains(md, "Second paragraph") || strings.Contains(md, "evil") {
		t.Fatalf("%q", md)
	}
}
