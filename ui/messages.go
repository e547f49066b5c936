package ui

import (
	"github.com/byline/byline/store"
)

// ArticlesLoadedMsg carries a page of the article list. Gen drops pages
// asked for before the list was last reset.
type ArticlesLoadedMsg struct {
	Gen     int
	Append  bool
	Items   []store.ArticleSummary
	HasMore bool
	Total   int
	Unread  int
	Sources int
	Err     error
}

// ArticleRenderedMsg carries an article's rendered body. Gen drops renders
// the user has moved on from.
type ArticleRenderedMsg struct {
	Gen     int
	Article store.ArticleSummary
	Body    string
	Err     error
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

// FlagsSavedMsg reports a read/starred change written (or not) to the store.
type FlagsSavedMsg struct {
	ID            int64
	Read, Starred bool
	Err           error
}

// StatusMsg is a line for the status bar.
type StatusMsg struct {
	Text  string
	Error bool
}

type previewDueMsg struct{ gen int }

type resizeSettledMsg struct{ gen int }
