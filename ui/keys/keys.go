// Package keys holds byline's one KeyMap and the declaration of every
// action in it: the config file's word for it, its default keys, its help
// and the places where it is live. Clash checks, 'byline help keys', the
// help bar and the hints the reader writes are all derived from that
// declaration (Actions), and so is routing: Match finds the action a key
// triggers where keys act now, which the root model and the panes dispatch
// on; bubbles/help shows the bindings.
package keys

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Place is where keys act: a pane, or a question. An action is live in
// one or more places; in each place a key serves at most one action.
type Place uint

const (
	// List is the article list (with the preview beside it).
	List Place = 1 << iota
	// Article is an open article.
	Article
	// Side is the side pane of tags or sources.
	Side
	// Links is an article's links list.
	Links
	// Failures is the list of sources that failed their refresh.
	Failures
	// Confirm is a yes-or-no question under the list.
	Confirm
)

// Places names every place, for help and for tests that go through them.
var Places = []struct {
	Place Place
	Name  string
}{{List, "list"}, {Article, "article"}, {Side, "tags"}, {Links, "links"}, {Failures, "failures"}, {Confirm, "question"}}

// Name is the place's word, as 'byline help keys' writes it.
func (p Place) Name() string {
	var out []string
	for _, pl := range Places {
		if p&pl.Place != 0 {
			out = append(out, pl.Name)
		}
	}
	return strings.Join(out, ", ")
}

// the places where keys that change the view are live.
const views = List | Article | Side

// KeyMap is every binding in the reader, one field an action.
type KeyMap struct {
	Up, Down, Top, Bottom, PageDown, PageUp key.Binding
	Open, Back                              key.Binding
	Next, Prev, NextUnread, PrevUnread      key.Binding
	ToggleRead, ToggleStar                  key.Binding
	Browser, CopyURL, Links, FullText       key.Binding
	Save, Prefetch                          key.Binding
	Refresh, Failures, AddSource            key.Binding
	Filter, Search, SearchPrev              key.Binding
	TagPane, Sources                        key.Binding
	AddTag, RemoveTag                       key.Binding
	SaveFilter, SavedFilter, Sort           key.Binding
	MarkAllRead                             key.Binding
	TagOnly, TagInclude, TagExclude         key.Binding
	TagClear                                key.Binding
	LinkNumber                              key.Binding
	Yes, No                                 key.Binding
	Help, Quit, QuitNow                     key.Binding
}

// Group is a column of the full help.
type Group int

const (
	Move   Group = iota // up, down, pages
	Go                  // open, back, next, search
	Act                 // on the article: read, star, tags, links
	View                // what the list shows: filter, tags, sort
	App                 // refresh, help, quit
	Answer              // yes, no
)

// Action is one action's declaration.
type Action struct {
	// Name is the config file's word for it.
	Name string
	// Keys are its default keys (" " is the space bar); Label what the
	// help shows for them, when not all of them ("1-9", "space").
	Keys  []string
	Label string
	Desc  string
	// Live is where it acts.
	Live Place
	// Fixed: not rebindable (the digits that open a link by its number).
	Fixed bool
	// Group is its column in the full help; Short the places whose short
	// help shows it; DescIn its help where it reads otherwise (/ narrows
	// the tag pane).
	Group  Group
	Short  Place
	DescIn map[Place]string

	field func(*KeyMap) *key.Binding
}

