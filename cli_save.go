package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/refresh"
	"github.com/byline/byline/store"
	"github.com/spf13/pflag"
)

func saveCommand() *command {
	return &command{
		name: "save", args: "URL...|-", summary: "save web pages to read later (the Saved source; - reads URLs from stdin)",
		detail: `Each page is fetched and its article extracted (as --full-text does), with its title, author,
site, date and lead image from the page's metadata. It appears in the reader unread, reads
offline, and is never removed by keep_days or max_per_source. The same page saved twice
(tracking parameters such as utm_* aside) is one article. Offline, or when the page cannot
be fetched, it is saved at once with its URL and fetched by the next refresh.
'byline ls =saved' lists what you saved. Saving is local: it is not pushed to a sync server.`,
		flags: func(fs *pflag.FlagSet) {
			fs.StringArray("tag", nil, "tag the saved pages (repeatable, or comma-separated)")
		},
		run: runSave,
	}
}

// maxURLList bounds what 'save -' reads from stdin.
const maxURLList = 4 << 20

func runSave(a *app, fs *pflag.FlagSet, args []string) error {
	if len(args) == 0 {
		return usagef("save: give one or more URLs, or - to read them from stdin")
	}
	var urls []string
	for _, arg := range args {
		if arg != "-" {
			urls = append(urls, arg)
			continue
		}
		lines, err := readURLList(a.stdin)
		if err != nil {
			return fmt.Errorf("save: stdin: %w", err)
		}
		urls = append(urls, lines...)
	}
	if len(urls) == 0 {
		return usagef("save: no URLs given")
	}
	raw, _ := fs.GetStringArray("tag")
	var tags []string
	for _, t := range raw {
		for _, p := range strings.Split(t, ",") {
			if p = store.NormalizeTag(p); p != "" {
				tags = append(tags, p)
			}
		}
	}
	reqs := make([]refresh.SaveRequest, len(urls))
	for i, u := range urls {
		reqs[i] = refresh.SaveRequest{URL: u, Tags: tags}
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	return a.reportSaves(a.newRefresher(st).SaveAll(a.ctx, reqs, nil))
}

// readURLList reads one URL a line; blank lines and # comments are
// skipped.
func readURLList(r io.Reader) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(io.LimitReader(r, maxURLList))
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out, sc.Err()
}

// reportSaves prints a line a page, and fails when any page could not be
// saved at all. A page saved pending is not a failure: the refresh that
// fetches it reports.
func (a *app) reportSaves(saved []refresh.Saved) error {
	failed, pending := 0, 0
	for _, s := range saved {
		title := sanitize.Line(s.Title)
		switch {
		case s.ID == 0:
			failed++
			fmt.Fprintf(a.stderr, "byline: not saved: %s\n", oneLine(errText(s.Err)))
			continue
		case s.Pending:
			pending++
			why := "not fetched"
			if s.Err != nil {
				why = oneLine(s.Err.Error())
			}
			fmt.Fprintf(a.stdout, "%d\tsaved, pending (%s): %s\n", s.ID, why, sanitize.Line(s.URL))
		case s.Existed:
			fmt.Fprintf(a.stdout, "%d\talready saved: %s\n", s.ID, title)
		default:
			fmt.Fprintf(a.stdout, "%d\tsaved: %s\n", s.ID, title)
		}
		if s.Problem != "" {
			fmt.Fprintf(a.stderr, "byline: %d: %s\n", s.ID, oneLine(s.Problem))
		}
	}
	if pending > 0 {
		fmt.Fprintf(a.stderr, "byline: %d pages not fetched yet; the next refresh fetches them ('byline sources' shows why)\n", pending)
	}
	if failed > 0 {
		return errSilent
	}
	return nil
}

func errText(err error) string {
	if err == nil {
		return "unknown error"
	}
	return err.Error()
}

// importSaved saves the pages of a read-later export or a bookmarks file,
// pending: the next refresh fetches them.
func (a *app) importSaved(path string, kind feed.ExportKind, data []byte) error {
	var links []feed.SavedLink
	var skipped int
	var err error
	if kind == feed.ExportBookmarks {
		links, skipped, err = feed.ParseBookmarks(data)
	} else {
		links, skipped, err = feed.ParseLinkCSV(data)
	}
	if err != nil {
		return fmt.Errorf("%s: %s: %v; nothing imported", sanitize.Line(path), kind, err)
	}
	reqs := make([]refresh.SaveRequest, len(links))
	for i, l := range links {
		reqs[i] = refresh.SaveRequest{URL: l.URL, Title: l.Title, Tags: l.Tags, Added: l.Added, Read: l.Read, Starred: l.Starred, NoFetch: true}
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	saved := a.newRefresher(st).SaveAll(a.ctx, reqs, nil)
	added, existing, failed := 0, 0, 0
	for _, s := range saved {
		switch {
		case s.ID == 0:
			failed++
			fmt.Fprintf(a.stderr, "byline: not saved: %s\n", oneLine(errText(s.Err)))
		case s.Existed:
			existing++
		default:
			added++
		}
	}
	fmt.Fprintf(a.stdout, "Saved %d pages from the %s (%d already saved, %d skipped). 'byline refresh' fetches them.\n",
		added, kind, existing, skipped+failed)
	if failed > 0 {
		return errSilent
	}
	return nil
}
