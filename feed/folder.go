package feed

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/byline/byline/feed/sanitize"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxMarkdownFile is the largest Markdown file a folder source reads.
const MaxMarkdownFile = 10 << 20

var datedFileName = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})-`)

// IsMarkdownFile reports whether name has a Markdown extension.
func IsMarkdownFile(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

// ReadFolder reads every Markdown file below dir. Files that cannot be read
// are skipped with a warning naming them; the rest of the folder is read.
func ReadFolder(dir string) (*Result, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("read folder: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("read folder: %s is not a folder", dir)
	}
	res := &Result{Title: filepath.Base(filepath.Clean(dir))}
	walkErr := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, path)
		if err != nil {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s: %v", rel, unwrapPathError(err)))
			if d != nil && d.IsDir() && path != dir {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
				return fs.SkipDir
			}
			return nil
		}
		if !IsMarkdownFile(d.Name()) || !d.Type().IsRegular() {
			// Symlinks are not followed: a link loop cannot trap the walk.
			return nil
		}
		a, warn := ReadMarkdownFile(path, filepath.ToSlash(rel))
		if warn != "" {
			res.Warnings = append(res.Warnings, warn)
		}
		if a != nil {
			res.Articles = append(res.Articles, *a)
		}
		return nil
	})
	if walkErr != nil {
		return nil, fmt.Errorf("read folder %s: %w", dir, walkErr)
	}
	return res, nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// ReadMarkdownFile reads one Markdown article. id is its identity within
// the folder (the slash-separated relative path). A file that cannot be
// read returns nil and a warning; a file whose front matter is broken
// returns the article with Problem set, and a warning.
func ReadMarkdownFile(path, id string) (*Article, string) {
	data, err := ReadRegularFile(path, MaxMarkdownFile)
	if err != nil {
		return nil, fmt.Sprintf("%s: skipped: %v", id, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Sprintf("%s: skipped: %v", id, unwrapPathError(err))
	}
	if !utf8.Valid(data) {
		return nil, fmt.Sprintf("%s: skipped: not valid UTF-8 text", id)
	}
	a := MarkdownArticle(data, id, info.ModTime())
	warn := ""
	if a.Problem != "" {
		warn = id + ": " + a.Problem
	}
	return &a, warn
}

// MarkdownArticle builds an article from a Markdown document. The title
// falls back to the first # heading, then the file name; the date to a
// YYYY-MM-DD prefix of the file name, then modTime.
func MarkdownArticle(data []byte, id string, modTime time.Time) Article {
	fm, body, err := SplitFrontMatter(data)
	a := Article{
		GUID:      id,
		Title:     sanitize.Line(fm.Title),
		Link:      sanitize.Line(fm.Link),
		Author:    sanitize.Line(fm.Author),
		Published: fm.Date,
		Content:   string(body),
		Format:    FormatMarkdown,
	}
	for _, t := range fm.Tags {
		a.Tags = append(a.Tags, sanitize.Line(t))
	}
	if err != nil {
		a.Problem = sanitize.Line(err.Error())
	}
	base := filepath.Base(id)
	if a.Title == "" {
		a.Title = sanitize.Line(firstHeading(body))
	}
	if a.Title == "" {
		a.Title = sanitize.Line(strings.TrimSuffix(base, filepath.Ext(base)))
	}
	if a.Published.IsZero() {
		if m := datedFileName.FindStringSubmatch(base); m != nil {
			a.Published, _ = time.Parse("2006-01-02", m[1])
		}
	}
	if a.Published.IsZero() {
		a.Published = modTime
	}
	if fm.Draft {
		a.Tags = append(a.Tags, "draft")
	}
	a.Summary = fm.Summary
	if a.Summary == "" {
		a.Summary = Excerpt(markdownSummaryText([]byte(sanitize.Text(string(body)))), 300)
	} else {
		a.Summary = PlainText(a.Summary)
	}
	return a
}

func firstHeading(body []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	inFence := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~") {
			inFence = !inFence
			continue
		}
		if !inFence && strings.HasPrefix(line, "# ") {
			return InlineText(strings.TrimSpace(strings.TrimRight(WithoutHeadingAttributes(line[2:]), "#")))
		}
	}
	return ""
}

// WithoutHeadingAttributes is an ATX heading's text without the
// attributes written at its end ("Über uns {#über-uns}": an id given by
// hand, or a page's heading id kept), read as goldmark reads them.
func WithoutHeadingAttributes(heading string) string {
	heading = strings.TrimSpace(heading)
	if !strings.HasSuffix(heading, "}") {
		return heading
	}
	for i := strings.IndexByte(heading, '{'); i >= 0; {
		escaped := i > 0 && heading[i-1] == '\\' // "\{" is text
		r := text.NewReader([]byte(heading[i:]))
		if _, ok := parser.ParseAttributes(r); ok && !escaped {
			if rest, _ := r.PeekLine(); util.IsBlank(rest) {
				return strings.TrimSpace(heading[:i])
			}
		}
		next := strings.IndexByte(heading[i+1:], '{')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return heading
}

// InlineText is a line of Markdown as it reads: its emphasis, code spans,
// links and escapes parsed (goldmark, as the article is), their text kept
// and their marks gone, character references decoded. A title taken from
// a heading read "A *big* heading with `code`".
func InlineText(md string) string {
	src := []byte(md)
	doc := imageParser.Parse(text.NewReader(src))
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			v := string(n.Segment.Value(src))
			if _, code := n.Parent().(*ast.CodeSpan); !code {
				v = html.UnescapeString(string(util.UnescapePunctuations([]byte(v))))
			}
			b.WriteString(v)
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.Label(src))
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// markdownSummaryText is the first paragraph of prose, without headings,
// code and the most common inline markup.
func markdownSummaryText(body []byte) string {
	var b strings.Builder
	inFence := false
	for _, line := range strings.Split(string(body), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			inFence = !inFence
			continue
		}
		if inFence || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "<") || strings.HasPrefix(t, "{{") || strings.HasPrefix(t, "{%") {
			continue
		}
		if t == "" {
			if b.Len() > 0 {
				break
			}
			continue
		}
		b.WriteString(t)
		b.WriteByte(' ')
	}
	r := strings.NewReplacer("**", "", "__", "", "`", "")
	return foldSpace(r.Replace(b.String()))
}
