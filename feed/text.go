package feed

import "github.com/byline/byline/feed/plain"

// PlainText turns an HTML fragment (or plain text) into one line of plain
// text: tags dropped, entities decoded, white space folded (see plain.Text).
func PlainText(s string) string { return plain.Text(s) }

// Excerpt cuts s to at most n runes at a word boundary, adding an ellipsis
// when it cut.
func Excerpt(s string, n int) string { return plain.Excerpt(s, n) }

func foldSpace(s string) string { return plain.Fold(s) }
