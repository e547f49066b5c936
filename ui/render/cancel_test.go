package render

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/muesli/termenv"
)

// cancelledAfter is a context that is cancelled once asked n times: it
// stops a render at a known point of its work, whatever the machine's
// speed.
type cancelledAfter struct {
	context.Context
	n atomic.Int64
}

func (c *cancelledAfter) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// A render stops, with its context's error, when the context is done, in
// any of its stages (the tree's transforms, Glamour's nodes): a heavy
// article the reader has moved on from, or 'byline read' interrupted.
func TestRenderStopsWhenCancelled(t *testing.T) {
	r := New("dark", termenv.TrueColor)
	heavy := manyLinks(2000)
	var asked cancelledAfter
	asked.Context = context.Background()
	asked.n.Store(1 << 40)
	if _, err := r.RenderArticleParts(&asked, "", heavy, 80); err != nil {
		t.Fatal(err)
	}
	checks := 1<<40 - asked.n.Load()
	if checks < 1000 {
		t.Fatalf("a render of 2,000 links asks its context %d times", checks)
	}
	for _, n := range []int64{0, 2, checks / 2, checks - 1} {
		ctx := &cancelledAfter{Context: context.Background()}
		ctx.n.Store(n)
		if _, err := r.RenderArticleParts(ctx, "heavy", heavy, 80); !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled after %d of %d checks: %v", n, checks, err)
		}
	}
	// Nothing of it was memoised.
	doc, err := r.RenderArticleParts(context.Background(), "heavy", "light", 80)
	if err != nil || len(doc.Links) != 0 {
		t.Fatalf("a cancelled render was memoised: %v %v", doc.Links, err)
	}
}

// A light article renders while a heavy one is still rendering: renders
// share no lock.
func TestLightRenderDoesNotWaitForHeavy(t *testing.T) {
	r := New("dark", termenv.TrueColor)
	heavy := manyLinks(20000)
	var heavyDone atomic.Bool
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	running := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		close(running)
		_, _ = r.RenderArticleParts(ctx, "heavy", heavy, 80)
		heavyDone.Store(true)
		close(finished)
	}()
	<-running
	for i := 0; i < 3; i++ {
		if _, err := r.RenderArticleParts(context.Background(), "", "A *light* article.", 80); err != nil {
			t.Fatal(err)
		}
	}
	if heavyDone.Load() {
		t.Fatal("the light article waited for the heavy one")
	}
	cancel()
	<-finished
}

// A render Latest hands out cancels those of earlier generations, and
// one of an earlier generation that starts late is cancelled at once.
func TestLatestCancelsEarlierGenerations(t *testing.T) {
	var l Latest
	first, done1 := l.Next(context.Background(), 1)
	defer done1()
	second, done2 := l.Next(context.Background(), 2)
	defer done2()
	if first.Err() == nil || second.Err() != nil {
		t.Fatalf("first %v, second %v", first.Err(), second.Err())
	}
	late, done3 := l.Next(context.Background(), 1)
	defer done3()
	if late.Err() == nil || second.Err() != nil {
		t.Fatalf("late %v, second %v", late.Err(), second.Err())
	}
}
