package newsboat

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestParseURLs(t *testing.T) {
	in := "\xef\xbb\xbf# my feeds\n" +
		"\n" +
		"https://go.dev/blog/feed.atom go \"dev tools\" \"~The Go Blog\"\n" +
		"  http://example.org/rss \"!private\" news # a comment\n" +
		"http://hidden.example/rss \"!\"\n" +
		"\"query:Unread Go:unread = \\\"yes\\\" and tags # \\\"go\\\"\"\n" +
		"\"query:Broken\"\n" +
		"\"exec:~/bin/feed.sh\" scripts\n" +
		"\"filter:~/bin/clean.sh:https://a.example/rss\"\n" +
		"ftp://old.example/rss\n" +
		"https://open.example/rss \"unclosed\n" +
		"file:///home/me/local.xml local\r\n"
	got := ParseURLs([]byte(in))
	wantFeeds := []Feed{
		{URL: "https://go.dev/blog/feed.atom", Title: "The Go Blog", Tags: []string{"go", "dev tools"}, Line: 3},
		{URL: "http://example.org/rss", Tags: []string{"private", "news"}, Hidden: true, Line: 4},
		{URL: "http://hidden.example/rss", Hidden: true, Line: 5},
		{URL: "file:///home/me/local.xml", Tags: []string{"local"}, Line: 12},
	}
	if !reflect.DeepEqual(got.Feeds, wantFeeds) {
		t.Errorf("feeds:\n got %+v\nwant %+v", got.Feeds, wantFeeds)
	}
	wantQ := []Query{{Name: "Unread Go", Expr: `unread = "yes" and tags # "go"`, Line: 6}}
	if !reflect.DeepEqual(got.Queries, wantQ) {
		t.Errorf("queries:\n got %+v\nwant %+v", got.Queries, wantQ)
	}
	lines := map[int]string{}
	for _, s := range got.Skipped {
		lines[s.Line] = s.Reason
	}
	for line, want := range map[int]string{7: "needs a name", 8: "exec:", 9: "filter:", 10: "not a feed URL", 11: "quote"} {
		if !strings.Contains(lines[line], want) {
			t.Errorf("line %d: skipped as %q, want a reason saying %q", line, lines[line], want)
		}
	}
	if len(got.Skipped) != 5 {
		t.Errorf("skipped %d lines, want 5: %+v", len(got.Skipped), got.Skipped)
	}
}

func TestParseURLsCleansHostileText(t *testing.T) {
	got := ParseURLs([]byte("https://a.example/rss \"~Evil\x1b[31mTitle\" \"tag\x07\"\n\xff\xfe\n"))
	if len(got.Feeds) != 1 || strings.ContainsAny(got.Feeds[0].Title+strings.Join(got.Feeds[0].Tags, ""), "\x1b\x07") {
		t.Fatalf("controls reached the feed: %+v", got.Feeds)
	}
	if len(got.Skipped) != 1 || !strings.Contains(got.Skipped[0].Reason, "UTF-8") {
		t.Errorf("a line of bytes that are no text: %+v", got.Skipped)
	}
}

func TestWriteURLsReadsBack(t *testing.T) {
	feeds := []Feed{
		{URL: "https://go.dev/blog/feed.atom", Title: "The \"Go\" Blog", Tags: []string{"go", "dev tools"}},
		{URL: "http://example.org/rss", Tags: []string{"!hidden"}},
		{URL: "http://plain.example/rss"},
	}
	var b bytes.Buffer
	if err := WriteURLs(&b, feeds); err != nil {
		t.Fatal(err)
	}
	got := ParseURLs(b.Bytes())
	want := []Feed{
		{URL: "https://go.dev/blog/feed.atom", Title: "The \"Go\" Blog", Tags: []string{"go", "dev tools"}, Line: 1},
		{URL: "http://example.org/rss", Tags: []string{"hidden"}, Hidden: true, Line: 2},
		{URL: "http://plain.example/rss", Line: 3},
	}
	if !reflect.DeepEqual(got.Feeds, want) {
		t.Errorf("wrote\n%s\nread back %+v", b.String(), got.Feeds)
	}
}

