package render

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// plainLines is rendered text as it reads: no styling, no spaces at the
// ends of lines.
func plainLines(s string) string {
	lines := strings.Split(ansi.Strip(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

const picturesArticle = "# Charts\n\nSome text with an inline ![icon](https://img.example/icon.png) in it.\n\n" +
	"![A chart of requests](https://img.example/chart.png)\n\n" +
	"- a list\n- of two\n\n" +
	"[![Screenshot](https://img.example/shot.webp)](https://example.com/full.png)\n\n" +
	"![local](file:///etc/passwd)\n\nThe [end](https://example.com/end).\n"

// Paragraphs that are only a picture become parts of their own, with
// their captions numbered as in the whole document; the text of the parts
// is the article as it reads without pictures.
func TestPictureParts(t *testing.T) {
	whole, links, err := New("dark", termenv.TrueColor).RenderArticle("", picturesArticle, 60)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := New("dark", termenv.TrueColor, WithPictures(true)).RenderArticleParts(context.Background(), "", picturesArticle, 60)
	if err != nil {
		t.Fatal(err)
	}
	imgs := doc.Images()
	if len(imgs) != 2 {
		t.Fatalf("%d pictures, want 2: %+v", len(imgs), imgs)
	}
	if imgs[0] != (Image{URL: "https://img.example/chart.png", Alt: "A chart of requests", N: 2}) ||
		imgs[1] != (Image{URL: "https://img.example/shot.webp", Alt: "Screenshot", N: 4}) {
		t.Errorf("pictures %+v", imgs)
	}
	if len(doc.Links) != len(links) {
		t.Errorf("%d links in parts, %d whole", len(doc.Links), len(links))
	}
	for _, p := range doc.Parts {
		if p.Image != nil && !strings.Contains(p.Text, "image: "+p.Image.Alt) && !strings.Contains(p.Text, p.Image.Alt) {
			t.Errorf("caption %q does not name %q", p.Text, p.Image.Alt)
		}
	}
	if got, want := plainLines(doc.Text()), plainLines(whole); got != want {
		t.Errorf("parts joined differ from the whole:\n%s\n---\n%s", got, want)
	}
}
