package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/greader"
	"github.com/byline/byline/feed/miniflux"
	"github.com/byline/byline/feed/sanitize"
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
	ctx := context.Background()
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
		if api != "greader" && api != "miniflux" {
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
		fmt.Fprintf(a.stdout, "server:  %s (as %s)\nlast sync: %s\nqueued changes: %d\n", sanitize.Line(acct.URL), sanitize.Line(acct.User), last, len(queued))
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
		res, err := a.syncNow(ctx, st)
		if err != nil {
			return err
		}
		if quiet, _ := fs.GetBool("quiet"); !quiet {
			fmt.Fprintf(a.stdout, "Synced: %d changes pushed, %d new articles, %d state changes from the server, %d sources.\n",
				res.pushed, res.added, res.changed, res.sources)
		}
		return nil
	}
	return usagef("sync: unknown subcommand %q; see 'byline sync --help'", sub)
}

func (a *app) syncHTTP() *http.Client {
	timeout := time.Duration(a.cfg.FetchTimeout * float64(time.Second))
	return feed.NewFetcher(userAgent(), timeout).Client
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
	acct := store.SyncAccount{API: api, User: user}
	if api == "miniflux" {
		c := miniflux.New(rawURL, a.syncHTTP(), userAgent())
		if err := c.Login(ctx, user, password); err != nil {
			return err
		}
		acct.URL, acct.Token = c.Base, c.Token
	} else {
		c := greader.New(rawURL, a.syncHTTP(), userAgent())
		if err := c.Login(ctx, user, password); err != nil {
			return err
		}
		acct.URL, acct.Token = c.Base, c.Auth
	}
	if err := st.SetSyncAccount(ctx, acct); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Logged in to %s as %s. 'byline sync' syncs now.\n", sanitize.Line(acct.URL), sanitize.Line(user))
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
			return "", fmt.Errorf("password_command: %v", err)
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

type syncResult struct {
	pushed, added, changed, sources int
}

// syncNow pushes queued changes, then pulls subscriptions, new items and
// state. The queue is only emptied of what the server accepted, so a
// network failure loses nothing; a refused session is renewed once when a
// password is at hand.
// syncSession is a client logged in with the stored session, which it
// renews once when the server refuses it.
type syncSession struct {
	a       *app
	st      *store.Store
	acct    store.SyncAccount
	c       *greader.Client
	renewed bool
}

func (a *app) newSyncSession(ctx context.Context, st *store.Store) (*syncSession, error) {
	acct, err := st.SyncAccount(ctx)
	if err != nil {
		return nil, err
	}
	c := greader.New(acct.URL, a.syncHTTP(), userAgent())
	c.Auth = acct.Token
	return &syncSession{a: a, st: st, acct: acct, c: c}, nil
}

func (s *syncSession) call(ctx context.Context, fn func() error) error {
	err := fn()
	if errors.Is(err, greader.ErrUnauthorized) && !s.renewed {
		s.renewed = true
		pw, perr := s.a.syncPassword(s.acct.User, false)
		if perr != nil {
			return perr
		}
		if lerr := s.c.Login(ctx, s.acct.User, pw); lerr != nil {
			return lerr
		}
		if serr := s.st.SetSyncToken(ctx, s.c.Auth); serr != nil {
			return serr
		}
		err = fn()
	}
	return err
}

func (a *app) syncNow(ctx context.Context, st *store.Store) (syncResult, error) {
	var res syncResult
	sess, err := a.newSyncSession(ctx, st)
	if err != nil {
		return res, err
	}
	if sess.acct.API == "miniflux" {
		return a.syncMiniflux(ctx, st, sess.acct)
	}
	acct, c := sess.acct, sess.c
	call := func(fn func() error) error { return sess.call(ctx, fn) }
	fail := func(err error) (syncResult, error) {
		st.RecordSync(context.WithoutCancel(ctx), time.Now(), err.Error())
		return res, fmt.Errorf("sync with %s: %w (queued changes are kept)", sanitize.Line(acct.URL), err)
	}

	// Push: one request per (field, value), many ids each.
	queued, err := st.QueuedChanges(ctx)
	if err != nil {
		return res, err
	}
	groups := map[string][]store.QueuedChange{}
	for _, q := range queued {
		k := fmt.Sprintf("%s=%v", q.Field, q.Value)
		groups[k] = append(groups[k], q)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		g := groups[k]
		tag := greader.Read
		if g[0].Field == "starred" {
			tag = greader.Starred
		}
		add, remove := tag, ""
		if !g[0].Value {
			add, remove = "", tag
		}
		ids := make([]int64, len(g))
		for i, q := range g {
			ids[i] = q.RemoteID
		}
		if err := call(func() error { return c.EditTag(ctx, ids, add, remove) }); err != nil {
			return fail(err)
		}
		if err := st.Dequeue(ctx, g); err != nil {
			return res, err
		}
		res.pushed += len(g)
	}

	// Pull subscriptions.
	var subs []greader.Subscription
	if err := call(func() (err error) { subs, err = c.Subscriptions(ctx); return }); err != nil {
		return fail(err)
	}
	remote := make([]store.RemoteSource, 0, len(subs))
	for _, s := range subs {
		remote = append(remote, store.RemoteSource{RemoteID: s.ID, Title: sanitize.Line(s.Title), URL: s.URL, SiteURL: s.HTMLURL, Tags: s.Categories})
	}
	sourceOf, err := st.SetRemoteSources(ctx, remote)
	if err != nil {
		return res, err
	}
	res.sources = len(sourceOf)

	// Pull state as sets, and every item id, so that nothing depends on
	// dates or on continuations being stable.
	var unread, starred, all []int64
	for _, q := range []struct {
		dst              *[]int64
		stream, excluded string
	}{{&unread, greader.ReadingList, greader.Read}, {&starred, greader.Starred, ""}, {&all, greader.ReadingList, ""}} {
		if err := call(func() (err error) { *q.dst, err = c.ItemIDs(ctx, q.stream, q.excluded); return }); err != nil {
			return fail(err)
		}
	}
	known, err := st.RemoteArticleIDs(ctx)
	if err != nil {
		return res, err
	}
	var missing []int64
	seen := map[int64]bool{}
	for _, list := range [][]int64{unread, starred, all} {
		for _, id := range list {
			if !known[id] && !seen[id] {
				seen[id] = true
				missing = append(missing, id)
			}
		}
	}
	var items []greader.Item
	if err := call(func() (err error) { items, err = c.Contents(ctx, missing); return }); err != nil {
		return fail(err)
	}
	bySource := map[int64][]feed.Article{}
	now := time.Now()
	for _, it := range items {
		src, ok := sourceOf[it.StreamID]
		if !ok {
			continue // an item of a feed the account no longer follows
		}
		content := it.Content
		if strings.TrimSpace(content) == "" {
			content = it.Summary
		}
		art := feed.Article{
			GUID: greader.LongID(it.ID), RemoteID: it.ID, Title: feed.PlainText(it.Title), Link: sanitize.Line(it.Link),
			Author: sanitize.Line(it.Author), Published: it.Published, Tags: it.Categories, Content: content, Format: feed.FormatHTML,
		}
		art.Text = feed.PlainText(content)
		art.Summary = feed.Excerpt(art.Text, 300)
		if art.Title == "" {
			art.Title = feed.Excerpt(art.Text, 80)
		}
		bySource[src] = append(bySource[src], art)
	}
	for src, arts := range bySource {
		stats, err := st.SaveArticles(ctx, src, arts, now)
		if err != nil {
			return res, err
		}
		res.added += stats.New
	}
	toSet := func(ids []int64) map[int64]bool {
		m := make(map[int64]bool, len(ids))
		for _, id := range ids {
			m[id] = true
		}
		return m
	}
	if res.changed, err = st.ApplyRemoteState(ctx, toSet(unread), toSet(starred)); err != nil {
		return res, err
	}
	return res, st.RecordSync(ctx, time.Now(), "")
}

// subscribeRemote follows a feed on the server, then syncs so it arrives.
func (a *app) subscribeRemote(ctx context.Context, st *store.Store, feedURL, title string, tags []string) error {
	sess, err := a.newSyncSession(ctx, st)
	if err != nil {
		return err
	}
	category := ""
	if len(tags) > 0 {
		category = tags[0] // the API has one category per feed on some servers
	}
	subscribe := func() error { return sess.c.Subscribe(ctx, feedURL, title, category) }
	if sess.acct.API == "miniflux" {
		mc := a.minifluxClient(sess.acct)
		subscribe = func() error { _, err := mc.Subscribe(ctx, feedURL); return err }
	}
	if err := sess.call(ctx, subscribe); err != nil {
		return fmt.Errorf("subscribe on %s: %w", sanitize.Line(sess.acct.URL), err)
	}
	res, err := a.syncNow(ctx, st)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Subscribed on %s: %s (%d new articles).\n", sanitize.Line(sess.acct.URL), sanitize.Line(feedURL), res.added)
	return nil
}

// unsubscribeRemote stops following a remote source on the server.
func (a *app) unsubscribeRemote(ctx context.Context, st *store.Store, src store.Source) error {
	sess, err := a.newSyncSession(ctx, st)
	if err != nil {
		return err
	}
	remoteID := strings.TrimPrefix(src.Location, "remote:")
	unsubscribe := func() error { return sess.c.Unsubscribe(ctx, remoteID) }
	if sess.acct.API == "miniflux" {
		id, perr := strconv.ParseInt(strings.TrimPrefix(remoteID, "feed/"), 10, 64)
		if perr != nil {
			return fmt.Errorf("remote source %q: not a Miniflux feed", remoteID)
		}
		mc := a.minifluxClient(sess.acct)
		unsubscribe = func() error { return mc.Unsubscribe(ctx, id) }
	}
	if err := sess.call(ctx, unsubscribe); err != nil {
		return fmt.Errorf("unsubscribe on %s: %w", sanitize.Line(sess.acct.URL), err)
	}
	return nil
}

func (a *app) minifluxClient(acct store.SyncAccount) *miniflux.Client {
	c := miniflux.New(acct.URL, a.syncHTTP(), userAgent())
	c.Token = acct.Token
	return c
}

// syncMiniflux syncs through Miniflux's own API, whose entries carry real
// change times: it pulls what changed since the last sync, lets the latest
// change win against the queue, pushes what is left of the queue, and
// stores new entries.
func (a *app) syncMiniflux(ctx context.Context, st *store.Store, acct store.SyncAccount) (syncResult, error) {
	var res syncResult
	c := a.minifluxClient(acct)
	fail := func(err error) (syncResult, error) {
		if errors.Is(err, miniflux.ErrUnauthorized) {
			err = errors.New("the server refused the API key; run 'byline sync login' again")
		}
		st.RecordSync(context.WithoutCancel(ctx), time.Now(), err.Error())
		return res, fmt.Errorf("sync with %s: %w (queued changes are kept)", sanitize.Line(acct.URL), err)
	}
	started := time.Now()
	feeds, err := c.Feeds(ctx)
	if err != nil {
		return fail(err)
	}
	since := time.Time{}
	if !acct.LastSync.IsZero() {
		since = acct.LastSync.Add(-time.Minute) // clocks and second rounding
	}
	entries, err := c.EntriesChangedAfter(ctx, since)
	if err != nil {
		return fail(err)
	}
	remote := make([]store.RemoteSource, 0, len(feeds))
	for _, f := range feeds {
		var tags []string
		if f.Category != "" {
			tags = []string{f.Category}
		}
		remote = append(remote, store.RemoteSource{RemoteID: fmt.Sprintf("feed/%d", f.ID), Title: sanitize.Line(f.Title), URL: f.URL, SiteURL: f.SiteURL, Tags: tags})
	}
	sourceOf, err := st.SetRemoteSources(ctx, remote)
	if err != nil {
		return res, err
	}
	res.sources = len(sourceOf)

	known, err := st.RemoteArticleIDs(ctx)
	if err != nil {
		return res, err
	}
	bySource := map[int64][]feed.Article{}
	var changes []store.RemoteChange
	for _, e := range entries {
		if known[e.ID] {
			changes = append(changes, store.RemoteChange{RemoteID: e.ID, Read: e.Read, Starred: e.Starred, Changed: e.Changed})
			continue
		}
		src, ok := sourceOf[fmt.Sprintf("feed/%d", e.FeedID)]
		if !ok {
			continue
		}
		art := feed.Article{GUID: fmt.Sprintf("miniflux:%d", e.ID), RemoteID: e.ID, Title: feed.PlainText(e.Title), Link: sanitize.Line(e.URL),
			Author: sanitize.Line(e.Author), Published: e.Published, Tags: e.Tags, Content: e.Content, Format: feed.FormatHTML}
		art.Text = feed.PlainText(e.Content)
		art.Summary = feed.Excerpt(art.Text, 300)
		if art.Title == "" {
			art.Title = feed.Excerpt(art.Text, 80)
		}
		bySource[src] = append(bySource[src], art)
		changes = append(changes, store.RemoteChange{RemoteID: e.ID, Read: e.Read, Starred: e.Starred, Changed: e.Changed})
	}
	for src, arts := range bySource {
		stats, err := st.SaveArticles(ctx, src, arts, started)
		if err != nil {
			return res, err
		}
		res.added += stats.New
	}
	if res.changed, err = st.ApplyRemoteChanges(ctx, changes); err != nil {
		return res, err
	}

	// Push what the server's changes did not override.
	queued, err := st.QueuedChanges(ctx)
	if err != nil {
		return res, err
	}
	for _, read := range []bool{true, false} {
		var ids []int64
		var done []store.QueuedChange
		for _, q := range queued {
			if q.Field == "read" && q.Value == read {
				ids, done = append(ids, q.RemoteID), append(done, q)
			}
		}
		if len(ids) == 0 {
			continue
		}
		if err := c.SetStatus(ctx, ids, read); err != nil {
			return fail(err)
		}
		if err := st.Dequeue(ctx, done); err != nil {
			return res, err
		}
		res.pushed += len(done)
	}
	for _, q := range queued {
		if q.Field != "starred" {
			continue
		}
		if err := c.SetStarred(ctx, q.RemoteID, q.Value); err != nil {
			return fail(err)
		}
		if err := st.Dequeue(ctx, []store.QueuedChange{q}); err != nil {
			return res, err
		}
		res.pushed++
	}
	return res, st.RecordSync(ctx, started, "")
}
