package feed

import (
	"strings"
	"testing"
)

// Page furniture is not the article: a consent notice (however it is
// named or placed), a dialog, a newsletter box with its button. What
// readability keeps or brings back on a short page is dropped before it
// reads the page.
func TestPageChromeIsNotTheArticle(t *testing.T) {
	story := `<p>The tide comes in twice a day along the loopback coast, and the fishermen of the interface know it well.
They have watched the packets come and go for many years.</p>
<p>Each morning the harbour master reads the tables and calls out the times, and nobody listens to him.</p>`
	cases := map[string]string{
		"banner before the article": `<div class="cookie-banner"><p>This site uses cookies to give you the best experience. By continuing you agree to our use of them.</p><button>Accept all</button></div>
<article><h1>Tides</h1>` + story + `</article>`,
		"consent notice without a button": `<div id="consent-notice"><p>This site uses cookies to give you the best experience. By continuing you agree to our use of them.</p></div>
<article><h1>Tides</h1>` + story + `</article>`,
		"notice inside the article": `<article><h1>Tides</h1><div class="notice"><p>This site uses cookies to give you the best experience. By continuing you agree to our use of them.</p><button>OK</button></div>` + story + `</article>`,
		"dialog": `<div role="dialog" aria-label="Privacy"><p>This site uses cookies to give you the best experience. By continuing you agree to our use of them.</p><a href="/ok">OK</a></div>
<main><h1>Tides</h1>` + story + `</main>`,
		"newsletter box": `<article><h1>Tides</h1>` + story + `<form><p>This site uses cookies to give you the best experience, and a newsletter every week.</p><input type="email" name="e"><button>Subscribe</button></form></article>`,
	}
	for name, body := range cases {
		p, err := PageFromHTML([]byte("<html><head><title>Tides</title></head><body>"+body+"</body></html>"), "text/html", "https://gazette.example/tides")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(p.Markdown, "cookies") || strings.Contains(p.Markdown, "Accept") {
			t.Errorf("%s: the extracted article holds the page's furniture:\n%s", name, p.Markdown)
		}
		if !strings.Contains(p.Markdown, "The tide comes in twice a day") || !strings.Contains(p.Markdown, "harbour master") {
			t.Errorf("%s: the story was lost:\n%s", name, p.Markdown)
		}
	}
}

// A word such as "cookie" in a class does not make an article chrome: a
// recipe about cookies stays whole.
func TestPageChromeKeepsArticlesAboutCookies(t *testing.T) {
	body := `<article class="recipe cookie-recipe"><h1>Oat cookies</h1>
<p>These oat cookies take twenty minutes and keep for a week in a tin, which is longer than they ever last in our kitchen.</p>
<p>Mix the oats, the flour and the sugar, then melt the butter with the syrup and stir it in while it is still warm.</p>
<div class="cookie-tip"><p>Take them out while they are still soft in the middle: they firm up as they cool on the tray.</p></div>
</article>`
	p, err := PageFromHTML([]byte("<html><head><title>Oat cookies</title></head><body>"+body+"</body></html>"), "text/html", "https://food.example/oat")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"twenty minutes", "melt the butter", "still soft in the middle"} {
		if !strings.Contains(p.Markdown, want) {
			t.Errorf("the recipe lost %q:\n%s", want, p.Markdown)
		}
	}
}

// Reading a large page: its furniture is dropped in one walk of the tree
// (and a climb from each of at most 50 controls).
func BenchmarkPageFromHTMLLarge(b *testing.B) {
	var page strings.Builder
	page.WriteString("<html><head><title>Long</title></head><body>")
	for i := 0; i < 40; i++ {
		page.WriteString(`<div class="share"><p>Share this with your friends</p><button>Share</button></div>`)
	}
	page.WriteString("<article><h1>Long</h1>")
	for i := 0; i < 2000; i++ {
		page.WriteString("<p>A paragraph of the article that says something worth reading, at length, again and again.</p>")
	}
	page.WriteString("</article></body></html>")
	body := []byte(page.String())
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := PageFromHTML(body, "text/html", "https://example.com/long"); err != nil {
			b.Fatal(err)
		}
	}
}
