package render

import (
	"strings"
	"testing"

	"github.com/byline/byline/feed"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

const guide = "## Contents\n\n- [Intro](#intro)\n- [Setup steps](#setup-steps)\n- [Own id](#own)\n- [Missing](#nowhere)\n- [Web](https://e.example/)\n- [Deep](#deep) and [Top](#part-two)\n- [Café](#caf%C3%A9), [again](#café)\n\n" +
	"## Intro\n\nIntro text.\n\n## Setup steps\n\nSteps text.\n\n### Deep\n\n- deep text\n\n# Part two\n\nText.\n\n> ## Quoted {#own}\n>\n> Quoted text.\n\n## Intro\n\nA second intro.\n\n## Café {#café}\n\nCoffee.\n"

// A link to a place in the article is numbered and listed as the author
// wrote it, as other links are (it read as its text alone).
func TestInPageLinksListed(t *testing.T) {
	_, links, err := New("notty", termenv.Ascii).RenderArticle("", guide, 80)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"#intro", "#setup-steps", "#own", "#nowhere", "https://e.example/", "#deep", "#part-two", "#caf%C3%A9", "#café"}
	if len(links) != len(want) {
		t.Fatalf("links %+v, want %q", links, want)
	}
	for i, l := range links {
		if l.URL != want[i] || l.N != i+1 {
			t.Errorf("link %d: %+v, want %s", i+1, l, want[i])
		}
	}
	if links[0].Text != "Intro" {
		t.Errorf("the first link reads %q", links[0].Text)
	}
	body, _ := renderPlain(t, guide)
	if !strings.Contains(body, "Intro [1]") || !strings.Contains(body, "Missing [4]") {
		t.Errorf("in-page links not numbered:\n%s", body)
	}
	// The list at the end shows an in-page link decoded, as a browser
	// does; what opens is the address as written (above).
	out, _, err := New("notty", termenv.Ascii).RenderArticle("", guide, 80)
	if err != nil {
		t.Fatal(err)
	}
	list := ansi.Strip(out[strings.LastIndex(out, "Links"):])
	if !strings.Contains(list, "Café — #café") || strings.Contains(list, "%C3%A9") {
		t.Errorf("an in-page link percent-encoded in the links list:\n%s", list)
	}
}

// Each heading a link of the article points to (its goldmark id, or the
// id written after it, "{#own}") begins a part of its own: the reader
// shows a part's first line at the top to follow the link. The text reads
// as it does without the parts.
func TestAnchorsBeginParts(t *testing.T) {
	for _, style := range []struct {
		name    string
		profile termenv.Profile
	}{{"notty", termenv.Ascii}, {"dark", termenv.TrueColor}} {
		r := New(style.name, style.profile)
		doc, err := r.RenderArticleParts(t.Context(), "", guide, 80)
		if err != nil {
			t.Fatal(err)
		}
		for id, first := range map[string]string{"intro": "Intro", "setup-steps": "Setup steps", "own": "Quoted", "deep": "Deep", "part-two": "Part two", "caf%C3%A9": "Café", "café": "Café"} {
			part, ok := doc.Anchors[id]
			if !ok {
				t.Fatalf("%s: no anchor %q in %v", style.name, id, doc.Anchors)
			}
			if top := ansi.Strip(strings.SplitN(doc.Parts[part].Text, "\n", 2)[0]); !strings.Contains(top, first) {
				t.Errorf("%s: #%s's part begins %q", style.name, id, top)
			}
		}
		if _, ok := doc.Anchors["nowhere"]; ok {
			t.Errorf("%s: an anchor for a heading the article does not have", style.name)
		}
		// The same article, its links to headings it does not have: one
		// part, and the same text but for the addresses listed.
		elsewhere := strings.NewReplacer("(#intro)", "(#intrx)", "(#setup-steps)", "(#setup-stepx)", "(#own)", "(#owx)", "(#deep)", "(#deex)", "(#part-two)", "(#part-twx)", "(#caf%C3%A9)", "(#caf%C3%A8)", "(#café)", "(#cafè)").Replace(guide)
		whole, err := r.RenderArticleParts(t.Context(), "", elsewhere, 80)
		if err != nil {
			t.Fatal(err)
		}
		if len(whole.Parts) != 1 {
			t.Fatalf("%s: %d parts without anchors", style.name, len(whole.Parts))
		}
		got := strings.NewReplacer("#intro", "#intrx", "#setup-steps", "#setup-stepx", "#own", "#owx", "#deep", "#deex", "#part-two", "#part-twx", "#caf%C3%A9", "#caf%C3%A8", "#café", "#cafè").Replace(doc.Text())
		if got != whole.Text() {
			t.Errorf("%s: the parts read differently from the whole:\n%s", style.name, firstDifference(got, whole.Text()))
		}
	}
}

