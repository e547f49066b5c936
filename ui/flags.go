package ui

import (
	"github.com/byline/byline/store"
	tea "github.com/charmbracelet/bubbletea"
)

// A key changes one field of one article, to a value computed from what the
// user sees, and the store writes that field alone. Articles loaded before
// the store had the change (a render or a list load already in flight) would
// show the old value, and a toggle would then act on it; so each change is
// kept as an edit and laid over whatever is loaded, until a list load made
// after the store wrote it arrives.
type flagEdit struct {
	read, starred *bool
	seq           int // the newest change's number
	// clearGen: a list load of this generation or newer reflects the edit
	// (0 while the write is still in flight).
	clearGen int
}

// overlay returns a with the edits made here laid over it.
func (m Model) overlay(a store.ArticleSummary) store.ArticleSummary {
	if e, ok := m.edits[a.ID]; ok {
		if e.read != nil {
			a.Read = *e.read
		}
		if e.starred != nil {
			a.Starred = *e.starred
		}
	}
	return a
}

// flagsOf is the article's current read and starred state as the user
// sees it: the list's, or the open article's, with the edits laid over.
func (m Model) flagsOf(a store.ArticleSummary) store.ArticleSummary {
	if it, ok := m.list.Find(a.ID); ok {
		a = it
	}
	return m.overlay(a)
}

// setField changes one field of one article: on screen at once, in the
// store by a command.
func (m Model) setField(a store.ArticleSummary, f store.Field, value bool) (Model, tea.Cmd) {
	if a.ID == 0 {
		return m, nil
	}
	a = m.flagsOf(a)
	current := a.Read
	if f == store.FieldStarred {
		current = a.Starred
	}
	if current == value {
		return m, nil
	}
	m.editSeq++
	e := m.edits[a.ID]
	v := value
	if f == store.FieldRead {
		e.read = &v
		m.statusBar.MarkedRead(value)
	} else {
		e.starred = &v
	}
	e.seq, e.clearGen = m.editSeq, 0
	m.edits[a.ID] = e
	a = m.overlay(a)
	m.list.SetFlags(a.ID, a.Read, a.Starred)
	m.reader.SetFlags(a.ID, a.Read, a.Starred)
	return m, m.io.setField(a.ID, f, value, m.editSeq)
}

// fieldSaved notes that the store has an edit: the next list load shows it
// by itself. A failed write takes the edit back.
func (m Model) fieldSaved(msg fieldSavedMsg) (Model, tea.Cmd) {
	e, ok := m.edits[msg.ID]
	if !ok || e.seq != msg.Seq {
		return m, nil // a newer change of the article is still on its way
	}
	if msg.Err != nil {
		delete(m.edits, msg.ID)
		m = m.setStatus("Could not save: "+msg.Err.Error(), true)
		cmd := m.reloadInPlace()
		return m, cmd
	}
	e.clearGen = m.list.Gen() + 1
	m.edits[msg.ID] = e
	// The list and counts were changed in place already; only the tag
	// pane's counts, when it is open, need the store.
	if m.showTags {
		return m, m.loadTags()
	}
	return m, nil
}

// settleEdits lays the edits over a fresh list load and forgets those the
// load already reflects.
func (m Model) settleEdits(items []store.ArticleSummary, gen int) {
	for id, e := range m.edits {
		if e.clearGen != 0 && gen >= e.clearGen {
			delete(m.edits, id)
		}
	}
	for i := range items {
		items[i] = m.overlay(items[i])
	}
}
