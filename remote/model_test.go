package remote

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed/greader/greadertest"
	"github.com/byline/byline/feed/miniflux"
	"github.com/byline/byline/feed/miniflux/minifluxtest"
	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
)

var (
	modelSeqs = flag.Int("sync.seqs", 0, "random sequences for the model-based sync tests (default 40 against a fake server, 300 with BYLINE_HEAVY=1, 12 against a real Miniflux)")
	modelSeed = flag.Uint64("sync.seed", 0, "run only this seed of the model-based sync tests")
)

// server is the sync server as the other device sees it.
type server interface {
	// set changes one field of item i, as another device would, and says
	// whether it changed.
	set(ctx context.Context, i int, f store.Field, v bool) (bool, error)
	get(ctx context.Context, i int) (read, starred bool, err error)
}

// change is one change of one field, on either side, with when it was
// made.
type change struct {
	at     time.Time
	item   int
	field  store.Field
	value  bool
	remote bool
}

// modelRun is one random sequence: local operations through the store's
// own API (what keys and commands call), changes by another device on the
// server, and syncs, ending with a sync after which both sides must hold
// what applying every change in time order gives.
//
// When the server's API does not say when it changed (the Google Reader
// API), a server change counts as made right after the sync before it, so
// the oracle moves it there; where it does (Miniflux), the oracle keeps
// its time, and the other device changes an item at most once between two
// syncs, since Miniflux keeps one change time per item, not per field.
type modelRun struct {
	t         *testing.T
	rng       *rand.Rand
	st        *store.Store
	sy        *Syncer
	srv       server
	ids       []int64 // local article id of item i
	exactTime bool
	changes   []change
	lastSync  time.Time
	touched   map[int]bool // items the other device changed since the last sync
	log       []string
}

func (r *modelRun) now() time.Time {
	// Distinct, ordered times: the store stamps changes in milliseconds,
	// a server in its own clock.
	time.Sleep(2 * time.Millisecond)
	return time.Now()
}

func (r *modelRun) local(ctx context.Context) {
	i := r.rng.IntN(len(r.ids))
	id := r.ids[i]
	a, err := r.st.Article(ctx, id)
	if err != nil {
		r.t.Fatal(err)
	}
	var f store.Field
	var v bool
	switch op := r.rng.IntN(5); op {
	case 0: // open: marks read
		f, v = store.FieldRead, true
	case 1: // r
		f, v = store.FieldRead, !a.Read
	case 2: // s
		f, v = store.FieldStarred, !a.Starred
	case 3: // mark read/unread by query: the items tagged "pick"
		read := r.rng.IntN(2) == 0
		before := r.readStates(ctx)
		fl, _ := query.Parse("+pick")
		at := r.now()
		if _, err := r.st.MarkFiltered(ctx, fl, read, time.Now()); err != nil {
			r.t.Fatal(err)
		}
		after := r.readStates(ctx)
		for j := range r.ids {
			if before[j] != after[j] {
				r.changes = append(r.changes, change{at: at, item: j, field: store.FieldRead, value: after[j]})
			}
		}
		r.log = append(r.log, fmt.Sprintf("local mark +pick read=%v", read))
		return
	case 4: // tag: changes what +pick selects, never read or starred
		edit := []string{"pick"}
		if r.rng.IntN(2) == 0 {
			r.st.EditTags(ctx, []int64{id}, edit, nil)
		} else {
			r.st.EditTags(ctx, []int64{id}, nil, edit)
		}
		r.log = append(r.log, fmt.Sprintf("local tag %d", i))
		return
	}
	at := r.now()
	n, err := r.st.SetField(ctx, f, v, id)
	if err != nil {
		r.t.Fatal(err)
	}
	r.log = append(r.log, fmt.Sprintf("local %d %s=%v (changed %d)", i, f, v, n))
	if n > 0 {
		r.changes = append(r.changes, change{at: at, item: i, field: f, value: v})
	}
}

func (r *modelRun) readStates(ctx context.Context) []bool {
	out := make([]bool, len(r.ids))
	for j, id := range r.ids {
		a, err := r.st.Article(ctx, id)
		if err != nil {
			r.t.Fatal(err)
		}
		out[j] = a.Read
	}
	return out
}