// Actions is every action, declared once.
var Actions = []Action{
	{Name: "up", Keys: []string{"k", "up"}, Label: "k/↑", Desc: "up", Live: views | Links | Failures, Group: Move, Short: Side | Links | Failures, field: func(k *KeyMap) *key.Binding { return &k.Up }},
	{Name: "down", Keys: []string{"j", "down"}, Label: "j/↓", Desc: "down", Live: views | Links | Failures, Group: Move, Short: List | Side | Links | Failures, field: func(k *KeyMap) *key.Binding { return &k.Down }},
	{Name: "top", Keys: []string{"g", "home"}, Label: "g", Desc: "top", Live: views | Links | Failures, Group: Move, field: func(k *KeyMap) *key.Binding { return &k.Top }},
	{Name: "bottom", Keys: []string{"G", "end"}, Label: "G", Desc: "bottom", Live: views | Links | Failures, Group: Move, field: func(k *KeyMap) *key.Binding { return &k.Bottom }},
	{Name: "page_down", Keys: []string{" ", "pgdown", "f"}, Label: "space", Desc: "page down", Live: views | Links | Failures, Group: Move, Short: Article, field: func(k *KeyMap) *key.Binding { return &k.PageDown }},
	{Name: "page_up", Keys: []string{"pgup", "b"}, Label: "b", Desc: "page up", Live: views | Links | Failures, Group: Move, field: func(k *KeyMap) *key.Binding { return &k.PageUp }},
	{Name: "open", Keys: []string{"enter", "l"}, Label: "enter/l", Desc: "read", Live: List | Links, Group: Go, DescIn: map[Place]string{Links: "open"}, Short: List | Links, field: func(k *KeyMap) *key.Binding { return &k.Open }},
	{Name: "next", Keys: []string{"n"}, Desc: "next article (or match)", Live: List | Article, Group: Go, DescIn: map[Place]string{List: "next article"}, Short: Article, field: func(k *KeyMap) *key.Binding { return &k.Next }},
	{Name: "prev", Keys: []string{"p"}, Desc: "previous article", Live: List | Article, Group: Go, Short: Article, field: func(k *KeyMap) *key.Binding { return &k.Prev }},
	{Name: "next_unread", Keys: []string{"u"}, Desc: "next unread", Live: List | Article, Group: Go, Short: List, field: func(k *KeyMap) *key.Binding { return &k.NextUnread }},
	{Name: "prev_unread", Keys: []string{"U"}, Desc: "previous unread", Live: List | Article, Group: Go, field: func(k *KeyMap) *key.Binding { return &k.PrevUnread }},
	{Name: "back", Keys: []string{"esc", "h"}, Label: "esc/h", Desc: "back", Live: Article | Side | Links | Failures, Group: Go, Short: Article | Side | Links | Failures, field: func(k *KeyMap) *key.Binding { return &k.Back }},
	{Name: "search", Keys: []string{"/"}, Desc: "search", Live: Article, Group: Go, Short: Article, field: func(k *KeyMap) *key.Binding { return &k.Search }},
	{Name: "search_prev", Keys: []string{"N"}, Desc: "previous match", Live: Article, Group: Go, field: func(k *KeyMap) *key.Binding { return &k.SearchPrev }},
	{Name: "toggle_read", Keys: []string{"r"}, Desc: "read/unread", Live: List | Article, Group: Act, field: func(k *KeyMap) *key.Binding { return &k.ToggleRead }},
	{Name: "toggle_star", Keys: []string{"s"}, Desc: "star", Live: List | Article, Group: Act, Short: List, field: func(k *KeyMap) *key.Binding { return &k.ToggleStar }},
	{Name: "browser", Keys: []string{"o"}, Desc: "open in browser", Live: List | Article, Group: Act, Short: Article, field: func(k *KeyMap) *key.Binding { return &k.Browser }},
	{Name: "copy_url", Keys: []string{"y"}, Desc: "copy URL", Live: List | Article | Links, Group: Act, field: func(k *KeyMap) *key.Binding { return &k.CopyURL }},
	{Name: "links", Keys: []string{"L"}, Desc: "links", Live: List | Article | Links, Group: Act, Short: Article, field: func(k *KeyMap) *key.Binding { return &k.Links }},
	{Name: "full_text", Keys: []string{"F"}, Desc: "full article", Live: List | Article, Group: Act, field: func(k *KeyMap) *key.Binding { return &k.FullText }},
	{Name: "read_later", Keys: []string{"a"}, Desc: "save to read later", Live: List | Article | Links, Group: Act, field: func(k *KeyMap) *key.Binding { return &k.Save }},
	{Name: "prefetch", Keys: []string{"P"}, Desc: "prefetch the view", Live: views, Group: View, field: func(k *KeyMap) *key.Binding { return &k.Prefetch }},
	{Name: "refresh", Keys: []string{"R"}, Desc: "refresh", Live: views, Group: View, Short: List, field: func(k *KeyMap) *key.Binding { return &k.Refresh }},
	{Name: "failures", Keys: []string{"E"}, Desc: "failing sources", Live: views | Failures, Group: App, field: func(k *KeyMap) *key.Binding { return &k.Failures }},
	{Name: "add_source", Keys: []string{"+"}, Desc: "add a source", Live: List, Group: App, field: func(k *KeyMap) *key.Binding { return &k.AddSource }},
	{Name: "filter", Keys: []string{"/"}, Desc: "filter", Live: List | Side, Group: View, Short: List | Side, DescIn: map[Place]string{Side: "narrow"}, field: func(k *KeyMap) *key.Binding { return &k.Filter }},
	{Name: "tag_pane", Keys: []string{"tab"}, Desc: "tags", Live: views, Group: View, Short: List, field: func(k *KeyMap) *key.Binding { return &k.TagPane }},
	{Name: "sources", Keys: []string{"e"}, Desc: "sources", Live: views, Group: View, field: func(k *KeyMap) *key.Binding { return &k.Sources }},
	{Name: "add_tag", Keys: []string{"t"}, Desc: "add tag", Live: List | Article, Group: Act, field: func(k *KeyMap) *key.Binding { return &k.AddTag }},
	{Name: "remove_tag", Keys: []string{"T"}, Desc: "remove tag", Live: List | Article, Group: Act, field: func(k *KeyMap) *key.Binding { return &k.RemoveTag }},
	{Name: "save_filter", Keys: []string{"S"}, Desc: "save filter", Live: views, Group: View, field: func(k *KeyMap) *key.Binding { return &k.SaveFilter }},
	{Name: "saved_filter", Keys: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, Label: "1-9", Desc: "saved filter", Live: List | Article, Group: View, field: func(k *KeyMap) *key.Binding { return &k.SavedFilter }},
	{Name: "sort", Keys: []string{"O"}, Desc: "sort order", Live: List, Group: View, field: func(k *KeyMap) *key.Binding { return &k.Sort }},
	{Name: "mark_all_read", Keys: []string{"A"}, Desc: "mark view read", Live: views, Group: View, field: func(k *KeyMap) *key.Binding { return &k.MarkAllRead }},
	{Name: "tag_only", Keys: []string{"enter", "l"}, Label: "enter", Desc: "only this tag", Live: Side, Group: View, Short: Side, field: func(k *KeyMap) *key.Binding { return &k.TagOnly }},
	{Name: "tag_include", Keys: []string{"+"}, Desc: "add +tag to filter", Live: Side, Group: View, Short: Side, field: func(k *KeyMap) *key.Binding { return &k.TagInclude }},
	{Name: "tag_exclude", Keys: []string{"-"}, Desc: "add -tag to filter", Live: Side, Group: View, Short: Side, field: func(k *KeyMap) *key.Binding { return &k.TagExclude }},
	{Name: "tag_clear", Keys: []string{"x"}, Desc: "drop tag from filter", Live: Side, Group: View, Short: Side, field: func(k *KeyMap) *key.Binding { return &k.TagClear }},
	{Name: "link_number", Keys: []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, Label: "0-9", Desc: "open link by number", Live: Links, Fixed: true, Group: Go, field: func(k *KeyMap) *key.Binding { return &k.LinkNumber }},
	{Name: "yes", Keys: []string{"y", "Y", "enter"}, Label: "y", Desc: "yes", Live: Confirm, Group: Answer, Short: Confirm, field: func(k *KeyMap) *key.Binding { return &k.Yes }},
	{Name: "no", Keys: []string{"n", "N", "esc", "q"}, Label: "n", Desc: "no", Live: Confirm, Group: Answer, Short: Confirm, field: func(k *KeyMap) *key.Binding { return &k.No }},
	{Name: "help", Keys: []string{"?"}, Desc: "help", Live: views | Links | Failures, Group: App, Short: views | Links | Failures, field: func(k *KeyMap) *key.Binding { return &k.Help }},
	// quit goes back one level (an article or a pane to the list) and
	// quits from the list; quit_now always quits.
	{Name: "quit", Keys: []string{"q"}, Desc: "back/quit", Live: views | Links | Failures, Group: App, Short: views | Links | Failures, field: func(k *KeyMap) *key.Binding { return &k.Quit }},
	{Name: "quit_now", Keys: []string{"Q", "ctrl+c"}, Label: "Q", Desc: "quit", Live: views | Links | Failures | Confirm, Group: App, field: func(k *KeyMap) *key.Binding { return &k.QuitNow }},
}

