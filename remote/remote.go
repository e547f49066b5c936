// Package remote syncs read and starred state, subscriptions and items with
// a server that several devices share (Miniflux, FreshRSS). A Backend speaks
// one API; the Syncer runs a sync over any backend, keeping the store's
// queue of local changes until the server has accepted them.
//
// It sits above feed and store and below the CLI and the UI, which both
// call it. It imports no UI library and not refresh.
package remote

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/store"
)

// APIs are the server APIs byline speaks.
const (
	APIGoogleReader = "greader"  // Miniflux, FreshRSS and others
	APIMiniflux     = "miniflux" // Miniflux's own API
)

// ErrUnauthorized means the server no longer accepts the stored session.
var ErrUnauthorized = errors.New("the server refused the session")

// Backend is one server API.
type Backend interface {
	// Login exchanges a password for a session token, which the next
	// sessions use; the password is not kept.
	Login(ctx context.Context, user, password string) (token string, err error)
	// Subscribe follows a feed; Unsubscribe stops following a remote source
	// (its Location is "remote:" and the server's id).
	Subscribe(ctx context.Context, feedURL, title, category string) error
	Unsubscribe(ctx context.Context, remoteID string) error
	// Pull reads subscriptions, the items the store does not have yet,
	// and the server's state of items (all of them, or those changed since
	// the last sync).
	Pull(ctx context.Context, since time.Time, known map[int64]bool) (Pulled, error)
	// Push sets one field of items on the server.
	Push(ctx context.Context, field store.Field, value bool, remoteIDs []int64) error
}

// Pulled is what a backend read from the server.
type Pulled struct {
	Sources []store.RemoteSource
	// Items are new articles by the RemoteID of their source.
	Items  map[string][]feed.Article
	States []store.ServerState
}

// Syncer syncs the store with the account's server.
type Syncer struct {
	Store     *store.Store
	HTTP      *http.Client
	UserAgent string
	// Password returns the password to renew a session the server ended;
	// nil (or an error) when none is at hand.
	Password func(user string) (string, error)
	// newBackend is replaced in tests.
	newBackend func(acct store.SyncAccount) (Backend, error)
}

// Result counts what a sync did.
type Result struct {
	Pushed, Added, Changed, Sources int
}

// Backend returns the backend for an API at a URL, with a session token.
func (s *Syncer) Backend(api, rawURL, token string) (Backend, error) {
	if s.newBackend != nil {
		return s.newBackend(store.SyncAccount{API: api, URL: rawURL, Token: token})
	}
	switch api {
	case APIGoogleReader:
		return newGReader(rawURL, s.HTTP, s.UserAgent, token), nil
	case APIMiniflux:
		return newMiniflux(rawURL, s.HTTP, s.UserAgent, token), nil
	}
	return nil, fmt.Errorf("unknown sync API %q (greader or miniflux)", api)
}

// Login logs in to a server and saves the account and its session.
func (s *Syncer) Login(ctx context.Context, api, rawURL, user, password string) (store.SyncAccount, error) {
	b, err := s.Backend(api, rawURL, "")
	if err != nil {
		return store.SyncAccount{}, err
	}
	token, err := b.Login(ctx, user, password)
	if err != nil {
		return store.SyncAccount{}, err
	}
	acct := store.SyncAccount{API: api, URL: strings.TrimRight(rawURL, "/"), User: user, Token: token}
	return acct, s.Store.SetSyncAccount(ctx, acct)
}

// session is a backend logged in with the stored session, which it renews
// once when the server refuses it and a password is at hand.
type session struct {
	s       *Syncer
	acct    store.SyncAccount
	b       Backend
	renewed bool
}

func (s *Syncer) open(ctx context.Context) (*session, error) {
	acct, err := s.Store.SyncAccount(ctx)
	if err != nil {
		return nil, err
	}
	b, err := s.Backend(acct.API, acct.URL, acct.Token)
	if err != nil {
		return nil, err
	}
	return &session{s: s, acct: acct, b: b}, nil
}

func (se *session) call(ctx context.Context, fn func() error) error {
	err := fn()
	if !errors.Is(err, ErrUnauthorized) || se.renewed {
		return err
	}
	se.renewed = true
	if se.s.Password == nil {
		return fmt.Errorf("%w; run 'byline sync login' again", err)
	}
	pw, perr := se.s.Password(se.acct.User)
	if perr != nil {
		return perr
	}
	token, lerr := se.b.Login(ctx, se.acct.User, pw)
	if lerr != nil {
		return lerr
	}
	if serr := se.s.Store.SetSyncToken(ctx, token); serr != nil {
		return serr
	}
	return fn()
}

