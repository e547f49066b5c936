package remote

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/miniflux"
	"github.com/byline/byline/store"
)

// minifluxAPI is Miniflux's own API, whose entries carry when they last
// changed: a sync reads only what changed since the last one.
type minifluxAPI struct{ c *miniflux.Client }

func newMiniflux(rawURL string, hc *http.Client, userAgent, token string) *minifluxAPI {
	c := miniflux.New(rawURL, hc, userAgent)
	c.Token = token
	return &minifluxAPI{c: c}
}

func minifluxErr(err error) error {
	if errors.Is(err, miniflux.ErrUnauthorized) {
		return errors.Join(ErrUnauthorized, err)
	}
	return err
}

func (m *minifluxAPI) Login(ctx context.Context, user, password string) (string, error) {
	if err := m.c.Login(ctx, user, password); err != nil {
		return "", err
	}
	return m.c.Token, nil
}

func (m *minifluxAPI) Subscribe(ctx context.Context, feedURL, _, _ string) error {
	_, err := m.c.Subscribe(ctx, feedURL)
	return minifluxErr(err)
}

func (m *minifluxAPI) Unsubscribe(ctx context.Context, remoteID string) error {
	id, err := strconv.ParseInt(strings.TrimPrefix(remoteID, "feed/"), 10, 64)
	if err != nil {
		return fmt.Errorf("remote source %q: not a Miniflux feed", remoteID)
	}
	return minifluxErr(m.c.Unsubscribe(ctx, id))
}

func (m *minifluxAPI) Push(ctx context.Context, f store.Field, value bool, ids []int64) error {
	if f == store.FieldRead {
		return minifluxErr(m.c.SetStatus(ctx, ids, value))
	}
	for _, id := range ids {
		if err := m.c.SetStarred(ctx, id, value); err != nil {
			return minifluxErr(err)
		}
	}
	return nil
}

func (m *minifluxAPI) Pull(ctx context.Context, since time.Time, known map[int64]bool) (Pulled, error) {
	var p Pulled
	feeds, err := m.c.Feeds(ctx)
	if err != nil {
		return p, minifluxErr(err)
	}
	entries, err := m.c.EntriesChangedAfter(ctx, since)
	if err != nil {
		return p, minifluxErr(err)
	}
	for _, f := range feeds {
		var tags []string
		if f.Category != "" {
			tags = []string{f.Category}
		}
		p.Sources = append(p.Sources, store.RemoteSource{RemoteID: fmt.Sprintf("feed/%d", f.ID), Title: feed.PlainText(f.Title), URL: f.URL, SiteURL: f.SiteURL, Tags: tags})
	}
	p.Items = map[string][]feed.Article{}
	for _, e := range entries {
		if !known[e.ID] {
			rid := fmt.Sprintf("feed/%d", e.FeedID)
			p.Items[rid] = append(p.Items[rid], newArticle(fmt.Sprintf("miniflux:%d", e.ID), e.ID, e.Title, e.URL, e.Author, e.Published, e.Tags, e.Content))
		}
		p.States = append(p.States, store.ServerState{RemoteID: e.ID, Read: e.Read, Starred: e.Starred, Changed: e.Changed})
	}
	return p, nil
}
