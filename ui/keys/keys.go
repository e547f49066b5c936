// Package keys holds byline's one KeyMap. Every component matches keys
// against it with key.Matches, and bubbles/help shows it.
package keys

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
)

// KeyMap is every binding in the reader.
type KeyMap struct {
	Up, Down         key.Binding
	Top, Bottom      key.Binding
	Open, Back       key.Binding
	PageDown, PageUp key.Binding
	Next, Prev       key.Binding
	ToggleRead       key.Binding
	ToggleStar       key.Binding
	Browser          key.Binding
	Refresh          key.Binding
	Filter           key.Binding
	TagPane          key.Binding
	AddTag           key.Binding
	RemoveTag        key.Binding
	SaveFilter       key.Binding
	SavedFilter      key.Binding
	MarkAllRead      key.Binding
	TagOnly          key.Binding
	TagInclude       key.Binding
	TagExclude       key.Binding
	TagClear         key.Binding
	Links            key.Binding
	CopyURL          key.Binding
	FullText         key.Binding
	Failures         key.Binding
	Save             key.Binding // the selected link, or the article with its page, to Saved
	Prefetch         key.Binding // the view's full text, for reading offline
	Help             key.Binding
	// Quit goes back one level (article or pane to the list) and quits
	// from the list; QuitNow always quits.
	Quit    key.Binding
	QuitNow key.Binding
	// NextUnread opens (or, in the list, selects) the next unread article.
	NextUnread key.Binding
	// Search looks for text in the open article; Next and SearchPrev then
	// go from match to match.
	Search     key.Binding
	SearchPrev key.Binding
	// Sources lists the sources with their unread counts; Sort cycles the
	// list's order.
	Sources key.Binding
	Sort    key.Binding
}

// Default returns the default bindings.
func Default() KeyMap {
	return KeyMap{
		Up:          key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k/↑", "up")),
		Down:        key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/↓", "down")),
		Top:         key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:      key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		Open:        key.NewBinding(key.WithKeys("enter", "l"), key.WithHelp("enter/l", "read")),
		Back:        key.NewBinding(key.WithKeys("esc", "h"), key.WithHelp("esc/h", "back")),
		PageDown:    key.NewBinding(key.WithKeys(" ", "pgdown", "f"), key.WithHelp("space", "page down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("b", "page up")),
		Next:        key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next article (or match)")),
		Prev:        key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "previous article")),
		ToggleRead:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "read/unread")),
		ToggleStar:  key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "star")),
		Browser:     key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open in browser")),
		Refresh:     key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "refresh")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		TagPane:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "tags")),
		AddTag:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "add tag")),
		RemoveTag:   key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "remove tag")),
		SaveFilter:  key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "save filter")),
		SavedFilter: key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "saved filter")),
		MarkAllRead: key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "mark view read")),
		TagOnly:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "only this tag")),
		TagInclude:  key.NewBinding(key.WithKeys("+"), key.WithHelp("+", "add +tag to filter")),
		TagExclude:  key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "add -tag to filter")),
		TagClear:    key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "drop tag from filter")),
		Links:       key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "links")),
		CopyURL:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy URL")),
		FullText:    key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "full article")),
		Failures:    key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "failing sources")),
		Save:        key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "save to read later")),
		Prefetch:    key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "prefetch the view")),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:        key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "back/quit")),
		QuitNow:     key.NewBinding(key.WithKeys("Q", "ctrl+c"), key.WithHelp("Q", "quit")),
		NextUnread:  key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "next unread")),
		Search:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		SearchPrev:  key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),
		Sources:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "sources")),
		Sort:        key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "sort order")),
	}
}

// bindings names each binding as the config file does.
func (k *KeyMap) bindings() map[string]*key.Binding {
	return map[string]*key.Binding{
		"up": &k.Up, "down": &k.Down, "top": &k.Top, "bottom": &k.Bottom,
		"open": &k.Open, "back": &k.Back, "page_down": &k.PageDown, "page_up": &k.PageUp,
		"next": &k.Next, "prev": &k.Prev, "toggle_read": &k.ToggleRead, "toggle_star": &k.ToggleStar,
		"browser": &k.Browser, "refresh": &k.Refresh, "help": &k.Help, "quit": &k.Quit,
		"filter": &k.Filter, "tag_pane": &k.TagPane, "add_tag": &k.AddTag, "remove_tag": &k.RemoveTag,
		"save_filter": &k.SaveFilter, "saved_filter": &k.SavedFilter, "mark_all_read": &k.MarkAllRead,
		"tag_include": &k.TagInclude, "tag_exclude": &k.TagExclude, "tag_clear": &k.TagClear,
		"links": &k.Links, "copy_url": &k.CopyURL, "full_text": &k.FullText, "failures": &k.Failures,
		"read_later": &k.Save, "prefetch": &k.Prefetch,
		"tag_only": &k.TagOnly, "quit_now": &k.QuitNow, "next_unread": &k.NextUnread, "search": &k.Search,
		"search_prev": &k.SearchPrev, "sources": &k.Sources, "sort": &k.Sort,
	}
}

// NamedBinding is a binding with its config name.
type NamedBinding struct {
	Name    string
	Binding key.Binding
}

// Named lists the bindings with their config names, in name order.
func (k KeyMap) Named() []NamedBinding {
	b := k.bindings()
	var out []NamedBinding
	for _, n := range Names() {
		out = append(out, NamedBinding{n, *b[n]})
	}
	return out
}

// Names lists the action names a config file may rebind.
func Names() []string {
	var k KeyMap
	var names []string
	for n := range k.bindings() {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Override rebinds actions from the config file's [keys] table: action
// name to the keys that trigger it. The help text shows the new keys.
func (k *KeyMap) Override(over map[string][]string) error {
	b := k.bindings()
	for name, ks := range over {
		kb, ok := b[name]
		if !ok {
			return fmt.Errorf("keys: unknown action %q (actions: %s)", name, strings.Join(Names(), ", "))
		}
		if len(ks) == 0 {
			return fmt.Errorf("keys: %s: no keys given", name)
		}
		for i, k := range ks {
			if k == "space" {
				ks[i] = " " // how Bubble Tea names the space bar
			}
		}
		desc := kb.Help().Desc
		*kb = key.NewBinding(key.WithKeys(ks...), key.WithHelp(strings.Join(ks, "/"), desc))
	}
	// ctrl+c always quits, whatever the config says: a user must never be
	// trapped in the reader.
	if !contains(k.QuitNow.Keys(), "ctrl+c") {
		k.QuitNow.SetKeys(append(k.QuitNow.Keys(), "ctrl+c")...)
	}
	return nil
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

// Binds reports whether any binding of the map has k (as "alt+j").
func (k KeyMap) Binds(name string) bool {
	for _, nb := range k.Named() {
		if contains(nb.Binding.Keys(), name) {
			return true
		}
	}
	return false
}
