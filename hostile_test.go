package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Escape sequences a hostile feed might carry: set the window title, write
// the clipboard (OSC 52), clear the screen, an 8-bit CSI, a hyperlink, a
// DCS, and a bidi override that reverses what follows.
const (
	evilTitle     = "\x1b]0;PWNED-TITLE\x07"
	evilClipboard = "\x1b]52;c;cm0gLXJmIH4=\x07"
	evilClear     = "\x1b[2J\x1b[H"
	evil8bitCSI   = "\u009b31m"
	evilLink      = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
	evilDCS       = "\x1bP1$r0m\x1b\\"
	evilBidi      = "\u202egnp.exe"
)

const evil = evilTitle + evilClipboard + evilClear + evil8bitCSI + evilLink + evilDCS + evilBidi

// writeHostileCorpus writes feeds, a JSON feed and Markdown files whose
// every field carries escape sequences, into dir.
func writeHostileCorpus(t *testing.T, dir string) (feedFile, jsonFile, mdDir string) {
	t.Helper()
	x := func(s string) string { // XML character data cannot hold ESC; a CDATA-free feed smuggles it as a raw byte anyway
		return s
	}
	rss := fmt.Sprintf(`<?xml version="1.0"?><rss version="2.0"><channel><title>Evil feed %s</title><link>https://evil.example/</link>
<item><title>Hostile title %s</title><link>javascript:alert(document.cookie)</link><guid>1</guid>
<author>mallory@example.com (Mallory %s)</author><category>tag%s</category><pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate>
<description><![CDATA[<p>Body %s with <a href="file:///etc/passwd">a file link</a> and <a href="data:text/html,x">data</a>.</p><pre>code %s</pre>]]></description></item>
<item><title>Second %s</title><link>https://evil.example/2</link><guid>2</guid><description>plain %s</description></item>
</channel></rss>`, x(evil), x(evil), x(evil), x(evilClear), x(evil), x(evil), x(evil8bitCSI), x(evilTitle))
	feedFile = writeFile(t, filepath.Join(dir, "evil.rss"), rss)

	jf, _ := json.Marshal(map[string]any{
		"version": "https://jsonfeed.org/version/1.1", "title": "Evil JSON " + evil,
		"items": []map[string]any{{
			"id": "j1", "title": "JSON hostile " + evil, "content_html": "<p>json body " + evil + "</p>",
			"tags": []string{"json" + evilTitle}, "authors": []map[string]string{{"name": "Eve " + evil}},
			"url": "https://evil.example/j1",
		}},
	})
	jsonFile = writeFile(t, filepath.Join(dir, "evil.json"), string(jf))

	mdDir = filepath.Join(dir, "notes")
	writeFile(t, filepath.Join(mdDir, "front.md"), "---\ntitle: \"Front \\e]0;PWNED-TITLE\\a matter \\e[2J\"\ntags: [\"a\\e[31mb\", \"\\u202eevil\"]\nsummary: \"sum \\e]52;c;AAAA\\a\"\nauthor: \"\\e[5mblink\"\n---\n\nBody with raw "+evil+" bytes.\n")
	writeFile(t, filepath.Join(mdDir, "nofm.md"), "# Heading "+evil+"\n\ntext "+evil+"\n")
	// A file name with an escape sequence in it.
	writeFile(t, filepath.Join(mdDir, "name"+evilTitle+".md"), "no title here, so the file name is the title\n")
	return feedFile, jsonFile, mdDir
}

// assertTerminalSafe fails when out holds anything a terminal would act
// on: ESC, C1 controls, other C0 controls but newline and tab, bidi
// overrides, or invalid UTF-8.
func assertTerminalSafe(t *testing.T, what, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s: invalid UTF-8", what)
	}
	for i, r := range out {
		bad := r == 0x1b || (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
		if bad {
			t.Errorf("%s: control character %U at byte %d: %q", what, r, i, out[max(0, i-20):min(len(out), i+20)])
			return
		}
	}
}

// assertNoPayload fails when the text of an escape sequence survived: the
// whole sequence must go, not only its ESC.
func assertNoPayload(t *testing.T, what, out string) {
	t.Helper()
	for _, payload := range []string{"PWNED-TITLE", "cm0gLXJmIH4=", "]52;", "]0;", "[2J", "1$r0m"} {
		if strings.Contains(out, payload) {
			t.Errorf("%s: escape payload %q survived", what, payload)
		}
	}
}

