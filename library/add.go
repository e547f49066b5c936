package library

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/feed/sanitize"
	"github.com/byline/byline/store"
)

// AddRequest is a source to add, as the user gave it.
type AddRequest struct {
	// Location is a feed URL, a feed file or a folder of Markdown; a
	// location like "example.com/feed" that is no local path is taken as
	// https://example.com/feed.
	Location string
	Title    string
	// Tags are the user's words: comma-separated lists are split and each
	// tag normalised by the store.
	Tags     []string
	FullText bool
	// Remote subscribes on the sync server instead (a URL only).
	Remote bool
}

// Added is what adding a source did.
type Added struct {
	Source store.Source
	Kind   feed.Kind
	// Location is where the source is read from: the location given, made
	// absolute, or the feed a web page linked to.
	Location string
	// AssumedHTTPS: the location was taken as an https URL.
	AssumedHTTPS bool
	// Page, when the URL given was a web page, is that page; Feeds are the
	// feeds it links to, the first of which was added.
	Page  string
	Feeds []feed.FeedLink
	// Checked is false when the network is off and the URL was added
	// unchecked; its articles arrive with the next refresh.
	Checked bool
	// Unreachable is why the URL could not be read now: it is added all
	// the same and tried again at the next refresh.
	Unreachable error
	// New is how many articles arrived; Warnings what was wrong with some.
	New      int
	Warnings []string
	// Remote: subscribed on the sync server; New counts what the sync
	// that followed brought.
	Remote bool
}

// ErrRemoteNotURL: only a feed URL can be followed on the sync server.
var ErrRemoteNotURL = errors.New("a source on the sync server is a feed URL; the server fetches it")

// Add adds a source and reads it once, by the rules the command line and
// the reader share: a URL is checked (unless offline) and, when it is a web
// page, the first feed it links to is added instead; a URL that cannot be
// reached now is added and its error recorded (adding works offline); a
// URL that answers "not here" (a 4xx other than a timeout or too many
// requests) is refused, and so is a location that turned out not to be a
// feed: a source that answers so will not start working by itself.
func (l *Library) Add(ctx context.Context, req AddRequest) (Added, error) {
	var out Added
	loc := strings.TrimSpace(req.Location)
	if hostLike(loc) {
		if _, err := os.Stat(loc); os.IsNotExist(err) {
			out.AssumedHTTPS = true
			loc = "https://" + loc
		}
	}
	kind, err := feed.KindOf(loc)
	if err != nil {
		return out, err
	}
	if kind != feed.KindURL {
		if loc, err = filepath.Abs(loc); err != nil {
			return out, err
		}
	}
	out.Kind, out.Location = kind, loc
	// A local source must be readable now; a URL may be down today.
	if kind == feed.KindFile {
		if _, err := feed.ReadFile(loc); err != nil {
			return out, err
		}
	}
	if req.Remote {
		if kind != feed.KindURL {
			return out, ErrRemoteNotURL
		}
		if l.syncer == nil || l.Offline() {
			return out, errors.New("subscribing on the sync server needs the network; it is off (--offline or offline = true)")
		}
		res, err := l.syncer.Subscribe(ctx, loc, req.Title, store.SplitTags(req.Tags...))
		if err != nil {
			return out, err
		}
		out.Remote, out.Checked, out.New = true, true, res.Added
		return out, nil
	}
	if kind == feed.KindURL && !l.Offline() {
		if err := l.discover(ctx, &out); err != nil {
			return out, err
		}
		loc = out.Location
	}
	src, err := l.Store.AddSource(ctx, store.NewSource{Kind: string(kind), Location: loc, Title: req.Title, Tags: req.Tags, FullText: req.FullText})
	if err != nil {
		if errors.Is(err, store.ErrSourceExists) {
			return out, fmt.Errorf("%s is already a source", sanitize.Line(loc))
		}
		return out, err
	}
	out.Source = src
	if kind == feed.KindURL && l.Offline() {
		return out, nil
	}
	out.Checked = true
	res := l.refresher.RefreshOne(ctx, src)
	if res.Err != nil {
		if store.Unwritable(res.Err) {
			return out, res.Err // the source is added, but nothing of it could be saved
		}
		if code, gone := notHere(res.Err); gone {
			l.Store.RemoveSource(context.WithoutCancel(ctx), src.ID)
			return out, fmt.Errorf("%s answers HTTP %d %s; not added", sanitize.Line(loc), code, http.StatusText(code))
		}
		if kind == feed.KindURL && !errors.Is(res.Err, feed.ErrNotAFeed) {
			out.Unreachable = res.Err
			return out, nil
		}
		// Not a feed at all: do not keep a source that can never work.
		l.Store.RemoveSource(context.WithoutCancel(ctx), src.ID)
		return out, res.Err
	}
	if s, err := l.Store.Source(ctx, src.ID); err == nil {
		out.Source = s
	}
	out.New, out.Warnings = res.Stats.New, res.Warnings
	return out, nil
}

// notHere reports whether err is a server's "not here, or not for you"
// (a 4xx other than a timeout or too many requests), and its code.
func notHere(err error) (int, bool) {
	var se *feed.StatusError
	if !errors.As(err, &se) {
		return 0, false
	}
	c := se.Code
	return c, c >= 400 && c < 500 && c != http.StatusRequestTimeout && c != http.StatusTooManyRequests
}

// discover checks a URL: a feed is itself; an HTML page that links to
// feeds gives its first; an unreachable URL is kept as given, so adding
// works offline (its error is recorded at its first refresh).
func (l *Library) discover(ctx context.Context, out *Added) error {
	resp, err := l.refresher.Fetcher.Get(ctx, out.Location, feed.Validators{})
	if err != nil {
		return nil
	}
	if _, perr := feed.ParseFeed(resp.Body, resp.FinalURL); perr == nil || !errors.Is(perr, feed.ErrNotAFeed) {
		return nil
	}
	links := feed.DiscoverFeeds(resp.Body, resp.FinalURL)
	if len(links) == 0 {
		return fmt.Errorf("%s is a web page that links to no feed; give the feed's URL", sanitize.Line(out.Location))
	}
	out.Page, out.Feeds, out.Location = out.Location, links, links[0].URL
	return nil
}

// hostLike reports whether loc reads as a web address written without its
// scheme ("example.com/feed"): a first part with a dot and a name after
// it, nothing a path starts with.
func hostLike(loc string) bool {
	if loc == "" || strings.Contains(loc, "://") || strings.ContainsAny(loc[:1], "./~\\") {
		return false
	}
	host, _, _ := strings.Cut(loc, "/")
	host, _, _ = strings.Cut(host, ":")
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 || dot == len(host)-1 {
		return false
	}
	for _, r := range host {
		if !(r == '.' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	tld := host[dot+1:]
	return strings.Trim(tld, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" && !isFeedExtension(tld)
}

// isFeedExtension: "feed.xml" is a file name, not a host.
func isFeedExtension(ext string) bool {
	switch strings.ToLower(ext) {
	case "xml", "rss", "atom", "json", "md", "markdown", "opml", "txt", "html", "htm":
		return true
	}
	return false
}
