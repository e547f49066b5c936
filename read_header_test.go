package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The header of 'byline read' shows a title and an author as they are
// listed: a character reference in them is text, shown as written, and an
// ampersand is one ampersand. "&#x1b;" read "&amp;#x1b;".
func TestReadHeaderShowsReferencesAsWritten(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	doc := `<?xml version="1.0"?><rss version="2.0"><channel><title>Dbl</title><item><title>T &amp;amp;#x1b;]0;X&amp;amp;#7; and AT&amp;amp;T</title>
<author>x@example.com (Tom &amp;#27; &amp; Jerry)</author><guid>1</guid><description>body</description></item></channel></rss>`
	c.mustRun("add", writeFile(t, filepath.Join(dir, "f.xml"), doc))
	out := c.mustRun("read", "1")
	for _, want := range []string{"T &#x1b;]0;X&#7; and AT&T", "by Tom &#27; & Jerry"} {
		if !strings.Contains(out, want) {
			t.Errorf("read shows no %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "&amp;") || strings.Contains(out, `\&`) {
		t.Errorf("read shows an escape of its own:\n%s", out)
	}
}
