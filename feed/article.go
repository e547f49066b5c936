package feed

import "github.com/byline/byline/feed/model"

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
