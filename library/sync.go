package library

import (
	"context"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/remote"
	"github.com/byline/byline/store"
)

// The sync servers' APIs, as 'byline sync login --api' names them.
const (
	APIGoogleReader = remote.APIGoogleReader
	APIMiniflux     = remote.APIMiniflux
)

// Synced counts what a sync did.
type Synced = remote.Result

// Sync pushes the queued read and starred changes and pulls the server's
// subscriptions, new items and state.
func (l *Library) Sync(ctx context.Context) (Synced, error) {
	if l.syncer == nil {
		return Synced{}, ErrOffline
	}
	return l.syncer.Sync(ctx)
}

// Login logs in to a sync server with a password, which is not kept.
func (l *Library) Login(ctx context.Context, api, rawURL, user, password string) (store.SyncAccount, error) {
	if l.syncer == nil {
		return store.SyncAccount{}, ErrOffline
	}
	return l.syncer.Login(ctx, api, rawURL, user, password)
}

// Remove removes a source and its articles; a source followed on the sync
// server is unsubscribed there first (which needs the network).
func (l *Library) Remove(ctx context.Context, src store.Source) error {
	if feed.Kind(src.Kind) == feed.KindRemote {
		if l.syncer == nil {
			return ErrOffline
		}
		if err := l.syncer.Unsubscribe(ctx, src); err != nil {
			return err
		}
	}
	return l.Store.RemoveSource(ctx, src.ID)
}

// DisplayURL is a server URL as shown to the user, without credentials.
func DisplayURL(rawURL string) string { return remote.DisplayURL(rawURL) }
