package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/newsboat"
	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/library"
	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/meta"
	"github.com/spf13/pflag"
)

const newsboatImportHelp = `From newsboat: its urls file adds its feeds with their tags and titles ("~Name"); a hidden
feed ("!") is tagged hidden; query feeds become saved filters where byline's filter language
says the same (each that cannot is listed, with why); exec: and filter: lines are listed, never
run. Its cache.db brings every article it keeps, with read state and flags (as tags flag-s, ...;
--star-flag s makes that flag the star); it is opened read-only, and an interrupted import
resumes where it stopped. 'byline import --from newsboat' finds both where newsboat keeps them
(~/.newsboat, or $XDG_CONFIG_HOME/newsboat/urls and $XDG_DATA_HOME/newsboat/cache.db).
From nom: its config.yml's feeds and names ('--from nom' finds $XDG_CONFIG_HOME/nom/config.yml).
Importing again adds nothing twice.`

func newsboatImportFlags(fs *pflag.FlagSet) {
	fs.String("from", "", "newsboat or nom: import from where that program keeps its files")
	fs.String("star-flag", "", "the newsboat flag (a letter) that becomes byline's star")
}

// isMigration says whether a file is newsboat's or nom's, by its first
// bytes. A file that cannot be read is not: the import's own reading says
// why.
func (a *app) isMigration(path string) bool {
	if err := feed.CheckRegularFile(path); err != nil {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	return newsboat.Detect(head[:n]) != ""
}

// importMigration imports newsboat's urls file and cache, or nom's config:
// the file given, or with --from those where the program keeps them.
func (a *app) importMigration(fs *pflag.FlagSet, args []string) error {
	from, _ := fs.GetString("from")
	star, _ := fs.GetString("star-flag")
	if star != "" && (utf8.RuneCountInString(star) != 1 || star[0] > 127 || !isLetter(star[0])) {
		return usagef("import: --star-flag is one of newsboat's flag letters (a-z, A-Z), not %q", sanitize.Line(star))
	}
	var files []string
	switch {
	case from != "" && len(args) > 0:
		return usagef("import: give a file or --from, not both")
	case len(args) > 1:
		return usagef("import: give one file")
	case len(args) == 1:
		files = args
	default:
		home, err := os.UserHomeDir()
		if err != nil {
			return err
		}
		p := newsboat.Locate(home, os.Getenv, func(p string) bool { _, err := os.Stat(p); return err == nil })
		var want []string
		switch strings.ToLower(from) {
		case "newsboat":
			want = []string{p.URLs, p.Cache}
		case "nom":
			want = []string{p.Nom}
		default:
			return usagef("import: --from is newsboat or nom, not %q", sanitize.Line(from))
		}
		for _, f := range want {
			if _, err := os.Stat(f); err == nil {
				files = append(files, f)
			}
		}
		if len(files) == 0 {
			return fmt.Errorf("import: no %s files found (looked for %s)", from, sanitize.Line(strings.Join(want, " and ")))
		}
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	lib := a.libraryWith(st, nil)
	for _, path := range files {
		name := sanitize.Line(path)
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		head := make([]byte, 4096)
		n, _ := io.ReadFull(f, head)
		f.Close()
		switch newsboat.Detect(head[:n]) {
		case newsboat.KindCache:
			if err := a.importCache(lib, path, star); err != nil {
				return err
			}
			continue
		case newsboat.KindURLs, newsboat.KindNom:
		default:
			return fmt.Errorf("%s: not newsboat's urls file or cache, nor nom's config; nothing imported", name)
		}
		data, err := feed.ReadRegularFile(path, feed.DefaultMaxBody)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		var rep library.FeedsImported
		var what string
		if newsboat.Detect(data) == newsboat.KindNom {
			what = "nom's config"
			feeds, skipped, err := newsboat.ParseNom(data)
			if err != nil {
				return fmt.Errorf("%s: %v; nothing imported", name, err)
			}
			rep, err = lib.ImportFeeds(a.ctx, feeds)
			if err != nil {
				return err
			}
			rep.Skipped = append(skipped, rep.Skipped...)
		} else {
			what = "newsboat's urls file"
			rep, err = lib.ImportNewsboatURLs(a.ctx, newsboat.ParseURLs(data), star)
			if err != nil {
				return err
			}
		}
		a.reportFeeds(name, what, rep)
	}
	return nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func (a *app) reportFeeds(name, what string, rep library.FeedsImported) {
	for _, s := range rep.Skipped {
		where := name
		if s.Line > 0 {
			where = fmt.Sprintf("%s line %d", name, s.Line)
		}
		fmt.Fprintf(a.stderr, "byline: %s: not imported (%s): %s\n", where, sanitize.Line(s.Text), oneLine(s.Reason))
	}
	for _, loc := range rep.Existing {
		fmt.Fprintf(a.stderr, "byline: already a source: %s\n", sanitize.Line(loc))
	}
	saved, failed := 0, 0
	for _, f := range rep.Filters {
		switch {
		case f.Err != nil:
			failed++
			fmt.Fprintf(a.stderr, "byline: %s line %d: query feed %q not imported: %s\n", name, f.Line, sanitize.Line(f.Name), oneLine(f.Err.Error()))
		case f.Existed:
			fmt.Fprintf(a.stderr, "byline: a filter named %q is already saved; kept as it is\n", sanitize.Line(f.Name))
		default:
			saved++
			fmt.Fprintf(a.stdout, "Saved filter %q: %s\n", sanitize.Line(f.Name), f.Query)
			if f.Note != "" {
				fmt.Fprintf(a.stderr, "byline: filter %q: %s\n", sanitize.Line(f.Name), f.Note)
			}
		}
	}
	line := fmt.Sprintf("Imported %s from %s (%d already present, %d not imported)",
		meta.Plural(rep.Added, "source", "sources"), what, len(rep.Existing), len(rep.Skipped))
	if len(rep.Filters) > 0 {
		line += fmt.Sprintf(", and %s of its %d query feeds (%d could not be translated)", meta.Plural(saved, "saved filter", "saved filters"), len(rep.Filters), failed)
	}
	fmt.Fprintln(a.stdout, line+". 'byline refresh' fetches them.")
}

// importCache imports newsboat's cache, with progress on a terminal.
func (a *app) importCache(lib *library.Library, path, star string) error {
	name := sanitize.Line(path)
	c, err := newsboat.OpenCache(path)
	if err != nil {
		return fmt.Errorf("%s: %v; nothing imported", name, err)
	}
	defer c.Close()
	o := library.NewsboatCacheOptions{StarFlag: star}
	bar := a.progressBar("articles")
	if bar != nil {
		o.Progress = func(done, total int) { bar(library.Step{Done: done, Total: total}) }
	}
	rep, err := lib.ImportNewsboatCache(a.ctx, c, o)
	if bar != nil && err != nil {
		fmt.Fprint(a.stderr, "\r\x1b[K")
	}
	for _, u := range slices.Sorted(maps.Keys(rep.Unsupported)) {
		fmt.Fprintf(a.stderr, "byline: %s of %s not imported: byline does not run exec: or filter: feeds\n",
			meta.Plural(rep.Unsupported[u], "article", "articles"), sanitize.Line(u))
	}
	line := fmt.Sprintf("Imported %s from newsboat's cache (%d already here, %d new sources)", meta.Plural(rep.New, "article", "articles"), rep.Present, rep.NewSources)
	if rep.Oversize > 0 {
		line += fmt.Sprintf("; %d had content too large to import, and came without it", rep.Oversize)
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(a.stdout, line+"; interrupted ('byline import' again resumes).")
		return errSilent
	}
	if err != nil {
		fmt.Fprintln(a.stdout, line+".")
		return fmt.Errorf("%s: %w; what was imported is kept, and importing again resumes", name, err)
	}
	fmt.Fprintln(a.stdout, line+".")
	return nil
}

// exportNewsboat writes the feed sources as newsboat's urls file: URL
// feeds as they are, feed files as file:// URLs, each with its tags and
// title; the hidden tag hides the feed in newsboat.
func (a *app) exportNewsboat(srcs []store.Source) error {
	var feeds []newsboat.Feed
	local := 0
	for _, s := range srcs {
		var u string
		switch feed.Kind(s.Kind) {
		case feed.KindURL:
			u = s.Location
		case feed.KindFile:
			u = (&url.URL{Scheme: "file", Path: s.Location}).String()
		case feed.KindSaved:
			continue // saved pages are articles, not a feed
		default:
			local++
			continue
		}
		f := newsboat.Feed{URL: u, Title: s.Title}
		// A source without a title is named by its host or file name;
		// that is no title to give newsboat.
		if p, err := url.Parse(s.Location); err == nil && s.Title == p.Host || s.Title == filepath.Base(s.Location) {
			f.Title = ""
		}
		for _, t := range s.Tags {
			if t == library.HiddenTag {
				t = "!" + t
			}
			f.Tags = append(f.Tags, t)
		}
		feeds = append(feeds, f)
	}
	if local > 0 {
		fmt.Fprintf(a.stderr, "byline: %s not exported: newsboat reads feeds, not folders of Markdown\n", meta.Plural(local, "source", "sources"))
	}
	return newsboat.WriteURLs(a.stdout, feeds)
}
