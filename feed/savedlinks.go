package feed

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/byline/byline/feed/sanitize"
	xhtml "golang.org/x/net/html"
)

// SavedLink is a page saved in another read-later service or a browser,
// read from its export: only http(s) URLs are kept, every string is clean.
type SavedLink struct {
	URL     string
	Title   string
	Tags    []string
	Added   time.Time // zero when the export had no date
	Read    bool
	Starred bool
	// ManyTags says the link had more than MaxLinkTags tags (its folders
	// counted): the first, and the nearest folders, are kept. FarDate says
	// its date was too far in the future to be true, and was left out.
	ManyTags, FarDate bool
}

// MaxLinkTags is the most tags a saved link keeps, as the store keeps no
// more of an article's own.
const MaxLinkTags = 64

// ImportNotes says, in the user's words, what an import left out of its
// links: tags beyond MaxLinkTags, dates that cannot be. Empty when
// nothing was.
func ImportNotes(links []SavedLink) []string {
	many, far := 0, 0
	for _, l := range links {
		if l.ManyTags {
			many++
		}
		if l.FarDate {
			far++
		}
	}
	var notes []string
	if many > 0 {
		notes = append(notes, manyTagsNote(links1(many)))
	}
	if far > 0 {
		notes = append(notes, fmt.Sprintf("%s had a date in the far future, left out; they are dated when imported", links1(far)))
	}
	return notes
}

// OPMLNotes says, in the user's words, what an OPML import left out of
// its feeds' tags. Empty when nothing was.
func OPMLNotes(feeds []OPMLFeed) []string {
	many := 0
	for _, f := range feeds {
		if f.ManyTags {
			many++
		}
	}
	if many == 0 {
		return nil
	}
	what := "1 feed"
	if many > 1 {
		what = fmt.Sprintf("%d feeds", many)
	}
	return []string{manyTagsNote(what)}
}

func manyTagsNote(what string) string {
	return fmt.Sprintf("%s had more than %d tags (folders counted); each keeps %d, its own first, then the folders nearest it", what, MaxLinkTags, MaxLinkTags)
}

func links1(n int) string {
	if n == 1 {
		return "1 link"
	}
	return fmt.Sprintf("%d links", n)
}

// exportTime reads an export's timestamp: seconds since 1970, or, for
// numbers too large to be seconds of this era, milliseconds or
// microseconds (browsers write both). A time more than a day ahead of now
// is no date a page was saved at (Pocket's 99999999999999 would be year
// 3170843, and sort before everything): far says so.
func exportTime(n int64, now time.Time) (t time.Time, far bool) {
	switch {
	case n <= 0:
		return time.Time{}, false
	case n > 1e17:
		n /= 1e9
	case n > 1e14:
		n /= 1e6
	case n > 1e11:
		n /= 1e3
	}
	t = time.Unix(n, 0)
	if t.After(now.Add(24 * time.Hour)) {
		return time.Time{}, true
	}
	return t, false
}

// capTags keeps the first MaxLinkTags distinct tags of tags, and says
// whether any were left out.
func capTags(tags []string) ([]string, bool) {
	if len(tags) <= 1 {
		return tags, false
	}
	seen := make(map[string]bool, min(len(tags), MaxLinkTags))
	out := tags[:0:0]
	for _, t := range tags {
		if seen[t] {
			continue
		}
		if len(out) == MaxLinkTags {
			return out, true
		}
		seen[t] = true
		out = append(out, t)
	}
	return out, false
}

// ExportKind is what an import file holds.
type ExportKind string

const (
	ExportOPML       ExportKind = "OPML"
	ExportPocket     ExportKind = "Pocket export"
	ExportInstapaper ExportKind = "Instapaper export"
	ExportBookmarks  ExportKind = "bookmarks file"
)

