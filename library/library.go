// Package library holds byline's use cases — refresh everything, add a
// source, build an article's page — each written once, as one function
// that the command line (package main) and the reader (ui) both call, so
// that `byline refresh` and R, `byline add` and the reader's add, cannot
// come to differ.
//
// It sits above the engines (refresh, remote), feed and store, and below
// main and ui: it never imports Bubble Tea, Lipgloss, Glamour or ui. What
// it returns is data; each caller says it in its own way (lines on
// stdout, a status line).
package library

import (
	"context"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/imagecache"
	"github.com/byline/byline/refresh"
	"github.com/byline/byline/remote"
	"github.com/byline/byline/store"
)

// Library is one store with the engines that fill it, as the user
// configured them.
type Library struct {
	Store *store.Store
	// refresher reads the sources (and keeps pictures when it has an
	// image cache); the engines are reached only through the use cases.
	refresher *refresh.Refresher
	// syncer syncs with the server when there is an account; nil offline.
	syncer    *remote.Syncer
	retention store.Retention
	images    *imagecache.Cache
	now       func() time.Time
}

// Options say how to build a Library.
type Options struct {
	Store *store.Store
	// Fetcher gets URLs; nil or Offline: only local sources are read.
	Fetcher *feed.Fetcher
	Offline bool
	// Concurrency and PerHost bound the requests in flight (0: the
	// refresher's defaults).
	Concurrency, PerHost int
	// Images, when set, keeps pictures for offline reading: those of
	// full-text sources' new articles and of starred articles.
	Images    *imagecache.Cache
	Retention store.Retention
	// UserAgent and Password are the sync's: Password gives the account's
	// password when the server ended the session (nil: none at hand).
	UserAgent string
	Password  func(user string) (string, error)
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// New builds the library's engines.
func New(o Options) *Library {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	r := &refresh.Refresher{Store: o.Store, Concurrency: o.Concurrency, PerHost: o.PerHost, Offline: o.Offline, Images: o.Images, Now: now}
	l := &Library{Store: o.Store, refresher: r, retention: o.Retention, images: o.Images, now: now}
	if !o.Offline && o.Fetcher != nil {
		r.Fetcher = o.Fetcher
		l.syncer = &remote.Syncer{Store: o.Store, HTTP: o.Fetcher.Client, UserAgent: o.UserAgent, Password: o.Password}
	}
	return l
}

// Offline reports whether the network is off for this library.
func (l *Library) Offline() bool { return l.refresher.Offline || l.refresher.Fetcher == nil }

// syncing reports whether a refresh of everything ends with a sync: there
// is an account and the network is on.
func (l *Library) syncing(ctx context.Context) bool {
	if l.syncer == nil || l.Offline() {
		return false
	}
	_, err := l.Store.SyncAccount(ctx)
	return err == nil
}
