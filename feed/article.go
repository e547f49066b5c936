package feed

import (
	"strings"

	"github.com/byline/byline/feed/model"
	"github.com/byline/byline/feed/plain"
	"github.com/byline/byline/feed/sanitize"
)

// The article types live in feed/model so that the store can keep them
// without importing the parsers; these names are the same types.
type (
	Article = model.Article
	Format  = model.Format
	Kind    = model.Kind
)

const (
	FormatHTML     = model.FormatHTML
	FormatMarkdown = model.FormatMarkdown
	FormatText     = model.FormatText

	KindURL    = model.KindURL
	KindFile   = model.KindFile
	KindFolder = model.KindFolder
	KindRemote = model.KindRemote
	KindSaved  = model.KindSaved
)

// Result is what reading one source produced.
type Result struct {
	Title    string // the source's own title, if it has one
	SiteURL  string
	Articles []Article
	// Warnings name files or items that were skipped or read with problems;
	// they do not make the source fail.
	Warnings []string
}

// NewArticle normalises an item read from outside, whatever its source (a
// feed, a sync server): the title becomes plain text, the link, author and
// tags clean single lines, and the summary is the item's own description
// (a.Summary, HTML or text) or else the start of the body's text. An item without a title takes its first words.
func NewArticle(a Article) Article {
	a.GUID = strings.TrimSpace(a.GUID)
	a.Title = PlainText(a.Title)
	a.Link = sanitize.Line(a.Link)
	a.Author = sanitize.Line(a.Author)
	for i, t := range a.Tags {
		a.Tags[i] = sanitize.Line(t)
	}
	if a.Format == "" {
		a.Format = FormatHTML
	}
	// Only the start of the body is read here, for the summary and a
	// missing title: the store indexes the body itself for search, later.
	var head string
	if a.Summary == "" || a.Summary == a.Content || a.Title == "" {
		head = plain.Prefix(a.Content, 300)
	}
	if a.Summary == "" || a.Summary == a.Content {
		a.Summary = Excerpt(head, 300)
		a.SummaryFromContent = true
	} else {
		a.Summary = Excerpt(PlainText(a.Summary), 300)
	}
	if a.Title == "" {
		a.Title = Excerpt(head, 80)
	}
	if a.Title == "" {
		a.Title = "(untitled)"
	}
	return a
}
