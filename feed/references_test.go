package feed

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

// rssOf is an RSS document of three items, the middle one titled title
// and described by desc (XML character data, as written).
func rssOf(title, desc string) string {
	return `<?xml version="1.0"?>
<rss version="2.0"><channel><title>F</title><link>https://ex.example/</link>
<item><title>First</title><link>https://ex.example/1</link><guid>1</guid><description>one</description></item>
<item><title>` + title + `</title><link>https://ex.example/2</link><guid>2</guid><description>` + desc + `</description></item>
<item><title>Third</title><link>https://ex.example/3</link><guid>3</guid><description>three</description></item>
</channel></rss>`
}

// A reference to a character XML forbids made the parser refuse the whole
// document: every item was lost for one. Controls go with their sequence.
func TestForbiddenReferencesKeepTheFeed(t *testing.T) {
	for _, c := range []struct{ name, title, want string }{
		{"decimal", "Back&#8;space", "Backspace"},
		{"hex", "Back&#x8;space", "Backspace"},
		{"upper hex", "Back&#X08;space", "Backspace"},
		{"hex digits upper", "a&#x1B;[2Jb", "ab"},
		{"leading zeros", "a&#0000027;[2Jb &#x00000007;c", "ab c"},
		{"osc with bel", "Title &#x1b;]0;PWNED&#7; end", "Title end"},
		{"osc with st", "Title &#27;]52;c;aGk=&#27;\\ end", "Title end"},
		{"dcs", "a&#x1b;P1$r0m&#x1b;\\b", "ab"},
		{"nul", "a&#0;b", "ab"},
		{"every C0", "a&#1;&#2;&#3;&#4;&#5;&#6;&#11;&#12;&#14;&#15;&#16;&#31;b", "ab"},
		// XML allows C1; the feed parser decodes references as HTML
		// does, where &#x9b; is "›" (Windows-1252): nothing a terminal acts on.
		{"C1 allowed by XML", "a&#x9b;2Jb&#x9d;0;T&#x9c;c", "a›2Jb0;Tœc"},
		{"noncharacter", "a&#xFFFE;b&#xffff;c", "a\ufffdb\ufffdc"},
		{"surrogates", "a&#xD800;b&#55296;c&#xdfff;d", "a\ufffdb\ufffdc\ufffdd"},
		{"joined after a removal", "a&#x&#8;1b;[2Jb", "a\ufffd[2Jb"},
		{"allowed references stay", "tab&#9;nl&#10;&#x41;&#xe9;", "tab nl Aé"},
		{"every character spelled", "a&#27;&#93;&#48;&#59;&#88;&#7;b &#x1b;&#x5b;&#x32;&#x4a;c", "ab c"},
		{"markup stays markup", "&#60;i&#62; &#38;amp; &#34;&#39;", "& \"'"},
		{"no CDATA end made", "a&#93;&#93;&#62; b&#93;&#x5D;> c", "a]]> b]]> c"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := ParseFeed([]byte(rssOf(c.title, "body")), "feed.xml")
			if err != nil {
				t.Fatalf("ParseFeed: %v", err)
			}
			if len(res.Articles) != 3 {
				t.Fatalf("%d articles, want 3", len(res.Articles))
			}
			if got := res.Articles[1].Title; got != c.want {
				t.Errorf("title %q, want %q", got, c.want)
			}
		})
	}
}

func TestForbiddenReferencesInAtomAndAttributes(t *testing.T) {
	atom := `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A&#x1b;]0;X&#7;tom</title><id>urn:a</id>
<entry><title type="html">E &#x1b;[31mred&#8;</title><id>urn:a:1</id><updated>2006-01-02T15:04:05Z</updated>
<author><name>Eve&#x1B;]0;T&#x07;</name></author><category term="t&#x1b;]0;T&#7;ag"/>
<content type="html">&lt;p&gt;body&#x1b;]0;T&#7; kept&lt;/p&gt;</content></entry>
<entry><title>Second</title><id>urn:a:2</id><updated>2006-01-02T15:04:05Z</updated></entry></feed>`
	res, err := ParseFeed([]byte(atom), "feed.atom")
	if err != nil {
		t.Fatal(err)
	}
	if res.Title != "Atom" || len(res.Articles) != 2 {
		t.Fatalf("title %q, %d articles", res.Title, len(res.Articles))
	}
	a := res.Articles[0]
	if a.Title != "E red" || a.Author != "Eve" || !reflect.DeepEqual(a.Tags, []string{"tag"}) {
		t.Errorf("entry: title %q author %q tags %q", a.Title, a.Author, a.Tags)
	}
	if md, _ := ToMarkdown(a.Content, a.Format, ""); md != "body kept" {
		t.Errorf("body %q", md)
	}
}

