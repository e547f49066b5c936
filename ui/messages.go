package ui

import (
	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/render"
)

// ArticlesLoadedMsg carries a page of the article list. Gen drops pages
// asked for before the list was last reset.
type ArticlesLoadedMsg struct {
	Gen     int
	Append  bool
	Items   []store.ArticleSummary
	HasMore bool
	Err     error
}

// CountsLoadedMsg carries the counts for the status line: articles the
// filter shows (and unread among them), every article, and sources.
type CountsLoadedMsg struct {
	Gen     int
	Shown   int
	Unread  int
	Total   int
	Sources int
	Err     error
}

// TagsLoadedMsg carries the tag pane's counts and the saved filters.
type TagsLoadedMsg struct {
	Tags    []store.TagCount
	Filters []store.SavedFilter
	Err     error
}

// ArticleRenderedMsg carries an article's rendered body. Gen drops renders
// the user has moved on from.
type ArticleRenderedMsg struct {
	Gen     int
	Article store.ArticleSummary
	Body    string
	Links   []render.Link
	// Doc is Body in parts, for drawing its pictures between them.
	Doc render.Doc
	// Full says the body is the extracted full article, not the feed's;
	// HasFull that the store holds one.
	Full    bool
	HasFull bool
	Err     error
}

// FullTextFetchedMsg reports a full-text fetch for an article.
type FullTextFetchedMsg struct {
	ID  int64
	Err error
}

// RefreshEvent is what a refresh reports as each source finishes.
type RefreshEvent struct {
	Source string // the source's title or location
	Done   int
	Total  int
	New    int
	Err    error
}

// RefreshProgressMsg reports one source finished.
type RefreshProgressMsg struct{ RefreshEvent }

// RefreshFinishedMsg says a refresh is over.
type RefreshFinishedMsg struct{ Err error }

// FieldSavedMsg reports a read or starred change written (or not) to the
// store; Seq is the change's number (see flagEdit).
type FieldSavedMsg struct {
	ID  int64
	Seq int
	Err error
}

// StoreChangedMsg reports a change to many articles (tags edited, a view
// marked read, a filter saved): the list and tags reload, and Status is
// shown.
type StoreChangedMsg struct {
	Status string
	Err    error
}

// StatusMsg is a line for the status bar.
type StatusMsg struct {
	Text  string
	Error bool
}

type previewDueMsg struct{ gen int }

type resizeSettledMsg struct{ gen int }

type filterDueMsg struct{ gen int }

// FailuresLoadedMsg carries the sources whose last refresh failed.
type FailuresLoadedMsg struct {
	Sources []store.Source
	Err     error
}

type autoRefreshDueMsg struct{}
