package feed

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed/sanitize"
)

// Samples cut from real exports: Pocket's CSV (2024), Instapaper's CSV,
// and the bookmarks file Chrome and Firefox write.
const (
	pocketCSV = "title,url,time_added,tags,status\n" +
		`"How to Write Go Code",https://go.dev/doc/code?utm_source=pocket_saves,1700000000,go|docs,unread` + "\n" +
		`https://example.com/untitled,https://example.com/untitled,1699990000,,archive` + "\n" +
		`"Quotes ""inside"", and commas",https://example.com/q,1699980000,longread,unread` + "\n" +
		`Not a page,mailto:someone@example.com,1699970000,,unread` + "\n"

	instapaperCSV = "URL,Title,Selection,Folder,Timestamp,Tags\n" +
		`https://example.com/a,"A, with a comma",,Unread,1690000000,[]` + "\n" +
		`https://example.com/b,B,"a selection, quoted",Archive,1690000100,"[""longread""]"` + "\n" +
		`https://example.com/c,C,,Starred,1690000200,` + "\n" +
		`https://example.com/d,D,,Cooking,1690000300,` + "\n" +
		`javascript:alert(1),Bad,,Unread,1690000400,` + "\n"

	bookmarksHTML = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="1600000000" LAST_MODIFIED="1600000000" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks bar</H3>
    <DL><p>
        <DT><A HREF="https://go.dev/blog/" ADD_DATE="1600000001" ICON="data:image/png;base64,AAAA">The Go Blog</A>
        <DT><H3 ADD_DATE="1600000000">Reading</H3>
        <DL><p>
            <DT><A HREF="https://example.org/essay" ADD_DATE="1600000002000000" TAGS="essay,later">An essay &amp; more` + "\x1b[31m" + `</A>
        </DL><p>
    </DL><p>
    <DT><A HREF="place:sort=8&maxResults=10">Recent</A>
</DL><p>
`
)

func TestDetectExport(t *testing.T) {
	for data, want := range map[string]ExportKind{
		pocketCSV:     ExportPocket,
		instapaperCSV: ExportInstapaper,
		bookmarksHTML: ExportBookmarks,
		"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><body/></opml>": ExportOPML,
	} {
		if got, err := DetectExport([]byte(data)); got != want || err != nil {
			t.Errorf("DetectExport(%.30q) = %q, %v; want %q", data, got, err, want)
		}
	}
	if _, err := DetectExport([]byte("a,b,c\n1,2,3\n")); err == nil {
		t.Error("a CSV without url column was recognised")
	}
}

func TestParseLinkCSV(t *testing.T) {
	links, skipped, err := ParseLinkCSV([]byte(pocketCSV))
	if err != nil || skipped != 1 || len(links) != 3 {
		t.Fatalf("Pocket: %d links, %d skipped, %v", len(links), skipped, err)
	}
	want := SavedLink{URL: "https://go.dev/doc/code?utm_source=pocket_saves", Title: "How to Write Go Code",
		Tags: []string{"go", "docs"}, Added: time.Unix(1700000000, 0)}
	if !reflect.DeepEqual(links[0], want) {
		t.Errorf("Pocket row 1: %+v", links[0])
	}
	if links[1].Title != "" || !links[1].Read || links[2].Title != `Quotes "inside", and commas` {
		t.Errorf("Pocket rows: %+v", links[1:])
	}

	links, skipped, err = ParseLinkCSV([]byte(instapaperCSV))
	if err != nil || skipped != 1 || len(links) != 4 {
		t.Fatalf("Instapaper: %d links, %d skipped, %v", len(links), skipped, err)
	}
	if links[0].Title != "A, with a comma" || links[0].Read || len(links[0].Tags) != 0 || !links[0].Added.Equal(time.Unix(1690000000, 0)) {
		t.Errorf("Instapaper unread: %+v", links[0])
	}
	if !links[1].Read || !reflect.DeepEqual(links[1].Tags, []string{"longread"}) || !links[2].Starred ||
		!reflect.DeepEqual(links[3].Tags, []string{"Cooking"}) {
		t.Errorf("Instapaper folders and tags: %+v", links[1:])
	}
}

func TestParseBookmarks(t *testing.T) {
	links, skipped, err := ParseBookmarks([]byte(bookmarksHTML))
	if err != nil || skipped != 1 || len(links) != 2 {
		t.Fatalf("%d links, %d skipped, %v: %+v", len(links), skipped, err, links)
	}
	if links[0].URL != "https://go.dev/blog/" || links[0].Title != "The Go Blog" || len(links[0].Tags) != 0 ||
		!links[0].Added.Equal(time.Unix(1600000001, 0)) {
		t.Errorf("bookmark 1: %+v", links[0])
	}
	if links[1].Title != "An essay & more" || !reflect.DeepEqual(links[1].Tags, []string{"essay", "later", "Reading"}) ||
		!links[1].Added.Equal(time.Unix(1600000002, 0)) {
		t.Errorf("bookmark 2: %+v", links[1])
	}
}

// Titles and folder names are decoded once: a bookmark about the <b> tag
// keeps it, and an escaped reference stays a reference.
func TestBookmarkTextDecodedOnce(t *testing.T) {
	doc := `<DL><p><DT><H3>Tips &amp;lt;3</H3><DL><p>
<DT><A HREF="https://example.com/b" ADD_DATE="1">Using &lt;b&gt; &amp; &amp;amp;</A>
</DL><p></DL>`
	links, _, err := ParseBookmarks([]byte(doc))
	if err != nil || len(links) != 1 {
		t.Fatalf("%v: %+v", err, links)
	}
	if links[0].Title != "Using <b> & &amp;" {
		t.Errorf("title %q", links[0].Title)
	}
	if !reflect.DeepEqual(links[0].Tags, []string{"Tips &lt;3"}) {
		t.Errorf("folder tag %q", links[0].Tags)
	}
}

func FuzzParseExports(f *testing.F) {
	f.Add([]byte(pocketCSV))
	f.Add([]byte(instapaperCSV))
	f.Add([]byte(bookmarksHTML))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, _, _ := ParseLinkCSV(data)
		b, _, _ := ParseBookmarks(data)
		for _, l := range append(a, b...) {
			if !IsURL(l.URL) {
				t.Fatalf("kept %q", l.URL)
			}
			for _, s := range append([]string{l.URL, l.Title}, l.Tags...) {
				if s != sanitize.Line(s) {
					t.Fatalf("unclean %q", s)
				}
			}
		}
	})
}

// nestedBookmarks is n folders, each inside the one before, with n links
// in the innermost.
func nestedBookmarks(n int) []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n")
	for i := range n {
		fmt.Fprintf(&b, "<DT><H3>folder %d</H3>\n<DL><p>\n", i)
	}
	for i := range n {
		fmt.Fprintf(&b, "<DT><A HREF=\"https://example.com/%d\">link %d</A>\n", i, i)
	}
	b.WriteString(strings.Repeat("</DL><p>\n", n+1))
	return []byte(b.String())
}

// A bookmark in a chain of folders keeps its nearest 64 and says it had
// more; finding them costs the same whatever the chain's depth (every link
// was given every folder, then cut to 64: 10k links in 10k folders took
// minutes and gigabytes).
func TestBookmarksInDeepFoldersAreLinear(t *testing.T) {
	const n = 100
	links, _, err := ParseBookmarks(nestedBookmarks(n))
	if err != nil || len(links) != n {
		t.Fatalf("%d links, %v", len(links), err)
	}
	l := links[0]
	if len(l.Tags) != MaxLinkTags || l.Tags[len(l.Tags)-1] != fmt.Sprintf("folder %d", n-1) || l.Tags[0] != fmt.Sprintf("folder %d", n-MaxLinkTags) || !l.ManyTags {
		t.Fatalf("tags %q (many: %v)", l.Tags, l.ManyTags)
	}
	if notes := ImportNotes(links); len(notes) != 1 || !strings.Contains(notes[0], "100 links had more than 64 tags") {
		t.Fatalf("notes %q", notes)
	}
}

// allocated is how many bytes fn allocates: a measure of work that, unlike
// time, does not depend on the machine's load.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Ten times the folders and links, ten times the work (it was a hundred
// times: every link was given every folder).
func TestBookmarksInDeepFoldersWorkIsLinear(t *testing.T) {
	const n = 200
	small, large := nestedBookmarks(n), nestedBookmarks(10*n)
	a := allocated(func() { ParseBookmarks(small) })
	b := allocated(func() { ParseBookmarks(large) })
	if b > 20*a {
		t.Fatalf("%d folders and links: %d bytes allocated; %d: %d (%.0f times)", n, a, 10*n, b, float64(b)/float64(a))
	}
}

// A repeated folder name down a chain is one tag, and a link's own tags
// come first.
func TestBookmarkFolderNamesOnce(t *testing.T) {
	doc := "<DL><p><DT><H3>a</H3><DL><p><DT><H3>b</H3><DL><p><DT><H3>a</H3><DL><p>" +
		`<DT><A HREF="https://example.com/x" TAGS="b,own">x</A></DL><p>` +
		`<DT><A HREF="https://example.com/y">y</A></DL><p>` +
		`<DT><A HREF="https://example.com/z">z</A></DL><p></DL><p>`
	links, _, err := ParseBookmarks([]byte(doc))
	if err != nil || len(links) != 3 {
		t.Fatalf("%+v %v", links, err)
	}
	for i, want := range []string{"b own a", "a b", "a"} {
		if got := strings.Join(links[i].Tags, " "); got != want || links[i].ManyTags {
			t.Errorf("%s: tags %q, want %q", links[i].URL, got, want)
		}
	}
}

// A row's tags beyond 64 and a date that cannot be are left out, and the
// import says so; a date in milliseconds or microseconds reads as one.
func TestImportCapsSayWhatTheyDrop(t *testing.T) {
	var tags []string
	for i := range 100 {
		tags = append(tags, fmt.Sprintf("t%d", i))
	}
	csv := "title,url,time_added,tags,status\n" +
		"Far,https://example.com/far,99999999999999,a,unread\n" +
		"Many,https://example.com/many,1700000000," + strings.Join(tags, "|") + ",unread\n" +
		"Millis,https://example.com/ms,1700000000123,,unread\n"
	links, _, err := ParseLinkCSV([]byte(csv))
	if err != nil || len(links) != 3 {
		t.Fatalf("%d links, %v", len(links), err)
	}
	if !links[0].Added.IsZero() || !links[0].FarDate {
		t.Errorf("far: %v (far %v)", links[0].Added, links[0].FarDate)
	}
	if len(links[1].Tags) != MaxLinkTags || links[1].Tags[63] != "t63" || !links[1].ManyTags {
		t.Errorf("many: %d tags (many %v)", len(links[1].Tags), links[1].ManyTags)
	}
	if links[2].Added.Unix() != 1700000000 || links[2].FarDate {
		t.Errorf("ms: %v", links[2].Added)
	}
	notes := strings.Join(ImportNotes(links), "\n")
	if !strings.Contains(notes, "1 link had more than 64 tags") || !strings.Contains(notes, "1 link had a date in the far future") {
		t.Errorf("notes: %q", notes)
	}
	bm := `<DL><p><DT><A HREF="https://example.com/b" ADD_DATE="99999999999999999">b</A></DL>`
	if links, _, _ := ParseBookmarks([]byte(bm)); len(links) != 1 || !links[0].Added.IsZero() || !links[0].FarDate {
		t.Errorf("bookmark: %+v", links)
	}
}

func BenchmarkParseBookmarksNested(b *testing.B) {
	for _, n := range []int{300, 3000} {
		data := nestedBookmarks(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ParseBookmarks(data)
			}
		})
	}
}
