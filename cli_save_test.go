package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

const savePara = `<p>This is the first paragraph of a long article, with enough words in it that a readability
algorithm takes it for the main content of the page rather than navigation or boilerplate around it.</p>
<p>The second paragraph goes on about timetables and signals, and keeps going for long enough to
count as prose that a person came to the page to read on the train home this evening.</p>
<p>A third paragraph, because real articles have several, and the extraction should keep all of
them in order while dropping the navigation, the footer and the advertising around them all.</p>`

// savePages serves the pages the save tests keep; down makes every
// request fail, as a network that went away.
func savePages(t *testing.T) (*httptest.Server, *atomic.Bool, *atomic.Int32) {
	var down atomic.Bool
	var hits atomic.Int32
	mux := http.NewServeMux()
	page := func(path, body string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(body))
		})
	}
	page("/og", `<html><head><meta property="og:title" content="Trains and Timetables">
<meta property="og:site_name" content="The Rail Review"><meta name="author" content="Ada Byron">
<meta property="og:image" content="https://img.example.org/lead.jpg">
<meta property="article:published_time" content="2025-03-04T08:30:00Z"></head>
<body><article>`+savePara+`</article></body></html>`)
	page("/jsonld", `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Article","headline":"Signals in the fog",
"author":{"name":"Grace Hopper"},"datePublished":"2024-11-05T10:00:00Z"}</script></head><body><main>`+savePara+`</main></body></html>`)
	page("/plain", `<html><head><title>Just a title</title></head><body><div>`+savePara+`</div></body></html>`)
	page("/paywall", `<html><head><meta property="og:title" content="Premium insight"></head>
<body><article><p>Subscribe to continue reading.</p></article></body></html>`)
	mux.HandleFunc("/report.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4"))
	})
	mux.HandleFunc("/go", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/go2", http.StatusFound) })
	mux.HandleFunc("/go2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/plain", http.StatusFound) })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if down.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &down, &hits
}

type lsRow struct {
	ID     int64    `json:"id"`
	Title  string   `json:"title"`
	URL    string   `json:"url"`
	Source string   `json:"source"`
	Tags   []string `json:"tags"`
	Read   bool     `json:"read"`
	Date   string   `json:"date"`
}

func (c *cli) ls(args ...string) []lsRow {
	c.t.Helper()
	var rows []lsRow
	if err := json.Unmarshal([]byte(c.mustRun(append([]string{"ls", "--json"}, args...)...)), &rows); err != nil {
		c.t.Fatal(err)
	}
	return rows
}

func TestSavePages(t *testing.T) {
	srv, _, _ := savePages(t)
	c := newCLI(t)
	out := c.mustRun("save", srv.URL+"/og?utm_source=rss&utm_medium=feed", srv.URL+"/jsonld", srv.URL+"/plain",
		srv.URL+"/paywall", srv.URL+"/report.pdf", "--tag", "train")
	if strings.Count(out, "\tsaved: ") != 5 {
		t.Fatalf("save output: %q", out)
	}
	rows := c.ls("=saved")
	if len(rows) != 5 {
		t.Fatalf("ls =saved: %d rows: %+v", len(rows), rows)
	}
	byTitle := map[string]lsRow{}
	for _, r := range rows {
		byTitle[r.Title] = r
		if r.Source != "Saved" || r.Read || !strings.Contains(strings.Join(r.Tags, " "), "train") {
			t.Errorf("saved page listed as %+v", r)
		}
	}
	og, ok := byTitle["Trains and Timetables"]
	if !ok || og.URL != srv.URL+"/og" || og.Date != "2025-03-04T08:30:00Z" {
		t.Fatalf("OpenGraph page: %+v", rows)
	}
	if _, ok := byTitle["Signals in the fog"]; !ok {
		t.Errorf("JSON-LD page: %+v", rows)
	}
	if _, ok := byTitle["report.pdf"]; !ok {
		t.Errorf("PDF: %+v", rows)
	}
	read := c.mustRun("--offline", "read", itoa(int(og.ID)))
	for _, want := range []string{"Ada Byron", "The Rail Review", "second paragraph goes on"} {
		if !strings.Contains(read, want) {
			t.Errorf("read offline lacks %q:\n%s", want, read)
		}
	}
	// The same page again, with other tracking parameters and a
	// fragment, and through a redirect chain to a page saved already.
	out = c.mustRun("save", srv.URL+"/og?fbclid=abc#comments", srv.URL+"/go")
	if strings.Count(out, "already saved") != 2 {
		t.Fatalf("duplicates: %q", out)
	}
	if n := len(c.ls("=saved")); n != 5 {
		t.Fatalf("%d saved after duplicates", n)
	}
	if rows := c.ls("=saved", "trains"); len(rows) != 1 {
		t.Errorf("search in saved pages: %+v", rows)
	}
	if rows := c.ls("=saved", "evening"); len(rows) != 3 {
		t.Errorf("search in the saved pages' full text: %d rows", len(rows))
	}
	// The Saved source is saved into, not refreshed: 'sources' says so.
	if srcs := c.mustRun("sources"); strings.Contains(srcs, "never refreshed") || !strings.Contains(srcs, "saved to read later") {
		t.Errorf("sources after saving:\n%s", srcs)
	}
	code, _, errOut := c.run("save", "ftp://example.com/x")
	if code != 1 || !strings.Contains(errOut, "only http and https") {
		t.Errorf("ftp URL: exit %d, %q", code, errOut)
	}
}

