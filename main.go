// Command byline is a terminal article reader: feeds and folders of
// Markdown articles in one pane, the article rendered in the other.
//
// main.go holds flags, subcommands, config and wiring, nothing else: the
// reader lives in ui/, the engines in refresh/ (refresh, full text) and
// remote/ (sync), sources in feed/, the store in store/.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/byline/byline/config"
	"github.com/byline/byline/feed"
	"github.com/byline/byline/store"
	"github.com/spf13/pflag"
	"golang.org/x/term"
)

const version = "0.1.0"

func userAgent() string {
	return "byline/" + version + " (terminal article reader; +https://github.com/byline/byline)"
}

// usageError is a mistake in how byline was called: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// app is what every command gets: where things are and where output goes.
type app struct {
	// ctx is cancelled by SIGINT and SIGTERM; every fetch, sync and store
	// call runs under it.
	ctx            context.Context
	stdout, stderr io.Writer
	stdin          io.Reader
	dataDir        string
	configPath     string
	configGiven    bool
	offline        bool
	cfg            config.Config
	// stdoutIsTerminal decides between Glamour and plain text, and
	// whether the reader can run.
	stdoutIsTerminal bool
	// autoStyle is what theme "auto" came to, once asked (see themeStyle).
	autoStyle        string
	stderrIsTerminal bool
	termWidth        int
	fetch            *feed.Fetcher // the process's one fetcher and HTTP client; see fetcher()
	// interactive is set while the reader runs: a signal ends it as q
	// does, and it is never cut short (see onSignals).
	interactive atomic.Bool
}

type command struct {
	name    string
	args    string // argument synopsis for help
	summary string
	detail  string
	flags   func(fs *pflag.FlagSet)
	run     func(a *app, fs *pflag.FlagSet, args []string) error
	// draws: the command is the reader, whose status line shows the
	// config's warnings; any other command writes them on stderr.
	draws bool
}

func commands() []*command {
	return []*command{
		addCommand(), sourcesCommand(), removeCommand(), refreshCommand(),
		lsCommand(), readCommand(), tagCommand(), markCommand(), filtersCommand(), retagCommand(),
		editCommand(), saveCommand(), prefetchCommand(), importCommand(), exportCommand(), gcCommand(), syncCommand(), demoCommand(),
	}
}

func findCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

func main() {
	// SIGHUP: the terminal went away (a closed window, a killed tmux
	// session); the reader ends as on q, cleaning up after itself.
	ctx, cancel := context.WithCancelCause(context.Background())
	signals := make(chan os.Signal, 2)
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP} {
		// One the program was started without (nohup's SIGHUP, a
		// background job's SIGINT) stays ignored: Notify would take it
		// back.
		if !signal.Ignored(sig) {
			signal.Notify(signals, sig)
		}
	}
	a := &app{ctx: ctx, stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin}
	a.stdoutIsTerminal, a.termWidth = terminalInfo(os.Stdout)
	a.stderrIsTerminal, _ = terminalInfo(os.Stderr)
	go a.onSignals(signals, cancel, terminalRestorer())
	code := a.run(os.Args[1:])
	signal.Stop(signals)
	os.Exit(code)
}

// signalCause is why a.ctx ended: a signal.
type signalCause struct{ sig syscall.Signal }

func (c signalCause) Error() string {
	switch c.sig {
	case syscall.SIGINT:
		return "interrupted"
	case syscall.SIGHUP:
		return "the terminal went away (SIGHUP)"
	case syscall.SIGTERM:
		return "terminated (SIGTERM)"
	}
	return "stopped by a signal (" + c.sig.String() + ")"
}

// exitCode is the shell's code for a command a signal ended: 128 + its
// number (130 for Ctrl-C, 143 for SIGTERM).
func (c signalCause) exitCode() int { return 128 + int(c.sig) }

// signalGrace is how long a command has, after a signal, to end by
// itself (every fetch, store call and render runs under a.ctx); a step
// that cannot be interrupted (decoding one picture) is cut short after
// it, with the store left as its last transaction did.
const signalGrace = time.Second

