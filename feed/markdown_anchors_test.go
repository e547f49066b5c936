package feed

import (
	"strings"
	"testing"
)

// A page's in-page links and the ids they point to survive conversion, so
// that the reader finds the heading a browser would: a heading's own id,
// an anchor in it or just before it, or the section it begins, written as
// a Markdown heading attribute; a link to "#x" (or to the page itself
// with a fragment) stays "#x" however the page is resolved. Each of these
// was lost: the id dropped, "#x" made "https://…/post#x", and an anchor
// without an address written as an empty link "[]()".
func TestHTMLAnchorsKept(t *testing.T) {
	const base = "https://blog.example/2024/post.html"
	for _, c := range []struct{ name, html, want string }{
		{"own id", `<h2 id="über-uns">Über uns</h2>`, "## Über uns {#über-uns}"},
		{"id with punctuation", `<h2 id="History_(1900)">History</h2>`, `## History {id="History_(1900)"}`},
		{"quotes in an id", `<h3 id='say"hi\'>Say</h3>`, `### Say {id="say\"hi\\"}`},
		{"named anchor inside", `<h2><a name="n1"></a>Named</h2>`, "## Named {#n1}"},
		{"anchor around the text", `<h3><a id="i1">Idd</a></h3>`, "### Idd {#i1}"},
		{"span id inside", `<h2><span class="mw-headline" id="Wiki">Wiki</span></h2>`, "## Wiki {#Wiki}"},
		{"anchor just before", `<a id="before"></a>` + "\n" + `<h2>After</h2>`, "## After {#before}"},
		{"section it begins", `<section id="sec"><h2>In section</h2><p>x</p></section>`, "## In section {#sec}"},
		{"the linked one of two", `<p><a href="#inner">go</a></p><h2 id="outer"><span id="inner">Two</span></h2>`, "## Two {#inner}"},
		// GitHub prefixes the ids of a README's headings, and its script
		// finds #install at user-content-install.
		{"GitHub's prefix", `<p><a href="#install">Install</a></p><h2><a id="user-content-install" class="anchor" aria-hidden="true" href="#install"><svg></svg></a>Install</h2>`, "## Install {#install}"},
		{"no id", `<h2>Plain</h2>`, "## Plain\n"},
		{"fragment link", `<p><a href="#%C3%BCber-uns">Über uns</a></p>`, "[Über uns](#%C3%BCber-uns)"},
		{"same page by path", `<p><a href="/2024/post.html#x">x</a></p>`, "[x](#x)"},
		{"same page absolute", `<p><a href="https://blog.example/2024/post.html#y">y</a></p>`, "[y](#y)"},
		{"another page", `<p><a href="/2024/other.html#x">x</a></p>`, "[x](https://blog.example/2024/other.html#x)"},
		// Permalinks a page puts in its headings are no links to read: a
		// mark alone ("¶", an icon) goes, a title linked to itself is its text.
		{"Sphinx permalink", `<section id="setup"><h2>Setup<a class="headerlink" href="#setup" title="Link">¶</a></h2></section>`, "## Setup {#setup}\n"},
		{"icon permalink", `<h2 id="icon"><a class="anchor" aria-hidden="true" href="#icon"><svg></svg></a>Icon</h2>`, "## Icon {#icon}\n"},
		{"title linked to itself", `<h2 id="self"><a href="#self">Self</a></h2>`, "## Self {#self}\n"},
		{"a heading's link elsewhere", `<h2 id="out"><a href="#other">Out</a></h2>`, "## [Out](#other) {#out}"},
		{"anchor in a paragraph", `<p>para <a name="inpara"></a>text</p>`, "para text"},
	} {
		md, err := HTMLToMarkdown(c.html, base)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !strings.Contains(md+"\n", c.want) {
			t.Errorf("%s: %q\nwant it to hold %q", c.name, md, c.want)
		}
		if strings.Contains(md, "[]") || strings.Contains(md, "]()") {
			t.Errorf("%s: an empty link in %q", c.name, md)
		}
	}
	// Without a page to resolve against, the fragment is as written too.
	if md, _ := HTMLToMarkdown(`<a href="#x">x</a><h2 id="x">X</h2>`, ""); md != "[x](#x)\n\n## X {#x}" {
		t.Errorf("without a base: %q", md)
	}
}

// Headings nested a few hundred deep around a long text: each node is
// read for one heading, not for every heading around it.
func BenchmarkNestedHeadingIDs(b *testing.B) {
	page := strings.Repeat(`<h2 id="h"><div>`, 250) + strings.Repeat(`<span id="s">word</span> <a href="#s">link</a> `, 20000) + strings.Repeat(`</div></h2>`, 250)
	for b.Loop() {
		if _, err := HTMLToMarkdown(page, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// A linked id on an element that is no heading (a footnote, its
// reference, a paragraph) is kept as an empty HTML anchor at the start of
// the element's text, which the reader finds as it finds a Markdown
// source's own: footnotes and their back links went nowhere. An id no
// link points to adds nothing.
func TestHTMLTargetsKept(t *testing.T) {
	page := `<p id="unused">Text<sup id="fnref:1"><a href="#fn:1">1</a></sup> and <a href="#p2">on</a>.</p>` +
		`<p id="p2">Second <img id="pic" src="https://e.example/a.png" alt="pic"> <a href="#pic">pic</a>.</p>` +
		`<pre id="code"><code>x := 1</code></pre><p><a href="#code">code</a> <a href="#q&quot;">q</a> <a href="#self">self</a> <a id="self" href="https://e.example/x">out</a></p>` +
		`<ol><li id="fn:1">Note. <a href="#fnref:1">↩</a></li><li id='q"'>Quote.</li><li id="fn:3"><p>In a paragraph. <a href="#fn:3">↩</a></p></li></ol>`
	md, err := HTMLToMarkdown(page, "https://e.example/post")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`Text<a id="fnref:1"></a>`, `<a id="p2"></a>Second`, `<a id="pic"></a>![pic](https://e.example/a.png)`,
		"<a id=\"code\"></a>\n\n```\nx := 1\n```", `1. <a id="fn:1"></a>Note.`, `2. <a id="q&#34;"></a>Quote.`, `3. <a id="fn:3"></a>In a paragraph.`, `<a id="self"></a>[out](https://e.example/x)`} {
		if !strings.Contains(md, want) {
			t.Errorf("no %q in\n%s", want, md)
		}
	}
	if strings.Contains(md, "unused") {
		t.Errorf("an id no link points to was kept:\n%s", md)
	}
}
