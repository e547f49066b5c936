package feed

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/byline/byline/feed/sanitize"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

// FrontMatter holds the fields byline reads from a Markdown file's header.
type FrontMatter struct {
	Title   string
	Date    time.Time // zero when absent or unparsable
	Tags    []string  // tags and categories, in order, without duplicates
	Summary string
	Author  string
	Draft   bool
	Link    string // url/link/permalink when it is an absolute http(s) URL
	// Format is "yaml", "toml", "json", or "" when the file has none.
	Format string
}

// SplitFrontMatter separates a Markdown document into its front matter
// (YAML between ---, TOML between +++, or a leading JSON object) and body.
// It accepts a byte-order mark and CRLF line endings. A document with a
// broken header still returns its body, with the error describing the
// problem; the header is never part of the body.
func SplitFrontMatter(data []byte) (FrontMatter, []byte, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.Contains(data, []byte("\r\n")) {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	var fm FrontMatter
	switch {
	case bytes.HasPrefix(data, []byte("---\n")) || bytes.Equal(bytes.TrimRight(data, " \t"), []byte("---")):
		fm.Format = "yaml"
		head, body, ok := cutFence(data, "---", "...")
		if !ok {
			return fm, body, fmt.Errorf("YAML front matter: no closing ---")
		}
		var m map[string]any
		if err := yaml.Unmarshal(cleanHead(head), &m); err != nil {
			return fm, body, fmt.Errorf("YAML front matter: %s", yamlErrorText(err))
		}
		fm.fill(m)
		return fm, body, nil
	case bytes.HasPrefix(data, []byte("+++\n")):
		fm.Format = "toml"
		head, body, ok := cutFence(data, "+++", "")
		if !ok {
			return fm, body, fmt.Errorf("TOML front matter: no closing +++")
		}
		var m map[string]any
		if _, err := toml.Decode(string(cleanHead(head)), &m); err != nil {
			return fm, body, fmt.Errorf("TOML front matter: %w", err)
		}
		fm.fill(m)
		return fm, body, nil
	case bytes.HasPrefix(data, []byte("{")):
		fm.Format = "json"
		// The object's end is known only once it is parsed: the escapes
		// go from the whole document (the body loses them later anyway).
		data = sanitize.StripEscapes(data)
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			// Without a parsable object there is no telling where the header
			// ends; keep everything after the first blank line as body.
			_, body, _ := bytes.Cut(data, []byte("\n\n"))
			return fm, body, fmt.Errorf("JSON front matter: %w", err)
		}
		rest, _ := io.ReadAll(dec.Buffered())
		off := int(dec.InputOffset())
		body := append(rest, data[off+len(rest):]...)
		fm.fill(m)
		return fm, bytes.TrimLeft(body, "\n"), nil
	}
	return fm, data, nil
}

// cleanHead is a YAML or TOML header as the sanitiser leaves it. Both
// refuse a document with one control character in it, and a title of
// "Quarterly\b report" lost the file its title, date and tags; cleaned
// first, it reads "Quarterly report", and an escape sequence goes whole,
// where the parser would have left its tail as text.
func cleanHead(head []byte) []byte {
	return []byte(sanitize.Text(string(head)))
}

// cutFence splits "fence\nHEAD\nfence\nBODY". alt is a second accepted
// closing line (YAML's "...").
func cutFence(data []byte, fence, alt string) (head, body []byte, ok bool) {
	rest := data[len(fence):]
	rest = bytes.TrimPrefix(rest, []byte("\n"))
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		line := rest[off:]
		if end >= 0 {
			line = rest[off : off+end]
		}
		l := strings.TrimRight(string(line), " \t")
		if l == fence || (alt != "" && l == alt) {
			head = rest[:off]
			if end < 0 {
				return head, nil, true
			}
			return head, bytes.TrimLeft(rest[off+end+1:], "\n"), true
		}
		if end < 0 {
			break
		}
		off += end + 1
	}
	// No closing fence: the whole file after the opening line is what the
	// user wrote; show it rather than lose it.
	return nil, rest, false
}

func yamlErrorText(err error) string {
	return strings.TrimPrefix(err.Error(), "yaml: ")
}

func (fm *FrontMatter) fill(m map[string]any) {
	get := func(keys ...string) any {
		for _, k := range keys {
			for mk, v := range m {
				if strings.EqualFold(mk, k) && v != nil {
					return v
				}
			}
		}
		return nil
	}
	fm.Title = strings.TrimSpace(scalarString(get("title")))
	fm.Summary = strings.TrimSpace(scalarString(get("summary", "description", "excerpt", "subtitle")))
	fm.Author = authorName(get("author", "authors"))
	fm.Date = parseAnyDate(get("date", "publishDate", "published", "pubDate", "created", "lastmod", "updated"))
	switch d := get("draft").(type) {
	case bool:
		fm.Draft = d
	case string:
		fm.Draft = strings.EqualFold(d, "true") || d == "yes"
	}
	for _, k := range []string{"url", "link", "permalink", "canonical", "canonicalURL"} {
		s := scalarString(get(k))
		if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
			fm.Link = s
			break
		}
	}
	seen := map[string]bool{}
	for _, k := range []string{"tags", "tag", "categories", "category", "keywords"} {
		for _, t := range stringList(get(k)) {
			key := strings.ToLower(t)
			if t != "" && !seen[key] {
				seen[key] = true
				fm.Tags = append(fm.Tags, t)
			}
		}
	}
}

func scalarString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		return x.Format(time.RFC3339)
	case []any, map[string]any:
		return ""
	default:
		return fmt.Sprint(x)
	}
}

// stringList accepts a list or a comma-separated string.
func stringList(v any) []string {
	var out []string
	switch x := v.(type) {
	case string:
		for _, p := range strings.Split(x, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	case []any:
		for _, e := range x {
			if s := strings.TrimSpace(scalarString(e)); s != "" {
				out = append(out, s)
			}
		}
	case []string:
		for _, s := range x {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	case nil:
	default:
		if s := strings.TrimSpace(scalarString(x)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func authorName(v any) string {
	switch x := v.(type) {
	case map[string]any:
		return strings.TrimSpace(scalarString(x["name"]))
	case []any:
		names := []string{}
		for _, e := range x {
			if n := authorName(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	default:
		return strings.TrimSpace(scalarString(x))
	}
}

var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04 -0700",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02",
	time.RFC1123Z,
	time.RFC1123,
	time.RFC822Z,
	time.RFC822,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
	"2 Jan 2006",
}

// ParseDate reads the date forms Hugo, Jekyll and people writing front
// matter by hand use. Dates without a zone are taken as UTC.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func parseAnyDate(v any) time.Time {
	switch x := v.(type) {
	case time.Time:
		// TOML local dates carry a marker zone of their own; read them as UTC.
		if name := x.Location().String(); name == "date-local" || name == "datetime-local" {
			return time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), time.UTC)
		}
		return x
	case string:
		t, _ := ParseDate(x)
		return t
	case json.Number:
		// Unix seconds, as some generators write.
		if n, err := x.Int64(); err == nil && n > 0 {
			return time.Unix(n, 0).UTC()
		}
	case int:
		if x > 0 {
			return time.Unix(int64(x), 0).UTC()
		}
	case int64:
		if x > 0 {
			return time.Unix(x, 0).UTC()
		}
	}
	return time.Time{}
}