// onSignals ends a.ctx at the first signal, and the process when the
// command has not ended by itself within signalGrace, or at a second
// signal. The reader ends through a.ctx as on q, restoring the terminal,
// and is not cut short.
func (a *app) onSignals(signals <-chan os.Signal, cancel context.CancelCauseFunc, restoreTerminal func()) {
	s, ok := (<-signals).(syscall.Signal)
	if !ok {
		s = syscall.SIGINT
	}
	cause := signalCause{s}
	cancel(cause)
	if a.interactive.Load() {
		return
	}
	select {
	case <-signals:
	case <-time.After(signalGrace):
	}
	restoreTerminal() // a password prompt had turned echo off
	fmt.Fprintln(a.stderr, "byline: "+cause.Error())
	os.Exit(cause.exitCode())
}

// terminalRestorer notes the terminal's settings now (through whichever
// of stdin, stdout and stderr is one), and returns what puts them back:
// a command cut short must not leave the user's shell without echo, as a
// password prompt or a raw-mode question would.
func terminalRestorer() func() {
	for _, fd := range []int{0, 1, 2} {
		if !term.IsTerminal(fd) {
			continue
		}
		if state, err := term.GetState(fd); err == nil {
			return func() { _ = term.Restore(fd, state) }
		}
	}
	return func() {}
}

// interrupted is the signal that ended a.ctx, if one did.
func (a *app) interrupted() (signalCause, bool) {
	var c signalCause
	ok := errors.As(context.Cause(a.ctx), &c)
	return c, ok
}

// globalFlags are accepted before or after any command.
func globalFlags(fs *pflag.FlagSet) {
	fs.String("data-dir", "", "where the store lives (default $XDG_DATA_HOME/byline)")
	fs.String("config", "", "config file (default $XDG_CONFIG_HOME/byline/config.toml)")
	fs.Bool("offline", false, "never touch the network")
	fs.BoolP("help", "h", false, "show help")
}

// globalWithValue are the global flags that take a separate value, so
// that the command word can be found among the arguments.
var globalWithValue = map[string]bool{"--data-dir": true, "--config": true}

// run is main without the exit: it returns the exit code.
func (a *app) run(args []string) int {
	if a.ctx == nil {
		a.ctx = context.Background()
	}
	err := a.dispatch(args)
	if c, ok := a.interrupted(); ok {
		// Whatever the command got done, it did not finish as asked.
		if !a.interactive.Load() {
			fmt.Fprintln(a.stderr, "byline: "+c.Error())
		}
		return c.exitCode()
	}
	if err == nil {
		return 0
	}
	if errors.Is(err, errSilent) {
		return 1
	}
	err = store.Explain(err) // byline's words, not SQLite's codes
	fmt.Fprintln(a.stderr, "byline: "+oneLine(err.Error()))
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(sanitizeLine(s)), " ")
}

