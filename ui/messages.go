package ui

import (
	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/render"
	"github.com/byline/byline/ui/status"
)

// articlesLoadedMsg carries a page of the article list. Gen drops pages
// asked for before the list was last reset.
type articlesLoadedMsg struct {
	Gen int
	// Append is a page after the loaded ones, Prepend one before them
	// (HasMore then says more come before), Tail the listing's last page,
	// which starts at the listing's article number Base.
	Append  bool
	Prepend bool
	Tail    bool
	Base    int
	// Keep: a reload of the tail that keeps the cursor on its article.
	Keep    bool
	Items   []store.ArticleSummary
	HasMore bool
	Err     error
}

// countsLoadedMsg carries the counts for the status line: articles the
// filter shows (and unread among them), every article, and sources.
type countsLoadedMsg struct {
	Gen int
	status.Counts
	Err error
}

// tagsLoadedMsg carries the tag pane's counts and the saved filters.
type tagsLoadedMsg struct {
	Tags []store.TagCount
	// Pane: loaded for the side pane, so InView and Sources are set.
	Pane    bool
	InView  map[string]store.TagCount
	Sources []store.Source
	Filters []store.SavedFilter
	Err     error
}

// articleRenderedMsg carries an article's rendered body. Gen drops renders
// the user has moved on from.
type articleRenderedMsg struct {
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

// fullTextFetchedMsg reports a full-text fetch for an article.
type fullTextFetchedMsg struct {
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

// refreshProgressMsg reports one source finished.
type refreshProgressMsg struct{ RefreshEvent }

// refreshFinishedMsg says a refresh is over.
type refreshFinishedMsg struct{ Err error }

// fieldSavedMsg reports a read or starred change written (or not) to the
// store; Seq is the change's number (see flagEdit).
type fieldSavedMsg struct {
	ID  int64
	Seq int
	Err error
}

// storeChangedMsg reports a change to many articles (tags edited, a view
// marked read, a filter saved): the list and tags reload, and Status is
// shown.
type storeChangedMsg struct {
	Status string
	// ID and Tags: the article whose tags were edited, and its tags now.
	ID   int64
	Tags []string
	Err  error
}

type previewDueMsg struct{ gen int }

// previewSlowMsg comes previewLoadingDelay after a preview's render was
// asked for: if it has not answered, the pane says the article is loading.
type previewSlowMsg struct{ gen int }

type resizeSettledMsg struct{ gen int }

type filterDueMsg struct{ gen int }

// failuresLoadedMsg carries the sources whose last refresh failed.
type failuresLoadedMsg struct {
	Sources []store.Source
	Err     error
}

type autoRefreshDueMsg struct{}
