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

// ---- tag

func tagCommand() *command {
	return &command{
		name: "tag", args: "ID|QUERY +tag -tag...", summary: "add and remove tags on an article or on every article a filter selects",
		detail: "Words starting with + or - after the first are the tag edits; the rest select articles:\n" +
			"an article ID, or a filter (see 'byline help ls').\n  byline tag 42 +later -news\n  byline tag '=hacker news rust' +rust",
		run: runTag,
	}
}

func runTag(a *app, fs *pflag.FlagSet, args []string) error {
	if len(args) < 2 {
		return usagef("tag: give an article ID or a filter, then +tag or -tag edits")
	}
	// The edits are the trailing +/- words; everything before selects.
	cut := len(args)
	for cut > 1 && (strings.HasPrefix(args[cut-1], "+") || strings.HasPrefix(args[cut-1], "-")) && len(args[cut-1]) > 1 {
		cut--
	}
	if cut == len(args) {
		return usagef("tag: no +tag or -tag edits given")
	}
	var add, remove []string
	for _, e := range args[cut:] {
		for _, t := range strings.Split(e[1:], ",") {
			if t = store.NormalizeTag(t); t == "" {
				continue
			}
			if e[0] == '+' {
				add = append(add, t)
			} else {
				remove = append(remove, t)
			}
		}
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	ids, err := selectArticles(ctx, st, args[:cut])
	if err != nil {
		return err
	}
	n, err := st.EditTags(ctx, ids, add, remove)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Tagged %d articles (%d changed).\n", len(ids), n)
	return nil
}

// selectArticles reads an article ID, or a filter.
func selectArticles(ctx context.Context, st *store.Store, args []string) ([]int64, error) {
	if len(args) == 1 {
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
	f, err := parseFilter(args)
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
			n, err := st.Retag(context.Background())
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Retagged: %d articles changed (%d rules).\n", n, len(a.cfg.rules))
			return nil
		},
	}
}

// ---- mark

func markCommand() *command {
	return &command{
		name: "mark", args: "read|unread|star|unstar ID...|QUERY", summary: "mark articles read, unread, starred or not",
		detail: "Give article IDs, or a filter: 'byline mark read @1-year-old' catches up on a year.\n\n" + filterHelp,
		run:    runMark,
	}
}

func runMark(a *app, fs *pflag.FlagSet, args []string) error {
	verbs := map[string]bool{"read": true, "unread": true, "star": true, "unstar": true}
	if len(args) < 2 || !verbs[args[0]] {
		return usagef("mark: give read, unread, star or unstar, then article IDs or a filter (see 'byline mark --help')")
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	var ids []int64
	for _, arg := range args[1:] {
		id, err := strconv.ParseInt(arg, 10, 64)
		if err != nil {
			ids = nil
			break
		}
		ids = append(ids, id)
	}
	verb := args[0]
	if ids == nil {
		f, err := parseFilter(args[1:])
		if err != nil {
			return err
		}
		if verb == "read" || verb == "unread" {
			n, err := st.MarkFiltered(ctx, f, verb == "read", time.Now())
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Marked %d articles %s.\n", n, verb)
			return nil
		}
		if ids, err = st.ArticleIDs(ctx, f, time.Now()); err != nil {
			return err
		}
	}
	switch verb {
	case "read", "unread":
		err = st.SetRead(ctx, verb == "read", ids...)
	default:
		err = st.SetStarred(ctx, verb == "star", ids...)
	}
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%v; 'byline ls' lists the articles", err)
	}
	if err != nil {
		return err
	}
	past := map[string]string{"read": "read", "unread": "unread", "star": "starred", "unstar": "unstarred"}[verb]
	fmt.Fprintf(a.stdout, "Marked %d articles %s.\n", len(ids), past)
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
	ctx := context.Background()
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