// DetectExport tells an OPML file from a bookmarks file (Netscape HTML)
// and a Pocket or Instapaper CSV export, by their content.
func DetectExport(data []byte) (ExportKind, error) {
	head := bytes.ToLower(data[:min(len(data), 4096)])
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case bytes.Contains(head, []byte("<opml")):
		return ExportOPML, nil
	case bytes.Contains(head, []byte("netscape-bookmark-file")), bytes.HasPrefix(head, []byte("<")) && bytes.Contains(head, []byte("<dl")):
		return ExportBookmarks, nil
	case bytes.HasPrefix(head, []byte("<")):
		return ExportOPML, nil // an XML file: OPML's parser says what is wrong with it
	}
	header, _, _ := bytes.Cut(head, []byte("\n"))
	cols := csvHeader(header)
	switch {
	case cols["url"] >= 0 && cols["time_added"] >= 0:
		return ExportPocket, nil
	case cols["url"] >= 0 && cols["folder"] >= 0:
		return ExportInstapaper, nil
	}
	return "", errors.New("not an OPML file, a bookmarks file, or a Pocket or Instapaper CSV export")
}

// csvHeader maps a CSV header's lower-case column names to their index;
// a missing name maps to -1.
func csvHeader(line []byte) map[string]int {
	cols := map[string]int{"url": -1, "title": -1, "time_added": -1, "tags": -1, "status": -1, "folder": -1, "timestamp": -1}
	rec, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil {
		return cols
	}
	for i, name := range rec {
		cols[strings.ToLower(strings.TrimSpace(name))] = i
	}
	return cols
}

// ParseLinkCSV reads a Pocket export (title, url, time_added, tags,
// status; tags separated by |, status unread or archive) or an Instapaper
// export (URL, Title, Selection, Folder, Timestamp, and Tags in newer
// ones; the folder Archive means read, Starred starred, another is a tag).
// Rows without an http(s) URL are skipped and counted.
func ParseLinkCSV(data []byte) (links []SavedLink, skipped int, err error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return nil, 0, fmt.Errorf("CSV header: %w", err)
	}
	cols := csvHeader([]byte(strings.Join(quoteAll(header), ",")))
	if cols["url"] < 0 {
		return nil, 0, errors.New("the CSV has no url column")
	}
	now := time.Now()
	field := func(rec []string, name string) string {
		if i := cols[name]; i >= 0 && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	for {
		rec, err := r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, 0, fmt.Errorf("CSV line %d: %v", pe.Line, pe.Err)
			}
			break
		}
		u := sanitize.Line(field(rec, "url"))
		if !IsURL(u) {
			skipped++
			continue
		}
		l := SavedLink{URL: u, Title: PlainText(field(rec, "title"))}
		if l.Title == u {
			l.Title = ""
		}
		added := field(rec, "time_added")
		if added == "" {
			added = field(rec, "timestamp")
		}
		if n, err := strconv.ParseInt(added, 10, 64); err == nil {
			l.Added, l.FarDate = exportTime(n, now)
		}
		l.Tags = splitTags(field(rec, "tags"))
		switch status := strings.ToLower(field(rec, "status")); status {
		case "archive", "archived", "read":
			l.Read = true
		}
		switch folder := field(rec, "folder"); strings.ToLower(folder) {
		case "", "unread":
		case "archive":
			l.Read = true
		case "starred":
			l.Starred = true
		default:
			l.Tags = append(l.Tags, sanitize.Line(folder))
		}
		l.Tags, l.ManyTags = capTags(l.Tags)
		links = append(links, l)
	}
	return links, skipped, nil
}

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = `"` + strings.ReplaceAll(x, `"`, `""`) + `"`
	}
	return out
}

// splitTags reads a tag list as exports write it: a|b (Pocket), a JSON
// list (Instapaper), or a,b.
func splitTags(s string) []string {
	if s == "" || s == "[]" {
		return nil
	}
	var list []string
	if strings.HasPrefix(s, "[") && json.Unmarshal([]byte(s), &list) == nil {
		return cleanTags(list)
	}
	return cleanTags(strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == ',' }))
}

