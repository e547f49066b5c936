package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"github.com/byline/byline/ui/meta"
	"net"
	"net/url"
	"os"
	"os/exec"
	"strings"

	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/library"
	"github.com/byline/byline/store"
	"github.com/spf13/pflag"
	"golang.org/x/term"
)

func syncCommand() *command {
	return &command{
		name: "sync", args: "[login URL --user NAME | status | logout]",
		summary: "sync read and starred state with a Google Reader API server (Miniflux, FreshRSS)",
		detail: `byline sync login URL --user NAME   log in (the password comes from $BYLINE_SYNC_PASSWORD,
                                    [sync] password_command, or a prompt); only the session is kept
byline sync                         push queued read/starred changes, then pull subscriptions,
                                    new items and state
byline sync status                  server, last sync, queued changes, last error
byline sync logout                  forget the server (remote sources and their articles stay)

URL is the server's Google Reader API root: https://HOST/api/greader.php for FreshRSS,
https://HOST for Miniflux.`,
		flags: func(fs *pflag.FlagSet) {
			fs.String("user", "", "the user name (sync login)")
			fs.String("api", "greader", "the server's API (sync login): greader (Miniflux, FreshRSS, …) or miniflux (Miniflux's own)")
			fs.BoolP("quiet", "q", false, "print nothing but errors")
		},
		run: runSync,
	}
}

func runSync(a *app, fs *pflag.FlagSet, args []string) error {
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := a.ctx
	sub := ""
	if len(args) > 0 {
		sub = args[0]
	}
	switch sub {
	case "login":
		if len(args) == 1 && a.cfg.Sync.URL != "" {
			args = append(args, a.cfg.Sync.URL)
		}
		if len(args) != 2 {
			return usagef("sync login: give the server's URL (or url in the config's [sync] table), and --user NAME")
		}
		user, _ := fs.GetString("user")
		if user == "" {
			user = a.cfg.Sync.User
		}
		if user == "" {
			return usagef("sync login: give --user NAME (or user in the config's [sync] table)")
		}
		api, _ := fs.GetString("api")
		if api != library.APIGoogleReader && api != library.APIMiniflux {
			return usagef("sync login: --api is greader or miniflux, not %q", api)
		}
		return a.syncLogin(ctx, st, args[1], user, api)
	case "status":
		acct, err := st.SyncAccount(ctx)
		if err != nil {
			return err
		}
		queued, err := st.QueuedChanges(ctx)
		if err != nil {
			return err
		}
		last := "never"
		if !acct.LastSync.IsZero() {
			last = acct.LastSync.Local().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(a.stdout, "server:  %s (as %s)\nlast sync: %s\nqueued changes: %d\n", library.DisplayURL(acct.URL), sanitize.Line(acct.User), last, len(queued))
		if acct.LastError != "" {
			fmt.Fprintf(a.stdout, "last error: %s\n", sanitize.Line(acct.LastError))
		}
		return nil
	case "logout":
		if err := st.DeleteSyncAccount(ctx); err != nil {
			return err
		}
		fmt.Fprintln(a.stdout, "Logged out. Remote sources and their articles stay; queued changes wait for the next login.")
		return nil
	case "":
		if a.offline {
			return fmt.Errorf("sync needs the network; it is off (--offline or offline = true)")
		}
		res, err := a.libraryWith(st, nil).Sync(ctx)
		if err != nil {
			return err
		}
		if quiet, _ := fs.GetBool("quiet"); !quiet {
			fmt.Fprintf(a.stdout, "Synced: %s pushed, %s, %s from the server, %s.\n",
				meta.Plural(res.Pushed, "change", "changes"), meta.Plural(res.Added, "new article", "new articles"),
				meta.Plural(res.Changed, "state change", "state changes"), meta.Plural(res.Sources, "source", "sources"))
		}
		return nil
	}
	return usagef("sync: unknown subcommand %q; see 'byline sync --help'", sub)
}

func (a *app) syncLogin(ctx context.Context, st *store.Store, rawURL, user, api string) error {
	if err := checkSyncURL(rawURL); err != nil {
		return err
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usagef("sync login: %q is not an http(s) URL", rawURL)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		fmt.Fprintln(a.stderr, "byline: warning: plain http to a server that is not on this machine sends your password and session unencrypted")
	}
	password, err := a.syncPassword(user, true)
	if err != nil {
		return err
	}
	acct, err := a.libraryWith(st, nil).Login(ctx, api, rawURL, user, password)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Logged in to %s as %s. 'byline sync' syncs now.\n", library.DisplayURL(acct.URL), sanitize.Line(user))
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// syncPassword reads the password from $BYLINE_SYNC_PASSWORD, the
// configured password_command (run without a shell), or, when asked to
// and on a terminal, a prompt. It is never stored.
func (a *app) syncPassword(user string, prompt bool) (string, error) {
	if pw := os.Getenv("BYLINE_SYNC_PASSWORD"); pw != "" {
		return pw, nil
	}
	if cmdline, err := passwordCommandWords(a.cfg.Sync.PasswordCommand); err != nil {
		return "", err
	} else if len(cmdline) > 0 {
		out, err := exec.Command(cmdline[0], cmdline[1:]...).Output()
		if err != nil {
			return "", fmt.Errorf("password_command: %w", err)
		}
		return strings.TrimRight(string(out), "\r\n"), nil
	}
	if !prompt {
		return "", errors.New("the server ended the session and no password is at hand; run 'byline sync login' again (or set password_command)")
	}
	if f, ok := a.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(a.stderr, "Password for %s: ", sanitize.Line(user))
		pw, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.stderr)
		return string(pw), err
	}
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password: set BYLINE_SYNC_PASSWORD, password_command in [sync], or type it at the prompt")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
