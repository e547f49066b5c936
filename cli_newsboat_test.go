package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/byline/byline/feed/newsboat/newsboattest"
	"github.com/byline/byline/store"
)

const newsboatURLs = `# my feeds
https://feed0.example/rss tech "~Zero"
https://feed1.example/rss "!quiet"
"query:Unread tech:unread = \"yes\" and tags # \"tech\""
"query:Regex:title =~ \"^A\""
"exec:~/bin/x.sh"
`

func TestCLIImportFromNewsboat(t *testing.T) {
	for _, layout := range []string{"dot", "xdg"} {
		t.Run(layout, func(t *testing.T) {
			c := newCLI(t)
			home := t.TempDir()
			t.Setenv("HOME", home)
			urls, cache := filepath.Join(home, ".newsboat", "urls"), filepath.Join(home, ".newsboat", "cache.db")
			if layout == "xdg" {
				urls, cache = filepath.Join(c.cfgDir, "newsboat", "urls"), filepath.Join(c.dataDir, "newsboat", "cache.db")
			}
			writeFile(t, urls, newsboatURLs)
			newsboattest.Generate(t, cache, 30, 3, 100)
			code, out, errOut := c.run("import", "--from", "newsboat", "--star-flag", "s")
			if code != 0 {
				t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
			}
			for _, want := range []string{"Saved filter \"Unread tech\": +unread +tech", "Imported 2 sources from newsboat's urls file", "Imported 30 articles from newsboat's cache (0 already here, 1 new sources)"} {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			for _, want := range []string{`query feed "Regex" not imported`, "exec:~/bin/x.sh", "does not run"} {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			if n := strings.Count(c.mustRun("ls", "+starred"), "\n"); n != 3 {
				t.Errorf("%d starred articles, want 3 (flag s on one in ten)", n)
			}
			if n := strings.Count(c.mustRun("ls", "+hidden"), "\n"); n != 10 {
				t.Errorf("%d articles of the hidden feed, want 10", n)
			}
			// Again: nothing twice.
			_, out, _ = c.run("import", "--from", "newsboat", "--star-flag", "s")
			if !strings.Contains(out, "Imported 0 sources") || !strings.Contains(out, "Imported 0 articles from newsboat's cache (30 already here") {
				t.Errorf("second import:\n%s", out)
			}
		})
	}
}

func TestCLIImportTellsNewsboatAndNomFilesByContent(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	c.mustRun("import", writeFile(t, filepath.Join(dir, "subscriptions.txt"), newsboatURLs))
	cache := filepath.Join(dir, "backup.bin")
	newsboattest.Generate(t, cache, 5, 1, 100)
	if out := c.mustRun("import", cache); !strings.Contains(out, "Imported 5 articles") {
		t.Errorf("cache: %s", out)
	}
	nom := writeFile(t, filepath.Join(dir, "config.yml"), "showread: true\nfeeds:\n  - url: https://dropbox.tech/feed\n    name: dropbox\n  - url: https://snyk.io/blog/feed\n")
	if out := c.mustRun("import", nom); !strings.Contains(out, "Imported 2 sources from nom's config") {
		t.Errorf("nom: %s", out)
	}
	got := map[string]string{}
	for _, s := range sourceList(t, c) {
		got[s.Location] = s.Title
	}
	if got["https://dropbox.tech/feed"] != "dropbox" || got["https://feed0.example/rss"] != "Zero" || len(got) != 4 {
		t.Errorf("sources: %v", got)
	}
	// nom's own place
	home := t.TempDir()
	t.Setenv("HOME", home)
	writeFile(t, filepath.Join(c.cfgDir, "nom", "config.yml"), "feeds:\n  - url: https://nom.example/rss\n")
	if out := c.mustRun("import", "--from", "nom"); !strings.Contains(out, "Imported 1 source from nom's config") {
		t.Errorf("--from nom: %s", out)
	}
}

func TestCLIImportNewsboatBadUse(t *testing.T) {
	c := newCLI(t)
	t.Setenv("HOME", t.TempDir())
	for _, args := range [][]string{
		{"import", "--from", "liferea"},
		{"import", "--from", "newsboat", "--star-flag", "star"},
		{"import", "--from", "newsboat", "x.db"},
	} {
		if code, _, errOut := c.run(args...); code != 2 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
	code, _, errOut := c.run("import", "--from", "newsboat")
	if code != 1 || !strings.Contains(errOut, "no newsboat files found") {
		t.Errorf("nothing to import: exit %d, %q", code, errOut)
	}
	// A cache of a schema that cannot be read: one sentence, nothing imported.
	bad := filepath.Join(t.TempDir(), "cache.db")
	newsboattest.Write(t, bad, "CREATE TABLE rss_item (id INTEGER PRIMARY KEY, title TEXT, url TEXT, feedurl TEXT);", nil, nil)
	code, _, errOut = c.run("import", bad)
	if code != 1 || !strings.Contains(errOut, "no guid column; nothing imported") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("old schema: exit %d, %q", code, errOut)
	}
}

func TestCLIExportNewsboatReadsBack(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	c.mustRun("import", writeFile(t, filepath.Join(dir, "urls"), newsboatURLs))
	c.mustRun("add", writeFile(t, filepath.Join(dir, "my feed.xml"), `<rss version="2.0"><channel><title>Local</title></channel></rss>`), "--tag", "local")
	out := c.mustRun("export", "--newsboat")
	for _, want := range []string{"https://feed0.example/rss tech \"~Zero\"\n", "https://feed1.example/rss \"!hidden\" quiet\n", "file://"} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}
	before := sourceList(t, c)
	c2 := newCLI(t)
	c2.mustRun("import", writeFile(t, filepath.Join(dir, "exported"), out))
	after := sourceList(t, c2)
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("round trip:\nbefore %+v\nafter  %+v", before, after)
	}
}

