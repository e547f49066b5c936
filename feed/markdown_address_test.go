package feed

import (
	"strings"
	"testing"
)

// Links and pictures keep their absolute addresses as the page wrote
// them (the converter percent-encoded them); relative ones are resolved
// against the page.
func TestHTMLToMarkdownKeepsAddressesAsWritten(t *testing.T) {
	for _, c := range []struct{ html, want string }{
		{`<a href="https://en.wikipedia.org/wiki/Observer_(video_game)">x</a>`, `[x](https://en.wikipedia.org/wiki/Observer_(video_game))`},
		{`<a href="https://e.example/?a=x:y&amp;q=a+b">y</a>`, `[y](https://e.example/?a=x:y&q=a+b)`},
		{`<a href="https://e.example/é" title="T">z</a>`, `[z](https://e.example/é "T")`},
		{`<img src="https://e.example/a b.png" alt="pic">`, `![pic](<https://e.example/a b.png>)`},
		{`<a href="https://e.example/?c=&amp;copy;">c</a>`, `[c](<https://e.example/?c=\&copy;>)`},
		{`<a href="/p?q=(1">r</a>`, `[r](https://base.example/p?q=%281)`},
	} {
		got, err := HTMLToMarkdown(c.html, "https://base.example/feed")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("%s\n got %s\nwant %s", c.html, got, c.want)
		}
	}
}