// Sync pulls the server's subscriptions, new items and state, lets the
// latest change of each field win against the local queue (see
// store.ApplyServerState), then pushes what is left of the queue. A queued
// change leaves the queue only once the server has accepted it, so a
// network failure at any point loses nothing.
func (s *Syncer) Sync(ctx context.Context) (Result, error) {
	var res Result
	se, err := s.open(ctx)
	if err != nil {
		return res, err
	}
	started := time.Now()
	fail := func(err error) (Result, error) {
		s.Store.RecordSync(context.WithoutCancel(ctx), time.Now(), err.Error())
		return res, fmt.Errorf("sync with %s: %w (queued changes are kept)", DisplayURL(se.acct.URL), err)
	}
	known, err := s.Store.RemoteArticleIDs(ctx)
	if err != nil {
		return res, err
	}
	since := time.Time{}
	if !se.acct.LastSync.IsZero() {
		since = se.acct.LastSync.Add(-time.Minute) // clocks and second rounding
	}
	var p Pulled
	if err := se.call(ctx, func() (err error) { p, err = se.b.Pull(ctx, since, known); return }); err != nil {
		return fail(err)
	}
	sourceOf, err := s.Store.SetRemoteSources(ctx, p.Sources)
	if err != nil {
		return res, err
	}
	res.Sources = len(sourceOf)
	for rid, arts := range p.Items {
		src, ok := sourceOf[rid]
		if !ok {
			continue // an item of a feed the account no longer follows
		}
		stats, err := s.Store.SaveArticles(ctx, src, arts, started)
		if err != nil {
			return res, err
		}
		res.Added += stats.New
	}
	if res.Changed, err = s.Store.ApplyServerState(ctx, p.States); err != nil {
		return res, err
	}

	// Push: one request per (field, value), many ids each.
	queued, err := s.Store.QueuedChanges(ctx)
	if err != nil {
		return res, err
	}
	for _, f := range []store.Field{store.FieldRead, store.FieldStarred} {
		for _, value := range []bool{true, false} {
			var ids []int64
			var done []store.QueuedChange
			for _, q := range queued {
				if store.Field(q.Field) == f && q.Value == value {
					ids, done = append(ids, q.RemoteID), append(done, q)
				}
			}
			if len(ids) == 0 {
				continue
			}
			if err := se.call(ctx, func() error { return se.b.Push(ctx, f, value, ids) }); err != nil {
				return fail(err)
			}
			if err := s.Store.Dequeue(ctx, done); err != nil {
				return res, err
			}
			res.Pushed += len(done)
		}
	}
	return res, s.Store.RecordSync(ctx, started, "")
}

// Subscribe follows a feed on the server, then syncs so that it arrives.
func (s *Syncer) Subscribe(ctx context.Context, feedURL, title string, tags []string) (Result, error) {
	se, err := s.open(ctx)
	if err != nil {
		return Result{}, err
	}
	category := ""
	if len(tags) > 0 {
		category = tags[0] // the API has one category per feed on some servers
	}
	if err := se.call(ctx, func() error { return se.b.Subscribe(ctx, feedURL, title, category) }); err != nil {
		return Result{}, fmt.Errorf("subscribe on %s: %w", DisplayURL(se.acct.URL), err)
	}
	return s.Sync(ctx)
}

// Unsubscribe stops following a remote source on the server.
func (s *Syncer) Unsubscribe(ctx context.Context, src store.Source) error {
	se, err := s.open(ctx)
	if err != nil {
		return err
	}
	remoteID := strings.TrimPrefix(src.Location, "remote:")
	if err := se.call(ctx, func() error { return se.b.Unsubscribe(ctx, remoteID) }); err != nil {
		return fmt.Errorf("unsubscribe on %s: %w", DisplayURL(se.acct.URL), err)
	}
	return nil
}

// newArticle is a server item as an article: the one place the sync
// backends turn items into articles.
func newArticle(guid string, remoteID int64, title, link, author string, published time.Time, tags []string, content string) feed.Article {
	return feed.NewArticle(feed.Article{
		GUID: guid, RemoteID: remoteID, Title: title, Link: link, Author: author,
		Published: published, Tags: tags, Content: content, Format: feed.FormatHTML,
	})
}

// DisplayURL is a server URL as shown to the user: credentials in it (an
// account stored before they were refused) stay out of sight.
func DisplayURL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.User == nil {
		return sanitize.Line(rawURL)
	}
	u.User = nil
	return sanitize.Line(u.String())
}