// In CDATA sections, comments and processing instructions "&#8;" is text:
// the document there is left as it was.
func TestForbiddenReferencesLeaveCDATAAlone(t *testing.T) {
	for _, doc := range []string{
		`<rss><channel><item><title><![CDATA[a &#8; b &#x1b;]0;x&#7;]]></title></item></channel></rss>`,
		`<rss><!-- &#8; --><channel><item><title>t</title></item></channel></rss>`,
		`<?xml version="1.0"?><?note &#8;?><rss/>`,
		`<rss><![CDATA[ unclosed &#8;`,
	} {
		if got := string(normaliseDocument([]byte(doc))); got != doc {
			t.Errorf("changed:\n%s\n%s", doc, got)
		}
	}
	// What CDATA holds is HTML: decoded there, cleaned there, whole.
	res, err := ParseFeed([]byte(rssOf("<![CDATA[a &amp; &#x1b;]0;x&#7;b]]>", "<![CDATA[<p>cdata &#x1b;]0;PWNED&#7;body &#x1b;[2J&#8;done</p>]]>")), "f.xml")
	if err != nil {
		t.Fatal(err)
	}
	a := res.Articles[1]
	if a.Title != "a & b" {
		t.Errorf("title %q", a.Title)
	}
	if md, _ := ToMarkdown(a.Content, a.Format, ""); md != "cdata body done" {
		t.Errorf("body %q", md)
	}
}

// The body of an item decodes its HTML once more than the title: after
// the feed's XML, the HTML parser turns &#x1b; into ESC. The sequence goes
// whole there too; before, the converter dropped its BEL and "0;ENCBODY"
// was left as text.
func TestEncodedSequencesLeaveNoFragmentInTheBody(t *testing.T) {
	enc := `Body &amp;#x1b;]0;ENCBODY&amp;#7; and &amp;#27;[2J and &amp;#x1b;]52;c;aGk=&amp;#x07; done`
	res, err := ParseFeed([]byte(rssOf(enc, "&lt;p&gt;"+enc+"&lt;/p&gt;")), "f.xml")
	if err != nil {
		t.Fatal(err)
	}
	a := res.Articles[1]
	md, err := ToMarkdown(a.Content, a.Format, "")
	if err != nil {
		t.Fatal(err)
	}
	if md != "Body and and done" || a.Title != md {
		t.Errorf("body %q, title %q; want both %q", md, a.Title, "Body and and done")
	}
	for _, c := range []struct{ html, want string }{
		{`<p>a&#x1b;]0;T&#x07;b</p>`, "ab"},
		{`<pre><code>x &#27;[31mred&#27;[0m y</code></pre>`, "```\nx red y\n```"},
		{`<p>DCS &#x1b;P1$r0m&#x1b;\ and APC &#x1b;_Gf=100;AAAA&#x1b;\ end</p>`, "DCS and APC end"},
		{`<p><img src="https://ex.example/i.png" alt="pic&#x1b;]0;T&#7;ture"></p>`, "![picture](https://ex.example/i.png)"},
		{`<p><a href="https://ex.example/" title="t&#x1b;]0;T&#7;">li&#27;[2Jnk</a></p>`, `[link](https://ex.example/ "t")`},
	} {
		if got, _ := ToMarkdown(c.html, FormatHTML, ""); got != c.want {
			t.Errorf("%s: %q, want %q", c.html, got, c.want)
		}
	}
}

func TestJSONFeedEscapedControls(t *testing.T) {
	doc := `{"version":"https://jsonfeed.org/version/1.1","title":"J\u001b]0;X\u0007son",
"items":[{"id":"1","title":"Back\u0008space \u001b[2Jend","tags":["t\u001b]0;X\u0007ag"],"content_html":"<p>b\u001b]0;X\u0007ody &#x1b;]0;Y&#7;kept</p>"}]}`
	res, err := ParseFeed([]byte(doc), "f.json")
	if err != nil {
		t.Fatal(err)
	}
	a := res.Articles[0]
	if res.Title != "Json" || a.Title != "Backspace end" || !reflect.DeepEqual(a.Tags, []string{"tag"}) {
		t.Errorf("feed %q, title %q, tags %q", res.Title, a.Title, a.Tags)
	}
	if md, _ := ToMarkdown(a.Content, a.Format, ""); md != "body kept" {
		t.Errorf("body %q", md)
	}
}