func TestSaveOfflineThenRefresh(t *testing.T) {
	srv, down, _ := savePages(t)
	c := newCLI(t)
	writeFile(t, filepath.Join(c.cfgDir, "byline", "config.toml"), "keep_days = 1\nmax_per_source = 1\n")
	in := strings.NewReader("# to read\n" + srv.URL + "/og\n\n" + srv.URL + "/jsonld?utm_campaign=x\n")
	var out, errb strings.Builder
	a := &app{stdout: &out, stderr: &errb, stdin: in}
	if code := a.run([]string{"--offline", "save", "-"}); code != 0 {
		t.Fatalf("offline save: exit %d: %s", code, errb.String())
	}
	if strings.Count(out.String(), "pending") != 2 {
		t.Fatalf("offline save output: %q", out.String())
	}
	rows := c.ls("=saved")
	if len(rows) != 2 || rows[0].URL == "" {
		t.Fatalf("pending pages not listed: %+v", rows)
	}
	// The network fails: still pending, the error on the article and the source.
	down.Store(true)
	code, _, errOut := c.run("refresh")
	if code != 1 || !strings.Contains(errOut, "2 of 2 saved pages still not fetched") {
		t.Fatalf("refresh while down: exit %d, %q", code, errOut)
	}
	var srcs []map[string]any
	json.Unmarshal([]byte(c.mustRun("sources", "--json")), &srcs)
	if len(srcs) != 1 || srcs[0]["kind"] != "saved" || !strings.Contains(srcs[0]["last_error"].(string), "503") {
		t.Fatalf("sources: %v", srcs)
	}
	if raw := c.mustRun("read", itoa(int(rows[0].ID))); !strings.Contains(raw, "503") {
		t.Errorf("the error is not on the article: %q", raw)
	}
	// Back online: the refresh fetches them, and retention keeps them.
	down.Store(false)
	c.mustRun("refresh")
	rows = c.ls("=saved")
	titles := rows[0].Title + "|" + rows[1].Title
	if len(rows) != 2 || !strings.Contains(titles, "Trains and Timetables") || !strings.Contains(titles, "Signals in the fog") {
		t.Fatalf("after refresh: %+v", rows)
	}
	srv.Close()
	for _, r := range rows {
		if read := c.mustRun("--offline", "read", itoa(int(r.ID))); !strings.Contains(read, "second paragraph goes on") ||
			strings.Contains(read, "Not fetched") {
			t.Errorf("article %d offline: %q", r.ID, read)
		}
	}
	c.mustRun("gc")
	if n := len(c.ls("=saved")); n != 2 {
		t.Errorf("retention removed saved pages: %d left", n)
	}
	json.Unmarshal([]byte(c.mustRun("sources", "--json")), &srcs)
	if srcs[0]["last_error"] != "" {
		t.Errorf("error stays after the pages were fetched: %v", srcs[0])
	}
}

