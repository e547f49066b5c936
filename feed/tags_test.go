package feed

import (
	"strings"
	"testing"
)

// A podcast's space-separated itunes:keywords are one tag a keyword, not
// one tag of the whole list; comma-separated ones are split as gofeed
// does; a category too long to be a tag is not one.
func TestITunesKeywordsAreTags(t *testing.T) {
	doc := `<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>Pod</title>
<item><title>Spaced</title><guid>1</guid><category>Science</category>
<itunes:keywords>astronomy telescopes dark-matter cosmology galaxies nebulae supernovae exoplanets observatories radio-astronomy stargazing</itunes:keywords></item>
<item><title>Commas</title><guid>2</guid><itunes:keywords>history, ancient rome</itunes:keywords></item>
<item><title>Long</title><guid>3</guid><category>` + strings.Repeat("word ", 30) + `</category><category>Short</category></item>
</channel></rss>`
	res, err := ParseFeed([]byte(doc), "https://pod.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, a := range res.Articles {
		got[a.Title] = strings.Join(a.Tags, "|")
	}
	if want := "Science|astronomy|telescopes|dark-matter|cosmology|galaxies|nebulae|supernovae|exoplanets|observatories|radio-astronomy|stargazing"; got["Spaced"] != want {
		t.Errorf("space-separated keywords: %q\nwant %q", got["Spaced"], want)
	}
	if want := "history|ancient rome"; got["Commas"] != want {
		t.Errorf("comma-separated keywords: %q, want %q", got["Commas"], want)
	}
	if got["Long"] != "Short" {
		t.Errorf("a 150-character category became a tag: %q", got["Long"])
	}
}
