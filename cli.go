package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/imagecache"
	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/library"
	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/images"
	"github.com/byline/byline/ui/meta"
	"github.com/byline/byline/ui/render"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/spf13/pflag"
	"golang.org/x/term"
)

func sanitizeLine(s string) string { return sanitize.Line(s) }

func terminalInfo(f *os.File) (bool, int) {
	fd := int(f.Fd())
	if !term.IsTerminal(fd) {
		return false, 0
	}
	w, _, err := term.GetSize(fd)
	if err != nil {
		return true, 80
	}
	return true, w
}

func (a *app) openStore() (*store.Store, error) {
	st, err := store.OpenWith(a.storePath(), store.Options{Progress: a.upgradeProgress()})
	if err != nil {
		return nil, err
	}
	st.SetTagRules(a.cfg.Rules)
	// Another byline writing (a refresh from cron, say): wait, and say so.
	st.OnWait = func() {
		fmt.Fprintln(a.stderr, "byline: another byline is writing to the store; waiting for it…")
	}
	return st, nil
}

// fetcher is the process's one fetcher (and its HTTP client), made on
// first use.
func (a *app) fetcher() *feed.Fetcher {
	if a.fetch == nil {
		a.fetch = feed.NewFetcher(userAgent(), time.Duration(a.cfg.FetchTimeout*float64(time.Second)))
	}
	return a.fetch
}

// library is the store with the engines that fill it, as configured: the
// use cases every command and the reader share. Pictures are kept for
// offline reading unless images = "off" (for the commands that fetch
// articles' pages: refresh, save, prefetch).
func (a *app) library(st *store.Store) *library.Library {
	var pictures *imagecache.Cache
	if a.cfg.Images != "off" {
		pictures, _ = a.openImageCache()
	}
	return a.libraryWith(st, pictures)
}

// libraryWith is the library keeping pictures in cache; nil keeps none,
// and a command that keeps none does not touch the picture cache.
func (a *app) libraryWith(st *store.Store, cache *imagecache.Cache) *library.Library {
	o := library.Options{Images: cache, Store: st, Offline: a.offline, Concurrency: a.cfg.Concurrency, PerHost: a.cfg.PerHost,
		Retention: a.retention(), UserAgent: userAgent(),
		Password: func(user string) (string, error) { return a.syncPassword(user, false) }}
	if !a.offline {
		o.Fetcher = a.fetcher()
	}
	return library.New(o)
}

// ---- add

func addCommand() *command {
	return &command{
		name: "add", args: "SOURCE", summary: "add a feed URL, a feed file or a folder of Markdown articles",
		detail: `SOURCE is an http(s) feed URL, a feed file on disk (RSS, Atom, JSON Feed), or a
folder of Markdown articles with front matter (read recursively). Its
articles are read as it is added (a URL is fetched once, unless --offline);
a URL that cannot be reached is still added, with the error recorded, and its
articles arrive with the next refresh.`,
		flags: func(fs *pflag.FlagSet) {
			fs.StringArray("tag", nil, "tag every article of the source (repeatable, or comma-separated)")
			fs.String("title", "", "the source's title, instead of its own")
			fs.Bool("full-text", false, "fetch each new article's web page and keep its full text")
			fs.Bool("remote", false, "subscribe on the sync server instead (see 'byline sync')")
		},
		run: runAdd,
	}
}

