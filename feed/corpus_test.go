package feed

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// corpusDir returns the shared corpus folder, or skips the test when this
// checkout has none beside it.
func corpusDir(t testing.TB, sub string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "corpus", sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared corpus not found at %s; skipping corpus test", dir)
	}
	return dir
}

// notFeeds are the corpus documents that are not feeds at all.
var notFeeds = map[string]bool{
	"unrecognized.rss":                    true,
	"miniflux-iso88591_utf8_mismatch.xml": true,
}

func TestCorpusFeedsParse(t *testing.T) {
	dir := corpusDir(t, "feeds")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			res, err := ReadFile(filepath.Join(dir, name))
			if notFeeds[name] {
				if !errors.Is(err, ErrNotAFeed) {
					t.Fatalf("want a not-a-feed error, got %v (result %v)", err, res != nil)
				}
				return
			}
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if len(res.Articles) == 0 {
				t.Fatalf("no articles")
			}
			for i, a := range res.Articles {
				if a.Title == "" {
					t.Errorf("article %d has no title", i)
				}
				for _, s := range []string{a.Title, a.Summary, a.Content, a.Author} {
					if !utf8.ValidString(s) {
						t.Errorf("article %d: invalid UTF-8 in %q", i, s)
					}
				}
				if a.Key() == "" {
					t.Errorf("article %d has no key", i)
				}
			}
		})
	}
}

func TestLatin1WithoutPrologIsDecoded(t *testing.T) {
	dir := corpusDir(t, "feeds")
	res, err := ReadFile(filepath.Join(dir, "miniflux-no_encoding_ISO-8859-1.xml"))
	if err != nil {
		t.Fatal(err)
	}
	all := res.Title
	for _, a := range res.Articles {
		all += a.Title + a.Summary
	}
	if !strings.ContainsAny(all, "éèàç") {
		t.Fatalf("expected accented French text decoded from ISO-8859-1, got %q", all[:min(len(all), 200)])
	}
}
