package library

import (
	"context"
	"errors"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/refresh"
	"github.com/byline/byline/remote"
	"github.com/byline/byline/store"
)

// SyncStep is the name the sync goes by among a refresh's steps.
const SyncStep = "sync with the server"

// Step is one step of a refresh finished: a source read, or the sync.
type Step struct {
	Name  string // the source's title or location, or SyncStep
	Done  int    // steps finished so far, this one included
	Total int
	New   int
	Err   error
}

// RefreshRequest says what to refresh.
type RefreshRequest struct {
	// Sources are the sources to read; nil: every source, and then the
	// sync with the server when there is an account.
	Sources []store.Source
	// Force fetches sources the server asked to wait.
	Force bool
	// Progress, when set, is called as each step finishes, from one
	// goroutine at a time.
	Progress func(Step)
}

// Refreshed is what a refresh did, in one summary.
type Refreshed struct {
	// Results are the sources read, one each.
	Results []refresh.Result
	// Offline is how many feeds were not fetched because the network is
	// off.
	Offline int
	// New and Updated count the sources' articles; Failed the sources that
	// failed; Unchanged those the server said had not changed; NotDue
	// those the server asked to wait.
	New, Updated, Failed, Unchanged, NotDue int
	// NetworkDown, when more than zero, is how many sources failed because
	// no server could be reached at all: the network is down, and it is
	// said once rather than once for each source.
	NetworkDown int
	// Synced says a sync was tried; Sync is what it did and SyncErr why it
	// failed.
	Synced  bool
	Sync    remote.Result
	SyncErr error
	// Pruned is how many old articles retention removed.
	Pruned int
	// CleanupErr is what went wrong after the sources were read (retention,
	// pictures); the articles read are kept all the same.
	CleanupErr error
}

// Failures is how many steps failed: sources and the sync.
func (r Refreshed) Failures() int {
	n := r.Failed
	if r.SyncErr != nil {
		n++
	}
	return n
}

// Refresh is "refresh everything", the same for `byline refresh` and the
// reader's R and its refresh on a timer: read the sources, then sync with
// the server when there is an account, then apply retention, then keep
// the starred articles' pictures. One failing step never stops the others.
//
// What arrived is not indexed for search here: that took as long again as
// the refresh (a cold one of 10,000 articles 0.8 s, with its index 1.6
// s), and nothing needs it before a search. The index trails the writes:
// every search indexes what waits first, the reader indexes in the
// background once a refresh is over, and gc before it compacts.
func (l *Library) Refresh(ctx context.Context, req RefreshRequest) (Refreshed, error) {
	var out Refreshed
	srcs := req.Sources
	all := srcs == nil
	if all {
		var err error
		if srcs, err = l.Store.Sources(ctx); err != nil {
			return out, err
		}
	}
	r := l.refresher
	refreshable := r.Refreshable(srcs)
	out.Offline = len(srcs) - len(refreshable)
	syncing := all && l.syncing(ctx)
	total := len(refreshable)
	if syncing {
		total++
	}
	report := func(Step) {}
	if req.Progress != nil {
		report = req.Progress
	}
	run := r.Refresh
	if req.Force {
		run = r.RefreshForced
	}
	out.Results = run(ctx, refreshable, func(done int, res refresh.Result) {
		name := res.Source.Title
		if name == "" {
			name = res.Source.Location
		}
		report(Step{Name: name, Done: done, Total: total, New: res.Stats.New, Err: res.Err})
	})
	for _, res := range out.Results {
		out.New += res.Stats.New
		out.Updated += res.Stats.Updated
		if res.NotModified {
			out.Unchanged++
		}
		if res.Skipped != "" {
			out.NotDue++
		}
		if res.Err != nil {
			out.Failed++
		}
	}
	out.NetworkDown = networkUnreachable(out.Results)
	if syncing {
		out.Synced = true
		out.Sync, out.SyncErr = l.syncer.Sync(ctx)
		report(Step{Name: SyncStep, Done: total, Total: total, New: out.Sync.Added, Err: out.SyncErr})
	}
	if ctx.Err() != nil {
		return out, ctx.Err()
	}
	var err error
	if out.Pruned, err = l.Store.Prune(ctx, l.retention, l.now()); err != nil {
		out.CleanupErr = errors.Join(out.CleanupErr, err)
	}
	_ = r.KeepStarredImages(ctx) // a picture that cannot be had shows as its alt text
	return out, nil
}

// networkUnreachable is how many sources failed for want of a network, when
// no fetch got through to any server and more than one was tried; else 0
// (one server down among others is that server's failure).
func networkUnreachable(results []refresh.Result) int {
	down := 0
	for _, r := range results {
		if feed.Kind(r.Source.Kind) != feed.KindURL || r.Skipped != "" {
			continue
		}
		if r.Err == nil || !feed.Unreachable(r.Err) {
			return 0
		}
		down++
	}
	if down < 2 {
		return 0
	}
	return down
}
