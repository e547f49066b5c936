package main

import (
	"fmt"
	"strings"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/store"
	"github.com/spf13/pflag"
)

func editCommand() *command {
	return &command{
		name: "edit", args: "SOURCE|ID", summary: "change a source's title, tags or full-text setting",
		detail: "  byline edit 3 --title 'LWN' --tags linux,news --full-text=true\n" +
			"--tags replaces the source's tags (its articles follow); --tags '' clears them.",
		flags: func(fs *pflag.FlagSet) {
			fs.String("title", "", "the source's title ('' restores the feed's own)")
			fs.String("tags", "", "the source's tags, comma-separated")
			fs.Bool("full-text", false, "fetch each new article's page for its full text")
		},
		run: runEdit,
	}
}

func runEdit(a *app, fs *pflag.FlagSet, args []string) error {
	if len(args) != 1 {
		return usagef("edit: give one SOURCE (its ID or location)")
	}
	var e store.SourceEdit
	if fs.Changed("title") {
		t, _ := fs.GetString("title")
		e.Title = &t
	}
	if fs.Changed("tags") {
		raw, _ := fs.GetString("tags")
		tags := store.SplitTags(raw)
		e.Tags = &tags
	}
	if fs.Changed("full-text") {
		ft, _ := fs.GetBool("full-text")
		e.FullText = &ft
	}
	if e.Title == nil && e.Tags == nil && e.FullText == nil {
		return usagef("edit: nothing to change; give --title, --tags or --full-text")
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
	ctx := a.ctx
	if err := st.EditSource(ctx, src.ID, e); err != nil {
		return err
	}
	src, err = st.Source(ctx, src.ID)
	if err != nil {
		return err
	}
	full := "off"
	if src.FullText {
		full = "on"
	}
	fmt.Fprintf(a.stdout, "Source %d: %s · tags: %s · full text: %s\n", src.ID, sanitize.Line(src.Title),
		strings.Join(sanitizeTags(src.Tags), ", "), full)
	if e.FullText != nil && *e.FullText {
		return a.offerPrefetch(st, src)
	}
	return nil
}
