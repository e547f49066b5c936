package main

import (
	"html"
	"path/filepath"
	"strings"
	"testing"
)

// A feed article's addresses are listed by 'byline read' as its page
// wrote them: parentheses, a plus, a colon and an accent kept, nothing
// percent-encoded.
func TestReadListsFeedLinksAsWritten(t *testing.T) {
	urls := []string{"https://en.wikipedia.org/wiki/Observer_(video_game)", "https://e.example/s?q=a+b&x=y:z", "https://e.example/café"}
	var body strings.Builder
	for _, u := range urls {
		body.WriteString(`<p>See <a href="` + html.EscapeString(u) + `">this</a>.</p>`)
	}
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>Links</title><link>https://e.example/</link>
<item><title>Linked</title><link>https://e.example/1</link><guid>1</guid><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate>
<description>` + html.EscapeString(body.String()) + `</description></item></channel></rss>`
	c := newCLI(t)
	c.mustRun("add", writeFile(t, filepath.Join(t.TempDir(), "feed.xml"), rss))
	rows := c.ls("")
	if len(rows) != 1 {
		t.Fatalf("ls: %+v", rows)
	}
	out := c.mustRun("read", itoa(int(rows[0].ID)))
	for i, u := range urls {
		if !strings.Contains(out, "["+itoa(i+1)+"] this — "+u+"\n") && !strings.Contains(out, "["+itoa(i+1)+"] this\n      "+u+"\n") {
			t.Errorf("%s is not listed as written:\n%s", u, out)
		}
	}
}
