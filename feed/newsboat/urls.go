package newsboat

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/byline/byline/feed/sanitize"
)

// Feed is one subscription of a urls file (or of nom's config).
type Feed struct {
	URL   string
	Title string // "~Name": the name newsboat shows instead of the feed's
	Tags  []string
	// Hidden is a feed newsboat keeps out of its feed list ("!…"); its
	// articles still show in query feeds.
	Hidden bool
	Line   int
}

// Query is a query feed: a named filter over every article.
type Query struct {
	Name string
	Expr string // newsboat's filter language, as written
	Tags []string
	Line int
}

// Skipped is a line that was not imported, and why.
type Skipped struct {
	Line   int
	Text   string
	Reason string
}

// URLs is what a urls file holds.
type URLs struct {
	Feeds   []Feed
	Queries []Query
	Skipped []Skipped
}

// ParseURLs reads newsboat's urls file: one feed a line, its URL then its
// tags, a tag "~Name" renaming it and a tag starting with "!" hiding it;
// "query:Name:expression" lines are query feeds; "exec:" and "filter:"
// lines run programs, and are listed as skipped, never run. "#" starts a
// comment. A line that cannot be read is skipped with its reason; the
// others are still read.
func ParseURLs(data []byte) URLs {
	var out URLs
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for n, raw := range strings.Split(string(data), "\n") {
		line := n + 1
		text := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		shown := sanitize.Line(abbreviate(text))
		if !utf8.ValidString(text) {
			out.Skipped = append(out.Skipped, Skipped{line, shown, "not UTF-8 text"})
			continue
		}
		toks, err := splitLine(text)
		if err != nil {
			out.Skipped = append(out.Skipped, Skipped{line, shown, err.Error()})
			continue
		}
		if len(toks) == 0 {
			continue
		}
		first, rest := toks[0], toks[1:]
		switch lower := strings.ToLower(first); {
		case strings.HasPrefix(lower, "query:"):
			name, expr, ok := strings.Cut(first[len("query:"):], ":")
			name = sanitize.Line(strings.TrimSpace(name))
			if !ok || name == "" || strings.TrimSpace(expr) == "" {
				out.Skipped = append(out.Skipped, Skipped{line, shown, "a query feed needs a name and an expression (query:Name:expression)"})
				continue
			}
			q := Query{Name: name, Expr: strings.TrimSpace(expr), Line: line}
			for _, t := range rest {
				if title, ok := strings.CutPrefix(t, "~"); ok {
					if title = sanitize.Line(strings.TrimSpace(title)); title != "" {
						q.Name = title
					}
					continue
				}
				if t = sanitize.Line(strings.TrimPrefix(t, "!")); t != "" {
					q.Tags = append(q.Tags, t)
				}
			}
			out.Queries = append(out.Queries, q)
		case strings.HasPrefix(lower, "exec:"):
			out.Skipped = append(out.Skipped, Skipped{line, shown, "an exec: feed runs a program; byline does not run it"})
		case strings.HasPrefix(lower, "filter:"):
			out.Skipped = append(out.Skipped, Skipped{line, shown, "a filter: feed runs a program over a feed; byline does not run it"})
		case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"), strings.HasPrefix(lower, "file://"):
			f := Feed{URL: sanitize.Line(first), Line: line}
			for _, t := range rest {
				switch {
				case strings.HasPrefix(t, "~"):
					f.Title = sanitize.Line(strings.TrimSpace(t[1:]))
				case strings.HasPrefix(t, "!"):
					f.Hidden = true
					if t = sanitize.Line(strings.TrimSpace(t[1:])); t != "" {
						f.Tags = append(f.Tags, t)
					}
				default:
					if t = sanitize.Line(t); t != "" {
						f.Tags = append(f.Tags, t)
					}
				}
			}
			out.Feeds = append(out.Feeds, f)
		default:
			out.Skipped = append(out.Skipped, Skipped{line, shown, "not a feed URL (http, https or file), a query:, exec: or filter: line"})
		}
	}
	return out
}

// splitLine splits a urls line into its words: white space separates them,
// double quotes group them (a backslash escapes the next character inside
// quotes), and "#" outside quotes starts a comment.
func splitLine(s string) ([]string, error) {
	var toks []string
	var cur strings.Builder
	inWord, inQuote := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inQuote && c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case inQuote && c == '"':
			inQuote = false
		case inQuote:
			cur.WriteByte(c)
		case c == '"':
			inQuote, inWord = true, true
		case c == ' ' || c == '\t':
			if inWord {
				toks = append(toks, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '#' && !inWord:
			return toks, nil
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inQuote {
		return nil, fmt.Errorf("a quote is not closed")
	}
	if inWord {
		toks = append(toks, cur.String())
	}
	return toks, nil
}

func abbreviate(s string) string {
	if utf8.RuneCountInString(s) <= 120 {
		return s
	}
	return string([]rune(s)[:120]) + "…"
}

// WriteURLs writes feeds as a urls file newsboat reads: the URL, its tags,
// and its title as a "~" tag, each quoted where it needs to be.
func WriteURLs(out io.Writer, feeds []Feed) error {
	var w bytes.Buffer
	for _, f := range feeds {
		w.WriteString(quoteWord(f.URL))
		for _, t := range f.Tags {
			w.WriteByte(' ')
			w.WriteString(quoteWord(t))
		}
		if f.Title != "" {
			w.WriteByte(' ')
			w.WriteString(quoteWord("~" + f.Title))
		}
		w.WriteByte('\n')
	}
	_, err := out.Write(w.Bytes())
	return err
}

func quoteWord(s string) string {
	s = sanitize.Line(s)
	if s != "" && !strings.ContainsAny(s, " \t\"\\#~!") {
		return s
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