func TestHostileCorpusNeverReachesTheTerminal(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	feedFile, jsonFile, mdDir := writeHostileCorpus(t, dir)
	for _, src := range []string{feedFile, jsonFile, mdDir} {
		code, out, errOut := c.run("add", src)
		if code != 0 {
			t.Fatalf("add %s: exit %d: %s", src, code, errOut)
		}
		assertTerminalSafe(t, "add stdout", out)
		assertTerminalSafe(t, "add stderr", errOut)
	}
	outputs := map[string]string{}
	for _, args := range [][]string{{"ls"}, {"ls", "--json"}, {"sources"}, {"sources", "--json"}, {"refresh"}, {"filters"}} {
		code, out, errOut := c.run(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		outputs[strings.Join(args, " ")] = out + errOut
	}
	var arts []map[string]any
	json.Unmarshal([]byte(c.mustRun("ls", "--json")), &arts)
	if len(arts) != 6 {
		t.Fatalf("want 6 hostile articles listed, got %d", len(arts))
	}
	for _, a := range arts {
		id := fmt.Sprint(int(a["id"].(float64)))
		for _, args := range [][]string{{"read", id}, {"read", id, "--raw"}, {"read", id, "--width", "30"}} {
			code, out, errOut := c.run(args...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, errOut)
			}
			outputs[strings.Join(args, " ")] = out + errOut
		}
	}
	// The text itself survives, only the sequences go.
	if !strings.Contains(outputs["ls"], "Hostile title") || !strings.Contains(outputs["ls --json"], "JSON hostile") {
		t.Fatalf("hostile articles lost their text:\n%s", outputs["ls"])
	}
	for what, out := range outputs {
		assertTerminalSafe(t, what, out)
		assertNoPayload(t, what, out)
	}
	// Errors that quote a hostile file name are sanitised too.
	bad := writeFile(t, filepath.Join(dir, "bad"+evilTitle+".xml"), "<html>"+evil+"</html>")
	code, out, errOut := c.run("add", bad)
	if code != 1 {
		t.Fatalf("add of a hostile non-feed: exit %d", code)
	}
	assertTerminalSafe(t, "error naming a hostile file", out+errOut)
}

