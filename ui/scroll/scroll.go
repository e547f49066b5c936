// Package scroll is the cursor and scroll offset every list pane keeps:
// moved by the list keys, clamped to the rows, the cursor always in view.
package scroll

import (
	"github.com/byline/byline/ui/keys"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Window is a cursor over n rows of which some are visible at a time.
type Window struct {
	Cursor int // the selected row
	Offset int // the first visible row
}

// Clamp keeps the cursor on one of n rows, and in view when visible rows
// show; the view does not run past the last row.
func (w *Window) Clamp(n, visible int) {
	visible = max(visible, 1)
	w.Cursor = min(max(w.Cursor, 0), max(n-1, 0))
	if w.Cursor < w.Offset {
		w.Offset = w.Cursor
	}
	if w.Cursor >= w.Offset+visible {
		w.Offset = w.Cursor - visible + 1
	}
	w.Offset = max(min(w.Offset, n-visible), 0)
}

// Move moves the cursor by delta rows.
func (w *Window) Move(delta, n, visible int) {
	w.Cursor += delta
	w.Clamp(n, visible)
}

// Key moves the cursor for a navigation key (up, down, top, bottom, page
// down, page up) and reports whether k was one.
func (w *Window) Key(k tea.KeyMsg, km *keys.KeyMap, n, visible int) bool {
	switch {
	case key.Matches(k, km.Up):
		w.Move(-1, n, visible)
	case key.Matches(k, km.Down):
		w.Move(1, n, visible)
	case key.Matches(k, km.Top):
		w.Move(-n, n, visible)
	case key.Matches(k, km.Bottom):
		w.Move(n, n, visible)
	case key.Matches(k, km.PageDown):
		w.Move(max(visible, 1), n, visible)
	case key.Matches(k, km.PageUp):
		w.Move(-max(visible, 1), n, visible)
	default:
		return false
	}
	return true
}