// A feed fetched over HTTP passes the same path as a file.
func TestRemoteFeedWithForbiddenReference(t *testing.T) {
	doc := rssOf("Back&#8;space &#x1b;]0;T&#7;end", "&lt;p&gt;b &amp;#x1b;]0;T&amp;#7;ody&lt;/p&gt;")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, doc)
	}))
	defer srv.Close()
	resp, err := NewFetcher("test", 10*time.Second).Get(context.Background(), srv.URL, Validators{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ParseFeed(resp.Body, srv.URL)
	if err != nil {
		t.Fatalf("ParseFeed: %v", err)
	}
	if len(res.Articles) != 3 || res.Articles[1].Title != "Backspace end" {
		t.Fatalf("%d articles: %+v", len(res.Articles), res.Articles)
	}
	if md, _ := ToMarkdown(res.Articles[1].Content, FormatHTML, srv.URL); md != "b ody" {
		t.Errorf("body %q", md)
	}
}

func TestFrontMatterWithControlCharacters(t *testing.T) {
	date := time.Date(2024, 5, 5, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ name, doc string }{
		{"yaml backspace", "---\ntitle: \"Quarterly\x08 report\"\ndate: 2024-05-05\ntags: [finance, q2]\n---\n\nBody\n"},
		{"yaml osc", "---\ntitle: Quarterly \x1b]0;PWNED\x07report\ndate: 2024-05-05\ntags: [finance, q2]\n---\n\nBody\n"},
		{"yaml C1", "---\ntitle: Quarterly \u009d0;T\u009creport\ndate: 2024-05-05\ntags: [finance, q2\u0085]\n---\n\nBody\n"},
		{"toml esc", "+++\ntitle = \"Quarterly \x1b[2Jreport\"\ndate = 2024-05-05\ntags = [\"finance\", \"q2\x1b]0;T\x07\"]\n+++\n\nBody\n"},
		{"toml bel", "+++\ntitle = \"Quarterly\x07 report\"\ndate = 2024-05-05\ntags = [\"finance\", \"q2\"]\n+++\n\nBody\n"},
		{"json", "{\"title\": \"Quarterly\x08 \x1b]0;T\x07report\", \"date\": \"2024-05-05\", \"tags\": [\"finance\", \"q2\"]}\n\nBody\n"},
		{"crlf", "---\r\ntitle: \"Quarterly\x08 report\"\r\ndate: 2024-05-05\r\ntags: [finance, q2]\r\n---\r\n\r\nBody\r\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fm, body, err := SplitFrontMatter([]byte(c.doc))
			if err != nil {
				t.Fatalf("SplitFrontMatter: %v", err)
			}
			if strings.TrimSpace(string(body)) != "Body" {
				t.Errorf("body %q", body)
			}
			a := MarkdownArticle([]byte(c.doc), "q.md", time.Unix(0, 0))
			if a.Problem != "" || a.Title != "Quarterly report" || !a.Published.Equal(date) || !reflect.DeepEqual(a.Tags, []string{"finance", "q2"}) {
				t.Errorf("problem %q, title %q, date %v, tags %q", a.Problem, a.Title, a.Published, a.Tags)
			}
			_ = fm
		})
	}
}

// BenchmarkForbiddenReferences normalises a feed of n items, each with
// references to controls in its title and CDATA in its body: linear in n.
func BenchmarkForbiddenReferences(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		var doc strings.Builder
		doc.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>`)
		for i := range n {
			fmt.Fprintf(&doc, `<item><title>%d &#x1b;]0;x&#7; &#8; &#xFFFE; ok &#x41;</title><guid>%d</guid><description><![CDATA[<p>&#x1b;[2J body</p>]]></description></item>`, i, i)
		}
		doc.WriteString(`</channel></rss>`)
		data := []byte(doc.String())
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				normaliseDocument(data)
			}
		})
	}
}