// A table of contents in German, Russian or Japanese finds its headings:
// by the ids a browser would find on the author's page, as written or
// percent-encoded (the links' fragments were "über-uns", the headings'
// ids "ber-uns").
func TestAnchorsInAnyScript(t *testing.T) {
	md := "- [Über uns](#über-uns)\n- [Encoded](#%C3%BCber-uns)\n- [Привет](#привет-мир)\n- [日本語](#日本語)\n- [日本語 encoded](#%E6%97%A5%E6%9C%AC%E8%AA%9E)\n- [Zweites](#über-uns-1)\n\n" +
		"## Über uns\n\nWir.\n\n## Привет, мир!\n\nМир.\n\n## 日本語\n\n本文。\n\n## Über uns\n\nNoch einmal.\n"
	doc, err := New("notty", termenv.Ascii).RenderArticleParts(t.Context(), "", md, 80)
	if err != nil {
		t.Fatal(err)
	}
	for id, first := range map[string]string{"über-uns": "Über uns", "%C3%BCber-uns": "Über uns", "привет-мир": "Привет", "日本語": "日本語",
		"%E6%97%A5%E6%9C%AC%E8%AA%9E": "日本語", "über-uns-1": "Über uns"} {
		part, ok := doc.Anchors[id]
		if !ok {
			t.Errorf("no anchor %q in %v", id, doc.Anchors)
			continue
		}
		if top := ansi.Strip(strings.SplitN(doc.Parts[part].Text, "\n", 2)[0]); !strings.Contains(top, first) {
			t.Errorf("#%s's part begins %q", id, top)
		}
	}
	if doc.Anchors["über-uns"] == doc.Anchors["über-uns-1"] {
		t.Errorf("the second Über uns is the first: %v", doc.Anchors)
	}
}

// A page's headings keep their ids through conversion (feed.ToMarkdown
// writes them as heading attributes): its links find them, whatever the
// ids hold, and the heading reads as its text alone.
func TestAnchorsFromHTML(t *testing.T) {
	page := `<p><a href="#%C3%BCber-uns">Über uns</a> <a href="#History_(1900)">History</a> <a href="https://blog.example/post#sec">Section</a> <a href="#say&quot;hi">Say</a></p>` +
		`<h2 id="über-uns">Über uns</h2><p>Wir.</p><h2><span id="History_(1900)">History</span></h2><p>Then.</p>` +
		`<section id="sec"><h2>Section</h2><p>In it.</p></section><h2 id='say"hi'>Say</h2><p>Hi.</p>`
	md, err := feed.ToMarkdown(page, feed.FormatHTML, "https://blog.example/post")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := New("notty", termenv.Ascii).RenderArticleParts(t.Context(), "", md, 80)
	if err != nil {
		t.Fatal(err)
	}
	for id, first := range map[string]string{"%C3%BCber-uns": "Über uns", "History_(1900)": "History", "sec": "Section", `say"hi`: "Say"} {
		part, ok := doc.Anchors[id]
		if !ok {
			t.Errorf("no anchor %q in %v (Markdown %q)", id, doc.Anchors, md)
			continue
		}
		top := ansi.Strip(strings.SplitN(doc.Parts[part].Text, "\n", 2)[0])
		if !strings.Contains(top, first) || strings.Contains(top, "{") {
			t.Errorf("#%s's part begins %q", id, top)
		}
	}
}

// Anchors written as HTML in a Markdown source, as READMEs and static
// sites do (<a name="install"></a> before or in a heading, an id in a
// paragraph or a heading written in HTML), are found where a browser
// finds them: the block holding them, or the one after an anchor alone.
func TestAnchorsWrittenAsHTML(t *testing.T) {
	md := "- [A](#install) [B](#zweiter) [C](#dritter) [D](#absatz) [E](#%C3%BCber)\n\n<a name=\"install\"></a>\n## Setup\n\ntext\n\n" +
		"## <a id=\"zweiter\"></a>Second\n\nmore\n\n<h2 id=\"dritter\">Third</h2>\n\nthird\n\nPara with <a id='absatz'></a> target.\n\n<span id=\"über\"></span>Über *dies*\n"
	doc, err := New("notty", termenv.Ascii).RenderArticleParts(t.Context(), "", md, 80)
	if err != nil {
		t.Fatal(err)
	}
	for id, first := range map[string]string{"install": "Setup", "zweiter": "Second", "dritter": "Third", "absatz": "Para with", "%C3%BCber": "Über"} {
		part, ok := doc.Anchors[id]
		if !ok {
			t.Errorf("no anchor %q in %v", id, doc.Anchors)
			continue
		}
		if top := ansi.Strip(strings.SplitN(doc.Parts[part].Text, "\n", 2)[0]); !strings.Contains(top, first) {
			t.Errorf("#%s's part begins %q", id, top)
		}
	}
}