func (a *app) dispatch(args []string) error {
	name, rest := splitCommand(args)
	switch name {
	case "help":
		// help takes the global flags as every command does: --config
		// says whose keys 'help keys' shows.
		fs := pflag.NewFlagSet("help", pflag.ContinueOnError)
		fs.SetOutput(io.Discard)
		globalFlags(fs)
		if err := fs.Parse(rest); err != nil {
			return usagef("help: %v; see 'byline help'", err)
		}
		return a.help(fs)
	case "version":
		fmt.Fprintf(a.stdout, "byline %s\n", version)
		return nil
	}
	var cmd *command
	if name == "" {
		cmd = readerCommand()
	} else if cmd = findCommand(name); cmd == nil {
		return usagef("unknown command %q; see 'byline help'", name)
	}
	fs := pflag.NewFlagSet(cmd.name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	globalFlags(fs)
	if name == "" {
		fs.Bool("version", false, "print the version")
	}
	if cmd.flags != nil {
		cmd.flags(fs)
	}
	parts, err := separateFilterWords(fs, rest)
	if err == nil {
		err = fs.Parse(parts)
	}
	if err != nil {
		err = flagValueError(err)
		if name == "" {
			return usagef("%v; see 'byline help'", err)
		}
		return usagef("%s: %v; see 'byline %s --help'", cmd.name, err, cmd.name)
	}
	if h, _ := fs.GetBool("help"); h {
		if name == "" {
			return a.help(pflag.NewFlagSet("help", pflag.ContinueOnError))
		}
		a.commandHelp(cmd, fs)
		return nil
	}
	if v, err := fs.GetBool("version"); err == nil && v {
		fmt.Fprintf(a.stdout, "byline %s\n", version)
		return nil
	}
	if err := a.setup(fs); err != nil {
		return err
	}
	if !cmd.draws {
		for _, w := range a.cfg.Warnings {
			fmt.Fprintln(a.stderr, "byline: warning: "+oneLine(w))
		}
	}
	return cmd.run(a, fs, fs.Args())
}

// flagValueError says in byline's words that a flag wants a number: from
// pflag's typed error, the flag and the value, not from its message.
func flagValueError(err error) error {
	var ive *pflag.InvalidValueError
	if !errors.As(err, &ive) {
		return err
	}
	what := ""
	switch ive.GetFlag().Value.Type() {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "count":
		what = "a whole number"
	case "float32", "float64":
		what = "a number"
	default:
		return err
	}
	return fmt.Errorf("--%s wants %s, not %q", ive.GetFlag().Name, what, ive.GetValue())
}

// splitCommand finds the command word among args (flags may come first)
// and returns it with the remaining arguments.
func splitCommand(args []string) (string, []string) {
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			return "", args
		}
		if strings.HasPrefix(arg, "-") && arg != "-" {
			if globalWithValue[arg] {
				i++
			}
			continue
		}
		rest := append(append([]string{}, args[:i]...), args[i+1:]...)
		return arg, rest
	}
	return "", args
}

// separateFilterWords moves words like -news (a filter's "not tagged
// news") behind "--", so the flag parser does not read them as shorthand
// flags; real flags, and their values, stay where they are.
func separateFilterWords(fs *pflag.FlagSet, args []string) ([]string, error) {
	var flags, words []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		switch {
		case arg == "--":
			words = append(words, args[i+1:]...)
			i = len(args)
		case strings.HasPrefix(arg, "--"):
			flags = append(flags, arg)
			name, _, hasValue := strings.Cut(arg[2:], "=")
			if f := fs.Lookup(name); f != nil && !hasValue && f.Value.Type() != "bool" {
				if i+1 == len(args) {
					return nil, fmt.Errorf("flag needs an argument: %s", arg)
				}
				i++
				flags = append(flags, args[i])
			}
		case len(arg) > 1 && arg[0] == '-':
			// -n and -n5 are flags; -news is a filter word even though -n is
			// a flag.
			f := fs.ShorthandLookup(arg[1:2])
			if f == nil || (len(arg) > 2 && (f.Value.Type() == "bool" || strings.Trim(arg[2:], "0123456789") != "")) {
				words = append(words, arg)
				continue
			}
			flags = append(flags, arg)
			if len(arg) == 2 && f.Value.Type() != "bool" {
				if i+1 == len(args) {
					return nil, fmt.Errorf("flag needs an argument: %s", arg)
				}
				i++
				flags = append(flags, args[i])
			}
		default:
			words = append(words, arg)
		}
	}
	return append(append(flags, "--"), words...), nil
}

// setup resolves the global flags and reads the config file.
func (a *app) setup(fs *pflag.FlagSet) error {
	a.dataDir, _ = fs.GetString("data-dir")
	if a.dataDir == "" {
		a.dataDir = xdgDir("XDG_DATA_HOME", filepath.Join(".local", "share"))
	}
	a.configPath, _ = fs.GetString("config")
	a.configGiven = a.configPath != ""
	if !a.configGiven {
		a.configPath = filepath.Join(xdgDir("XDG_CONFIG_HOME", ".config"), "config.toml")
	}
	cfg, err := config.Load(a.configPath, a.configGiven)
	if err != nil {
		return err
	}
	a.cfg = cfg
	off, _ := fs.GetBool("offline")
	a.offline = off || cfg.Offline
	return nil
}

