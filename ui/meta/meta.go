// Package meta formats what is said about an article besides its text: the
// line under its title (source, author, date) and dates relative to now.
// The reader pane and the CLI both print these, so they read the same
// everywhere. It imports only the store's types and the sanitiser: no
// Bubble Tea, no lipgloss.
package meta

import (
	"fmt"
	"strings"
	"time"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/store"
)

// Parts are the pieces of an article's meta line, sanitised: its source,
// its author ("by …"), its date in full (or "no date"), and "★ starred"
// when starred is true.
func Parts(a store.ArticleSummary, starred bool) []string {
	parts := []string{sanitize.Line(a.Source)}
	if a.Site != "" && a.Site != a.Source {
		parts = append(parts, sanitize.Line(a.Site))
	}
	if a.Author != "" {
		parts = append(parts, "by "+sanitize.Line(a.Author))
	}
	switch {
	case a.Undated || a.Date.IsZero():
		parts = append(parts, "no date")
	default:
		parts = append(parts, a.Date.Local().Format("Mon, 2 Jan 2006 15:04"))
	}
	if starred && a.Starred {
		parts = append(parts, "★ starred")
	}
	return parts
}

// Line is Parts joined as they are shown.
func Line(a store.ArticleSummary, starred bool) string {
	return strings.Join(Parts(a, starred), " · ")
}

// Tags are the article's tags as they are shown: "#go #rust", sanitised.
func Tags(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = "#" + sanitize.Line(t)
	}
	return strings.Join(out, " ")
}

// FormatDate shows a date the way a reader thinks of it: minutes or hours
// ago today, the weekday this week, the day this year, the full date before.
func FormatDate(t, now time.Time) string {
	if t.IsZero() {
		return "no date"
	}
	d := now.Sub(t)
	switch {
	case d < 0:
		return t.Local().Format("Jan 2 2006")
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	case d < 6*24*time.Hour:
		return t.Local().Format("Mon 15:04")
	case t.Year() == now.Year():
		return t.Local().Format("Jan 2")
	default:
		return t.Local().Format("Jan 2 2006")
	}
}

// Plural is "1 source", "2 sources".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
