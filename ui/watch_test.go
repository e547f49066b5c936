package ui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/store"
)

// A page saved by another process (another Store on the same file, as a
// 'byline save' in another shell) shows at the reader's next look: the
// list and counts reload, and the cursor stays on its article.
func TestReaderSeesWritesOfOtherProcesses(t *testing.T) {
	f := newFixture(t, 30)
	m := start(t, f, 120, 40)
	m = send(t, m, keyMsg("j"), keyMsg("j"), keyMsg("j"))
	before, _ := m.list.Selected()

	other, err := store.Open(f.st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	saved, err := other.SavedSource(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var arts []feed.Article
	for i := 0; i < 2; i++ {
		arts = append(arts, feed.Article{GUID: fmt.Sprint("page", i), Title: fmt.Sprint("Saved elsewhere ", i),
			Published: testNow.Add(-time.Minute), Content: "x", Format: feed.FormatText})
	}
	if _, err := other.SaveArticles(context.Background(), saved.ID, arts, testNow); err != nil {
		t.Fatal(err)
	}

	// The look after the watch interval, as the running reader makes it.
	m.opts.WatchEvery = time.Millisecond
	look := m.watchStore()
	if look == nil {
		t.Fatal("the reader does not watch the store")
	}
	msg := look()
	m.opts.WatchEvery = 0 // no next look in this test
	m = send(t, m, msg)

	if titles := listTitles(m); len(titles) != 32 || titles[0] != "Saved elsewhere 0" {
		t.Fatalf("list after the other process saved: %d rows, first %q", len(titles), titles[0])
	}
	if c, _ := m.statusBar.Counts(); c.Total != 32 || c.Shown != 32 {
		t.Fatalf("counts: total %d, shown %d; want 32", c.Total, c.Shown)
	}
	if after, _ := m.list.Selected(); after.ID != before.ID {
		t.Fatalf("cursor moved from %q to %q", before.Title, after.Title)
	}

	// Nothing written since: the next look reloads nothing.
	if _, cmd := m.Update(m.lookAtStore()); cmd != nil {
		t.Fatal("a look with nothing written reloads")
	}
	// The reader's own writes (opening marks read) reload nothing: in an
	// unread view the article being read would leave the list.
	m = send(t, m, keyMsg("r"))
	if _, cmd := m.Update(m.lookAtStore()); cmd != nil {
		t.Fatal("the reader's own write reloads the list")
	}
}
