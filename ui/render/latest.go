package render

import (
	"context"
	"sync"
)

// Latest hands out the contexts of renders for a pane that shows one
// article at a time, each render numbered by the pane (its generation):
// a render cancels those of earlier generations, so one the user has
// moved on from (a heavy article) stops at once and the next does not
// share the CPU with it; a render that starts after a later one has
// started is cancelled from the first. The zero value is ready.
type Latest struct {
	mu     sync.Mutex
	gen    int
	cancel context.CancelFunc
}

// Next returns a context under parent for the render of generation gen;
// call done when the render is over. A nil Latest cancels nothing.
func (l *Latest) Next(parent context.Context, gen int) (ctx context.Context, done context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	if l == nil {
		return ctx, cancel
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cancel != nil && gen < l.gen {
		cancel() // a later render has started: this one is stale already
		return ctx, cancel
	}
	if l.cancel != nil {
		l.cancel()
	}
	l.gen, l.cancel = gen, cancel
	return ctx, cancel
}
