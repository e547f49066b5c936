package feed

import (
	"reflect"
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