func TestParseFilter(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`unread = "yes"`, `unread = "yes"`},
		{`unread == "yes"`, `unread = "yes"`},
		{`age < 7`, `age < "7"`},
		{`age between 1:5`, `age between "1:5"`},
		{`title =~ "a \"quoted\" word"`, `title =~ "a \"quoted\" word"`},
		// and/or bind alike and group to the right, as in newsboat's parser
		{`unread = "yes" and tags # "a" or tags # "b"`, `(unread = "yes" and (tags # "a" or tags # "b"))`},
		{`(unread = "yes" and tags # "a") or tags # "b"`, `((unread = "yes" and tags # "a") or tags # "b")`},
		{`((tags !# "x"))`, `tags !# "x"`},
		{`flags # "s" AND author != "me"`, `(flags # "s" and author != "me")`},
	} {
		e, err := ParseFilter(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if e.String() != c.want {
			t.Errorf("%s: parsed as %s, want %s", c.in, e, c.want)
		}
	}
	for _, bad := range []string{``, `unread`, `unread =`, `unread = "yes`, `(unread = "yes"`, `unread = "yes" and`, `unread = "yes")`, `= "x"`,
		strings.Repeat("(", 100) + `unread = "yes"` + strings.Repeat(")", 100)} {
		if e, err := ParseFilter(bad); err == nil {
			t.Errorf("%q parsed, as %s", bad, e)
		}
	}
}

func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{`unread = "yes" and (tags # "a" or age < 7)`, `title =~ "\"x\\"`, `((a = b))`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseFilter(s)
		if err != nil {
			return
		}
		// What parses prints as an expression that parses to the same.
		again, err := ParseFilter(e.String())
		if err != nil || again.String() != e.String() {
			t.Fatalf("%q parsed as %s, which reads back as %v (%v)", s, e, again, err)
		}
	})
}

func FuzzParseURLs(f *testing.F) {
	f.Add([]byte("https://a.example/rss tag \"~Name\" \"!h\"\n\"query:Q:unread = \\\"yes\\\"\"\n# c\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got := ParseURLs(data)
		for _, fd := range got.Feeds {
			for _, s := range append([]string{fd.URL, fd.Title}, fd.Tags...) {
				if strings.ContainsAny(s, "\x1b\x00\n\r") {
					t.Fatalf("a control in %q", s)
				}
			}
		}
	})
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Kind
	}{
		{"SQLite format 3\x00rest", KindCache},
		{"# feeds\n\nhttps://a.example/rss tag\n", KindURLs},
		{"\"query:All:unread = \\\"yes\\\"\"\n", KindURLs},
		{"exec:foo\n", KindURLs},
		{"feeds:\n  - url: https://a.example/rss\n    name: A\n", KindNom},
		{"showread: true\nfeeds:\n  - url: https://a.example/rss\n", KindNom},
		{"<?xml version=\"1.0\"?><opml>", ""},
		{"<?xml version=\"1.0\"?>\n<opml>\nfeeds:\n</opml>", ""},
		{"url,title,time_added\n", ""},
		{"just some text\nhttps://a.example\n", ""},
	} {
		if got := Detect([]byte(c.in)); got != c.want {
			t.Errorf("%q: detected %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLocate(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	has := func(paths ...string) func(string) bool {
		return func(p string) bool {
			for _, q := range paths {
				if p == q {
					return true
				}
			}
			return false
		}
	}
	p := Locate("/home/u", env(nil), has("/home/u/.newsboat"))
	if p.URLs != "/home/u/.newsboat/urls" || p.Cache != "/home/u/.newsboat/cache.db" || p.Nom != "/home/u/.config/nom/config.yml" {
		t.Errorf("with ~/.newsboat: %+v", p)
	}
	p = Locate("/home/u", env(nil), has())
	if p.URLs != "/home/u/.config/newsboat/urls" || p.Cache != "/home/u/.local/share/newsboat/cache.db" {
		t.Errorf("XDG defaults: %+v", p)
	}
	p = Locate("/home/u", env(map[string]string{"XDG_CONFIG_HOME": "/c", "XDG_DATA_HOME": "/d"}), has())
	if p.URLs != "/c/newsboat/urls" || p.Cache != "/d/newsboat/cache.db" || p.Nom != "/c/nom/config.yml" {
		t.Errorf("XDG set: %+v", p)
	}
}

func TestParseNom(t *testing.T) {
	feeds, skipped, err := ParseNom([]byte(`
showread: true
feeds:
  - url: https://dropbox.tech/feed
    name: dropbox
  - url: https://snyk.io/blog/feed
  - url: ftp://nope.example/x
  - name: no url
backends:
  miniflux:
    host: http://m.example
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []Feed{{URL: "https://dropbox.tech/feed", Title: "dropbox"}, {URL: "https://snyk.io/blog/feed"}}
	if !reflect.DeepEqual(feeds, want) || len(skipped) != 2 {
		t.Errorf("got %+v, skipped %+v", feeds, skipped)
	}
	for _, bad := range []string{"feeds: [\n", "theme: x\n", "feeds: 3\n"} {
		if _, _, err := ParseNom([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
