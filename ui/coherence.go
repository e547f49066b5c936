package ui

import (
	"errors"

	"github.com/byline/byline/store"
	tea "github.com/charmbracelet/bubbletea"
)

// What the reader shows is what is stored. When the store changes under
// the reader (another process wrote it, or a refresh ended), the list
// reloads in place; the article in the pane follows: its header from the
// reloaded row (tags, star, read), its body from a render made again in a
// command (the renderer memoises by content, so an unchanged article
// costs a look-up), which replaces the body only when it changed, keeping
// the scroll position and the pictures drawn.

// syncShownHeader lays the reloaded row of the shown article over the
// reader's header.
func (m *Model) syncShownHeader() {
	id := m.reader.ArticleID()
	if id == 0 {
		return
	}
	if it, ok := m.list.Find(id); ok {
		m.reader.SetArticle(it) // the list's rows carry the edits made here
	}
}

// recheckShown renders the shown article again, when it is on screen and
// is the one the pane is to show: the open article, or the preview of the
// selected row (a preview on its way for another row renders it fresh).
func (m *Model) recheckShown() tea.Cmd {
	id := m.reader.ArticleID()
	switch {
	case id == 0:
		return nil
	case m.focus == focusReader:
	case !m.wide():
		return nil // the pane is not on screen: opening renders afresh
	default:
		if sel, ok := m.list.Selected(); !ok || sel.ID != id {
			return nil
		}
	}
	cmd := m.renderShown()
	m.recheckGen = m.renderGen
	return cmd
}

// goneWhileShown reports whether a look again at the shown article found
// it removed (by another process): its text stays readable where it is,
// and the status line says so.
func (m Model) goneWhileShown(msg articleRenderedMsg) bool {
	return msg.Gen == m.recheckGen && errors.Is(msg.Err, store.ErrNotFound) && m.reader.Body() != ""
}

// sameBody reports whether a render is of the article shown, with the
// body it shows: only its header may have changed.
func (m Model) sameBody(msg articleRenderedMsg) bool {
	return msg.Err == nil && m.reader.ArticleID() == msg.Article.ID && msg.Full == m.reader.Full() &&
		msg.HasFull == m.reader.HasFull() && len(msg.Doc.Parts) > 0 && msg.Body == m.pics.doc.Text() &&
		m.reader.Body() == m.pics.body()
}

// restate takes a render of the body already shown: the header follows
// the store, and the pictures drawn stay; those still on their way are
// asked for again under the new render's number.
func (m Model) restate(msg articleRenderedMsg) (Model, tea.Cmd) {
	if msg.Err != nil {
		return m.setStatus("This article is no longer in the library.", false), nil
	}
	m.reader.SetArticle(m.flagsOf(msg.Article)) // the links, of the same body, stay as they are, cursor and all
	m.pics.gen, m.pics.doc = msg.Gen, msg.Doc
	if m.pics.drawn == nil {
		m.pics.drawn = map[string]string{}
	}
	pics := m.drawPictures()
	if len(m.pending) == 0 || m.list.Waiting() {
		return m, pics
	}
	m, keys := m.replayKeys()
	return m, tea.Batch(pics, keys)
}

// editsLanded forgets the edits made here whose writes the store already
// has, before a reload: after another process's write (or a sync's), the
// store is the truth for them, and laying them over would hide a later
// change from elsewhere (read here, then marked unread in another shell).
// Edits still on their way stay.
func (m *Model) editsLanded() {
	for id, e := range m.edits {
		if e.clearGen != 0 {
			delete(m.edits, id) // the rows loaded have it already
		}
	}
}