// Find is the action the config file calls name.
func Find(name string) (Action, bool) {
	for _, a := range Actions {
		if a.Name == name {
			return a, true
		}
	}
	return Action{}, false
}

// Default returns the default bindings.
func Default() KeyMap {
	var k KeyMap
	for _, a := range Actions {
		label := a.Label
		if label == "" {
			label = Label(a.Keys)
		}
		*a.field(&k) = key.NewBinding(key.WithKeys(a.Keys...), key.WithHelp(label, a.Desc))
	}
	return k
}

// ShortHelp is the short help of place p, from the declaration: the
// place's own keys, and the keys that act all over it (help, quit), which
// the help bar keeps in view.
func (k *KeyMap) ShortHelp(p Place) (own, always []key.Binding) {
	for _, a := range Actions {
		if a.Short&p == 0 || a.Live&p == 0 {
			continue
		}
		if a.Group == App {
			always = append(always, k.in(a, p))
		} else {
			own = append(own, k.in(a, p))
		}
	}
	return own, always
}

// FullHelp is every action live in place p, a column to a group, from the
// declaration.
func (k *KeyMap) FullHelp(p Place) [][]key.Binding {
	var cols [][]key.Binding
	for g := Move; g <= Answer; g++ {
		var col []key.Binding
		for _, a := range Actions {
			if a.Group == g && a.Live&p != 0 {
				col = append(col, k.in(a, p))
			}
		}
		if len(col) > 0 {
			cols = append(cols, col)
		}
	}
	return cols
}

