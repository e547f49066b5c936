package ui

import tea "github.com/charmbracelet/bubbletea"

// paneAt names the pane under column x of the main area, as laid out.
func (m Model) paneAt(x int) focus {
	if !m.wide() {
		if m.focus == focusReader || m.failures.Open() {
			return focusReader
		}
		return m.focus
	}
	if m.showTags {
		if x < m.tagsWidth() {
			return focusTags
		}
		x -= m.tagsWidth()
	}
	if x <= m.listWidth() { // the list and its border
		return focusList
	}
	return focusReader
}

// mouse handles the mouse when the reader has it (config mouse = true): a
// click focuses the pane under it and selects the row it is on (a click on
// the selected article opens it); the wheel scrolls the pane under the
// pointer, whichever has the keys.
func (m Model) mouse(msg tea.MouseMsg) (Model, tea.Cmd) {
	if m.prompt.Active() || msg.Y >= m.mainHeight() {
		return m, nil
	}
	pane := m.paneAt(msg.X)
	wheel := 0
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		wheel = -1
	case tea.MouseButtonWheelDown:
		wheel = 1
	}
	click := msg.Button == tea.MouseButtonLeft && msg.Action == tea.MouseActionPress
	if wheel == 0 && !click {
		return m, nil
	}
	if click {
		m.statusBar.Release() // a problem found at start goes, as with a key
	}
	switch pane {
	case focusTags:
		if wheel != 0 {
			m.tags.Scroll(wheel)
			return m, nil
		}
		if m.focus != focusTags {
			m.focusOn(focusTags)
		}
		if i := m.tags.RowAt(msg.Y); i >= 0 {
			m.tags.Select(i)
		}
		return m, nil
	case focusList:
		before, had := m.list.Selected()
		if wheel != 0 {
			m.list.Move(wheel)
		} else {
			i := m.list.RowAt(msg.Y)
			if m.focus != focusList {
				m.focusOn(focusList)
			}
			if i < 0 {
				return m, nil
			}
			if had && i == m.list.Cursor() {
				return m.open(before)
			}
			m.list.Select(i)
		}
		cmds := []tea.Cmd{m.maybeLoadMore(), m.maybeLoadBefore()}
		if after, ok := m.list.Selected(); ok && (!had || after.ID != before.ID) && m.wide() {
			cmds = append(cmds, m.schedulePreview())
		}
		return m, tea.Batch(cmds...)
	}
	if m.failures.Open() {
		var cmd tea.Cmd
		m.failures, cmd = m.failures.Update(msg)
		return m, cmd
	}
	if click {
		if m.reader.ArticleID() != 0 && m.focus != focusReader {
			m.focusOn(focusReader)
		}
		return m, nil
	}
	var cmd tea.Cmd
	m.reader, cmd = m.reader.Update(msg)
	return m, cmd
}
