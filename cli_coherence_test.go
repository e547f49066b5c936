package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/byline/byline/feed"
)

// Piped, ls writes each row as long as it is: a short title is not padded
// to the longest one before its tags.
func TestCLIPipedLsDoesNotPadTitles(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	long := strings.Repeat("A very long title that goes on ", 20)
	writeFile(t, filepath.Join(dir, "a.md"), "---\ntitle: \""+long+"\"\ntags: [one]\n---\n\nbody\n")
	writeFile(t, filepath.Join(dir, "b.md"), "---\ntitle: Short\ntags: [two]\n---\n\nbody\n")
	c.mustRun("add", dir)
	out := c.mustRun("ls")
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.Contains(line, "Short") {
			if len(line) > 80 || !strings.Contains(line, "Short  #two") {
				t.Fatalf("a short title's row is %d characters:\n%q", len(line), line)
			}
			return
		}
	}
	t.Fatalf("no row for Short:\n%s", out)
}

// The same page twice in one save (as arguments, or on stdin with and
// without a tracking parameter) is saved once and said once, exit 0.
func TestSaveSamePageTwiceInOneCall(t *testing.T) {
	srv, _, hits := savePages(t)
	c := newCLI(t)
	out := c.mustRun("save", srv.URL+"/og", srv.URL+"/og?fbclid=abc", "--tag", "x")
	if n := strings.Count(out, "saved: "); n != 1 || strings.Contains(out, "already") {
		t.Fatalf("save of one page twice said:\n%s", out)
	}
	if rows := c.ls("=saved"); len(rows) != 1 {
		t.Fatalf("%d saved", len(rows))
	}
	before := hits.Load()
	var stdout, stderr bytes.Buffer
	a := &app{stdout: &stdout, stderr: &stderr, stdin: strings.NewReader(srv.URL + "/jsonld\n" + srv.URL + "/jsonld?fbclid=IwAR0\n")}
	if code := a.run([]string{"save", "-"}); code != 0 {
		t.Fatalf("save - of one page twice: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if n := strings.Count(stdout.String(), "saved: "); n != 1 || stderr.Len() != 0 {
		t.Fatalf("save - of one page twice said:\n%s%s", stdout.String(), stderr.String())
	}
	if got := hits.Load() - before; got > 1 {
		t.Errorf("the page was fetched %d times", got)
	}
	if rows := c.ls("=saved"); len(rows) != 2 {
		t.Fatalf("%d saved", len(rows))
	}
}

// One date rule for every view: an imported page without a date of its
// own is dated when it was added to the export, in ls, --json, the reader
// and the filter language alike, before and after a refresh fetches it; a
// feed item without a date has none in any view.
func TestDatesAgreeAcrossViews(t *testing.T) {
	srv, _, _ := savePages(t)
	c := newCLI(t)
	dir := t.TempDir()
	// 1680000000 is 2023-03-28T10:40:00Z; /plain has no date of its own.
	pocket := writeFile(t, filepath.Join(dir, "part_000000.csv"), "title,url,time_added,tags,status\n"+
		"Plain,"+srv.URL+"/plain,1680000000,,unread\n")
	c.mustRun("import", pocket)
	writeFile(t, filepath.Join(dir, "feed.xml"), `<?xml version="1.0"?><rss version="2.0"><channel><title>Undated Feed</title>
<item><title>No date here</title><link>https://example.com/n</link><guid>n</guid><description>x</description></item></channel></rss>`)
	c.mustRun("add", filepath.Join(dir, "feed.xml"))

	check := func(when string) {
		t.Helper()
		rows := c.ls()
		var page, item lsRow
		for _, r := range rows {
			switch r.Title {
			case "Plain", "Just a title":
				page = r
			case "No date here":
				item = r
			}
		}
		if page.Date != "2023-03-28T10:40:00Z" {
			t.Errorf("%s: --json dates the page %q", when, page.Date)
		}
		if item.Date != "" {
			t.Errorf("%s: --json dates an undated item %q", when, item.Date)
		}
		ls := c.mustRun("ls")
		for _, line := range strings.Split(ls, "\n") {
			switch {
			case strings.Contains(line, page.Title) && !strings.Contains(line, "2023-03-28"):
				t.Errorf("%s: ls shows the page as %q", when, line)
			case strings.Contains(line, "No date here") && !strings.Contains(line, "no date"):
				t.Errorf("%s: ls shows the undated item as %q", when, line)
			}
		}
		if got := c.ls("@2023-01-01--2023-12-31"); len(got) != 1 || got[0].ID != page.ID {
			t.Errorf("%s: @2023 selects %+v", when, got)
		}
		if read := c.mustRun("--offline", "read", itoa(int(page.ID))); !strings.Contains(read, "28 Mar 2023") || strings.Contains(read, "no date") {
			t.Errorf("%s: read shows the page's date as:\n%s", when, read)
		}
	}
	check("imported")
	c.mustRun("refresh")
	check("fetched")
}

// A saved page's author and site are two fields: --json and --raw say
// each, and the reader's line says both.
func TestSavedPageAuthorAndSiteApart(t *testing.T) {
	srv, _, _ := savePages(t)
	c := newCLI(t)
	c.mustRun("save", srv.URL+"/og")
	var rows []struct {
		ID     int64  `json:"id"`
		Author string `json:"author"`
		Site   string `json:"site"`
	}
	if err := json.Unmarshal([]byte(c.mustRun("ls", "--json")), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Author != "Ada Byron" || rows[0].Site != "The Rail Review" {
		t.Fatalf("--json: %+v", rows)
	}
	raw := c.mustRun("read", itoa(int(rows[0].ID)), "--raw")
	if !strings.Contains(raw, "author: \"Ada Byron\"\n") || !strings.Contains(raw, "site: \"The Rail Review\"\n") {
		t.Errorf("--raw:\n%s", raw)
	}
	if read := c.mustRun("--offline", "read", itoa(int(rows[0].ID))); !strings.Contains(read, "The Rail Review") || !strings.Contains(read, "by Ada Byron") {
		t.Errorf("read:\n%s", read)
	}
}

// One is said in the singular: 'Saved 1 page', 'Imported 1 source'.
func TestCountsOfOneAreSingular(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	opml := writeFile(t, filepath.Join(dir, "subs.opml"), `<?xml version="1.0"?><opml version="2.0"><body>
<outline text="One" type="rss" xmlUrl="https://example.com/feed.xml"/></body></opml>`)
	if out := c.mustRun("--offline", "import", opml); !strings.Contains(out, "Imported 1 source (") {
		t.Errorf("import: %q", out)
	}
	marks := writeFile(t, filepath.Join(dir, "bookmarks.html"), `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<DL><p><DT><A HREF="https://example.com/a" ADD_DATE="1600000002">A</A></DL><p>`)
	if out := c.mustRun("--offline", "import", marks); !strings.Contains(out, "Saved 1 page from") {
		t.Errorf("import bookmarks: %q", out)
	}
	if out := c.mustRun("gc"); strings.Contains(out, " 1 articles") || strings.Contains(out, " 1 images") {
		t.Errorf("gc: %q", out)
	}
	p, err := feed.PageFromHTML([]byte("<html><body><article><p>Hello</p></article></body></html>"), "text/html", "https://example.com/x")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(p.Problem, "1 words") {
		t.Errorf("problem: %q", p.Problem)
	}
}
