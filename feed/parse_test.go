package feed

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

func TestParseFeedFormats(t *testing.T) {
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>R</title><link>https://example.com/blog/</link>
<item><title>One</title><link>/posts/one</link><guid>g1</guid><pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate>
<category>Go</category><category>Web Dev</category><author>a@example.com (Ann)</author>
<description>&lt;p&gt;Hello &lt;b&gt;world&lt;/b&gt;&lt;/p&gt;</description></item>
<item><description>No title here, only a description that is long enough to make a title from</description></item>
</channel></rss>`
	atom := `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<link href="https://atom.example/"/><entry><title>E</title><id>urn:e</id><updated>2024-02-03T04:05:06Z</updated>
<link href="https://atom.example/e"/><content type="html">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>`
	jsonFeed := `{"version":"https://jsonfeed.org/version/1.1","title":"J","home_page_url":"https://j.example/",
"items":[{"id":"1","title":"JI","url":"https://j.example/1","content_html":"<p>hi</p>","date_published":"2024-01-01T00:00:00Z","tags":["t"]}]}`
	rdf := `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://r.example/"><title>RDF</title><link>https://r.example/</link></channel>
<item rdf:about="https://r.example/1"><title>R1</title><link>https://r.example/1</link></item></rdf:RDF>`

	res, err := ParseFeed([]byte("\n\n"+rss), "https://example.com/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	a := res.Articles[0]
	if res.Title != "R" || a.Title != "One" || a.GUID != "g1" || a.Link != "https://example.com/posts/one" {
		t.Errorf("rss: %+v", a)
	}
	if !a.Published.Equal(time.Date(2006, 1, 2, 15, 4, 5, 0, time.UTC)) {
		t.Errorf("rss date: %v", a.Published)
	}
	if strings.Join(a.Tags, "|") != "Go|Web Dev" || a.Summary != "Hello world" || a.Author == "" {
		t.Errorf("rss tags/summary/author: %v %q %q", a.Tags, a.Summary, a.Author)
	}
	if b := res.Articles[1]; !strings.HasPrefix(b.Title, "No title here") || b.Published.IsZero() == false {
		t.Errorf("untitled item: %q, date %v", b.Title, b.Published)
	}

	res, err = ParseFeed([]byte(atom), "https://atom.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	if a := res.Articles[0]; a.Title != "E" || a.Published.Year() != 2024 || a.Content != "<p>x</p>" {
		t.Errorf("atom (updated as date): %+v", a)
	}
	res, err = ParseFeed([]byte(jsonFeed), "https://j.example/feed.json")
	if err != nil {
		t.Fatal(err)
	}
	if a := res.Articles[0]; a.Title != "JI" || a.Tags[0] != "t" || a.Link != "https://j.example/1" {
		t.Errorf("json feed: %+v", a)
	}
	res, err = ParseFeed([]byte(rdf), "x")
	if err != nil || res.Articles[0].Title != "R1" {
		t.Errorf("rdf: %v %v", err, res)
	}
}

func TestParseFeedRejectsNonFeeds(t *testing.T) {
	for name, doc := range map[string]string{
		"empty":   "",
		"spaces":  "  \n ",
		"html":    "<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>",
		"garbage": "\x00\x01\x02binary",
		"xml":     "<?xml version=\"1.0\"?><note><to>x</to></note>",
	} {
		if _, err := ParseFeed([]byte(doc), "x"); err == nil {
			t.Errorf("%s: parsed as a feed", name)
		}
	}
	_, err := ParseFeed([]byte("<html><body>moved</body></html>"), "x")
	if !errors.Is(err, ErrNotAFeed) || !strings.Contains(err.Error(), "HTML") {
		t.Errorf("html page: %v", err)
	}
}

func TestHTMLToMarkdownKeepsTablesCodeAndResolvesLinks(t *testing.T) {
	html := `<p>See <a href="/docs/x">the docs</a> and <img src="img/p.png" alt="a picture"></p>
<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>
<pre><code class="language-go">func main() {}
</code></pre>`
	md, err := HTMLToMarkdown(html, "https://example.com/blog/post")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[the docs](https://example.com/docs/x)", "![a picture](https://example.com/blog/img/p.png)", "| a | b |", "```go\nfunc main() {}"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestParseFeedUTF16(t *testing.T) {
	doc := `<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Zürich</title><item><title>Café ☕</title><guid>1</guid></item></channel></rss>`
	for name, enc := range map[string]func(string) []byte{
		"LE with BOM": func(s string) []byte { return utf16Bytes(s, false, true) },
		"BE with BOM": func(s string) []byte { return utf16Bytes(s, true, true) },
		"LE no BOM":   func(s string) []byte { return utf16Bytes(s, false, false) },
	} {
		res, err := ParseFeed(enc(doc), "x")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.Title != "Zürich" || res.Articles[0].Title != "Café ☕" {
			t.Fatalf("%s: %q %q", name, res.Title, res.Articles[0].Title)
		}
	}
}

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var out []byte
	put := func(u uint16) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	if bom {
		put(0xfeff)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		put(u)
	}
	return out
}