func TestImportReadLaterExports(t *testing.T) {
	srv, _, hits := savePages(t)
	c := newCLI(t)
	dir := t.TempDir()
	u := srv.URL
	pocket := writeFile(t, filepath.Join(dir, "part_000000.csv"), "title,url,time_added,tags,status\n"+
		`"Trains, saved in Pocket",`+u+`/og?utm_source=pocket_saves,1700000000,rail|long read,archive`+"\n"+
		u+`/plain,`+u+`/plain,1699990000,,unread`+"\n")
	insta := writeFile(t, filepath.Join(dir, "instapaper-export.csv"), "URL,Title,Selection,Folder,Timestamp,Tags\n"+
		u+`/og,Trains again,,Unread,1690000000,[]`+"\n"+
		u+`/jsonld,Fog,,Starred,1690000100,"[""weather""]"`+"\n"+
		`javascript:alert(1),Bad,,Unread,1690000400,`+"\n")
	marks := writeFile(t, filepath.Join(dir, "bookmarks.html"), `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<DL><p><DT><H3>Reading</H3><DL><p>
<DT><A HREF="`+u+`/paywall" ADD_DATE="1600000002">Premium</A>
</DL><p></DL>`)

	out := c.mustRun("import", pocket)
	if !strings.Contains(out, "Saved 2 pages from the Pocket export (0 already saved, 0 skipped)") {
		t.Fatalf("import Pocket: %q", out)
	}
	out = c.mustRun("import", insta)
	if !strings.Contains(out, "Saved 1 page from the Instapaper export (1 already saved, 1 skipped)") {
		t.Fatalf("import Instapaper: %q", out)
	}
	out = c.mustRun("import", marks)
	if !strings.Contains(out, "Saved 1 page from the bookmarks file") {
		t.Fatalf("import bookmarks: %q", out)
	}
	if hits.Load() != 0 {
		t.Errorf("import fetched %d pages", hits.Load())
	}
	rows := c.ls("=saved")
	if len(rows) != 4 {
		t.Fatalf("%d saved: %+v", len(rows), rows)
	}
	byURL := map[string]lsRow{}
	for _, r := range rows {
		byURL[strings.TrimPrefix(r.URL, u)] = r
	}
	og := byURL["/og"]
	if og.Title != "Trains, saved in Pocket" || !og.Read || og.Date != "2023-11-14T22:13:20Z" ||
		strings.Join(og.Tags, " ") != "long-read rail" {
		t.Errorf("Pocket item: %+v", og)
	}
	if r := byURL["/paywall"]; r.Date != "2020-09-13T12:26:42Z" || strings.Join(r.Tags, " ") != "reading" || r.Read {
		t.Errorf("bookmark: %+v", r)
	}
	if rows := c.ls("+starred"); len(rows) != 1 || rows[0].Title != "Fog" || strings.Join(rows[0].Tags, " ") != "weather" {
		t.Errorf("Instapaper starred: %+v", rows)
	}
	// The refresh fetches them; dates without a page date, tags and read state stay.
	c.mustRun("refresh")
	rows = c.ls("=saved")
	byURL = map[string]lsRow{}
	for _, r := range rows {
		byURL[strings.TrimPrefix(r.URL, u)] = r
	}
	if og := byURL["/og"]; og.Title != "Trains and Timetables" || !og.Read || strings.Join(og.Tags, " ") != "long-read rail" {
		t.Errorf("after refresh: %+v", og)
	}
	if p := byURL["/plain"]; p.Title != "Just a title" || p.Date != "2023-11-14T19:26:40Z" {
		t.Errorf("after refresh: %+v", p)
	}
}

// An import that leaves something out says what; a lone import never says
// another byline is writing (its own workers waited on each other's
// writes and said so, up to 8 times).
func TestImportSaysWhatItDropsAndWaitsOnNoOne(t *testing.T) {
	c := newCLI(t)
	var tags []string
	for i := range 100 {
		tags = append(tags, fmt.Sprintf("t%d", i))
	}
	var b strings.Builder
	b.WriteString("title,url,time_added,tags,status\n")
	b.WriteString("Far,https://example.com/far,99999999999999,,unread\n")
	b.WriteString("Many,https://example.com/many,1700000000," + strings.Join(tags, "|") + ",unread\n")
	for i := range 400 {
		fmt.Fprintf(&b, "Page %d,https://example.com/p/%d,%d,a|b,unread\n", i, i, 1600000000+i)
	}
	path := writeFile(t, filepath.Join(t.TempDir(), "part_000000.csv"), b.String())
	code, out, errOut := c.run("import", path)
	if code != 0 || !strings.Contains(out, "Saved 402 pages") {
		t.Fatalf("exit %d: %q %q", code, out, errOut)
	}
	if strings.Contains(errOut, "another byline") {
		t.Errorf("a lone import waited for another byline: %q", errOut)
	}
	if !strings.Contains(errOut, "1 link had more than 64 tags") || !strings.Contains(errOut, "1 link had a date in the far future") {
		t.Errorf("stderr: %q", errOut)
	}
	for _, r := range c.ls("=saved") {
		if r.Title == "Far" && !strings.HasPrefix(r.Date, fmt.Sprint(time.Now().Year())) {
			t.Errorf("far: dated %s", r.Date)
		}
	}
}

