package render

import (
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"
)

const linksArticle = "A [short link](https://go.dev/), a [long one](https://www.amazon.co.uk/Title-Story-Long-Name/dp/B000000000/ref=sr_1_1?keywords=a~b&qid=1234567890), " +
	"![a cat](https://img.example/cat.png), <https://feeds.feedburner.com/~ff/blogspot/RLXA?a=lTnHFI_mRTg:V6DyzhI_ZR4:yIl2AUoC8zA> and " +
	"[a label long enough that it and its URL cannot share one line of the list](https://example.com/a/b_c/d-e)."

// The links list at two widths, as a terminal shows it (long URLs wrapped
// at characters) and as 'byline read' writes it to a pipe (whole).
func TestLinksListGolden(t *testing.T) {
	for _, width := range []int{40, 80} {
		for _, piped := range []bool{false, true} {
			name := "terminal-" + strconv.Itoa(width)
			var opts []Option
			if piped {
				name, opts = "piped-"+strconv.Itoa(width), []Option{WithWholeURLs()}
			}
			t.Run(name, func(t *testing.T) {
				out, _, err := New("notty", termenv.Ascii, opts...).RenderArticle("", linksArticle, width)
				if err != nil {
					t.Fatal(err)
				}
				golden.RequireEqual(t, []byte(out))
			})
		}
	}
}

const codeArticle = "Run this:\n\n```go\nfunc main() {\n\tfmt.Println(\"a line of code far wider than the block it is shown in, by some way\", os.Args[1:])\n}\n```\n"

// A long code line continues under a mark, indented as it was, at two
// widths.
func TestCodeLineGolden(t *testing.T) {
	for _, width := range []int{40, 80} {
		t.Run(strconv.Itoa(width), func(t *testing.T) {
			out, err := New("notty", termenv.Ascii).Render("", codeArticle, width)
			if err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

// OSC 8 is written where the list writes each URL, and nowhere else: not
// in Glamour's text, however often the URL appears there, nor inside its
// styling.
func TestHyperlinksOnlyInLinksList(t *testing.T) {
	md := "See https://m.example/ and [m](https://m.example/), **m** m m."
	out, links, err := New("dark", termenv.ANSI256, WithHyperlinks(true)).RenderArticle("", md, 60)
	if err != nil || len(links) != 1 {
		t.Fatal(links, err)
	}
	open := "\x1b]8;;https://m.example/\x1b\\"
	list := strings.Index(out, "\n  [1] "+open)
	if list < 0 || strings.Count(out, open) != 1 || strings.Index(out, open) < list {
		t.Fatalf("hyperlink not (only) in the list:\n%q", out)
	}
	if !strings.Contains(out, open+"https://m.example/\x1b]8;;\x1b\\") {
		t.Fatalf("the list's URL is not the hyperlink's text:\n%q", out)
	}
}

func TestHardBreaksAndLongTokens(t *testing.T) {
	md := "Roses are red,  \nviolets are blue\\\nsoft\nbreak.\n\nA hash 0123456789abcdef0123456789abcdef0123456789abcdef and on.\n"
	out, err := New("notty", termenv.Ascii).Render("", md, 30)
	if err != nil {
		t.Fatal(err)
	}
	// A token wider than the line fills it, and the words after its end
	// go on beside it.
	want := "  Roses are red,\n  violets are blue\n  soft break.\n\n  A hash\n  0123456789abcdef0123456789\n  abcdef0123456789abcdef and\n  on."
	if out != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
}