// TestNewsboatImportKilledLeavesAConsistentStore kills an import of a
// large cache midway (SIGKILL, no chance to clean up): the store is
// whole, every article it holds has its state, and importing again
// brings the rest.
func TestNewsboatImportKilledLeavesAConsistentStore(t *testing.T) {
	heavy(t, "a newsboat import killed midway")
	b := &binCLI{t: t, bin: buildBinary(t), env: isolatedEnv(t)}
	dataDir := strings.TrimPrefix(b.env[0], "XDG_DATA_HOME=")
	cache := filepath.Join(t.TempDir(), "cache.db")
	const n = 20000
	newsboattest.Generate(t, cache, n, 4, 1000)
	storePath := filepath.Join(dataDir, "byline", "byline.db")
	cmd := b.command("import", cache)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once some batches are in.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if count(t, storePath) >= 2000 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the import wrote nothing in two minutes")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	killedAt := count(t, storePath)
	if killedAt >= n-n/100 {
		t.Skipf("the import finished (%d articles) before it was killed", killedAt)
	}
	st, err := store.Open(storePath)
	if err != nil {
		t.Fatal(err)
	}
	checkConsistent(t, st)
	st.Close()
	out := b.run("import", cache)
	if !strings.Contains(out, fmt.Sprintf("(%d already here", killedAt)) {
		t.Errorf("resumed import after %d: %s", killedAt, out)
	}
	st, err = store.Open(storePath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if total, _, _ := st.Totals(context.Background()); total != n-n/100 {
		t.Errorf("%d articles after resuming, want %d", total, n-n/100)
	}
	checkConsistent(t, st)
}

func count(t *testing.T, path string) int {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		return 0
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	db.QueryRow("SELECT count(*) FROM articles").Scan(&n)
	return n
}

// checkConsistent: SQLite finds the file whole, each article has its body
// and the state the generated cache gave it, and the tag counts agree
// with the tags.
func checkConsistent(t *testing.T, st *store.Store) {
	t.Helper()
	db := st.DB()
	var ok string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity check: %q, %v", ok, err)
	}
	var orphans, wrong, counts int
	db.QueryRow("SELECT count(*) FROM articles a LEFT JOIN bodies b ON b.article_id = a.id WHERE b.article_id IS NULL").Scan(&orphans)
	// Generate: item i is read when i%3 == 0 and flagged s when i%10 == 0.
	db.QueryRow(`SELECT count(*) FROM (SELECT a.read, a.user_tags, CAST(substr(a.title, 9, instr(a.title, ' of ') - 9) AS INTEGER) AS i FROM articles a)
		WHERE read <> (i % 3 = 0) OR (user_tags LIKE '%flag-s%') <> (i % 10 = 0)`).Scan(&wrong)
	db.QueryRow(`SELECT count(*) FROM tag_counts c WHERE total <> (SELECT count(*) FROM article_tags t WHERE t.tag = c.tag)
		OR unread <> (SELECT count(*) FROM article_tags t JOIN articles a ON a.id = t.article_id WHERE t.tag = c.tag AND a.read = 0)`).Scan(&counts)
	if orphans != 0 || wrong != 0 || counts != 0 {
		t.Errorf("%d articles without a body, %d with the wrong state, %d tag counts wrong", orphans, wrong, counts)
	}
}

// TestNewsboatImportShowsProgressOnATerminal: on a terminal the cache
// import draws a bar counting articles, and clears it at the end; piped,
// it draws nothing.
func TestNewsboatImportShowsProgressOnATerminal(t *testing.T) {
	newCLI(t)
	cache := filepath.Join(t.TempDir(), "cache.db")
	newsboattest.Generate(t, cache, 2500, 2, 100)
	for _, terminal := range []bool{true, false} {
		var out, errb strings.Builder
		a := &app{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), stderrIsTerminal: terminal}
		if code := a.run([]string{"import", cache, "--data-dir", t.TempDir()}); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		bar := strings.Contains(errb.String(), "] 2475/2475 articles")
		if bar != terminal || terminal && !strings.HasSuffix(errb.String(), "\r\x1b[K") {
			t.Errorf("terminal %v: stderr %q", terminal, errb.String())
		}
	}
}

// TestNewsboatProgramLinesAreNeverRun: exec: and filter: lines name
// programs; the import lists them and runs nothing.
func TestNewsboatProgramLinesAreNeverRun(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	marker := filepath.Join(dir, "ran")
	urls := writeFile(t, filepath.Join(dir, "urls"), fmt.Sprintf("\"exec:touch %s\"\n\"filter:touch %s:https://a.example/rss\"\nhttps://b.example/rss\n", marker, marker))
	code, out, errOut := c.run("import", urls)
	if code != 0 || !strings.Contains(out, "Imported 1 source") || strings.Count(errOut, "not imported") != 2 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("a program of the urls file ran")
	}
}
