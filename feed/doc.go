// Package feed gets articles from outside byline: RSS, Atom and JSON feeds
// (over HTTP or from a file), folders of Markdown files with front matter,
// and the conversion of item HTML to Markdown.
//
// It knows nothing of the store or the UI and must not import bubbletea,
// lipgloss or glamour. Everything it returns is untrusted text: callers
// sanitise it before it reaches a terminal.
package feed
