package feed

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSplitFrontMatter(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min, s int) time.Time {
		return time.Date(y, m, d, h, min, s, 0, time.UTC)
	}
	cases := []struct {
		name    string
		doc     string
		title   string
		date    time.Time
		tags    []string
		summary string
		author  string
		draft   bool
		format  string
		body    string
	}{
		{
			name:  "yaml lists",
			doc:   "---\ntitle: Hello\ndate: 2024-03-01T10:00:00Z\ntags: [go, tui]\ncategories:\n  - News\nsummary: Short\nauthor: Ann\n---\n\nBody text\n",
			title: "Hello", date: utc(2024, 3, 1, 10, 0, 0), tags: []string{"go", "tui", "News"}, summary: "Short", author: "Ann",
			format: "yaml", body: "Body text\n",
		},
		{
			name:  "yaml comma strings and jekyll date",
			doc:   "---\ntitle: \"Security Fixes\"\ndate: 2018-09-19 18:00:00 +0530\ncategory: release\ntags: a, b ,c\n---\nText",
			title: "Security Fixes", date: time.Date(2018, 9, 19, 18, 0, 0, 0, time.FixedZone("", 5*3600+1800)),
			tags: []string{"a", "b", "c", "release"}, format: "yaml", body: "Text",
		},
		{
			name:  "yaml quoted date without zone, description",
			doc:   "---\ntitle: T\ndate: \"2025-02-11 11:36:10\"\ndescription: D\n---\nx",
			title: "T", date: utc(2025, 2, 11, 11, 36, 10), summary: "D", format: "yaml", body: "x",
		},
		{
			name: "yaml date only and draft",
			doc:  "---\ndate: 2023-12-24\ndraft: true\n---\nx",
			date: utc(2023, 12, 24, 0, 0, 0), draft: true, format: "yaml", body: "x",
		},
		{
			name:   "yaml author map",
			doc:    "---\nauthor:\n  name: Bea\n  email: b@example.com\n---\nx",
			author: "Bea", format: "yaml", body: "x",
		},
		{
			name:  "toml",
			doc:   "+++\ntitle = \"Toml post\"\ndate = 2024-05-06T07:08:09-02:00\ntags = [\"x\", \"y\"]\ncategories = [\"z\"]\nsummary = \"S\"\ndraft = false\n+++\n\nBody\n",
			title: "Toml post", date: time.Date(2024, 5, 6, 7, 8, 9, 0, time.FixedZone("", -7200)), tags: []string{"x", "y", "z"},
			summary: "S", format: "toml", body: "Body\n",
		},
		{
			name:  "toml local date",
			doc:   "+++\ntitle = \"L\"\ndate = 2024-05-06\n+++\nB",
			title: "L", date: utc(2024, 5, 6, 0, 0, 0), format: "toml", body: "B",
		},
		{
			name:  "json",
			doc:   "{\n  \"title\": \"Json post\",\n  \"date\": \"2024-01-02\",\n  \"tags\": [\"j\"],\n  \"categories\": \"k, l\",\n  \"description\": \"Desc\"\n}\n\nBody here\n",
			title: "Json post", date: utc(2024, 1, 2, 0, 0, 0), tags: []string{"j", "k", "l"}, summary: "Desc", format: "json", body: "Body here\n",
		},
		{
			name:  "BOM and CRLF",
			doc:   "\ufeff---\r\ntitle: Windows\r\ntags: [w]\r\n---\r\n\r\nLine one\r\nLine two\r\n",
			title: "Windows", tags: []string{"w"}, format: "yaml", body: "Line one\nLine two\n",
		},
		{
			name: "no front matter",
			doc:  "# Heading\n\nText",
			body: "# Heading\n\nText",
		},
		{
			name:  "yaml end marker dots",
			doc:   "---\ntitle: Dots\n...\nAfter",
			title: "Dots", format: "yaml", body: "After",
		},
		{
			name: "duplicate tags folded case-insensitively",
			doc:  "---\ntags: [Go, go]\ncategories: [GO, Rust]\n---\n",
			tags: []string{"Go", "Rust"}, format: "yaml", body: "",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fm, body, err := SplitFrontMatter([]byte(c.doc))
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if fm.Title != c.title || fm.Summary != c.summary || fm.Author != c.author || fm.Draft != c.draft || fm.Format != c.format {
				t.Errorf("got title=%q summary=%q author=%q draft=%v format=%q", fm.Title, fm.Summary, fm.Author, fm.Draft, fm.Format)
			}
			if !fm.Date.Equal(c.date) {
				t.Errorf("date = %v, want %v", fm.Date, c.date)
			}
			if !reflect.DeepEqual(fm.Tags, c.tags) {
				t.Errorf("tags = %#v, want %#v", fm.Tags, c.tags)
			}
			if string(body) != c.body {
				t.Errorf("body = %q, want %q", body, c.body)
			}
		})
	}
}

