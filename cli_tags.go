package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
	"github.com/byline/byline/ui/meta"
	"github.com/spf13/pflag"
)

const filterHelp = `QUERY is the filter language; every term must hold:
  +tag -tag          has / has not the tag (unread and starred are tags too)
  +a,b -a,b          has at least one of / none of the tags
  @2-weeks-ago       newer than an age (second, minute, hour, day, week, month, year; -ago or -old)
  @2025-01-31        newer than a date
  @A--B              between two ages or dates (@2025-01-01--2025-02-01, @5-days-ago--1-day-ago)
  =text ~text        source title or URL contains / does not contain text
  !text              title does not contain text
  #N                 at most N articles
  word "a phrase" pre*   full-text search in title, summary and body
Quote values with spaces: ="Hacker News".`

// parseFilter parses filter words from the command line; a bad token is a
// usage error naming it.
func parseFilter(args []string) (query.Filter, error) {
	f, err := query.Parse(strings.Join(args, " "))
	if err != nil {
		return f, usagef("bad filter: %v", err)
	}
	return f, nil
}

// scopeFilter is the filter a bulk command acts on. A blank one would be
// every article (a script with an unset $Q), so it is a usage error;
// acting on everything takes --all, given alone.
func scopeFilter(name string, args []string, all bool) (query.Filter, error) {
	blank := strings.TrimSpace(strings.Join(args, " ")) == ""
	switch {
	case all && !blank:
		return query.Filter{}, usagef("%s: give a filter or --all, not both", name)
	case all:
		return query.Filter{}, nil
	case blank:
		what := "a filter"
		if name == "mark" || name == "tag" { // these take article IDs too
			what = "article IDs or a filter"
		}
		return query.Filter{}, usagef("%s: the filter is empty; give %s, or --all for every article", name, what)
	}
	return parseFilter(args)
}

func allFlag(fs *pflag.FlagSet) {
	fs.Bool("all", false, "act on every article (instead of IDs or a filter)")
}

// ---- tag

func tagCommand() *command {
	return &command{
		name: "tag", args: "ID|QUERY +tag -tag...", summary: "add and remove tags on an article or on every article a filter selects",
		detail: "Words starting with + or - after the first are the tag edits; the rest select articles:\n" +
			"an article ID, or a filter (see 'byline help ls'); --all selects every article.\n  byline tag 42 +later -news\n  byline tag '=hacker news rust' +rust",
		flags: allFlag,
		run:   runTag,
	}
}

func runTag(a *app, fs *pflag.FlagSet, args []string) error {
	all, _ := fs.GetBool("all")
	if len(args) < 2 && !(all && len(args) == 1) {
		return usagef("tag: give an article ID or a filter (or --all), then +tag or -tag edits")
	}
	// The edits are the trailing +/- words; everything before selects.
	first := 1
	if all {
		first = 0
	}
	cut := len(args)
	for cut > first && (strings.HasPrefix(args[cut-1], "+") || strings.HasPrefix(args[cut-1], "-")) && len(args[cut-1]) > 1 {
		cut--
	}
	if cut == len(args) {
		return usagef("tag: no +tag or -tag edits given")
	}
	var add, remove []string
	for _, e := range args[cut:] {
		if e[0] == '+' {
			add = append(add, store.SplitTags(e[1:])...)
		} else {
			remove = append(remove, store.SplitTags(e[1:])...)
		}
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := a.ctx
	ids, err := selectArticles(ctx, st, "tag", args[:cut], all)
	if err != nil {
		return err
	}
	n, err := st.EditTags(ctx, ids, add, remove)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Tagged %s (%d changed).\n", meta.Plural(len(ids), "article", "articles"), n)
	return nil
}

// selectArticles reads an article ID, or a filter (see scopeFilter).
func selectArticles(ctx context.Context, st *store.Store, name string, args []string, all bool) ([]int64, error) {
	if len(args) == 1 && !all {
		if id, err := strconv.ParseInt(args[0], 10, 64); err == nil {
			if _, err := st.Article(ctx, id); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return nil, fmt.Errorf("no article %d; 'byline ls' lists them", id)
				}
				return nil, err
			}
			return []int64{id}, nil
		}
	}
	f, err := scopeFilter(name, args, all)
	if err != nil {
		return nil, err
	}
	return st.ArticleIDs(ctx, f, time.Now())
}

// ---- retag