func (a *app) storePath() string { return filepath.Join(a.dataDir, "byline.db") }

func (a *app) help(gfs *pflag.FlagSet) error {
	if args := gfs.Args(); len(args) > 0 {
		switch args[0] {
		case "keys":
			if err := a.setup(gfs); err != nil {
				return err
			}
			fmt.Fprint(a.stdout, keysHelp(a.cfg.KeyMap, a.cfg.Warnings))
			return nil
		case "config":
			fmt.Fprint(a.stdout, config.Sample)
			return nil
		}
		cmd := findCommand(args[0])
		if cmd == nil {
			return usagef("no help for %q: unknown command; see 'byline help'", args[0])
		}
		fs := pflag.NewFlagSet(cmd.name, pflag.ContinueOnError)
		globalFlags(fs)
		if cmd.flags != nil {
			cmd.flags(fs)
		}
		a.commandHelp(cmd, fs)
		return nil
	}
	var b strings.Builder
	b.WriteString("byline — a terminal article reader for feeds and Markdown folders\n\n")
	b.WriteString("Usage:\n")
	rows := [][2]string{{"byline [--no-refresh]", "open the reader"}}
	for _, c := range commands() {
		rows = append(rows, [2]string{"byline " + strings.TrimSpace(c.name+" "+c.args), c.summary})
	}
	rows = append(rows, [2]string{"byline help [COMMAND|keys|config]", "help on a command, the reader's keys, or the config file"},
		[2]string{"byline --version", ""})
	b.WriteString(columns(rows, 36))
	b.WriteString("\nReader flags:\n")
	rfs := pflag.NewFlagSet("byline", pflag.ContinueOnError)
	readerCommand().flags(rfs)
	b.WriteString(rfs.FlagUsages())
	b.WriteString("\nGlobal flags (before or after the command):\n")
	fs := pflag.NewFlagSet("byline", pflag.ContinueOnError)
	globalFlags(fs)
	b.WriteString(fs.FlagUsages())
	b.WriteString("\nFiles:\n  store:    $XDG_DATA_HOME/byline/byline.db (~/.local/share/byline/byline.db)\n")
	b.WriteString("  config:   $XDG_CONFIG_HOME/byline/config.toml (~/.config/byline/config.toml)\n")
	b.WriteString("  pictures: $XDG_CACHE_HOME/byline/images (~/.cache/byline/images; bounded by image_cache_mb)\n")
	fmt.Fprint(a.stdout, b.String())
	return nil
}

// columns writes rows of two columns, indented by two, the second column
// lined up; a first column wider than most puts its second on the next
// line, so that one long entry does not push every other one right.
func columns(rows [][2]string, most int) string {
	w := 0
	for _, r := range rows {
		if n := utf8.RuneCountInString(r[0]); n <= most {
			w = max(w, n)
		}
	}
	var b strings.Builder
	for _, r := range rows {
		n := utf8.RuneCountInString(r[0])
		switch {
		case r[1] == "":
			fmt.Fprintf(&b, "  %s\n", r[0])
		case n > most:
			fmt.Fprintf(&b, "  %s\n  %s  %s\n", r[0], strings.Repeat(" ", w), r[1])
		default:
			fmt.Fprintf(&b, "  %s%s  %s\n", r[0], strings.Repeat(" ", w-n), r[1])
		}
	}
	return b.String()
}

func (a *app) commandHelp(cmd *command, fs *pflag.FlagSet) {
	fmt.Fprintf(a.stdout, "Usage: byline %s\n\n%s\n", strings.TrimSpace(cmd.name+" [flags] "+cmd.args), cmd.summary)
	if cmd.detail != "" {
		fmt.Fprintf(a.stdout, "\n%s\n", strings.TrimSpace(cmd.detail))
	}
	fmt.Fprintf(a.stdout, "\nFlags:\n%s", fs.FlagUsages())
}

// xdgDir returns $VAR/byline, else ~/fallback/byline.
func xdgDir(env, fallback string) string {
	if d := os.Getenv(env); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "byline")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "byline")
	}
	return filepath.Join(home, fallback, "byline")
}