func TestBrokenFrontMatterKeepsBodyAndReportsProblem(t *testing.T) {
	cases := map[string]struct{ doc, wantErr, body string }{
		"yaml syntax":     {"---\ntitle: [unclosed\n---\nThe body", "YAML front matter", "The body"},
		"yaml no closing": {"---\ntitle: x\nno end here", "no closing ---", "title: x\nno end here"},
		"toml syntax":     {"+++\ntitle = \n+++\nBody", "TOML front matter", "Body"},
		"json syntax":     {"{\"title\": \"x\",\n\nBody", "JSON front matter", "Body"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, body, err := SplitFrontMatter([]byte(c.doc))
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("err = %v, want it to mention %q", err, c.wantErr)
			}
			if string(body) != c.body {
				t.Fatalf("body = %q, want %q", body, c.body)
			}
		})
	}
}

func TestMarkdownArticleFallbacks(t *testing.T) {
	mod := time.Date(2020, 2, 2, 2, 2, 2, 0, time.UTC)
	a := MarkdownArticle([]byte("Intro\n\n# The Heading #\n\ntext"), "notes/plain.md", mod)
	if a.Title != "The Heading" || !a.Published.Equal(mod) {
		t.Fatalf("heading/mtime fallback: %q %v", a.Title, a.Published)
	}
	a = MarkdownArticle([]byte("```\n# not a heading\n```\nno heading at all"), "2019-07-04-independence.md", mod)
	if a.Title != "2019-07-04-independence" {
		t.Fatalf("file name fallback: %q", a.Title)
	}
	if !a.Published.Equal(time.Date(2019, 7, 4, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("file name date: %v", a.Published)
	}
	a = MarkdownArticle([]byte("---\ntitle: T\ndraft: true\n---\nFirst paragraph **bold**.\n\nSecond."), "x.md", mod)
	if a.Summary != "First paragraph bold." {
		t.Fatalf("summary = %q", a.Summary)
	}
	if !reflect.DeepEqual(a.Tags, []string{"draft"}) {
		t.Fatalf("draft tag: %v", a.Tags)
	}
	if strings.Contains(a.Content, "title:") {
		t.Fatalf("front matter leaked into the body: %q", a.Content)
	}
	a = MarkdownArticle([]byte("---\ntitle: [broken\n---\nStill here"), "b.md", mod)
	if a.Problem == "" || a.Content != "Still here" || a.Title != "b" {
		t.Fatalf("broken front matter: problem=%q content=%q title=%q", a.Problem, a.Content, a.Title)
	}
}

func TestCorpusArticles(t *testing.T) {
	dir := corpusDir(t, "articles")
	res, err := ReadFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Fatalf("warnings: %v", res.Warnings)
	}
	byFile := map[string]Article{}
	for _, a := range res.Articles {
		byFile[a.GUID] = a
	}
	jek, ok := byFile["2018-09-19-security-fixes-for-3-6-3-7-3-8.markdown"]
	if !ok {
		t.Fatalf("jekyll post not read; got %v", len(res.Articles))
	}
	if jek.Title != "Security Fixes for series 3.6, 3.7 and 3.8" || jek.Published.Year() != 2018 || jek.Author != "ashmaroli" {
		t.Errorf("jekyll post: %q %v %q", jek.Title, jek.Published, jek.Author)
	}
	if !reflect.DeepEqual(jek.Tags, []string{"release"}) {
		t.Errorf("jekyll category: %v", jek.Tags)
	}
	hugo := byFile["why-only-one-deepseek.md"]
	if hugo.Title != "Why is there only one DeepSeek in China?" || !strings.HasPrefix(hugo.Summary, "Source: AI Technology Review") {
		t.Errorf("hugo post: %q / %q", hugo.Title, hugo.Summary)
	}
	if hugo.Published.Format("2006-01-02 15:04:05") != "2025-02-11 11:36:10" {
		t.Errorf("hugo date: %v", hugo.Published)
	}
	for _, a := range res.Articles {
		if strings.HasPrefix(strings.TrimSpace(a.Content), "---") || strings.Contains(a.Content, "\ntitle:") {
			t.Errorf("%s: front matter in body", a.GUID)
		}
	}
}