// in is the binding of a as the help of place p says it.
func (k *KeyMap) in(a Action, p Place) key.Binding {
	b := k.Binding(a)
	if d, ok := a.DescIn[p]; ok {
		b.SetHelp(b.Help().Key, d)
	}
	return b
}

// Match is the binding in k of the action live in place p that msg
// triggers, or nil: the one the root model and the panes route msg by. The
// declaration lets a key trigger at most one action in a place (Clash), so
// the first found is the only one.
func (k *KeyMap) Match(p Place, msg tea.KeyMsg) *key.Binding {
	for _, a := range Actions {
		if b := a.field(k); a.Live&p != 0 && key.Matches(msg, *b) {
			return b
		}
	}
	return nil
}

// Ref is the action's binding in k, to compare with what Match returns.
func (k *KeyMap) Ref(a Action) *key.Binding { return a.field(k) }

// Binding is the map's binding for the action.
func (k *KeyMap) Binding(a Action) key.Binding { return *a.field(k) }

// Label writes keys as the help shows them: "j/↓", "space".
func Label(ks []string) string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = KeyName(k)
	}
	return strings.Join(out, "/")
}

// KeyName is how help and messages write a key.
func KeyName(k string) string {
	switch k {
	case " ":
		return "space"
	case "up":
		return "↑"
	case "down":
		return "↓"
	}
	return k
}

// First is the first key of b as the help writes it, for hints in the
// status line ("n/N next/previous").
func First(b key.Binding) string {
	if ks := b.Keys(); len(ks) > 0 {
		return KeyName(ks[0])
	}
	return ""
}

// Names lists the action names a config file may rebind, sorted.
func Names() []string {
	var names []string
	for _, a := range Actions {
		if !a.Fixed {
			names = append(names, a.Name)
		}
	}
	slices.Sort(names)
	return names
}

// Problem is a mistake in the config file's [keys] table, which leaves
// bindings at their defaults rather than stopping byline: Setting is the
// action name the mistake is written under (its line), Err what is wrong,
// and Defaults the actions that keep their default keys because of it
// (none for an unknown action).
type Problem struct {
	Setting  string
	Err      error
	Defaults []string
}