// A URL list longer than 'save -' reads is cut at a line, and the line
// where it stops is named, not saved half: the rest was dropped silently,
// and the last URL read could be a piece of one.
func TestSaveURLListBeyondItsBoundSaysWhereItStopped(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() <= maxURLList+1000; i++ {
		fmt.Fprintf(&b, "https://example.com/a/long/path/to/page-%07d\n", i)
	}
	urls, long, cut, err := readURLList(strings.NewReader(b.String()))
	if err != nil || len(long) != 0 || cut == 0 || cut != len(urls)+1 {
		t.Fatalf("%d URLs, cut at line %d, %v", len(urls), cut, err)
	}
	for _, u := range urls {
		if len(u) != len("https://example.com/a/long/path/to/page-0000000") {
			t.Fatalf("a URL read in part: %q", u)
		}
	}
	if _, _, cut, _ := readURLList(strings.NewReader("https://example.com/\n# a note\n")); cut != 0 {
		t.Fatalf("a short list cut at %d", cut)
	}
}

// An import interrupted says so once: the rows its workers had in hand
// when the signal came each printed "not saved: context canceled" first.
func TestImportInterruptedSaysSoOnce(t *testing.T) {
	c := newCLI(t)
	c.mustRun("ls") // the store exists before the signal
	var b strings.Builder
	b.WriteString("title,url,time_added,tags,status\n")
	for i := range 20 {
		fmt.Fprintf(&b, "Page %d,https://example.com/%d,1700000000,,unread\n", i, i)
	}
	pocket := writeFile(t, filepath.Join(t.TempDir(), "part_000000.csv"), b.String())
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(signalCause{syscall.SIGINT})
	var out, errb bytes.Buffer
	a := &app{ctx: ctx, stdout: &out, stderr: &errb, stdin: strings.NewReader("")}
	if code := a.run([]string{"import", pocket}); code != 130 {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	if got := errb.String(); got != "byline: interrupted\n" {
		t.Errorf("stderr %q, want the one interruption line", got)
	}
	// The rows not reached are not "skipped": importing again saves them.
	if got := out.String(); !strings.Contains(got, "0 skipped") || !strings.Contains(got, "interrupted before 20 pages") {
		t.Errorf("stdout %q", got)
	}
}

// On a terminal a read-later import draws a bar counting its rows, and
// clears it before the summary; piped, it draws nothing.
func TestSavedImportShowsProgressOnATerminal(t *testing.T) {
	newCLI(t)
	var b strings.Builder
	b.WriteString("title,url,time_added,tags,status\n")
	for i := range 600 {
		fmt.Fprintf(&b, "Page %d,https://example.com/%d,1700000000,a,unread\n", i, i)
	}
	pocket := writeFile(t, filepath.Join(t.TempDir(), "part_000000.csv"), b.String())
	for _, terminal := range []bool{true, false} {
		var out, errb strings.Builder
		a := &app{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), stderrIsTerminal: terminal}
		if code := a.run([]string{"import", pocket, "--data-dir", t.TempDir()}); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		bar := strings.Contains(errb.String(), "] 600/600 pages")
		if bar != terminal || terminal && !strings.HasSuffix(errb.String(), "\r\x1b[K") {
			t.Errorf("terminal %v: stderr %q", terminal, errb.String())
		}
		if !strings.Contains(out.String(), "Saved 600 pages") {
			t.Errorf("terminal %v: stdout %q", terminal, out.String())
		}
	}
}

// A file:// URL is no web page: refused, saying what reads a local file.
func TestSaveFileURLSaysWhatToDo(t *testing.T) {
	c := newCLI(t)
	path := writeFile(t, filepath.Join(t.TempDir(), "page.md"), "# A page\n")
	code, _, errOut := c.run("save", "file://"+path)
	if code == 0 || !strings.Contains(errOut, "only http and https pages can be saved") || !strings.Contains(errOut, "byline add PATH") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
