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

// HTML nested deeper than the HTML parser takes (512) is read with the
// deepest elements let go and their text kept, not refused.
func TestDeeplyNestedHTMLRead(t *testing.T) {
	html := strings.Repeat("<div>", 3000) + "<p>deep words</p>" + strings.Repeat("</div>", 3000) + "<p>after</p>"
	md, err := HTMLToMarkdown(html, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md, "deep words") || !strings.Contains(md, "after") {
		t.Errorf("text lost: %q", md[:min(len(md), 200)])
	}
	nested := strings.Repeat("<blockquote>", 600) + "quoted" + strings.Repeat("</blockquote>", 600)
	if md, err := HTMLToMarkdown(nested, ""); err != nil || !strings.Contains(md, "quoted") {
		t.Errorf("nested quotes: %v, %q", err, md[:min(len(md), 200)])
	}
}
