package main

import (
	"bytes"
	"fmt"
	"github.com/byline/byline/ui/meta"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/store"
	"github.com/spf13/pflag"
)

func importCommand() *command {
	return &command{
		name: "import", args: "FILE | --from newsboat|nom", summary: "add the feeds of an OPML file, newsboat or nom, or save the pages of a Pocket, Instapaper or bookmarks export",
		detail: "The file's content says what it is. OPML: its feeds become sources (folders and categories\n" +
			"become tags). A Pocket or Instapaper CSV export, or a browser's bookmarks file (HTML): its pages\n" +
			"are saved (see 'byline save') with their dates, tags, folders and read state. Nothing is fetched\n" +
			"now; the next refresh does. What is already there is skipped and reported; only http(s) URLs\n" +
			"are accepted. A broken file imports nothing.\n\n" + newsboatImportHelp,
		flags: newsboatImportFlags,
		run:   runImport,
	}
}

func runImport(a *app, fs *pflag.FlagSet, args []string) error {
	if from, _ := fs.GetString("from"); from != "" || len(args) == 1 && a.isMigration(args[0]) {
		return a.importMigration(fs, args)
	}
	if len(args) != 1 {
		return usagef("import: give one file (OPML, a Pocket or Instapaper CSV export, bookmarks HTML, newsboat's urls or cache.db, nom's config.yml), or --from newsboat")
	}
	data, err := feed.ReadRegularFile(args[0], feed.DefaultMaxBody)
	if err != nil {
		return fmt.Errorf("%s: %w", sanitize.Line(args[0]), err)
	}
	kind, err := feed.DetectExport(data)
	if err != nil {
		return fmt.Errorf("%s: %v; nothing imported", sanitize.Line(args[0]), err)
	}
	if kind != feed.ExportOPML {
		return a.importSaved(args[0], kind, data)
	}
	feeds, skipped, err := feed.ParseOPML(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%s: %w; nothing imported", sanitize.Line(args[0]), err)
	}
	list := make([]store.NewSource, 0, len(feeds))
	for _, fd := range feeds {
		list = append(list, store.NewSource{Kind: string(feed.KindURL), Location: fd.URL, Title: fd.Title, SiteURL: fd.SiteURL, Tags: fd.Tags})
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	added, existing, err := st.AddSources(a.ctx, list)
	if err != nil {
		return err
	}
	for _, s := range skipped {
		fmt.Fprintf(a.stderr, "byline: skipped %s (%s): %s\n", sanitize.Line(s.Title), sanitize.Line(s.URL), s.Reason)
	}
	for _, note := range feed.OPMLNotes(feeds) {
		fmt.Fprintf(a.stderr, "byline: %s: %s\n", sanitize.Line(args[0]), note)
	}
	for _, loc := range existing {
		fmt.Fprintf(a.stderr, "byline: already a source: %s\n", sanitize.Line(loc))
	}
	fmt.Fprintf(a.stdout, "Imported %s (%d already present, %d skipped). 'byline refresh' fetches them.\n",
		meta.Plural(added, "source", "sources"), len(existing), len(skipped))
	return nil
}

func exportCommand() *command {
	return &command{
		name: "export", summary: "write the feed sources as OPML 2.0 to stdout (tags as categories), or as newsboat's urls file",
		detail: "--newsboat writes a urls file newsboat reads (~/.newsboat/urls): each feed with its tags and\n" +
			"its title (\"~Title\"); a feed tagged hidden is hidden there too.",
		flags: func(fs *pflag.FlagSet) {
			fs.Bool("newsboat", false, "write newsboat's urls file instead of OPML")
		},
		run: func(a *app, fs *pflag.FlagSet, args []string) error {
			if len(args) > 0 {
				return usagef("export takes no arguments; redirect stdout to a file")
			}
			st, err := a.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			srcs, err := st.Sources(a.ctx)
			if err != nil {
				return err
			}
			if nb, _ := fs.GetBool("newsboat"); nb {
				return a.exportNewsboat(srcs)
			}
			var feeds []feed.OPMLFeed
			local := 0
			for _, s := range srcs {
				if k := feed.Kind(s.Kind); k == feed.KindSaved {
					continue // saved pages are articles, not a feed
				} else if k != feed.KindURL {
					local++
					continue
				}
				feeds = append(feeds, feed.OPMLFeed{URL: s.Location, Title: s.Title, SiteURL: s.SiteURL, Tags: s.Tags})
			}
			if local > 0 {
				fmt.Fprintf(a.stderr, "byline: %d local sources (files and folders) not exported: OPML lists feed URLs\n", local)
			}
			return feed.WriteOPML(a.stdout, feeds, time.Now())
		},
	}
}