func runAdd(a *app, fs *pflag.FlagSet, args []string) error {
	if len(args) != 1 {
		return usagef("add: give exactly one SOURCE (a feed URL, feed file or folder); see 'byline add --help'")
	}
	req := library.AddRequest{Location: args[0]}
	req.Tags, _ = fs.GetStringArray("tag")
	req.Title, _ = fs.GetString("title")
	req.FullText, _ = fs.GetBool("full-text")
	req.Remote, _ = fs.GetBool("remote")
	if req.Remote && a.offline {
		return fmt.Errorf("add --remote needs the network; it is off (--offline or offline = true)")
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	added, err := a.libraryWith(st, nil).Add(a.ctx, req)
	if added.AssumedHTTPS {
		loc := strings.TrimPrefix(added.Location, "https://")
		if added.Page != "" {
			loc = strings.TrimPrefix(added.Page, "https://")
		}
		fmt.Fprintf(a.stdout, "Taking %s as https://%s\n", sanitize.Line(loc), sanitize.Line(loc))
	}
	if added.Page != "" {
		pick := added.Feeds[0]
		name := pick.Title
		if name == "" {
			name = pick.Type
		}
		fmt.Fprintf(a.stdout, "%s is a web page; it links to %d feed(s). Using %s: %s\n", sanitize.Line(added.Page), len(added.Feeds), sanitize.Line(name), sanitize.Line(pick.URL))
		for _, l := range added.Feeds[1:] {
			fmt.Fprintf(a.stdout, "  also: %s  %s\n", sanitize.Line(l.Title), sanitize.Line(l.URL))
		}
	}
	if errors.Is(err, library.ErrRemoteNotURL) {
		return usagef("add --remote: give a feed URL; the server fetches it")
	}
	if err != nil {
		return err
	}
	loc := sanitize.Line(added.Location)
	switch {
	case added.Remote:
		fmt.Fprintf(a.stdout, "Subscribed on the sync server: %s (%s).\n", loc, meta.Plural(added.New, "new article", "new articles"))
	case !added.Checked:
		fmt.Fprintf(a.stdout, "Added source %d: %s (offline: not checked; articles arrive with the next refresh)\n", added.Source.ID, loc)
	case added.Unreachable != nil:
		fmt.Fprintf(a.stdout, "Added source %d: %s\n", added.Source.ID, loc)
		fmt.Fprintf(a.stderr, "byline: could not reach it now: %s\nIt will be tried again on the next refresh.\n", oneLine(added.Unreachable.Error()))
	default:
		fmt.Fprintf(a.stdout, "Added source %d: %s (%s, %s)\n", added.Source.ID, sanitize.Line(added.Source.Title), added.Kind, meta.Plural(added.New, "article", "articles"))
		a.printWarnings(added.Source, added.Warnings)
	}
	return nil
}

func (a *app) printWarnings(src store.Source, warnings []string) {
	const most = 20
	for i, w := range warnings {
		if i == most {
			fmt.Fprintf(a.stderr, "byline: warning: %s: %d more problems\n", sanitize.Line(src.Title), len(warnings)-most)
			break
		}
		fmt.Fprintf(a.stderr, "byline: warning: %s: %s\n", sanitize.Line(src.Title), sanitize.Line(w))
	}
}

// ---- sources

func sourcesCommand() *command {
	return &command{
		name: "sources", summary: "list sources with their state",
		flags: func(fs *pflag.FlagSet) { fs.Bool("json", false, "print one JSON array") },
		run:   runSources,
	}
}

type sourceJSON struct {
	ID          int64    `json:"id"`
	Title       string   `json:"title"`
	Kind        string   `json:"kind"`
	Location    string   `json:"location"`
	Tags        []string `json:"tags"`
	Articles    int      `json:"articles"`
	Unread      int      `json:"unread"`
	Added       string   `json:"added"`
	LastRefresh *string  `json:"last_refresh"`
	LastSuccess *string  `json:"last_success"`
	LastStatus  int      `json:"last_status,omitempty"`
	LastError   string   `json:"last_error"`
	NextFetch   *string  `json:"next_fetch"`
	FullText    bool     `json:"full_text"`
}

func timeJSON(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func runSources(a *app, fs *pflag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("sources takes no arguments")
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
	if j, _ := fs.GetBool("json"); j {
		out := make([]sourceJSON, 0, len(srcs))
		for _, s := range srcs {
			out = append(out, sourceJSON{
				ID: s.ID, Title: sanitize.Line(s.Title), Kind: s.Kind, Location: sanitize.Line(s.Location),
				Tags: sanitizeTags(s.Tags), Articles: s.Articles, Unread: s.Unread, Added: s.AddedAt.UTC().Format(time.RFC3339),
				LastRefresh: timeJSON(s.LastAttempt), LastSuccess: timeJSON(s.LastSuccess), LastStatus: s.LastStatus,
				LastError: sanitize.Line(s.LastError), NextFetch: timeJSON(s.NextFetch), FullText: s.FullText,
			})
		}
		return writeJSON(a, out)
	}
	if len(srcs) == 0 {
		fmt.Fprintln(a.stdout, "No sources yet. Add one with 'byline add URL|FILE|FOLDER', or try 'byline demo'.")
		return nil
	}
	now := time.Now()
	for _, s := range srcs {
		fmt.Fprintf(a.stdout, "%d  %s  [%s]  %s\n", s.ID, sanitize.Line(s.Title), s.Kind, sanitize.Line(s.Location))
		parts := []string{fmt.Sprintf("%s, %d unread", meta.Plural(s.Articles, "article", "articles"), s.Unread)}
		if len(s.Tags) > 0 {
			parts = append(parts, "tags: "+strings.Join(sanitizeTags(s.Tags), ", "))
		}
		switch {
		case feed.Kind(s.Kind) == feed.KindRemote:
			parts = append(parts, "followed on the sync server ('byline sync')")
		case feed.Kind(s.Kind) == feed.KindSaved && s.LastError == "":
			// Pages are saved into it, not fetched from it: a refresh only
			// fetches the ones saved while offline.
			parts = append(parts, "pages saved to read later ('byline save URL')")
		case s.LastAttempt.IsZero():
			parts = append(parts, "never refreshed")
		case s.LastError != "":
			parts = append(parts, "failed "+meta.FormatDate(s.LastAttempt, now))
			if !s.LastSuccess.IsZero() {
				parts = append(parts, "last read "+meta.FormatDate(s.LastSuccess, now))
			}
		default:
			parts = append(parts, "refreshed "+meta.FormatDate(s.LastAttempt, now))
		}
		if s.LastStatus != 0 {
			parts = append(parts, fmt.Sprintf("HTTP %d", s.LastStatus))
		}
		if s.NextFetch.After(now) {
			parts = append(parts, "next fetch "+s.NextFetch.Local().Format("Jan 2 15:04"))
		}
		if s.FullText {
			parts = append(parts, "full text")
		}
		fmt.Fprintf(a.stdout, "   %s\n", strings.Join(parts, " · "))
		if s.LastError != "" {
			fmt.Fprintf(a.stdout, "   last error: %s\n", sanitize.Line(s.LastError))
		}
	}
	return nil
}

func sanitizeTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		out = append(out, sanitize.Line(t))
	}
	return out
}

