package feed

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

const nestedOPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>mine</title></head><body>
  <outline text="Tech">
    <outline text="Go" title="Go">
      <outline type="rss" text="The Go Blog" xmlUrl="https://go.dev/blog/feed.atom" htmlUrl="https://go.dev/blog" category="lang,/Programming/Systems"/>
    </outline>
    <outline type="rss" text="LWN" xmlUrl="https://lwn.net/headlines/rss"/>
  </outline>
  <outline type="rss" title="Plain" text="ignored text" xmlUrl="http://plain.example/feed"/>
  <outline type="rss" text="Local" xmlUrl="/home/me/feed.xml"/>
  <outline type="rss" text="Command" xmlUrl="exec:rm -rf ~"/>
  <outline type="rss" text="File" xmlUrl="file:///etc/passwd"/>
</body></opml>`

func TestParseOPMLNestedCategoriesAndUnsafeURLs(t *testing.T) {
	feeds, skipped, err := ParseOPML(strings.NewReader(nestedOPML))
	if err != nil {
		t.Fatal(err)
	}
	want := []OPMLFeed{
		{URL: "https://go.dev/blog/feed.atom", Title: "The Go Blog", SiteURL: "https://go.dev/blog", Tags: []string{"Tech", "Go", "lang", "Programming", "Systems"}},
		{URL: "https://lwn.net/headlines/rss", Title: "LWN", Tags: []string{"Tech"}},
		{URL: "http://plain.example/feed", Title: "Plain", Tags: []string{}},
	}
	if !reflect.DeepEqual(feeds, want) {
		t.Fatalf("feeds:\n got %+v\nwant %+v", feeds, want)
	}
	if len(skipped) != 3 {
		t.Fatalf("skipped: %+v", skipped)
	}
	for _, s := range skipped {
		if s.Reason != "not an http(s) feed URL" {
			t.Errorf("skip reason %q", s.Reason)
		}
	}
}

func TestParseOPMLRejectsBrokenFiles(t *testing.T) {
	for name, doc := range map[string]string{
		"not XML":      "this is not xml at all",
		"empty":        "",
		"no body":      `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head></opml>`,
		"not opml":     `<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>`,
		"truncated":    nestedOPML[:200],
		"entity bomb":  `<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><opml version="2.0"><body><outline text="&b;" xmlUrl="https://x.example/"/></body></opml>`,
		"html":         `<html><body><a href="x">x</a></body></html>`,
		"binary bytes": "\x00\x01\x02\x03",
	} {
		feeds, _, err := ParseOPML(strings.NewReader(doc))
		if err == nil {
			t.Errorf("%s: accepted (%d feeds)", name, len(feeds))
		}
	}
}

func TestWriteOPMLRoundTrips(t *testing.T) {
	in := []OPMLFeed{
		{URL: "https://a.example/feed?x=1&y=2", Title: `A "quoted" <title> & more`, SiteURL: "https://a.example/", Tags: []string{"go", "read-later"}},
		{URL: "https://b.example/rss", Title: "Bé ünïcode", Tags: []string{}},
	}
	var buf bytes.Buffer
	if err := WriteOPML(&buf, in, time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `version="2.0"`) {
		t.Fatalf("not OPML 2.0:\n%s", buf.String())
	}
	out, skipped, err := ParseOPML(&buf)
	if err != nil || len(skipped) > 0 {
		t.Fatalf("re-parse: %v %v", err, skipped)
	}
	if !reflect.DeepEqual(out, in) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", out, in)
	}
}

func FuzzParseOPML(f *testing.F) {
	f.Add([]byte(nestedOPML))
	f.Add([]byte(`<opml version="2.0"><body><outline text="x" xmlUrl="https://x.example/" category="a,b/c"/></body></opml>`))
	f.Add([]byte(`<opml><body><outline><outline><outline xmlUrl="javascript:x"/></outline></outline></body></opml>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		feeds, _, err := ParseOPML(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, fd := range feeds {
			if !IsURL(fd.URL) {
				t.Fatalf("accepted a non-http URL %q", fd.URL)
			}
		}
	})
}

// deepOPML is n folders, each inside the one before, with n feeds in the
// innermost.
func deepOPML(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><opml version="2.0"><body>`)
	for i := range n {
		fmt.Fprintf(&b, `<outline text="folder %d">`, i)
	}
	for i := range n {
		fmt.Fprintf(&b, `<outline type="rss" text="f%d" xmlUrl="https://example.com/%d.xml"/>`, i, i)
	}
	b.WriteString(strings.Repeat("</outline>", n))
	b.WriteString(`</body></opml>`)
	return []byte(b.String())
}

// A feed in a chain of folders keeps its nearest 64 and says it had more,
// and ten times the folders and feeds is ten times the work: each folder
// copied the chain above it, and each feed took all of it (3,000 deep:
// 3,000 tags a feed).
func TestOPMLInDeepFoldersWorkIsLinear(t *testing.T) {
	const n = 200
	feeds, _, err := ParseOPML(bytes.NewReader(deepOPML(n)))
	if err != nil || len(feeds) != n {
		t.Fatalf("%d feeds, %v", len(feeds), err)
	}
	f := feeds[0]
	if len(f.Tags) != MaxLinkTags || !f.ManyTags || f.Tags[len(f.Tags)-1] != fmt.Sprintf("folder %d", n-1) {
		t.Fatalf("tags %q (many %v)", f.Tags, f.ManyTags)
	}
	small, large := deepOPML(n), deepOPML(10*n)
	a := allocated(func() { ParseOPML(bytes.NewReader(small)) })
	b := allocated(func() { ParseOPML(bytes.NewReader(large)) })
	if b > 20*a {
		t.Fatalf("%d folders and feeds: %d bytes allocated; %d: %d (%.0f times)", n, a, 10*n, b, float64(b)/float64(a))
	}
}

func BenchmarkParseOPMLNested(b *testing.B) {
	for _, n := range []int{300, 3000} {
		data := deepOPML(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ParseOPML(bytes.NewReader(data))
			}
		})
	}
}