func cleanTags(in []string) []string {
	var out []string
	for _, t := range in {
		if t = sanitize.Line(strings.TrimSpace(t)); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// withFolders is a bookmark's own tags and then the names of the folders
// it sits in, outermost first, at most MaxLinkTags in all: its own first,
// then the nearest folders. It says whether any were left out. named holds
// distinct names, so it looks at no more than twice MaxLinkTags of them.
func withFolders(own, named []string) ([]string, bool) {
	own, near, many := ownAndFolders(own, named)
	return append(own, near...), many
}

// ownAndFolders is withFolders in two parts: the own tags kept, and the
// folders kept, outermost first.
func ownAndFolders(own, named []string) (kept, near []string, many bool) {
	own, many = capTags(own)
	mine := make(map[string]bool, len(own))
	for _, t := range own {
		mine[t] = true
	}
	near = make([]string, 0, min(len(named), MaxLinkTags-len(own)))
	for i := len(named) - 1; i >= 0; i-- {
		if mine[named[i]] {
			continue
		}
		if len(own)+len(near) == MaxLinkTags {
			many = true
			break
		}
		near = append(near, named[i])
	}
	slices.Reverse(near)
	return own, near, many
}

// ParseBookmarks reads a browser's bookmarks export (the Netscape
// bookmark file format every browser writes): each link with its title,
// ADD_DATE and TAGS; the folders it sits in become tags too, as OPML
// folders do. Links that are not http(s) (javascript:, place:) are
// skipped and counted.
func ParseBookmarks(data []byte) (links []SavedLink, skipped int, err error) {
	z := xhtml.NewTokenizer(bytes.NewReader(data))
	var folders []string // the folder of each open <DL>
	// named are the distinct names of the open folders, innermost last,
	// and open counts each name's open folders: a link takes its folders
	// from the end of named, never walking a chain of thousands of
	// folders (every link given every folder took minutes).
	var named []string
	open := map[string]int{}
	now := time.Now()
	pendingFolder := "" // an <H3> waiting for its <DL>
	var cur *SavedLink
	var title, folderName strings.Builder
	inH3, rootFolder := false, false
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			if len(links) == 0 && skipped == 0 {
				return nil, 0, errors.New("no bookmarks found")
			}
			return links, skipped, nil
		case xhtml.StartTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "dl":
				folders = append(folders, pendingFolder)
				if f := pendingFolder; f != "" {
					if open[f] == 0 {
						named = append(named, f)
					}
					open[f]++
				}
				pendingFolder = ""
			case "h3":
				inH3, rootFolder = true, false
				folderName.Reset()
				for hasAttr {
					var k []byte
					k, _, hasAttr = z.TagAttr()
					// The toolbar and "other bookmarks" say where, not what.
					if n := string(k); n == "personal_toolbar_folder" || n == "unfiled_bookmarks_folder" {
						rootFolder = true
					}
				}
			case "a":
				l := SavedLink{}
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					switch strings.ToLower(string(k)) {
					case "href":
						l.URL = sanitize.Line(strings.TrimSpace(string(v)))
					case "add_date":
						if n, err := strconv.ParseInt(string(v), 10, 64); err == nil {
							l.Added, l.FarDate = exportTime(n, now)
						}
					case "tags":
						l.Tags = splitTags(string(v))
					}
				}
				l.Tags, l.ManyTags = withFolders(l.Tags, named)
				cur = &l
				title.Reset()
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "dl":
				if len(folders) == 0 {
					continue
				}
				f := folders[len(folders)-1]
				folders = folders[:len(folders)-1]
				if f == "" {
					continue
				}
				if open[f]--; open[f] == 0 {
					// The folder's first opening, so the last name in named.
					named = named[:len(named)-1]
				}
			case "h3":
				inH3 = false
				if pendingFolder = PlainText(folderName.String()); rootFolder {
					pendingFolder = ""
				}
			case "a":
				if cur == nil {
					continue
				}
				if !IsURL(cur.URL) {
					skipped++
				} else {
					cur.Title = PlainText(title.String())
					links = append(links, *cur)
				}
				cur = nil
			}
		case xhtml.TextToken:
			// Raw: PlainText decodes the references, once.
			switch {
			case cur != nil:
				title.Write(z.Raw())
			case inH3:
				folderName.Write(z.Raw())
			}
		}
	}
}