func (r *modelRun) remote(ctx context.Context) {
	i := r.rng.IntN(len(r.ids))
	if r.exactTime && r.touched[i] {
		return
	}
	f := store.FieldRead
	if r.rng.IntN(2) == 0 {
		f = store.FieldStarred
	}
	v := r.rng.IntN(2) == 0
	at := r.now()
	changed, err := r.srv.set(ctx, i, f, v)
	if err != nil {
		r.t.Fatal(err)
	}
	r.log = append(r.log, fmt.Sprintf("remote %d %s=%v (changed %v)", i, f, v, changed))
	if !changed {
		return
	}
	r.touched[i] = true
	if !r.exactTime {
		at = r.lastSync // moved to right after the last sync (see modelRun)
	}
	r.changes = append(r.changes, change{at: at, item: i, field: f, value: v, remote: true})
}

func (r *modelRun) sync(ctx context.Context) {
	if _, err := r.sy.Sync(ctx); err != nil {
		r.t.Fatalf("sync: %v\n%s", err, r.history())
	}
	r.lastSync = r.now()
	r.touched = map[int]bool{}
	r.log = append(r.log, "sync")
}

func (r *modelRun) history() string {
	out := ""
	for _, l := range r.log {
		out += "  " + l + "\n"
	}
	return out
}

// check compares both sides with the changes applied in time order. A
// remote change moved to the last sync sorts before every local change made
// after that sync (stable on equal times: it was recorded when the other
// device made it, which is after the sync).
func (r *modelRun) check(ctx context.Context, initial [][2]bool) {
	want := make([][2]bool, len(initial))
	copy(want, initial)
	sorted := make([]change, len(r.changes))
	copy(sorted, r.changes)
	// Insertion sort: stable, and the lists are short.
	for a := 1; a < len(sorted); a++ {
		for b := a; b > 0 && sorted[b].at.Before(sorted[b-1].at); b-- {
			sorted[b], sorted[b-1] = sorted[b-1], sorted[b]
		}
	}
	for _, c := range sorted {
		k := 0
		if c.field == store.FieldStarred {
			k = 1
		}
		want[c.item][k] = c.value
	}
	for i, id := range r.ids {
		a, err := r.st.Article(ctx, id)
		if err != nil {
			r.t.Fatal(err)
		}
		sr, ss, err := r.srv.get(ctx, i)
		if err != nil {
			r.t.Fatal(err)
		}
		if a.Read != want[i][0] || a.Starred != want[i][1] || sr != want[i][0] || ss != want[i][1] {
			r.t.Fatalf("item %d: local read=%v starred=%v, server read=%v starred=%v, want read=%v starred=%v\nhistory:\n%s",
				i, a.Read, a.Starred, sr, ss, want[i][0], want[i][1], r.history())
		}
	}
}

func (r *modelRun) play(ctx context.Context, steps int, initial [][2]bool) {
	r.touched = map[int]bool{}
	for s := 0; s < steps; s++ {
		switch x := r.rng.IntN(10); {
		case x < 5:
			r.local(ctx)
		case x < 8:
			r.remote(ctx)
		default:
			r.sync(ctx)
		}
	}
	r.sync(ctx)
	r.check(ctx, initial)
}

func seeds(def int) []uint64 {
	if *modelSeed != 0 {
		return []uint64{*modelSeed}
	}
	n := def
	if *modelSeqs > 0 {
		n = *modelSeqs
	}
	out := make([]uint64, n)
	for i := range out {
		out[i] = uint64(i + 1)
	}
	return out
}

// fakeSequences is how many random sequences run against a fake server:
// enough to meet the usual conflicts in the default run (a server change
// time taken an hour early fails within 40), many more in the heavy suites.
func fakeSequences() int {
	if os.Getenv("BYLINE_HEAVY") == "1" && !testing.Short() {
		return 300
	}
	return 40
}

// fakeServer is the fake Google Reader server as another device sees it.
type fakeServer struct {
	srv *greadertest.Server
	ids []int64
}

