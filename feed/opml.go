package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/byline/byline/feed/sanitize"
	"golang.org/x/net/html/charset"
)

// OPMLFeed is one subscription read from, or written to, an OPML file.
type OPMLFeed struct {
	URL     string
	Title   string
	SiteURL string
	Tags    []string
	// ManyTags says the outline had more than MaxLinkTags tags (its
	// folders counted): its categories first, then the nearest folders
	// are kept.
	ManyTags bool
}

// OPMLSkip is an outline that was not imported, and why.
type OPMLSkip struct {
	Title  string
	URL    string
	Reason string
}

type opmlDoc struct {
	XMLName xml.Name  `xml:"opml"`
	Version string    `xml:"version,attr"`
	Head    opmlHead  `xml:"head"`
	Body    *opmlBody `xml:"body"`
}

type opmlHead struct {
	Title       string `xml:"title,omitempty"`
	DateCreated string `xml:"dateCreated,omitempty"`
}

type opmlBody struct {
	Outlines []opmlOutline `xml:"outline"`
}

type opmlOutline struct {
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr,omitempty"`
	Type     string        `xml:"type,attr,omitempty"`
	XMLURL   string        `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string        `xml:"htmlUrl,attr,omitempty"`
	Category string        `xml:"category,attr,omitempty"`
	Outlines []opmlOutline `xml:"outline"`
}

// ParseOPML reads subscriptions from an OPML file. Folders (outlines
// without a feed URL) and category attributes become tags. Only http(s)
// feed URLs are accepted; other outlines are returned as skipped. A file
// that is not OPML is an error, and nothing is returned.
func ParseOPML(r io.Reader) ([]OPMLFeed, []OPMLSkip, error) {
	data, err := io.ReadAll(io.LimitReader(r, DefaultMaxBody+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > DefaultMaxBody {
		return nil, nil, fmt.Errorf("larger than %d MB", DefaultMaxBody>>20)
	}
	data = sanitize.StripEscapes(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if declaresEntities(data) {
		return nil, nil, errors.New("refused: the document declares XML entities")
	}
	var doc opmlDoc
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charset.NewReaderLabel
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		switch {
		case len(bytes.TrimSpace(data)) == 0:
			return nil, nil, errors.New("not OPML: the file is empty")
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return nil, nil, errors.New("not OPML: no complete <opml> document in the file")
		}
		return nil, nil, fmt.Errorf("not OPML: %w", err)
	}
	if doc.Body == nil {
		return nil, nil, errors.New("not OPML: no <body>")
	}
	var feeds []OPMLFeed
	var skipped []OPMLSkip
	// The open folders' distinct names, innermost last (see
	// ParseBookmarks): a feed takes its tags from the end, never copying
	// a chain of thousands of folders for each folder and each feed.
	var named []string
	open := map[string]int{}
	var walk func(outs []opmlOutline)
	walk = func(outs []opmlOutline) {
		for _, o := range outs {
			title := sanitize.Line(o.Title)
			if title == "" {
				title = sanitize.Line(o.Text)
			}
			u := strings.TrimSpace(o.XMLURL)
			if u == "" {
				// A folder: its name tags everything inside.
				if title != "" {
					if open[title] == 0 {
						named = append(named, title)
					}
					open[title]++
				}
				walk(o.Outlines)
				if title != "" {
					if open[title]--; open[title] == 0 {
						named = named[:len(named)-1]
					}
				}
				continue
			}
			if !IsURL(u) {
				skipped = append(skipped, OPMLSkip{Title: title, URL: sanitize.Line(u), Reason: "not an http(s) feed URL"})
				continue
			}
			var cats []string
			for _, c := range strings.Split(o.Category, ",") {
				for _, part := range strings.Split(c, "/") {
					if p := sanitize.Line(part); p != "" {
						cats = append(cats, p)
					}
				}
			}
			// The folders first, then the feed's own categories.
			own, near, many := ownAndFolders(cats, named)
			tags := append(near, own...)
			feeds = append(feeds, OPMLFeed{URL: sanitize.Line(u), Title: title, SiteURL: sanitize.Line(o.HTMLURL), Tags: tags, ManyTags: many})
			walk(o.Outlines)
		}
	}
	walk(doc.Body.Outlines)
	return feeds, skipped, nil
}

// WriteOPML writes subscriptions as OPML 2.0, tags as each outline's
// category attribute.
func WriteOPML(w io.Writer, feeds []OPMLFeed, now time.Time) error {
	doc := struct {
		XMLName xml.Name `xml:"opml"`
		Version string   `xml:"version,attr"`
		Head    opmlHead `xml:"head"`
		Body    opmlBody `xml:"body"`
	}{Version: "2.0", Head: opmlHead{Title: "byline subscriptions", DateCreated: now.UTC().Format(time.RFC1123Z)}}
	for _, f := range feeds {
		doc.Body.Outlines = append(doc.Body.Outlines, opmlOutline{
			Text: f.Title, Title: f.Title, Type: "rss", XMLURL: f.URL, HTMLURL: f.SiteURL, Category: strings.Join(f.Tags, ","),
		})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
