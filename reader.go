package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/byline/byline/config"
	"github.com/byline/byline/feed/demo"
	"github.com/byline/byline/library"
	"github.com/byline/byline/store"
	"github.com/byline/byline/ui"
	"github.com/byline/byline/ui/images"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/render"
	"github.com/byline/byline/ui/termbg"
	"github.com/byline/byline/ui/theme"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/pflag"
)

func readerCommand() *command {
	return &command{
		name: "", summary: "open the reader", draws: true,
		flags: func(fs *pflag.FlagSet) {
			fs.Bool("no-refresh", false, "do not refresh when the reader opens")
		},
		run: func(a *app, fs *pflag.FlagSet, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q; see 'byline help'", args[0])
			}
			noRefresh, _ := fs.GetBool("no-refresh")
			st, err := a.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			return a.runReader(st, !noRefresh, "")
		},
	}
}

func demoCommand() *command {
	return &command{
		name: "demo", summary: "open the reader on the built-in sample library (a guided tour)", draws: true,
		detail: "Nothing is written outside a temporary folder, which is removed on exit.",
		run: func(a *app, fs *pflag.FlagSet, args []string) error {
			if len(args) > 0 {
				return usagef("demo takes no arguments")
			}
			dir, err := os.MkdirTemp("", "byline-demo-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			st, err := loadDemo(a.ctx, dir)
			if err != nil {
				return err
			}
			defer st.Close()
			return a.runReader(st, false, "demo")
		},
	}
}

// loadDemo writes the embedded sample library to dir and reads it into a
// store there.
func loadDemo(ctx context.Context, dir string) (*store.Store, error) {
	lib := filepath.Join(dir, "library")
	if err := os.CopyFS(lib, demo.Library); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	st, err := store.Open(filepath.Join(dir, "byline.db"))
	if err != nil {
		return nil, err
	}
	sources := []library.AddRequest{
		{Location: filepath.Join(lib, "tour"), Title: "The byline tour", Tags: []string{"tour"}},
		{Location: filepath.Join(lib, "changelog.xml"), Tags: []string{"byline"}},
	}
	l := library.New(library.Options{Store: st, Offline: true})
	for _, req := range sources {
		if _, err := l.Add(ctx, req); err != nil {
			st.Close()
			return nil, fmt.Errorf("demo: %w", err)
		}
	}
	return st, nil
}

// runReader starts the TUI on st.
func (a *app) runReader(st *store.Store, refreshOnStart bool, title string) error {
	a.interactive.Store(true)
	if !a.stdoutIsTerminal {
		return fmt.Errorf("the reader needs a terminal; use 'byline ls' and 'byline read ID' in scripts")
	}
	st.OnWait = nil // the screen is the reader's; a write waits quietly
	m, popts, done := a.reader(st, refreshOnStart, title)
	defer done()
	p := tea.NewProgram(m, popts...)
	_, err := p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && a.ctx.Err() != nil {
		return nil // a signal ended it: the deferred clean-up still runs
	}
	return err
}

// reader is the reader's model on st, wired from the config, and the
// options of the program that runs it; done frees what it holds, once
// the program has ended.
func (a *app) reader(st *store.Store, refreshOnStart bool, title string) (m ui.Model, popts []tea.ProgramOption, done func()) {
	// Decided before the program owns the terminal: a query inside it
	// would read the terminal's answer as key presses.
	style := a.themeStyle()
	profile := lipgloss.ColorProfile()
	// Before the program reads keys: auto asks the terminal about kitty.
	pictureMode, drawer, imageCache, term, freeImages := a.readerImages()
	opts := ui.Options{
		Store: st,
		Renderer: render.New(style, profile, render.WithHyperlinks(hyperlinksSupported(a.cfg.Hyperlinks)),
			render.WithPictures(pictureMode != images.ModeOff)),
		Styles:         theme.NewStyles(theme.ForStyle(style)),
		Keys:           a.cfg.KeyMap,
		Warning:        a.startWarning(),
		Filter:         a.cfg.DefaultFilter,
		RefreshOnStart: refreshOnStart && (a.cfg.RefreshOnStart == nil || *a.cfg.RefreshOnStart),
		Title:          title,
		Context:        a.ctx,
		Hyperlinks:     hyperlinksSupported(a.cfg.Hyperlinks),
		RefreshEvery:   time.Duration(a.cfg.RefreshInterval * float64(time.Minute)),
		WatchEvery:     time.Second,
	}
	if opts.RefreshEvery == 0 && a.cfg.Sync.Interval > 0 {
		opts.RefreshEvery = time.Duration(a.cfg.Sync.Interval * float64(time.Minute))
	}
	if a.offline {
		opts.OfflineReason = "Offline: feeds are not fetched (--offline or offline = true); local folders and files still are."
	}
	// Pictures are kept for offline reading where they are shown.
	opts.Library = a.libraryWith(st, imageCache)
	if pictureMode != images.ModeOff {
		opts.Images = ui.ImageOptions{Drawer: drawer, Cache: imageCache, MaxRows: a.cfg.ImageHeight}
		if !a.offline {
			opts.Images.Fetcher = a.fetcher()
		}
	}
	popts = []tea.ProgramOption{tea.WithAltScreen()}
	if a.cfg.Mouse == nil || *a.cfg.Mouse {
		popts = append(popts, tea.WithMouseCellMotion())
	}
	if term != nil {
		// Kitty transmissions and frames go through one writer, whole.
		popts = append(popts, tea.WithOutput(term))
	}
	popts = append(popts, tea.WithContext(a.ctx))
	return ui.New(opts), popts, freeImages
}

// startWarning is what the reader's status line says of the config's
// warnings at start: the first, after how many there are when more than
// one ('byline help keys' lists them). The line has little room, and what
// is wrong must show before it is cut: the count comes first, and the
// config file under the home folder is written from ~.
func (a *app) startWarning() string {
	ws := a.cfg.Warnings
	if len(ws) == 0 {
		return ""
	}
	w := ws[0]
	if home, err := os.UserHomeDir(); err == nil && home != "" && strings.HasPrefix(a.configPath, home+string(filepath.Separator)) {
		w = strings.Replace(w, "config "+a.configPath+":", "config ~"+strings.TrimPrefix(a.configPath, home)+":", 1)
	}
	if len(ws) > 1 {
		w = fmt.Sprintf("%d mistakes in [keys] ('byline help keys' lists them): %s", len(ws), w)
	}
	return w
}

// themeStyle is the Glamour style of the configured theme. "auto" asks the
// terminal for its background, once and briefly, and is dark when the
// terminal does not say; no other theme asks anything.
func (a *app) themeStyle() string {
	if a.cfg.Theme != "auto" {
		return a.cfg.Theme
	}
	if a.autoStyle == "" {
		a.autoStyle = "dark"
		if dark, ok := termbg.Dark(300 * time.Millisecond); ok && !dark {
			a.autoStyle = "light"
		}
	}
	return a.autoStyle
}

// keysHelp lists the reader's actions with their keys in km (those in
// effect) and where they act, from the keys' one declaration, for 'byline
// help keys' and the [keys] table of the config file; warnings are the
// config's mistakes in [keys], said first.
func keysHelp(km keys.KeyMap, warnings []string) string {
	var b strings.Builder
	if len(warnings) > 0 {
		b.WriteString("Not all of the config file's [keys] could be used; the keys below are those in effect:\n")
		for _, w := range warnings {
			b.WriteString("  " + oneLine(w) + "\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("The reader's keys. Rebind them in the config file's [keys] table, e.g.\n  [keys]\n  down = [\"j\", \"down\", \"ctrl+n\"]\n")
	b.WriteString("A key may serve two actions that never act in the same place (/ filters the list and\nsearches an article), never two in one place.\n\n")
	var rows [][5]string
	wName, wKeys, wDesc, wWhere := 0, 0, 0, 0
	spaced := func(ks []string) string {
		ks = slices.Clone(ks)
		for i, k := range ks {
			if k == " " {
				ks[i] = "space" // as the config file writes it
			}
		}
		return strings.Join(ks, ", ")
	}
	for _, act := range keys.Actions {
		if act.Fixed {
			continue
		}
		in := km.Binding(act).Keys()
		r := [5]string{act.Name, spaced(in), act.Desc, act.Live.Name(), ""}
		if !slices.Equal(in, act.Keys) {
			r[4] = "(default " + spaced(act.Keys) + ")"
		} else if len(act.Keys) > 4 {
			r[1] = act.Label // 1-9, not nine keys
		}
		wName, wKeys, wDesc = max(wName, len(r[0])), max(wKeys, utf8.RuneCountInString(r[1])), max(wDesc, len(r[2]))
		if r[4] != "" {
			wWhere = max(wWhere, len(r[3]))
		}
		rows = append(rows, r)
	}
	slices.SortStableFunc(rows, func(x, y [5]string) int { return strings.Compare(x[0], y[0]) })
	fmt.Fprintf(&b, "  %-*s  %-*s  %-*s  %s\n", wName, "action", wKeys, "keys", wDesc, "does", "where")
	for _, r := range rows {
		line := fmt.Sprintf("  %-*s  %s%s  %-*s  %-*s  %s", wName, r[0], r[1], strings.Repeat(" ", wKeys-utf8.RuneCountInString(r[1])), wDesc, r[2], wWhere, r[3], r[4])
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	b.WriteString("\nn and p as in newsboat (next and previous unread, wrapping at the ends; J and K then\nstep through every article), in one line at the top of the config file:\n  " + config.NewsboatKeys + "\n")
	return b.String()
}

// hyperlinksSupported guesses from the environment whether the terminal
// understands OSC 8 links; asking it would mean reading its answer.
func hyperlinksSupported(setting string) bool {
	switch setting {
	case "on":
		return true
	case "off":
		return false
	}
	switch os.Getenv("TERM_PROGRAM") {
	case "iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper":
		return true
	}
	if os.Getenv("KITTY_WINDOW_ID") != "" || os.Getenv("WT_SESSION") != "" || os.Getenv("KONSOLE_VERSION") != "" {
		return true
	}
	if v := os.Getenv("VTE_VERSION"); v != "" {
		n := 0
		fmt.Sscan(v, &n)
		return n >= 5000
	}
	t := os.Getenv("TERM")
	return strings.Contains(t, "kitty") || strings.Contains(t, "foot") || strings.Contains(t, "alacritty")
}