func (f *fakeServer) set(_ context.Context, i int, field store.Field, v bool) (bool, error) {
	it := f.srv.Item(f.ids[i])
	read, starred := it.Read, it.Starred
	if field == store.FieldRead {
		read = v
	} else {
		starred = v
	}
	if read == it.Read && starred == it.Starred {
		return false, nil
	}
	f.srv.Set(f.ids[i], read, starred)
	return true, nil
}

func (f *fakeServer) get(_ context.Context, i int) (bool, bool, error) {
	it := f.srv.Item(f.ids[i])
	return it.Read, it.Starred, nil
}

func TestSyncConvergesWithAGoogleReaderServer(t *testing.T) {
	for _, seed := range seeds(fakeSequences()) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel() // each sequence has its own server and store
			ctx := context.Background()
			fake := greadertest.New("ann", "secret")
			defer fake.Close()
			fake.SetFeeds([]greadertest.Feed{{ID: "feed/1", Title: "Feed", URL: "https://example.com/feed"}})
			const items = 5
			var remoteIDs []int64
			for i := 0; i < items; i++ {
				id := int64(1000 + i)
				fake.Add(greadertest.Item{ID: id, Feed: "feed/1", Title: fmt.Sprintf("Item %d", i), HTML: "<p>x</p>", Date: time.Now().Add(-time.Duration(i) * time.Hour)})
				remoteIDs = append(remoteIDs, id)
			}
			st, err := store.Open(filepath.Join(t.TempDir(), "s.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			sy := &Syncer{Store: st, HTTP: http.DefaultClient, UserAgent: "test"}
			if _, err := sy.Login(ctx, APIGoogleReader, fake.URL, "ann", "secret"); err != nil {
				t.Fatal(err)
			}
			r := &modelRun{t: t, rng: rand.New(rand.NewPCG(seed, 7)), st: st, sy: sy, srv: &fakeServer{srv: fake, ids: remoteIDs}}
			r.sync(ctx)
			r.ids = localIDs(t, st, remoteIDs)
			r.play(ctx, 30, make([][2]bool, items))
		})
	}
}

// localIDs maps remote ids to the store's article ids.
func localIDs(t *testing.T, st *store.Store, remote []int64) []int64 {
	t.Helper()
	out := make([]int64, len(remote))
	for i, rid := range remote {
		if err := st.DB().QueryRow("SELECT id FROM articles WHERE remote_id = ?", rid).Scan(&out[i]); err != nil {
			t.Fatalf("remote item %d not stored: %v", rid, err)
		}
	}
	return out
}

// minifluxServer is a Miniflux (the fake, or the real one in CI) as another device sees it: its own API
// with its own key.
type minifluxServer struct {
	c   *miniflux.Client
	ids []int64
}

func (m *minifluxServer) get(ctx context.Context, i int) (bool, bool, error) {
	e, err := m.c.Entry(ctx, m.ids[i])
	return e.Read, e.Starred, err
}

func (m *minifluxServer) set(ctx context.Context, i int, f store.Field, v bool) (bool, error) {
	read, starred, err := m.get(ctx, i)
	if err != nil {
		return false, err
	}
	if f == store.FieldRead {
		if read == v {
			return false, nil
		}
		return true, m.c.SetStatus(ctx, []int64{m.ids[i]}, v)
	}
	if starred == v {
		return false, nil
	}
	return true, m.c.SetStarred(ctx, m.ids[i], v)
}

