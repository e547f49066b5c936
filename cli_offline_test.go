package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/byline/byline/feed"
)

func TestRefreshThenReadEverythingOffline(t *testing.T) {
	c := newCLI(t)
	mux := http.NewServeMux()
	var srvURL string
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Teasers</title><link>%[1]s/</link>
<item><title>Long read</title><link>%[1]s/post</link><guid>p1</guid><description>Only a teaser.</description></item>
<item><title>Gone page</title><link>%[1]s/gone</link><guid>p2</guid><description>Teaser of a page that is gone.</description></item>
</channel></rss>`, srvURL)
	})
	mux.HandleFunc("/post", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(strings.Replace(fullPage, "{{}}", "the full text of the long read", 1)))
	})
	srv := httptest.NewServer(mux)
	srvURL = srv.URL
	c.mustRun("add", srv.URL+"/feed.xml", "--full-text", "--tag", "longreads")
	var arts []map[string]any
	json.Unmarshal([]byte(c.mustRun("ls", "--json")), &arts)
	if len(arts) != 2 {
		t.Fatalf("articles: %v", arts)
	}
	srv.Close() // the network is gone

	// With the flag: nothing is fetched, nothing fails, everything reads.
	out := c.mustRun("refresh", "--offline")
	if !strings.Contains(out, "skipped: offline") {
		t.Fatalf("offline refresh: %q", out)
	}
	ids := map[string]string{}
	for _, a := range arts {
		ids[a["title"].(string)] = fmt.Sprint(int(a["id"].(float64)))
	}
	full := c.mustRun("read", ids["Long read"], "--offline")
	if !strings.Contains(full, "the full text of the long read") || strings.Contains(full, "Only a teaser") {
		t.Fatalf("offline read of a full-text article:\n%s", full)
	}
	if feedText := c.mustRun("read", ids["Long read"], "--feed", "--offline"); !strings.Contains(feedText, "Only a teaser") {
		t.Fatalf("--feed:\n%s", feedText)
	}
	if gone := c.mustRun("read", ids["Gone page"], "--offline"); !strings.Contains(gone, "Teaser of a page that is gone") {
		t.Fatalf("an article whose extraction failed keeps the feed's text:\n%s", gone)
	}
	if got := lsTitles(t, c, "--offline", "+longreads"); len(got) != 2 {
		t.Fatalf("ls offline: %v", got)
	}

	// Without the flag: the failure is per source, reading is unaffected.
	code, _, errOut := c.run("refresh")
	if code != 1 || !strings.Contains(errOut, "Teasers") {
		t.Fatalf("refresh with the network down: exit %d, %q", code, errOut)
	}
	if again := c.mustRun("read", ids["Long read"]); again != full {
		t.Fatalf("reading changed after a failed refresh")
	}
	raw := c.mustRun("read", ids["Long read"], "--raw")
	fm, body, err := feed.SplitFrontMatter([]byte(raw))
	if err != nil || fm.Title != "Long read" || fm.Link != srvURL+"/post" || strings.Join(fm.Tags, ",") != "longreads" || fm.Date.IsZero() {
		t.Fatalf("read --raw front matter: %+v %v\n%s", fm, err, raw)
	}
	if !strings.Contains(string(body), "the full text of the long read") {
		t.Fatalf("read --raw body:\n%s", body)
	}
}

const fullPage = `<!DOCTYPE html><html><head><title>Long read</title></head><body><nav>Home | About</nav><article>
<p>Here is {{}}, a paragraph long enough for readability to see it as the article the page is about, with plenty of words.</p>
<p>And a second paragraph of prose that goes on for a while, so that the page reads as an article and not as a list of links.</p>
</article><footer>footer</footer></body></html>`

func TestEditSource(t *testing.T) {
	c := newCLI(t)
	f := writeFile(t, filepath.Join(t.TempDir(), "f.xml"), sampleRSS)
	c.mustRun("add", f, "--tag", "old")
	out := c.mustRun("edit", "1", "--title", "Renamed", "--tags", "new,Other Tag", "--full-text")
	if !strings.Contains(out, "Renamed") || !strings.Contains(out, "new, other-tag") || !strings.Contains(out, "full text: on") {
		t.Fatalf("edit: %q", out)
	}
	if got := lsTitles(t, c, "+other-tag"); len(got) != 2 {
		t.Fatalf("articles did not follow the source's tags: %v", got)
	}
	if got := lsTitles(t, c, "+old"); len(got) != 0 {
		t.Fatalf("old source tag kept: %v", got)
	}
	if code, _, _ := c.run("edit", "1"); code != 2 {
		t.Fatalf("edit without changes: exit %d", code)
	}
}

func TestGCAndRetentionAfterRefresh(t *testing.T) {
	c := newCLI(t)
	writeFile(t, filepath.Join(c.cfgDir, "byline", "config.toml"), "max_per_source = 1\n")
	f := writeFile(t, filepath.Join(t.TempDir(), "f.xml"), sampleRSS)
	c.mustRun("add", f)
	out := c.mustRun("refresh")
	if !strings.Contains(out, "1 old articles removed") {
		t.Fatalf("refresh did not prune: %q", out)
	}
	if got := lsTitles(t, c); strings.Join(got, "|") != "Second post" {
		t.Fatalf("kept %v", got)
	}
	if out := c.mustRun("refresh"); strings.Contains(out, "1 new") {
		t.Fatalf("pruned article came back: %q", out)
	}
	out = c.mustRun("gc")
	if !strings.Contains(out, "Removed 0 articles; store") || !strings.Contains(out, "freed") {
		t.Fatalf("gc: %q", out)
	}
}

// TestGCReportsWhatItWon: a refresh leaves the search index to build; gc
// builds it before it measures, so the store it reports never grew.
func TestGCReportsWhatItWon(t *testing.T) {
	c := newCLI(t)
	var items strings.Builder
	for i := range 1500 {
		fmt.Fprintf(&items, "<item><title>Post %d</title><guid>g%d</guid><description>&lt;p&gt;%s&lt;/p&gt;</description></item>\n",
			i, i, strings.Repeat(fmt.Sprintf("word%d kernel scheduler latency ", i), 40))
	}
	f := writeFile(t, filepath.Join(t.TempDir(), "f.xml"), "<rss version=\"2.0\"><channel><title>Big</title>\n"+items.String()+"</channel></rss>")
	c.mustRun("add", f)
	c.mustRun("refresh")
	out := c.mustRun("gc")
	var before, after float64
	if _, err := fmt.Sscanf(out[strings.Index(out, "store "):], "store %f MB -> %f MB", &before, &after); err != nil {
		t.Fatalf("gc: %q (%v)", out, err)
	}
	t.Logf("gc: %s", strings.TrimSpace(out))
	// Nothing was removed: compaction wins little, and the log the index
	// was written to is not counted as space won.
	if after > before || before > after*5/4 {
		t.Fatalf("gc reports %.1f MB -> %.1f MB for a store where nothing was removed: %q", before, after, out)
	}
	if got := lsTitles(t, c, "word123"); strings.Join(got, "|") != "Post 123" {
		t.Fatalf("search after gc: %v", got)
	}
}