// A page's footnotes and their back links, and a linked paragraph, are
// found through the anchors conversion keeps for them; the anchors show
// nothing.
func TestTargetsFromHTML(t *testing.T) {
	page := `<p>Intro<sup id="fnref:1"><a href="#fn:1">1</a></sup> and <a href="#later">later</a>.</p>` +
		strings.Repeat("<p>Filler.</p>", 5) + `<p id="later">Later on.</p>` + strings.Repeat("<p>More.</p>", 5) +
		`<div class="footnotes"><ol><li id="fn:1">The note. <a href="#fnref:1">↩</a></li></ol></div>`
	md, err := feed.ToMarkdown(page, feed.FormatHTML, "https://blog.example/post")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := New("notty", termenv.Ascii).RenderArticleParts(t.Context(), "", md, 80)
	if err != nil {
		t.Fatal(err)
	}
	for id, first := range map[string]string{"fn:1": "The note.", "fnref:1": "Intro", "later": "Later on."} {
		part, ok := doc.Anchors[id]
		if !ok {
			t.Errorf("no anchor %q in %v (Markdown %q)", id, doc.Anchors, md)
			continue
		}
		if top := ansi.Strip(strings.SplitN(doc.Parts[part].Text, "\n", 2)[0]); !strings.Contains(top, first) {
			t.Errorf("#%s's part begins %q", id, top)
		}
	}
	if text := doc.Text(); strings.Contains(text, "<a") || strings.Contains(text, "id=") {
		t.Errorf("the anchors show:\n%s", text)
	}
}

// A link to an item of a list (a footnote of a page) finds that item,
// not the list's first: the list is cut there into parts that read as
// the whole list did, tight or loose, numbered on.
func TestAnchorsInLists(t *testing.T) {
	for _, loose := range []bool{false, true} {
		sep := "\n"
		if loose {
			sep = "\n\n"
		}
		md := "Text [one](#fn:1), [three](#fn:3) and [deep](#deep).\n\n" +
			"1. <a id=\"fn:1\"></a>First note." + sep + "2. Second note." + sep + "3. <a id=\"fn:3\"></a>Third note." + sep +
			"4. Fourth note.\n\n   More of it.\n   - nested <span id=\"deep\"></span>item\n" + sep + "5. Fifth.\n" + sep + "After.\n"
		for _, style := range []struct {
			name    string
			profile termenv.Profile
		}{{"notty", termenv.Ascii}, {"dark", termenv.TrueColor}} {
			r := New(style.name, style.profile)
			doc, err := r.RenderArticleParts(t.Context(), "", md, 80)
			if err != nil {
				t.Fatal(err)
			}
			for id, first := range map[string]string{"fn:1": "1. First note.", "fn:3": "3. Third note.", "deep": "4. Fourth note."} {
				part, ok := doc.Anchors[id]
				if !ok {
					t.Fatalf("%s, loose %v: no anchor %q in %v", style.name, loose, id, doc.Anchors)
				}
				if top := ansi.Strip(strings.SplitN(doc.Parts[part].Text, "\n", 2)[0]); !strings.Contains(top, first) {
					t.Errorf("%s, loose %v: #%s's part begins %q", style.name, loose, id, top)
				}
			}
			elsewhere := strings.NewReplacer("(#fn:1)", "(#fx:1)", "(#fn:3)", "(#fx:3)", "(#deep)", "(#deex)").Replace(md)
			whole, err := r.RenderArticleParts(t.Context(), "", elsewhere, 80)
			if err != nil {
				t.Fatal(err)
			}
			// A line that shows nothing may be styled or not.
			shown := func(s string) string {
				lines := strings.Split(s, "\n")
				for i, l := range lines {
					if strings.TrimSpace(ansi.Strip(l)) == "" {
						lines[i] = ""
					}
				}
				return strings.Join(lines, "\n")
			}
			got := shown(strings.NewReplacer("#fn:1", "#fx:1", "#fn:3", "#fx:3", "#deep", "#deex").Replace(doc.Text()))
			if want := shown(whole.Text()); got != want {
				t.Errorf("%s, loose %v: the parts read differently from the whole:\n%s", style.name, loose, firstDifference(got, want))
			}
		}
	}
}
