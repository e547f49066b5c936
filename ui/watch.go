package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Writes by other processes (a 'byline save' in another shell, a refresh
// from cron, 'byline mark') reach the reader by a look at the store every
// Options.WatchEvery: when something was committed since the last look,
// the list, its counts and the tags reload in place, the cursor staying
// on its article.

// storeWatchedMsg is one look's answer: whether the store was written.
type storeWatchedMsg struct {
	Changed bool
	Err     error
}

// watchStore looks at the store after the watch interval; nil when the
// reader does not watch.
func (m Model) watchStore() tea.Cmd {
	if m.opts.WatchEvery <= 0 || m.watcher == nil {
		return nil
	}
	look := m.lookAtStore
	return tea.Tick(m.opts.WatchEvery, func(time.Time) tea.Msg { return look() })
}

// lookAtStore asks the store whether it was written since the last look.
func (m Model) lookAtStore() tea.Msg {
	changed, err := m.watcher.Changed(m.io.ctx)
	return storeWatchedMsg{Changed: changed, Err: err}
}

// storeWatched reloads what shows when the store changed, and looks
// again later. A look that failed (the store busy for a moment) is not
// the user's business: the next one tries again. While the reader's own
// refresh runs, its end reloads everything once.
func (m Model) storeWatched(msg storeWatchedMsg) (Model, tea.Cmd) {
	next := m.watchStore()
	if msg.Err != nil || !msg.Changed || !m.loadedOnce || m.statusBar.Refreshing() {
		return m, next
	}
	m.editsLanded()
	reload := m.reloadInPlace()
	return m, tea.Batch(next, reload, m.loadTags(), m.recheckShown())
}
