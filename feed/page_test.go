package feed

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed/sanitize"
)

const prose = `<p>This is the first paragraph of a long article, with enough words in it that a readability
algorithm takes it for the main content of the page rather than navigation or boilerplate around it.</p>
<p>The second paragraph goes on, and links to <a href="/more">more reading</a> on the same site, and
keeps going for long enough to count as prose that a person came to the page to read on the train.</p>
<p>A third paragraph, because real articles have several, and the extraction should keep all of
them in order while dropping the navigation, the footer and the advertising around them all.</p>`

// Pages served to the save tests: each is what a real site sends, cut down.
var testPages = map[string]string{
	"/og": `<!DOCTYPE html><html><head><title>Ignored | Example</title>
<meta property="og:title" content="Trains &amp; Timetables">
<meta property="og:site_name" content="The Rail Review">
<meta property="og:description" content="Why the 7:42 is always late.">
<meta property="og:image" content="/img/lead.jpg">
<meta property="article:published_time" content="2025-03-04T08:30:00Z">
<meta name="author" content="Ada Byron">
</head><body><nav>Home</nav><article><h1>Trains</h1>` + prose + `</article></body></html>`,
	"/jsonld": `<!DOCTYPE html><html><head><title>Page title</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Signals in the \u001b[31mfog","author":{"@type":"Person","name":"Grace Hopper"},
"datePublished":"2024-11-05T10:00:00+01:00","image":"https://cdn.example.org/fog.png",
"publisher":{"@type":"Organization","name":"Fog Weekly"}}</script>
</head><body><main>` + prose + `</main></body></html>`,
	"/plain": `<html><head><title>Just a title</title></head><body><div>` + prose + `</div></body></html>`,
	"/paywall": `<html><head><meta property="og:title" content="Premium insight">
<meta property="og:description" content="Subscribe to read."></head>
<body><article><p>Subscribe to continue reading this article.</p></article></body></html>`,
}

func pageServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	for p, body := range testPages {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(body))
		})
	}
	mux.HandleFunc("/papers/rail-safety-2024.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4 ..."))
	})
	mux.HandleFunc("/r1", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/r2?utm_source=x", http.StatusFound)
	})
	mux.HandleFunc("/r2", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/plain", http.StatusMovedPermanently)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestPageMetadata(t *testing.T) {
	srv := pageServer(t)
	f := NewFetcher("test", 0)
	ctx := context.Background()

	p, err := f.Page(ctx, srv.URL+"/og?utm_source=feed#top")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Trains & Timetables" || p.SiteName != "The Rail Review" || p.Author != "Ada Byron" ||
		p.Description != "Why the 7:42 is always late." || p.Image != srv.URL+"/img/lead.jpg" {
		t.Errorf("OpenGraph page read as %+v", p)
	}
	if !p.Published.Equal(time.Date(2025, 3, 4, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("published %v", p.Published)
	}
	if p.URL != srv.URL+"/og" || !strings.Contains(p.Markdown, "second paragraph") || p.Problem != "" {
		t.Errorf("URL %q, problem %q, markdown %q", p.URL, p.Problem, p.Markdown)
	}

	p, err = f.Page(ctx, srv.URL+"/jsonld")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Signals in the fog" || p.Author != "Grace Hopper" || p.Image != "https://cdn.example.org/fog.png" ||
		p.Published.Year() != 2024 || p.SiteName != "Fog Weekly" {
		t.Errorf("JSON-LD page read as %+v", p)
	}

	p, err = f.Page(ctx, srv.URL+"/plain")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Just a title" || p.Author != "" || !p.Published.IsZero() || p.SiteName != "127.0.0.1" {
		t.Errorf("page without metadata read as %+v", p)
	}

	p, err = f.Page(ctx, srv.URL+"/paywall")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Premium insight" || !strings.Contains(p.Problem, "paywall") {
		t.Errorf("paywall stub read as %+v", p)
	}

	p, err = f.Page(ctx, srv.URL+"/papers/rail-safety-2024.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if p.NotHTML != "application/pdf" || p.Title != "rail-safety-2024.pdf" || p.Markdown != "" {
		t.Errorf("PDF read as %+v", p)
	}

	p, err = f.Page(ctx, srv.URL+"/r1")
	if err != nil {
		t.Fatal(err)
	}
	if p.URL != srv.URL+"/plain" || p.Title != "Just a title" {
		t.Errorf("redirect chain ended at %q, %q", p.URL, p.Title)
	}

	if _, err := f.Page(ctx, srv.URL+"/missing"); err == nil {
		t.Error("a 404 gave no error")
	}
	if _, err := f.Page(ctx, "file:///etc/passwd"); err == nil {
		t.Error("a file URL was fetched")
	}
}

func TestCanonicalURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://Example.COM:443/a?utm_source=rss&utm_medium=feed": "https://example.com/a",
		"https://example.com/a?b=2&a=1&fbclid=xyz#comments":        "https://example.com/a?a=1&b=2",
		"http://example.com":                         "http://example.com/",
		"https://user:pw@example.com/p?id=7&gclid=1": "https://example.com/p?id=7",
		"  https://example.com/x?q=a+b  ":            "https://example.com/x?q=a+b",
	} {
		got, err := CanonicalURL(in)
		if err != nil || got != want {
			t.Errorf("CanonicalURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "ftp://example.com/", "javascript:alert(1)", "/relative", "https://"} {
		if got, err := CanonicalURL(bad); err == nil {
			t.Errorf("CanonicalURL(%q) = %q, want an error", bad, got)
		}
	}
}

func FuzzPageFromHTML(f *testing.F) {
	for _, p := range testPages {
		f.Add([]byte(p))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := PageFromHTML(body, "text/html", "https://example.com/a")
		if err != nil {
			return
		}
		for _, s := range []string{p.Title, p.Author, p.SiteName, p.Description, p.Image, p.Problem} {
			if strings.ContainsAny(s, "\x1b\u009b\n") {
				t.Fatalf("unclean field %q", s)
			}
		}
	})
}

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{"https://Example.COM:443/a?utm_source=rss&b=2&a=1#x", "http://h/p%20q?x=%zz", "https://[::1]:80/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c, err := CanonicalURL(raw)
		if err != nil {
			return
		}
		if !IsURL(c) || c != sanitize.Line(c) {
			t.Fatalf("CanonicalURL(%q) = %q", raw, c)
		}
		if again, err := CanonicalURL(c); err != nil || again != c {
			t.Fatalf("not stable: %q -> %q -> %q (%v)", raw, c, again, err)
		}
	})
}

// A page's escapes go before it is converted, as a feed's do, and no
// escape that conversion makes decides where a control string ends. A raw
// OSC in a heading (its BEL dropped by the HTML parser) and a raw CSI in
// the next paragraph, whose '[' HTML-to-Markdown escapes, left 'ESC \': it
// was read as the OSC's terminator, and the paragraph between was removed.
// Written as references, the same escapes arrive decoded by the converter.
func TestPageEscapesNeverSwallowText(t *testing.T) {
	for name, esc := range map[string]string{"raw": "\x1b", "reference": "&#x1b;", "bel reference": "&#27;"} {
		t.Run(name, func(t *testing.T) {
			body := "<html><head><title>T</title></head><body><article><h1>Heading " + esc + "]0;evil\a end</h1>" +
				"<p>Second paragraph says plenty of words, so that the extractor keeps it as the article.</p>" +
				"<p>Third paragraph " + esc + "[1] bold words and more words for the extractor to count here.</p>" +
				"</article></body></html>"
			p, err := PageFromHTML([]byte(body), "text/html; charset=utf-8", "https://example.com/a")
			if err != nil {
				t.Fatal(err)
			}
			md := sanitize.Markdown(p.Markdown)
			for _, want := range []string{"Heading", "end", "Second paragraph says plenty", "Third paragraph", "bold words"} {
				if !strings.Contains(md, want) {
					t.Errorf("%q lost from %q", want, md)
				}
			}
			if name == "raw" && strings.Contains(md, "evil") {
				t.Errorf("the raw OSC was not removed whole before parsing, as a feed's is: %q", md)
			}
			if strings.ContainsFunc(md, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f }) {
				t.Errorf("a control is left: %q", md)
			}
		})
	}
}
