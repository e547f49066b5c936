package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// headingIDsOf parses md with the renderer's parser and lists its
// headings' ids, with goldmark's own ids or with headingIDs.
func headingIDsOf(md string, ours bool) []string {
	src := []byte(md)
	var opts []parser.ParseOption
	if ours {
		opts = append(opts, parser.WithContext(parseContext()))
	}
	root := markdownParser.Parse(text.NewReader(src), opts...)
	var ids []string
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			if id, ok := h.AttributeString("id"); ok {
				ids = append(ids, fmt.Sprintf("%s", id))
			}
		}
		return ast.WalkContinue, nil
	})
	return ids
}

// ASCII headings' ids are goldmark's own: repeats numbered, names given
// by hand ({#id}) kept and skipped, headings of no letters, names that
// end in a number already, punctuation dropped.
func TestHeadingIDsAsGoldmarks(t *testing.T) {
	var md strings.Builder
	for i := range 40 {
		fmt.Fprintf(&md, "## Intro\n\n## Intro %d\n\n## intro-%d\n\n## ???\n\n## Cafe & *lait*, (v2.0)\n\n", i%3, i%5)
		if i%7 == 0 {
			fmt.Fprintf(&md, "## Given {#intro-%d}\n\n## Other {#heading-2}\n\n", i+3)
		}
	}
	want, got := headingIDsOf(md.String(), false), headingIDsOf(md.String(), true)
	if len(want) == 0 || strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ids differ from goldmark's:\n got %v\nwant %v", got, want)
	}
}

// Many headings of one name: linear (goldmark's own ids took 38 s for
// 20,000), in any script.
func BenchmarkRepeatedHeadings(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		md := strings.Repeat("## s\n\n", n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				headingIDsOf(md, true)
			}
		})
	}
	md := strings.Repeat("## Über uns\n\n## 日本語の見出し\n\n", 10000)
	b.Run("20000-unicode", func(b *testing.B) {
		for b.Loop() {
			headingIDsOf(md, true)
		}
	})
}

// Headings in any script have ids of their letters and digits, lower
// case, as GitHub and most static site generators make them (goldmark's
// own keep ASCII alone: "## Über uns" was "ber-uns", "## 日本語" "heading"),
// numbered when repeated; ASCII headings keep goldmark's ids.
func TestHeadingIDsInAnyScript(t *testing.T) {
	md := "## Über uns\n\n## 日本語\n\n## Привет, мир!\n\n## Café au lait\n\n## ÜBER UNS\n\n## Ελληνικά κείμενα\n\n" +
		"## हिन्दी पाठ\n\n## Emoji 🎉 party\n\n## Straße\n\n## 日本語\n\n## Setup_steps & more\n\n## ١٢٣ أرقام\n\n## Ça va ? Oui…\n\n## ???\n"
	want := []string{"über-uns", "日本語", "привет-мир", "café-au-lait", "über-uns-1", "ελληνικά-κείμενα",
		"हिन्दी-पाठ", "emoji--party", "straße", "日本語-1", "setup-steps--more", "١٢٣-أرقام", "ça-va--oui", "heading"}
	if got := headingIDsOf(md, true); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ids:\n got %q\nwant %q", got, want)
	}
}