func TestSyncConvergesWithMiniflux(t *testing.T) {
	url, user, password, fake := minifluxtest.Start(t) // the real Miniflux in CI
	ctx := context.Background()
	other := miniflux.New(url, http.DefaultClient, "other-device")
	if err := other.Login(ctx, user, password); err != nil {
		t.Fatal(err)
	}
	const items = 4
	feeds := newItemFeeds(t, items)
	n := 12 // a real Miniflux
	if fake != nil {
		n = fakeSequences()
	}
	for _, seed := range seeds(n) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			if fake != nil {
				t.Parallel() // each sequence has its own feed and store
			}
			feedID, err := other.Subscribe(ctx, fmt.Sprintf("%s/model-%d-%d.xml", feeds.URL, seed, time.Now().UnixNano()))
			if err != nil {
				t.Fatal(err)
			}
			defer other.Unsubscribe(ctx, feedID)
			entries, err := other.EntriesOfFeed(ctx, feedID)
			if err != nil || len(entries) != items {
				t.Fatalf("the feed's entries: %d (%v)", len(entries), err)
			}
			var remoteIDs []int64
			for _, e := range entries {
				remoteIDs = append(remoteIDs, e.ID)
			}
			st, err := store.Open(filepath.Join(t.TempDir(), "s.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			sy := &Syncer{Store: st, HTTP: http.DefaultClient, UserAgent: "test"}
			if _, err := sy.Login(ctx, APIMiniflux, url, user, password); err != nil {
				t.Fatal(err)
			}
			r := &modelRun{t: t, rng: rand.New(rand.NewPCG(seed, 11)), st: st, sy: sy, srv: &minifluxServer{c: other, ids: remoteIDs}, exactTime: true}
			r.sync(ctx)
			r.ids = localIDs(t, st, remoteIDs)
			r.play(ctx, 24, make([][2]bool, items))
		})
	}
}

// itemFeeds serves an RSS feed of n items at any path.
type itemFeeds struct{ *httptest.Server }

func newItemFeeds(t *testing.T, n int) *itemFeeds {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Model %s</title><link>http://%s/</link>`, r.URL.Path, r.Host)
		for i := n; i >= 1; i-- {
			fmt.Fprintf(&b, `<item><title>Item %d</title><link>http://%s%s/%d</link><guid>%s-%d</guid><pubDate>%s</pubDate><description>x</description></item>`,
				i, r.Host, r.URL.Path, i, r.URL.Path, i, time.Date(2026, 1, 1, i, 0, 0, 0, time.UTC).Format(time.RFC1123Z))
		}
		b.WriteString(`</channel></rss>`)
		w.Write([]byte(b.String()))
	}))
	t.Cleanup(srv.Close)
	return &itemFeeds{srv}
}

// The scenario: another device stars an article on the server;
// byline, offline, opens it (which marks it read) and stars another; the
// next sync keeps the server's star, and the read mark and the local star
// both reach the server.
func TestMinifluxStarElsewhereSurvivesALocalOpen(t *testing.T) {
	url, user, password, _ := minifluxtest.Start(t) // the real Miniflux in CI
	ctx := context.Background()
	other := miniflux.New(url, http.DefaultClient, "other-device")
	if err := other.Login(ctx, user, password); err != nil {
		t.Fatal(err)
	}
	feeds := newItemFeeds(t, 2)
	feedID, err := other.Subscribe(ctx, fmt.Sprintf("%s/scenario-%d.xml", feeds.URL, time.Now().UnixNano()))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Unsubscribe(ctx, feedID)
	entries, err := other.EntriesOfFeed(ctx, feedID)
	if err != nil || len(entries) != 2 {
		t.Fatalf("entries: %d (%v)", len(entries), err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sy := &Syncer{Store: st, HTTP: http.DefaultClient, UserAgent: "test"}
	if _, err := sy.Login(ctx, APIMiniflux, url, user, password); err != nil {
		t.Fatal(err)
	}
	if _, err := sy.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	a, b := entries[0].ID, entries[1].ID
	ids := localIDs(t, st, []int64{a, b})
	// Elsewhere: A is starred. Here, offline: A is opened, B starred.
	if err := other.SetStarred(ctx, a, true); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	st.SetRead(ctx, true, ids[0])
	st.SetStarred(ctx, true, ids[1])
	if _, err := sy.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id, local     int64
		read, starred bool
	}{{a, ids[0], true, true}, {b, ids[1], false, true}} {
		e, err := other.Entry(ctx, c.id)
		if err != nil {
			t.Fatal(err)
		}
		l, _ := st.Article(ctx, c.local)
		if e.Read != c.read || e.Starred != c.starred || l.Read != c.read || l.Starred != c.starred {
			t.Errorf("entry %d: server read=%v starred=%v, local read=%v starred=%v; want read=%v starred=%v",
				c.id, e.Read, e.Starred, l.Read, l.Starred, c.read, c.starred)
		}
	}
}