func TestReadFolderSkipsBadFilesAndReadsTheRest(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good.md", "---\ntitle: Good\n---\nok")
	write("sub/deeper/nested.markdown", "# Nested\n")
	write("notes.txt", "not markdown")
	write("binary.md", "\xff\xfe\x00garbage")
	write("broken.md", "---\ntitle: [oops\n---\nbody")
	write(".git/ignored.md", "# hidden")
	big := filepath.Join(dir, "huge.md")
	f, _ := os.Create(big)
	f.Truncate(MaxMarkdownFile + 1)
	f.Close()
	os.Symlink(dir, filepath.Join(dir, "sub", "loop"))
	os.Symlink(filepath.Join(dir, "good.md"), filepath.Join(dir, "link.md"))
	if os.Getuid() != 0 {
		write("secret.md", "# secret")
		os.Chmod(filepath.Join(dir, "secret.md"), 0)
	}

	res, err := ReadFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]bool{}
	for _, a := range res.Articles {
		titles[a.Title] = true
	}
	for _, want := range []string{"Good", "Nested", "broken"} {
		if !titles[want] {
			t.Errorf("missing article %q; have %v", want, titles)
		}
	}
	if len(res.Articles) != 3 {
		t.Errorf("want 3 articles, got %d: %v", len(res.Articles), titles)
	}
	warn := strings.Join(res.Warnings, "\n")
	for _, want := range []string{"binary.md", "huge.md", "broken.md"} {
		if !strings.Contains(warn, want) {
			t.Errorf("no warning naming %s in %q", want, warn)
		}
	}
}

// A title taken from a file's first heading reads as the heading does:
// its emphasis, code, links and escapes without their marks, references
// decoded.
func TestTitleFromHeadingReadsAsText(t *testing.T) {
	for in, want := range map[string]string{
		"# A *big* heading with `code`\n\nBody.\n":         "A big heading with code",
		"# See [the docs](https://x.org) &amp; more\n":     "See the docs & more",
		"# \\*Not emphasis\\* and `a*b` and <b>bold</b>\n": "*Not emphasis* and a*b and bold",
		"# Plain title #\n":                                "Plain title",
		"# Visit <https://example.com> __now__\n\nText.\n": "Visit https://example.com now",
		// An id written after the heading is no part of its text.
		"# Über uns {#ueber}\n\nWir.\n":         "Über uns",
		"# History # {id=\"History_(1900)\"}\n": "History",
		"# Escaped \\{#x}\n":                    "Escaped {#x}",
		"# Sets {a, b}\n":                       "Sets {a, b}",
	} {
		if got := firstHeading([]byte(in)); got != want {
			t.Errorf("firstHeading(%q) = %q, want %q", in, got, want)
		}
	}
}
