package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/library"
	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/meta"
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
		lines, long, cut, err := readURLList(a.stdin)
		if err != nil {
			return fmt.Errorf("save: stdin: %w", err)
		}
		if cut > 0 {
			fmt.Fprintf(a.stderr, "byline: save: stdin is longer than %d MB: the URLs from line %d on are not read\n", maxURLList>>20, cut)
		}
		for _, n := range long {
			fmt.Fprintf(a.stderr, "byline: save: stdin line %d is longer than any URL (%d KB at most); skipped\n", n, maxURLLine>>10)
		}
		urls = append(urls, lines...)
	}
	if len(urls) == 0 {
		return usagef("save: no URLs given")
	}
	raw, _ := fs.GetStringArray("tag")
	tags := store.SplitTags(raw...)
	reqs := make([]library.SaveRequest, len(urls))
	for i, u := range urls {
		reqs[i] = library.SaveRequest{URL: u, Tags: tags}
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	return a.reportSaves(a.library(st).Save(a.ctx, reqs, nil))
}

// maxURLLine is the longest line of a URL list read as a URL.
const maxURLLine = 64 << 10

// readURLList reads one URL a line; blank lines and # comments are
// skipped, and so are lines too long to be a URL (their numbers are in
// long), without losing the others. It reads maxURLList bytes at most;
// cut is the line where it stopped (0 when it read everything), whose
// URL may be cut short and is left out.
func readURLList(r io.Reader) (urls []string, long []int, cut int, err error) {
	lr := &io.LimitedReader{R: r, N: maxURLList + 1}
	br := bufio.NewReader(lr)
	for n := 1; ; n++ {
		line, rerr := br.ReadString('\n')
		if rerr == io.EOF && lr.N == 0 {
			return urls, long, n, nil
		}
		switch t := strings.TrimSpace(line); {
		case len(line) > maxURLLine:
			long = append(long, n)
		case t == "" || strings.HasPrefix(t, "#"):
		default:
			urls = append(urls, t)
		}
		if rerr == io.EOF {
			return urls, long, 0, nil
		}
		if rerr != nil {
			return urls, long, 0, rerr
		}
	}
}