func retagCommand() *command {
	return &command{
		name: "retag", summary: "apply the config's auto-tag rules to every stored article",
		run: func(a *app, fs *pflag.FlagSet, args []string) error {
			if len(args) > 0 {
				return usagef("retag takes no arguments")
			}
			st, err := a.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			n, err := st.Retag(a.ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Retagged: %s changed (%s).\n", meta.Plural(n, "article", "articles"), meta.Plural(len(a.cfg.Rules), "rule", "rules"))
			return nil
		},
	}
}

// ---- mark

func markCommand() *command {
	return &command{
		name: "mark", args: "read|unread|star|unstar ID...|QUERY", summary: "mark articles read, unread, starred or not",
		detail: "Give article IDs, or a filter: 'byline mark read @1-year-old' catches up on a year.\n" +
			"An empty filter is an error; --all marks every article.\n\n" + filterHelp,
		flags: allFlag,
		run:   runMark,
	}
}

func runMark(a *app, fs *pflag.FlagSet, args []string) error {
	verbs := map[string]bool{"read": true, "unread": true, "star": true, "unstar": true}
	all, _ := fs.GetBool("all")
	if len(args) < 1 || !verbs[args[0]] || (len(args) < 2 && !all) {
		return usagef("mark: give read, unread, star or unstar, then article IDs or a filter, or --all (see 'byline mark --help')")
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := a.ctx
	var ids []int64
	for _, arg := range args[1:] {
		id, err := strconv.ParseInt(arg, 10, 64)
		if err != nil || all {
			ids = nil
			break
		}
		ids = append(ids, id)
	}
	verb := args[0]
	if ids == nil {
		f, err := scopeFilter("mark", args[1:], all)
		if err != nil {
			return err
		}
		if verb == "read" || verb == "unread" {
			n, err := st.MarkFiltered(ctx, f, verb == "read", time.Now())
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Marked %s %s.\n", meta.Plural(n, "article", "articles"), verb)
			return nil
		}
		if ids, err = st.ArticleIDs(ctx, f, time.Now()); err != nil {
			return err
		}
	}
	var n int
	switch verb {
	case "read", "unread":
		n, err = st.SetRead(ctx, verb == "read", ids...)
	default:
		n, err = st.SetStarred(ctx, verb == "star", ids...)
	}
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%w; 'byline ls' lists the articles", err)
	}
	if err != nil {
		return err
	}
	past := map[string]string{"read": "read", "unread": "unread", "star": "starred", "unstar": "unstarred"}[verb]
	fmt.Fprintf(a.stdout, "Marked %s %s", meta.Plural(len(ids), "article", "articles"), past)
	if n < len(ids) {
		fmt.Fprintf(a.stdout, " (%d already were)", len(ids)-n)
	}
	fmt.Fprintln(a.stdout, ".")
	return nil
}

// ---- filters

func filtersCommand() *command {
	return &command{
		name: "filters", args: "[add NAME QUERY | rm NAME]", summary: "list, save or remove saved filters (keys 1-9 in the reader)",
		run: runFilters,
	}
}

func runFilters(a *app, fs *pflag.FlagSet, args []string) error {
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := a.ctx
	switch {
	case len(args) == 0:
		saved, err := st.SavedFilters(ctx)
		if err != nil {
			return err
		}
		if len(saved) == 0 {
			fmt.Fprintln(a.stdout, "No saved filters. Save one with 'byline filters add NAME QUERY', or S in the reader.")
		}
		for i, f := range saved {
			fmt.Fprintf(a.stdout, "%d  %-16s %s\n", i+1, sanitize.Line(f.Name), sanitize.Line(f.Query))
		}
		return nil
	case args[0] == "add" && len(args) >= 3:
		f, err := parseFilter(args[2:])
		if err != nil {
			return err
		}
		if err := st.SaveFilter(ctx, args[1], f.String()); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "Saved filter %q: %s\n", sanitize.Line(args[1]), f.String())
		return nil
	case args[0] == "rm" && len(args) == 2:
		if err := st.DeleteFilter(ctx, args[1]); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no saved filter %q", sanitize.Line(args[1]))
			}
			return err
		}
		fmt.Fprintf(a.stdout, "Removed filter %q.\n", sanitize.Line(args[1]))
		return nil
	}
	return usagef("filters: use 'byline filters', 'byline filters add NAME QUERY' or 'byline filters rm NAME'")
}