// badServer serves one good feed and every kind of broken document.
func badServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/good.xml", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(sampleRSS)) })
	mux.HandleFunc("/empty.xml", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/truncated.xml", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(sampleRSS[:len(sampleRSS)/2])) })
	mux.HandleFunc("/garbage.xml", func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 4096)
		for i := range b {
			b[i] = byte(i * 7919 % 251)
		}
		w.Write(b)
	})
	mux.HandleFunc("/page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<!DOCTYPE html><html><head><title>Not a feed</title></head><body>hi</body></html>"))
	})
	mux.HandleFunc("/badutf8.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bad ` + "\xff\xfe" + `</title><item><title>x` + "\xc3\x28" + `</title><guid>1</guid></item></channel></rss>`))
	})
	mux.HandleFunc("/bomb.xml", func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">`)
		b.WriteString(`<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">`)
		for i := 2; i <= 9; i++ {
			fmt.Fprintf(&b, `<!ENTITY lol%d "%s">`, i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
		}
		b.WriteString(`]><rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><guid>1</guid></item></channel></rss>`)
		w.Write([]byte(b.String()))
	})
	// 32 MB of zeros in about 32 KB, compressed before any clock starts.
	var bomb bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&bomb, gzip.BestSpeed)
	zeros := make([]byte, 1<<20)
	for i := 0; i < 32; i++ {
		gz.Write(zeros)
	}
	gz.Close()
	mux.HandleFunc("/gzipbomb.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb.Bytes())
	})
	mux.HandleFunc("/huge.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>`))
		item := []byte(`<item><title>x</title><description>` + strings.Repeat("y", 1000) + `</description></item>`)
		for n := 0; n < 25<<20; n += len(item) {
			if _, err := w.Write(item); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/never.xml", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	})
	mux.HandleFunc("/trickle.xml", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 30; i++ {
			if _, err := w.Write([]byte("<")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(time.Second):
			}
		}
	})
	mux.HandleFunc("/loop.xml", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop.xml", http.StatusFound) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestBadDocumentsFailAloneWithClearErrors(t *testing.T) {
	c := newCLI(t)
	writeFile(t, filepath.Join(c.cfgDir, "byline", "config.toml"), "fetch_timeout = 4\n")
	srv := badServer(t)
	want := map[string]string{
		"/empty.xml":     "empty document",
		"/truncated.xml": "",
		"/garbage.xml":   "",
		"/page.html":     "not a feed",
		"/bomb.xml":      "declares XML entities",
		"/gzipbomb.xml":  "larger than 20 MB",
		"/huge.xml":      "larger than 20 MB",
		"/never.xml":     "timed out",
		"/trickle.xml":   "timed out",
		"/loop.xml":      "redirects",
	}
	c.mustRun("add", srv.URL+"/good.xml", "--offline")
	for path := range want {
		c.mustRun("add", srv.URL+path, "--offline")
	}
	c.mustRun("add", srv.URL+"/badutf8.xml", "--offline")
	start := time.Now()
	code, out, errOut := c.run("refresh")
	if elapsed := time.Since(start); elapsed > 20*time.Second {
		t.Errorf("refresh took %v: timeouts not enforced", elapsed)
	}
	if code != 1 {
		t.Fatalf("refresh: exit %d\n%s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	for path, msg := range want {
		var line string
		for _, l := range lines {
			if strings.Contains(l, path) {
				if line != "" {
					t.Errorf("%s: more than one error line", path)
				}
				line = l
			}
		}
		if line == "" {
			t.Errorf("%s: no error reported\n%s", path, errOut)
			continue
		}
		if !strings.Contains(line, msg) {
			t.Errorf("%s: error %q does not say %q", path, line, msg)
		}
	}
	if !strings.Contains(out, "Refreshed 12 sources: 2 new") {
		t.Errorf("summary: %q", out)
	}
	// The good feed arrived, and the store is fine.
	if got := lsTitles(t, c, "=good.xml"); len(got) != 2 {
		t.Fatalf("good feed articles: %v", got)
	}
	assertTerminalSafe(t, "refresh stderr", errOut)
	if _, err := os.Stat(filepath.Join(c.dataDir, "byline", "byline.db")); err != nil {
		t.Fatal(err)
	}
}

func TestTwentyThousandItemFeed(t *testing.T) {
	heavy(t, "a feed of 20,000 items")
	c := newCLI(t)
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>`)
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&b, `<item><title>Item %d</title><guid>%d</guid><link>https://big.example/%d</link><description>&lt;p&gt;Body of item %d&lt;/p&gt;</description></item>`, i, i, i, i)
	}
	b.WriteString(`</channel></rss>`)
	f := writeFile(t, filepath.Join(t.TempDir(), "big.xml"), b.String())
	out := c.mustRun("add", f)
	if !strings.Contains(out, "20000 articles") {
		t.Fatalf("add: %q", out)
	}
	if got := lsTitles(t, c, "#3"); strings.Join(got, "|") != "Item 0|Item 1|Item 2" {
		t.Fatalf("order of undated items: %v", got)
	}
}

func TestHostileOPML(t *testing.T) {
	c := newCLI(t)
	opml := writeFile(t, filepath.Join(t.TempDir(), "evil.opml"), `<?xml version="1.0"?><opml version="2.0"><body>
<outline text="Folder `+evil+`"><outline type="rss" text="Feed `+evil+`" xmlUrl="https://evil.example/feed" category="c`+evilTitle+`"/></outline>
<outline type="rss" text="Cmd" xmlUrl="exec:`+evilTitle+`rm -rf"/>
</body></opml>`)
	code, out, errOut := c.run("import", opml)
	if code != 0 {
		t.Fatalf("import: exit %d %s", code, errOut)
	}
	for what, s := range map[string]string{"import": out + errOut, "sources": c.mustRun("sources"), "sources --json": c.mustRun("sources", "--json"), "export": c.mustRun("export")} {
		assertTerminalSafe(t, what, s)
		assertNoPayload(t, what, s)
	}
}