// reportSaves prints a line a page, and fails when any page could not be
// saved at all. A page saved pending is not a failure: the refresh that
// fetches it reports.
func (a *app) reportSaves(saved []library.Saved) error {
	failed, pending := 0, 0
	for _, s := range saved {
		title := sanitize.Line(s.Title)
		switch {
		case s.ID == 0:
			failed++
			a.notSaved(s.Err)
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
		fmt.Fprintf(a.stderr, "byline: %s not fetched yet; the next refresh fetches them ('byline sources' shows why)\n", meta.Plural(pending, "page", "pages"))
	}
	if failed > 0 {
		return errSilent
	}
	return nil
}

// notSaved says why a page was not saved, unless a signal stopped it:
// then the one line saying so is enough, not one for each page in hand.
func (a *app) notSaved(err error) {
	if _, ok := a.interrupted(); ok && errors.Is(err, context.Canceled) {
		return
	}
	fmt.Fprintf(a.stderr, "byline: not saved: %s\n", oneLine(errText(err)))
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
	for _, note := range feed.ImportNotes(links) {
		fmt.Fprintf(a.stderr, "byline: %s: %s\n", sanitize.Line(path), note)
	}
	reqs := make([]library.SaveRequest, len(links))
	for i, l := range links {
		reqs[i] = library.SaveRequest{URL: l.URL, Title: l.Title, Tags: l.Tags, Added: l.Added, Read: l.Read, Starred: l.Starred, NoFetch: true}
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	// Rows are saved a batch at a time, and reported together: the bar
	// moves every fifty.
	var report func(int, library.Saved)
	bar := a.progressBar("pages")
	if bar != nil {
		report = func(done int, _ library.Saved) {
			if done%50 == 0 {
				bar(library.Step{Done: done, Total: len(reqs)})
			}
		}
	}
	saved := a.libraryWith(st, nil).Save(a.ctx, reqs, report)
	if bar != nil {
		// The same page twice is saved once, and an interruption stops
		// the count short: the bar goes either way.
		fmt.Fprint(a.stderr, "\r\x1b[K")
	}
	added, existing, failed, stopped := 0, 0, 0, 0
	_, interrupted := a.interrupted()
	for _, s := range saved {
		switch {
		case s.ID == 0 && interrupted && errors.Is(s.Err, context.Canceled):
			stopped++
		case s.ID == 0:
			failed++
			a.notSaved(s.Err)
		case s.Existed:
			existing++
		default:
			added++
		}
	}
	line := fmt.Sprintf("Saved %s from the %s (%d already saved, %d skipped)", meta.Plural(added, "page", "pages"), kind, existing, skipped+failed)
	if stopped > 0 {
		fmt.Fprintf(a.stdout, "%s; interrupted before %s: 'byline import' again saves them.\n", line, meta.Plural(stopped, "page", "pages"))
		return errSilent
	}
	fmt.Fprintln(a.stdout, line+". 'byline refresh' fetches them.")
	if failed > 0 {
		return errSilent
	}
	return nil
}

func prefetchCommand() *command {
	return &command{
		name: "prefetch", args: "QUERY", summary: "fetch the full text of what a filter selects, to read it offline",
		detail: `Every article the filter selects that lacks its full text gets it from its page (as --full-text
does), a few at once and at most two requests a host, so that 'byline prefetch +unread +go' is all
there before the network goes away. Each article is kept as soon as it is fetched: an interrupted
prefetch resumes where it stopped. --all selects every article.` + "\n\n" + filterHelp,
		flags: func(fs *pflag.FlagSet) {
			allFlag(fs)
			fs.BoolP("quiet", "q", false, "print nothing but failures")
		},
		run: runPrefetch,
	}
}

func runPrefetch(a *app, fs *pflag.FlagSet, args []string) error {
	all, _ := fs.GetBool("all")
	f, err := scopeFilter("prefetch", args, all)
	if err != nil {
		return err
	}
	if a.offline {
		return errors.New("prefetch: offline (--offline or offline = true): nothing can be fetched")
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ids, err := st.ArticleIDs(a.ctx, f, time.Now())
	if err != nil {
		return err
	}
	l := a.library(st)
	plan, err := l.PlanPrefetch(a.ctx, ids)
	if err != nil {
		return err
	}
	quiet, _ := fs.GetBool("quiet")
	return a.prefetch(l, plan, quiet)
}

// prefetch runs a prefetch plan with a progress bar on a terminal, and
// prints a summary.
func (a *app) prefetch(l *library.Library, plan library.PrefetchPlan, quiet bool) error {
	var bar func(library.Step)
	if !quiet {
		bar = a.progressBar("pages")
	}
	clear := "" // the bar's line, cleared before a failure is printed
	if bar != nil {
		clear = "\r\x1b[K"
	}
	sum, err := l.Prefetch(a.ctx, plan, func(done int, res library.PrefetchResult) {
		if res.Err != nil {
			fmt.Fprintf(a.stderr, "%sbyline: %d: %s\n", clear, res.ID, oneLine(res.Err.Error()))
		}
		if bar != nil {
			bar(library.Step{Done: done, Total: len(plan.Todo)})
		}
	})
	if !quiet || err != nil {
		line := fmt.Sprintf("Prefetch of %s: %d fetched, %d had their full text already, %d failed",
			meta.Plural(sum.Selected, "article", "articles"), sum.Fetched, sum.Had, sum.Failed)
		if left := len(plan.Todo) - sum.Fetched - sum.Failed; left > 0 {
			line += fmt.Sprintf("; interrupted with %d to go ('byline prefetch' again resumes)", left)
		}
		if sum.ImagesFailed > 0 {
			line += fmt.Sprintf("; images of %d failed", sum.ImagesFailed)
		}
		if sum.ImagesCapped > 0 {
			line += fmt.Sprintf("; %s more than %d pictures: the first are kept, the rest fetched when shown",
				meta.Plural(sum.ImagesCapped, "article has", "articles have"), library.MaxPicturesKept)
		}
		fmt.Fprintln(a.stdout, line+".")
	}
	if errors.Is(err, context.Canceled) {
		return errSilent // the summary said so
	}
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return errSilent
	}
	return nil
}

// offerPrefetch follows turning full text on for a source: its existing
// articles lack it, so byline offers to fetch it now (on a terminal), or
// says how.
func (a *app) offerPrefetch(st *store.Store, src store.Source) error {
	ids, err := st.SourceArticleIDs(a.ctx, src.ID)
	if err != nil {
		return err
	}
	l := a.library(st)
	plan, err := l.PlanPrefetch(a.ctx, ids)
	if err != nil || len(plan.Todo) == 0 {
		return err
	}
	if a.offline || !a.confirm(fmt.Sprintf("Fetch the full text of its %d existing articles now? (y/n) ", len(plan.Todo))) {
		fmt.Fprintf(a.stdout, "%d of its articles have no full text yet; 'byline prefetch =%q' fetches them.\n",
			len(plan.Todo), sanitize.Line(src.Location))
		return nil
	}
	return a.prefetch(l, plan, false)
}
