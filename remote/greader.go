package remote

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/greader"
	"github.com/byline/byline/store"
)

// gReader is the Google Reader API (FreshRSS, Miniflux and others). It
// says nothing of when an item's state changed, so its state is read as
// whole sets and the store tells changed fields by the last values seen.
type gReader struct{ c *greader.Client }

func newGReader(rawURL string, hc *http.Client, userAgent, token string) *gReader {
	c := greader.New(rawURL, hc, userAgent)
	c.Auth = token
	return &gReader{c: c}
}

func gReaderErr(err error) error {
	if errors.Is(err, greader.ErrUnauthorized) {
		return errors.Join(ErrUnauthorized, err)
	}
	return err
}

func (g *gReader) Login(ctx context.Context, user, password string) (string, error) {
	if err := g.c.Login(ctx, user, password); err != nil {
		return "", err
	}
	return g.c.Auth, nil
}

func (g *gReader) Subscribe(ctx context.Context, feedURL, title, category string) error {
	return gReaderErr(g.c.Subscribe(ctx, feedURL, title, category))
}

func (g *gReader) Unsubscribe(ctx context.Context, remoteID string) error {
	return gReaderErr(g.c.Unsubscribe(ctx, remoteID))
}

func (g *gReader) Push(ctx context.Context, f store.Field, value bool, ids []int64) error {
	tag := greader.Read
	if f == store.FieldStarred {
		tag = greader.Starred
	}
	add, remove := tag, ""
	if !value {
		add, remove = "", tag
	}
	return gReaderErr(g.c.EditTag(ctx, ids, add, remove))
}

// Pull reads state as sets, and every item id, so that nothing depends on
// dates or on continuations being stable.
func (g *gReader) Pull(ctx context.Context, _ time.Time, known map[int64]bool) (Pulled, error) {
	var p Pulled
	subs, err := g.c.Subscriptions(ctx)
	if err != nil {
		return p, gReaderErr(err)
	}
	for _, s := range subs {
		p.Sources = append(p.Sources, store.RemoteSource{RemoteID: s.ID, Title: feed.PlainText(s.Title), URL: s.URL, SiteURL: s.HTMLURL, Tags: s.Categories})
	}
	var unread, starred, all []int64
	for _, q := range []struct {
		dst              *[]int64
		stream, excluded string
	}{{&unread, greader.ReadingList, greader.Read}, {&starred, greader.Starred, ""}, {&all, greader.ReadingList, ""}} {
		if *q.dst, err = g.c.ItemIDs(ctx, q.stream, q.excluded); err != nil {
			return p, gReaderErr(err)
		}
	}
	isUnread, isStarred := set(unread), set(starred)
	var missing []int64
	seen := map[int64]bool{}
	for _, list := range [][]int64{all, starred} {
		for _, id := range list {
			if seen[id] {
				continue
			}
			seen[id] = true
			p.States = append(p.States, store.ServerState{RemoteID: id, Read: !isUnread[id], Starred: isStarred[id]})
			if !known[id] {
				missing = append(missing, id)
			}
		}
	}
	items, err := g.c.Contents(ctx, missing)
	if err != nil {
		return p, gReaderErr(err)
	}
	p.Items = map[string][]feed.Article{}
	for _, it := range items {
		content := it.Content
		if strings.TrimSpace(content) == "" {
			content = it.Summary
		}
		p.Items[it.StreamID] = append(p.Items[it.StreamID],
			newArticle(greader.LongID(it.ID), it.ID, it.Title, it.Link, it.Author, it.Published, it.Categories, content))
	}
	return p, nil
}

func set(ids []int64) map[int64]bool {
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}
