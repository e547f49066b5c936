package feed

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/byline/byline/feed/sanitize"
)

func FuzzSplitFrontMatter(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: x\ntags: [a, b]\n---\nbody",
		"+++\ntitle = \"x\"\ndate = 2024-01-02\n+++\nbody",
		"{\"title\": \"x\", \"tags\": \"a, b\"}\nbody",
		"\ufeff---\r\ntitle: y\r\n---\r\n",
		"---\ntitle: [broken\n---\nbody",
		"---\n",
		"{",
		"# just markdown",
		// Controls in the header: cleaned before the parser refuses them.
		"---\ntitle: \"Quarterly\x08 report\"\ndate: 2024-05-05\ntags: [finance, q2]\n---\nbody",
		"+++\ntitle = \"T\x1b]0;x\x07\"\n+++\nbody",
		"{\"title\": \"J\x08\x1b[2J\"}\n\nbody",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fm, body, err := SplitFrontMatter(data)
		if fm.Format != "" && len(body) > len(data) {
			t.Fatalf("body longer than the document")
		}
		a := MarkdownArticle(data, "x.md", time.Unix(0, 0))
		if a.Title == "" {
			t.Fatalf("article without a title")
		}
		if (err != nil) != (a.Problem != "") {
			t.Fatalf("problem not reported: err=%v problem=%q", err, a.Problem)
		}
		for _, s := range append([]string{a.Title, a.Author, a.Summary}, a.Tags...) {
			if s != sanitize.Line(s) {
				t.Fatalf("unsanitised field %q", s)
			}
		}
	})
}

func FuzzHTMLToMarkdown(f *testing.F) {
	for _, s := range []string{
		`<p>Hello <a href="/x">link</a> <img src="i.png" alt="pic"></p>`,
		`<table><tr><th>a</th></tr><tr><td>1</td></tr></table>`,
		`<pre><code class="language-go">func main() {}</code></pre>`,
		"<script>alert(1)</script><p>\x1b]0;title\x07text</p>",
		`<a href="javascript:alert(1)">x</a>`,
		`<ul><li><ul><li><ul><li>deep</li></ul></li></ul></li></ul>`,
		`<p>unclosed <b><i>`,
		// Controls that arrive encoded: decoded by a parser downstream.
		`<p>Hello &#x1b;]0;PWNED&#x07; and &#27;[31m red &#x9b;2J</p>`,
		`<p>&amp;#x1b;]52;c;Y2xpcA==&amp;#x07; double-encoded</p>`,
		`<p>bidi &#x202e;txt.exe &#8238; and fillers &#x3164;&#x2800;&#x115f;</p>`,
		`<a href="https://x.example/&#x1b;]8;;evil&#x1b;\">label&#x07;</a>`,
		"<![CDATA[<p>\x1bP+q\x1b\\ \u009b6n</p>]]>",
		// Anchors: heading ids, permalinks, linked targets.
		`<p><a href="#%C3%BCber">a</a> <a href="/post/#fn:1">b</a></p><section id="s"><h2 id="über">Ü<a href="#über">¶</a></h2></section><ol><li id="fn:1">n</li></ol>`,
		`<h1><div><h2 id='a"}{#b}'><a name="c"></a>x {#d}</h2></div></h1><a href="#a&quot;}{#b}">l</a><p id="&#x1b;]0;t&#7;"><a href="#&#x1b;]0;t&#7;">e</a></p>`,
	} {
		f.Add(s, "https://example.com/post/")
	}
	f.Fuzz(func(t *testing.T, html, base string) {
		md, err := ToMarkdown(html, FormatHTML, base)
		if err != nil {
			return
		}
		if md != sanitize.Text(md) {
			t.Fatalf("converted Markdown not sanitised: %q", md)
		}
		if md != sanitize.Markdown(md) {
			t.Fatalf("converted Markdown holds a reference to a control: %q", md)
		}
		if !utf8.ValidString(PlainText(html)) {
			t.Fatalf("plain text is not UTF-8")
		}
	})
}

func FuzzParseFeed(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>i</title><guid>1</guid></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>a</title><entry><title>e</title><id>1</id></entry></feed>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"j","items":[{"id":"1","title":"x"}]}`))
	f.Add([]byte(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item><title>r</title></item></rdf:RDF>`))
	f.Add([]byte("<html><body>not a feed</body></html>"))
	// Controls encoded every way a feed can carry them.
	f.Add([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>t&#x1b;]0;x&#x07;</title><item><title>&amp;#x1b;]52;c;e30=&amp;#x07;</title><guid>1</guid><description>&lt;p&gt;&amp;#x1b;[2J&lt;/p&gt;</description></item></channel></rss>`))
	f.Add([]byte("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>c</title><description><![CDATA[<p>\x1b]0;t\x07 &#x9b;6n</p>]]></description></item></channel></rss>"))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"\u001b]0;j\u0007","items":[{"id":"1","title":"\u001b[31mx","content_html":"&#x1b;]8;;e&#x1b;\\"}]}`))
	// References to characters XML forbids, in text, attributes and CDATA.
	f.Add([]byte(`<rss version="2.0"><channel><item><title>Back&#8;space &#x1B;]0;t&#7; &#0000027;[2J &#xFFFE;&#xD800;&#0;</title><guid>1</guid></item><item><title>two</title><guid>2</guid></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><title>a&#x&#8;1b;b</title><category term="t&#X1b;]0;x&#x07;"/><content type="html"><![CDATA[&#8;]]>&lt;p&gt;&amp;#x1b;]0;B&amp;#7;&lt;/p&gt;</content></entry></feed>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if doc := normaliseDocument(data); bytes.HasPrefix(doc, []byte("<")) && !bytes.Equal(forbiddenReferences(doc, false), doc) {
			t.Fatalf("a reference XML forbids is left in %q", doc)
		}
		res, err := ParseFeed(data, "https://example.com/feed")
		if err != nil {
			return
		}
		for _, a := range res.Articles {
			if a.Title == "" || a.Key() == "" {
				t.Fatalf("article without title or key: %+v", a)
			}
			if a.Title != sanitize.Line(a.Title) || bytes.ContainsRune([]byte(a.Summary), 0x1b) {
				t.Fatalf("unsanitised article: %q", a.Title)
			}
			_ = strings.TrimSpace(a.Link)
		}
	})
}