// FromConfig is the default map with the config file's [keys] table laid
// over it: action name to the keys that trigger it. What it cannot take is
// left out and said in a Problem each: an unknown action (ignored), a key
// no terminal can send or no keys at all (the action keeps its defaults),
// and a key bound to two actions that are live in the same place (both
// keep their defaults).
func FromConfig(over map[string][]string) (KeyMap, []Problem) {
	km := Default()
	var problems []Problem
	taken := map[string]bool{} // the actions whose keys the config gives
	for _, name := range slices.Sorted(maps.Keys(over)) {
		a, ok := Find(name)
		if !ok || a.Fixed {
			problems = append(problems, Problem{Setting: name,
				Err: fmt.Errorf("keys: unknown action %q (actions: %s)", name, strings.Join(Names(), ", "))})
			continue
		}
		ks, err := configKeys(name, over[name])
		if err != nil {
			problems = append(problems, Problem{Setting: name, Err: err, Defaults: []string{name}})
			continue
		}
		*a.field(&km) = key.NewBinding(key.WithKeys(ks...), key.WithHelp(Label(ks), a.Desc))
		taken[name] = true
	}
	// ctrl+c always quits, whatever the config says: a user must never be
	// trapped in the reader.
	if !slices.Contains(km.QuitNow.Keys(), "ctrl+c") {
		km.QuitNow.SetKeys(append(km.QuitNow.Keys(), "ctrl+c")...)
	}
	// Each clash puts both of its actions back to their defaults. The
	// defaults never clash, so each round gives back at least one binding
	// of the config's, and the rounds end.
	def := Default()
	for {
		a, b, k, ok := km.Clash()
		if !ok {
			break
		}
		if !taken[a] {
			a, b = b, a // the line named is that of a binding the config gives
		}
		problems = append(problems, Problem{Setting: a, Defaults: []string{a, b},
			Err: fmt.Errorf("keys: %q is bound to both %s and %s (both act in: %s)", KeyName(k), a, b, placeOf(a, b))})
		for _, name := range []string{a, b} {
			act, _ := Find(name)
			*act.field(&km) = *act.field(&def)
			delete(taken, name)
		}
	}
	return km, problems
}

// configKeys are the keys the config gives an action, as Bubble Tea names
// them, or what is wrong with them.
func configKeys(name string, given []string) ([]string, error) {
	if len(given) == 0 {
		return nil, fmt.Errorf("keys: %s: no keys given", name)
	}
	var ks []string
	for _, k := range given {
		key := k
		if key == "space" {
			key = " " // how Bubble Tea names the space bar
		}
		if !possibleKey(key) {
			return nil, fmt.Errorf("keys: %s: %q is not a key a terminal can send (one character, or a name such as enter, esc, tab, up, pgdown, f1, ctrl+x, alt+x)", name, k)
		}
		if !slices.Contains(ks, key) { // a key given twice is one key ("j, j" in help)
			ks = append(ks, key)
		}
	}
	return ks, nil
}

// placeOf names the places where actions a and b are both live.
func placeOf(a, b string) string {
	x, _ := Find(a)
	y, _ := Find(b)
	return (x.Live & y.Live).Name()
}

// Clash finds a key bound to two actions live in the same place: a, b
// and the key, in the order of the declaration.
func (k KeyMap) Clash() (a, b, key string, found bool) {
	for i, x := range Actions {
		for _, y := range Actions[i+1:] {
			if x.Live&y.Live == 0 {
				continue
			}
			for _, kx := range k.Binding(x).Keys() {
				if slices.Contains(k.Binding(y).Keys(), kx) {
					return x.Name, y.Name, kx, true
				}
			}
		}
	}
	return "", "", "", false
}

// Binds reports whether any binding of the map has k (as "alt+j").
func (k KeyMap) Binds(name string) bool {
	for _, a := range Actions {
		if slices.Contains(k.Binding(a).Keys(), name) {
			return true
		}
	}
	return false
}

// namedKeys are the key names Bubble Tea reports.
var namedKeys = sync.OnceValue(func() map[string]bool {
	names := map[string]bool{}
	for i := -200; i <= 200; i++ {
		if n := tea.KeyType(i).String(); n != "" && n != "runes" {
			names[n] = true
		}
	}
	return names
})

// possibleKey reports whether Bubble Tea can report k as a key press: one
// printable character, a key name, or alt+ one of those.
func possibleKey(k string) bool {
	k = strings.TrimPrefix(k, "alt+")
	if utf8.RuneCountInString(k) == 1 {
		r, _ := utf8.DecodeRuneInString(k)
		return unicode.IsPrint(r) || r == ' '
	}
	return namedKeys()[k]
}
