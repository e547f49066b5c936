package feed

import (
	"strings"
	"testing"
)

// A <details> block's <summary> is a line of its own, as a browser shows
// it: its text does not run into what the block holds ("Moreinside").
func TestDetailsSummaryIsALineOfItsOwn(t *testing.T) {
	for _, html := range []string{
		"<details><summary>More</summary>inside</details>",
		"<details><summary>More</summary><p>inside</p></details>",
		"<p>Before.</p><details>\n<summary>More</summary>\ninside\n</details>",
	} {
		md, err := HTMLToMarkdown(html, "")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(md, "Moreinside") || strings.Contains(md, "More inside") {
			t.Errorf("%q: the summary runs into the text:\n%s", html, md)
		}
		if !strings.Contains(md, "More") || !strings.Contains(md, "inside") {
			t.Errorf("%q: text lost:\n%s", html, md)
		}
	}
}