func writeJSON(a *app, v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// ---- remove

func removeCommand() *command {
	return &command{
		name: "remove", args: "SOURCE|ID", summary: "remove a source and its articles",
		detail: "A source with starred articles is removed only with --force (or when you answer yes on a terminal).",
		flags: func(fs *pflag.FlagSet) {
			fs.Bool("force", false, "remove it even when some of its articles are starred")
		},
		run: runRemove,
	}
}

func (a *app) findSource(st *store.Store, ref string) (store.Source, error) {
	ctx := a.ctx
	src, err := st.FindSource(ctx, ref)
	if errors.Is(err, store.ErrNotFound) && !feed.IsURL(ref) {
		if abs, aerr := filepath.Abs(ref); aerr == nil {
			src, err = st.FindSource(ctx, abs)
		}
	}
	if errors.Is(err, store.ErrNotFound) {
		// The title 'byline sources' shows, when one source has it.
		if all, lerr := st.Sources(ctx); lerr == nil {
			var match []store.Source
			for _, s := range all {
				if strings.EqualFold(strings.TrimSpace(s.Title), strings.TrimSpace(ref)) {
					match = append(match, s)
				}
			}
			switch len(match) {
			case 1:
				return match[0], nil
			case 0:
			default:
				return src, fmt.Errorf("%d sources are titled %q; give the ID or location ('byline sources' lists them)", len(match), sanitize.Line(ref))
			}
		}
		return src, fmt.Errorf("no source %q; 'byline sources' lists them", sanitize.Line(ref))
	}
	return src, err
}

func runRemove(a *app, fs *pflag.FlagSet, args []string) error {
	if len(args) != 1 {
		return usagef("remove: give one SOURCE (its ID or location)")
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	src, err := a.findSource(st, args[0])
	if err != nil {
		return err
	}
	starred, err := st.StarredCount(a.ctx, src.ID)
	if err != nil {
		return err
	}
	if force, _ := fs.GetBool("force"); starred > 0 && !force {
		question, refusal := starredWarning(sanitize.Line(src.Title), starred)
		if !a.confirm(question) {
			return refusal
		}
	}
	if feed.Kind(src.Kind) == feed.KindRemote {
		if a.offline {
			return fmt.Errorf("%s is followed on the sync server; removing it needs the network", sanitize.Line(src.Title))
		}
	}
	if err := a.libraryWith(st, nil).Remove(a.ctx, src); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Removed source %d (%s) and its %s.\n", src.ID, sanitize.Line(src.Title), meta.Plural(src.Articles, "article", "articles"))
	return nil
}

// confirm asks a yes/no question on a terminal; anywhere else the answer
// is no.
// starredWarning is the question asked before removing the source named
// title with n starred articles, and the error when the answer is no.
func starredWarning(title string, n int) (question string, refusal error) {
	them := "them"
	if n == 1 {
		them = "the article"
	}
	has := title + " has " + meta.Plural(n, "starred article", "starred articles")
	return has + "; removing it removes " + them + " too. Remove it? [y/N] ",
		fmt.Errorf("not removed: %s (--force removes it with %s)", has, them)
}

func (a *app) confirm(question string) bool {
	f, ok := a.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || !a.stderrIsTerminal {
		return false
	}
	fmt.Fprint(a.stderr, question)
	line, _ := bufio.NewReader(f).ReadString('\n')
	answer := strings.ToLower(strings.TrimSpace(line))
	return answer == "y" || answer == "yes"
}

// ---- refresh

func refreshCommand() *command {
	return &command{
		name: "refresh", args: "[SOURCE|ID]...", summary: "fetch and read sources now (all when none given)",
		detail: `With no SOURCE, every source is read, then, when there is an account ('byline
sync login'), byline syncs with the server: queued read and star changes are
pushed, its subscriptions, articles and state pulled. Then old articles are
removed (keep_days, max_per_source), starred articles' pictures kept and what
arrived indexed for search: the same steps as the reader's R.
Exits 1 when any source or the sync failed, with each failure on stderr.`,
		flags: func(fs *pflag.FlagSet) {
			fs.BoolP("quiet", "q", false, "print nothing but failures (for cron)")
			fs.Bool("force", false, "fetch even sources the server asked to wait (Cache-Control, Retry-After)")
		},
		run: runRefresh,
	}
}

func runRefresh(a *app, fs *pflag.FlagSet, args []string) error {
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := a.ctx
	req := library.RefreshRequest{}
	for _, ref := range args {
		src, err := a.findSource(st, ref)
		if err != nil {
			return err
		}
		req.Sources = append(req.Sources, src)
	}
	quiet, _ := fs.GetBool("quiet")
	// A refresh allocates much and keeps little: collect less often, but
	// never let the heap grow past a budget. With the pipeline full (bodies
	// waiting for parsers, feeds for the writer) about 10 MB is live, and a
	// budget tighter than 400% of that keeps the whole process under 100 MB.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(48 << 20))
	req.Force, _ = fs.GetBool("force")
	req.Force = req.Force || len(args) > 0 // sources named on purpose are wanted now
	if !quiet {
		req.Progress = a.progressBar("sources")
	}
	sum, err := a.library(st).Refresh(ctx, req)
	if err != nil {
		return err
	}
	if sum.CleanupErr != nil {
		fmt.Fprintf(a.stderr, "byline: cleanup after refresh failed: %s\n", oneLine(sum.CleanupErr.Error()))
	}
	// When no server could be reached at all, it is the network that is
	// down: say so once. Each source's error is still stored, for
	// 'byline sources' and the reader.
	if sum.NetworkDown > 0 {
		fmt.Fprintf(a.stderr, "byline: network unreachable: %s not refreshed\n", meta.Plural(sum.NetworkDown, "source", "sources"))
	}
	for _, r := range sum.Results {
		if r.Err != nil && (sum.NetworkDown == 0 || !feed.Unreachable(r.Err)) {
			fmt.Fprintf(a.stderr, "byline: refresh failed: %s: %s\n", sanitize.Line(sourceName(r.Source)), oneLine(r.Err.Error()))
		}
		if !quiet {
			a.printWarnings(r.Source, r.Warnings)
		}
	}
	if sum.SyncErr != nil {
		fmt.Fprintf(a.stderr, "byline: %s\n", oneLine(sum.SyncErr.Error()))
	}
	if !quiet {
		line := fmt.Sprintf("Refreshed %s: %d new, %d updated, %d failed", meta.Plural(len(sum.Results), "source", "sources"), sum.New, sum.Updated, sum.Failed)
		if sum.Offline > 0 {
			line += fmt.Sprintf(" (%s skipped: offline)", meta.Plural(sum.Offline, "feed", "feeds"))
		}
		if sum.NotDue > 0 {
			line += fmt.Sprintf(" (%d not due yet: the server asked to wait; --force fetches them)", sum.NotDue)
		}
		if sum.Synced && sum.SyncErr == nil {
			line += fmt.Sprintf("; synced: %s pushed, %s, %s from the server", meta.Plural(sum.Sync.Pushed, "change", "changes"),
				meta.Plural(sum.Sync.Added, "new article", "new articles"), meta.Plural(sum.Sync.Changed, "state change", "state changes"))
		}
		if sum.Pruned > 0 {
			line += fmt.Sprintf("; %d old articles removed", sum.Pruned)
		}
		fmt.Fprintln(a.stdout, line+".")
	}
	if sum.Failures() > 0 {
		return errSilent
	}
	return nil
}

// errSilent makes the exit code 1 when the failures were already printed.
var errSilent = errors.New("")

func sourceName(s store.Source) string {
	if s.Title != "" {
		return s.Title + " (" + s.Location + ")"
	}
	return s.Location
}

// ---- ls

func lsCommand() *command {
	return &command{
		name: "ls", args: "[QUERY]", summary: "list articles, newest first",
		detail: filterHelp,
		flags: func(fs *pflag.FlagSet) {
			fs.Bool("json", false, "print one JSON array")
			fs.IntP("limit", "n", 0, "print at most N articles (0: all)")
		},
		run: runLs,
	}
}

type articleJSON struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Source   string `json:"source"`
	SourceID int64  `json:"source_id"`
	Author   string `json:"author"`
	Site     string `json:"site"`
	// Date is null for an article whose source gave none, as ls and the
	// reader say "no date".
	Date    *string  `json:"date"`
	Tags    []string `json:"tags"`
	Read    bool     `json:"read"`
	Starred bool     `json:"starred"`
	Summary string   `json:"summary"`
}

func runLs(a *app, fs *pflag.FlagSet, args []string) error {
	limit, _ := fs.GetInt("limit")
	if limit < 0 {
		return usagef("ls: --limit must be 0 or more, not %d", limit)
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	f, err := parseFilter(args)
	if err != nil {
		return err
	}
	items, err := st.Articles(a.ctx, store.ListQuery{Filter: f, Limit: limit})
	if err != nil {
		return err
	}
	if j, _ := fs.GetBool("json"); j {
		out := make([]articleJSON, 0, len(items))
		for _, it := range items {
			if it.Summary == "" {
				// The start of the body: read from it (see store.ArticleSummary).
				if full, err := st.Article(a.ctx, it.ID); err == nil {
					it.Summary = full.Summary
				}
			}
			var date *string
			if !it.Undated {
				d := it.Date.UTC().Format(time.RFC3339)
				date = &d
			}
			out = append(out, articleJSON{
				ID: it.ID, Title: sanitize.Line(it.Title), URL: sanitize.Line(it.Link), Source: sanitize.Line(it.Source),
				SourceID: it.SourceID, Author: sanitize.Line(it.Author), Site: sanitize.Line(it.Site), Date: date,
				Tags: sanitizeTags(it.Tags), Read: it.Read, Starred: it.Starred, Summary: sanitize.Line(it.Summary),
			})
		}
		return writeJSON(a, out)
	}
	rows := make([][6]string, 0, len(items))
	for _, it := range items {
		flags := " "
		if !it.Read {
			flags = "●"
		}
		if it.Starred {
			flags += "★"
		} else {
			flags += " "
		}
		tags := ""
		if len(it.Tags) > 0 {
			tags = "#" + strings.Join(sanitizeTags(it.Tags), " #")
		}
		date := it.Date.Local().Format("2006-01-02")
		if it.Undated {
			date = "no date"
		}
		source := sanitize.Line(it.Source)
		if a.stdoutIsTerminal {
			source = truncate(source, 24) // piped, every field is whole
		}
		rows = append(rows, [6]string{strconv.FormatInt(it.ID, 10), date, flags, source, sanitize.Line(it.Title), tags})
	}
	if a.stdoutIsTerminal && a.termWidth > 0 {
		fitRows(rows, a.termWidth)
	}
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		if a.stdoutIsTerminal {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r[0], r[1], r[2], r[3], r[4], r[5])
			continue
		}
		// Piped, a title is not padded to the longest one (lines of
		// hundreds of blanks): the tags follow it.
		tail := r[4]
		if r[5] != "" {
			tail += "  " + r[5]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r[0], r[1], r[2], r[3], tail)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// tabwriter pads the last empty column; trailing blanks help no one.
	for _, line := range strings.SplitAfter(buf.String(), "\n") {
		if line != "" {
			line = strings.TrimRight(line, " \n")
			if a.stdoutIsTerminal && a.termWidth > 0 {
				// tabwriter counts characters, not columns: a line of wide
				// characters can still be too wide.
				line = truncate(line, a.termWidth-1)
			}
			fmt.Fprintln(a.stdout, line)
		}
	}
	return nil
}

// fitRows cuts the sources, titles and tags of ls's rows so that every
// line fits in width columns: on a terminal, a line that wraps breaks the
// table for every row after it. Piped, lines are left whole. A title
// keeps 20 columns where it can: a long source name gives way first.
func fitRows(rows [][6]string, width int) {
	const gap = 2
	var fixed [4]int
	for _, r := range rows {
		for c := 0; c < 4; c++ {
			fixed[c] = max(fixed[c], xansi.StringWidth(r[c]))
		}
	}
	// What is left for the source, the title and the tags, and the gaps
	// between them; the last column never touches the edge.
	room := width - 1 - fixed[0] - fixed[1] - fixed[2] - 3*gap
	titleWidth, tagsWidth := 0, 0
	for _, r := range rows {
		titleWidth = max(titleWidth, xansi.StringWidth(r[4]))
		tagsWidth = max(tagsWidth, xansi.StringWidth(r[5]))
	}
	srcRoom := fixed[3]
	if want := min(20, titleWidth); room-srcRoom-gap < want {
		srcRoom = min(fixed[3], max(room-gap-want, 8))
	}
	room -= srcRoom + gap
	// The titles share the rest with the tags, and come first: the tags
	// get what the longest title leaves, or a third of the room (one long
	// tag does not squeeze every title); a title keeps at least 20.
	titleRoom := min(titleWidth, max(room-gap-tagsWidth, room*2/3))
	if titleRoom < 20 {
		titleRoom = min(20, titleWidth, room)
	}
	tagsRoom := max(room-gap-titleRoom, 0)
	for i := range rows {
		rows[i][3] = truncate(rows[i][3], srcRoom)
		rows[i][4] = truncate(rows[i][4], max(titleRoom, 1))
		if tagsRoom == 0 {
			rows[i][5] = ""
		} else {
			rows[i][5] = truncate(rows[i][5], tagsRoom)
		}
	}
}

// truncate cuts s to n columns, ending in an ellipsis when it cut.
func truncate(s string, n int) string {
	if xansi.StringWidth(s) <= n {
		return s
	}
	if n <= 1 {
		return "…"
	}
	return xansi.Truncate(s, n, "…")
}

// ---- read

func readCommand() *command {
	return &command{
		name: "read", args: "ID", summary: "print an article (Glamour on a terminal, plain text when piped)",
		flags: func(fs *pflag.FlagSet) {
			fs.IntP("width", "w", 0, "wrap at N columns (default: the terminal's, at most 100; 80 when piped)")
			fs.Bool("raw", false, "print the article as a Markdown file with front matter")
			fs.Bool("feed", false, "the feed's text, even when the full article was fetched")
			fs.String("images", "", "draw pictures: auto, kitty, blocks or off (default: the config's images, auto)")
		},
		run: runRead,
	}
}

func runRead(a *app, fs *pflag.FlagSet, args []string) error {
	if len(args) != 1 {
		return usagef("read: give one article ID ('byline ls' shows them)")
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return usagef("read: %q is not an article ID ('byline ls' shows them)", args[0])
	}
	width, _ := fs.GetInt("width")
	if width < 0 || (width > 0 && width < 20) {
		return usagef("read: --width must be at least 20")
	}
	imageSetting, _ := fs.GetString("images")
	if imageSetting == "" {
		imageSetting = a.cfg.Images
	} else if err := images.CheckMode(imageSetting); err != nil {
		return usagef("read: --%v", err)
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := a.ctx
	feedOnly, _ := fs.GetBool("feed")
	page, err := library.ArticlePage(ctx, st, id, feedOnly)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no article %d; 'byline ls' lists them", id)
	}
	if err != nil {
		return err
	}
	art, md := page.Article, page.Markdown
	if raw, _ := fs.GetBool("raw"); raw {
		fmt.Fprint(a.stdout, frontMatter(art))
		fmt.Fprintln(a.stdout, strings.TrimRight(sanitize.Markdown(md), "\n"))
		return nil
	}
	// Piped, URLs are written whole: a program reads them, and the terminal
	// that shows them in the end wraps them.
	r := render.New("notty", termenv.Ascii, render.WithWholeURLs())
	pictureMode := images.ModeOff
	if a.stdoutIsTerminal {
		if strings.Contains(md, "![") { // the terminal is asked only when there are pictures
			pictureMode = a.imageMode(imageSetting)
		}
		r = render.New(a.themeStyle(), termenv.EnvColorProfile(), render.WithHyperlinks(hyperlinksSupported(a.cfg.Hyperlinks)),
			render.WithPictures(pictureMode != images.ModeOff))
		if width == 0 {
			width = render.WrapWidth(a.termWidth)
		}
	}
	if width == 0 {
		width = 80
	}
	header, err := r.Render("", "# "+literalText(art.Title)+"\n\n"+articleMeta(art), width)
	if err != nil {
		return err
	}
	if art.Link != "" {
		header += "\n" + r.URL(art.Link, width)
	}
	doc, err := r.RenderArticleParts(ctx, "", "---\n\n"+render.WithoutTitle(md, art.Title), width)
	if err != nil {
		return err
	}
	body := doc.Text()
	if pictureMode != images.ModeOff {
		if cache, err := a.openImageCache(); err == nil {
			var kitty *images.Kitty
			if pictureMode == images.ModeKitty {
				kitty = newKitty(a.stdout)
			}
			d := images.NewDrawer(pictureMode, termenv.EnvColorProfile() == termenv.TrueColor, kitty)
			body = a.drawPictures(doc, d, cache, width)
		}
	}
	if err := a.ctx.Err(); err != nil {
		return err // interrupted: no article with pictures missing
	}
	out := header + "\n\n" + body
	if !a.stdoutIsTerminal {
		out = sanitize.Text(out) // piped: no escape sequence at all
	}
	fmt.Fprintln(a.stdout, out)
	return nil
}

// literalText keeps a header field from being read as character
// references: a title that reads "&#x1b;" shows those six characters.
// Glamour decodes a reference after a backslash too, so the ampersand is
// written as a reference itself; "\&" came out "&amp;#x1b;".
func literalText(s string) string {
	return strings.ReplaceAll(sanitize.Line(s), "&", "&amp;")
}

// articleMeta is the line under an article's title: source, author, date
// and tags, as Markdown.
func articleMeta(s store.ArticleSummary) string {
	line := literalText(meta.Line(s, false))
	if len(s.Tags) > 0 {
		line += "  \n" + literalText(meta.Tags(s.Tags))
	}
	if s.Problem != "" {
		line += "  \n⚠ " + literalText(s.Problem)
	}
	return line
}

// frontMatter is the YAML header of an article saved as a note.
func frontMatter(s store.ArticleSummary) string {
	var b strings.Builder
	b.WriteString("---\n")
	field := func(k, v string) {
		if v != "" {
			b.WriteString(k + ": " + strconv.Quote(sanitize.Line(v)) + "\n")
		}
	}
	field("title", s.Title)
	b.WriteString("date: " + s.Date.UTC().Format(time.RFC3339) + "\n")
	field("url", s.Link)
	field("source", s.Source)
	field("author", s.Author)
	field("site", s.Site)
	if len(s.Tags) > 0 {
		quoted := make([]string, len(s.Tags))
		for i, t := range s.Tags {
			quoted[i] = strconv.Quote(sanitize.Line(t))
		}
		b.WriteString("tags: [" + strings.Join(quoted, ", ") + "]\n")
	}
	b.WriteString("---\n\n")
	return b.String()
}

func (a *app) retention() store.Retention {
	return store.Retention{KeepDays: a.cfg.KeepDays, MaxPerSource: a.cfg.MaxPerSource}
}

func gcCommand() *command {
	return &command{
		name: "gc", summary: "remove old articles (keep_days, max_per_source; starred stay) and compact the store",
		run: func(a *app, fs *pflag.FlagSet, args []string) error {
			if len(args) > 0 {
				return usagef("gc takes no arguments")
			}
			st, err := a.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := a.ctx
			// What waits for the search index is indexed first (Compact
			// would), so that the sizes compared are both with the index: a
			// refresh does not build it, and the space it takes is not
			// space lost. And the log is emptied into the database, so that
			// what indexing wrote to it is not counted twice.
			if _, err := st.IndexPending(ctx); err != nil {
				return err
			}
			if err := st.Checkpoint(ctx); err != nil {
				return err
			}
			before := st.Size()
			n, err := st.Prune(ctx, a.retention(), time.Now())
			if err != nil {
				return err
			}
			if err := st.Compact(ctx); err != nil {
				return err
			}
			after := st.Size()
			fmt.Fprintf(a.stdout, "Removed %s; store %s -> %s (freed %s).\n", meta.Plural(n, "article", "articles"), megabytes(before), megabytes(after), megabytes(max(before-after, 0)))
			return a.gcImages(st)
		},
	}
}

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// upgradeProgress draws the progress of a long store upgrade on stderr
// when it is a terminal, at most ten times a second, and says when it is
// done; piped, it says nothing.
func (a *app) upgradeProgress() func(store.Progress) {
	if !a.stderrIsTerminal {
		return nil
	}
	var last time.Time
	said := false
	return func(p store.Progress) {
		if p.Done < p.Total && time.Since(last) < 100*time.Millisecond {
			return
		}
		last = time.Now()
		fmt.Fprintf(a.stderr, "\r\x1b[Kbyline: upgrading the store: %s, %d/%d", p.Stage, p.Done, p.Total)
		if p.Done == p.Total {
			fmt.Fprintf(a.stderr, "\r\x1b[Kbyline: upgrading the store: %s, done (%d)\n", p.Stage, p.Total)
			if !said {
				fmt.Fprintln(a.stderr, "byline: 'byline gc' gives the space the upgrade freed back to the disk")
				said = true
			}
		}
	}
}

// progressBar draws a bar on stderr when it is a terminal, counting
// steps of what (sources, pages); piped, it is nil and nothing is drawn.
// The bar's line is cleared when the last step is done.
func (a *app) progressBar(what string) func(library.Step) {
	if !a.stderrIsTerminal {
		return nil
	}
	const width = 30
	return func(s library.Step) {
		if s.Total <= 0 {
			return
		}
		filled := s.Done * width / s.Total
		fmt.Fprintf(a.stderr, "\r[%s%s] %d/%d %s", strings.Repeat("█", filled), strings.Repeat("·", width-filled), s.Done, s.Total, what)
		if s.Done == s.Total {
			fmt.Fprint(a.stderr, "\r\x1b[K")
		}
	}
}
