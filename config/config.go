// Package config reads byline's config file (TOML): decoding, the lines
// settings are on, and messages in the user's terms. Package main wires
// what it holds into the commands and the reader.
package config

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/byline/byline/feed"
	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
	"github.com/byline/byline/ui/images"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/render"
)

// Config is the config file (TOML).
type Config struct {
	// Theme is a Glamour style: dark, light, another built-in name, or the
	// path of a Glamour JSON style.
	Theme string `toml:"theme"`
	// DefaultFilter is what the reader opens with.
	DefaultFilter string `toml:"default_filter"`
	// RefreshOnStart refreshes in the background when the reader opens.
	RefreshOnStart *bool `toml:"refresh_on_start"`
	// Offline never touches the network.
	Offline bool `toml:"offline"`
	// RefreshInterval refreshes the reader every so many minutes (0: only
	// on start and on R).
	RefreshInterval float64 `toml:"refresh_interval"`
	// Hyperlinks is "auto" (detect the terminal), "on" or "off": OSC 8
	// links in the links list.
	Hyperlinks string `toml:"hyperlinks"`
	// Mouse lets the reader take the mouse (clicks and the wheel); false
	// leaves it to the terminal, for its own text selection.
	Mouse *bool `toml:"mouse"`
	// KeepDays removes articles older than this after a refresh (0: keep
	// all); MaxPerSource keeps the newest N of each source (0: all).
	// Starred articles always stay.
	KeepDays     int `toml:"keep_days"`
	MaxPerSource int `toml:"max_per_source"`
	// Concurrency is how many requests may be in flight at once (default
	// 64); PerHost how many of them may go to one host (default 6, as
	// browsers do). Lower them for a slow link or a strict server.
	Concurrency int `toml:"concurrency"`
	PerHost     int `toml:"per_host"`
	// FetchTimeout bounds one fetch, in seconds (default 30).
	FetchTimeout float64 `toml:"fetch_timeout"`
	// Keys rebinds actions: action name to keys, as the [keys] table has
	// them. KeyMap is the reader's keys with them laid over the defaults.
	// The table is read apart from the rest (keysTable): a mistake in it
	// leaves bindings at their defaults and is a warning, not an error.
	Keys   map[string][]string `toml:"-"`
	KeyMap keys.KeyMap         `toml:"-"`
	// AutoTag rules tag articles as they arrive.
	AutoTag []AutoTagRule `toml:"autotag"`
	// Images is how articles' pictures are drawn: auto, kitty, blocks or
	// off. ImageHeight caps a picture's height in rows (0: half the pane);
	// ImageCacheMB bounds the picture cache (0: the default, 500).
	Images       string  `toml:"images"`
	ImageHeight  int     `toml:"image_height"`
	ImageCacheMB float64 `toml:"image_cache_mb"`
	// Sync is the server byline syncs read and starred state with.
	Sync SyncConfig `toml:"sync"`

	// Rules are the [[autotag]] tables, compiled.
	Rules []store.TagRule `toml:"-"`
	// Warnings are the mistakes that stop nothing: those in [keys], whose
	// bindings keep their defaults. Each names the file and the line, and
	// says what is wrong and what byline does instead.
	Warnings []string `toml:"-"`
}

// SyncConfig is the [sync] table.
type SyncConfig struct {
	URL             string  `toml:"url"`
	User            string  `toml:"user"`
	PasswordCommand string  `toml:"password_command"`
	Interval        float64 `toml:"interval"` // minutes
}

// AutoTagRule is one [[autotag]] table.
type AutoTagRule struct {
	Title  string   `toml:"title"`  // a regular expression on the title
	Link   string   `toml:"link"`   // … on the link
	Source string   `toml:"source"` // … on the source's title or URL
	Add    []string `toml:"add"`
	Remove []string `toml:"remove"`
}

// NewsboatKeys is the one line that gives newsboat's n and p: the next
// and previous unread article.
const NewsboatKeys = `keys = { next_unread = ["n"], prev_unread = ["p"], next = ["J"], prev = ["K"] }`

// Sample is every setting with its default, for 'byline help config'.
const Sample = `# byline configuration: $XDG_CONFIG_HOME/byline/config.toml (~/.config/byline/config.toml)
theme = "dark"              # dark, light, auto (detected once at start), notty, ascii, dracula, tokyo-night,
                            # pink, or the path of a Glamour .json style
default_filter = ""         # the filter the reader opens with, e.g. "+unread -news"
refresh_on_start = true     # refresh in the background when the reader opens
refresh_interval = 0        # and every so many minutes (0: only on start and R)
offline = false             # never touch the network
keep_days = 0               # remove articles older than this after a refresh (0: keep all; starred and folders' files stay)
max_per_source = 0          # keep the newest N articles of each source (0: all)
concurrency = 64            # requests in flight at once (0: the default)
per_host = 6                # of them, at most this many to one host (1-6; 0: the default)
fetch_timeout = 30          # seconds for one fetch (0: the default)
hyperlinks = "auto"         # OSC 8 links: auto, on, off
images = "auto"             # pictures: auto, kitty, blocks (half blocks in colour), off
image_height = 0            # a picture's height at most, in rows (0: half the pane)
image_cache_mb = 500        # the picture cache's bound ($XDG_CACHE_HOME/byline/images; starred articles' stay)
mouse = true                # clicks and the wheel in the reader; false leaves the
                            # mouse to the terminal (to select text)

# ` + NewsboatKeys + `
                            # n and p as in newsboat (next/previous unread), in place of [keys]
[keys]                      # rebind actions; 'byline help keys' lists them
# down = ["j", "down", "ctrl+n"]

# [[autotag]]               # tag articles as they arrive; title, link or source is a regular expression
# title = "(?i)\\brust\\b"
# add = ["rust"]
# remove = []

# [sync]                    # 'byline sync'
# url = "https://rss.example.com"
# user = "me"
# password_command = "pass show rss"
# interval = 15
`

// maxConfigFile is far more than any config needs.
const maxConfigFile = 1 << 20

// Load reads the config file. A missing file is the default
// config; a bad one is an error naming the file and line, but for a
// mistake in [keys], which is one of cfg.Warnings: a command that draws
// nothing has no use for keys, and a refresh from cron must not stop for
// one (the reader starts with the default keys in its place).
func Load(path string, explicit bool) (Config, error) {
	cfg := Config{Theme: "dark", KeyMap: keys.Default()}
	if path == os.DevNull {
		// --config /dev/null: no config, every setting its default, as
		// the shell idiom means (the device is no regular file to read).
		return cfg, nil
	}
	data, err := feed.ReadRegularFile(path, maxConfigFile)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && !explicit {
			return cfg, nil
		}
		if errors.Is(err, os.ErrNotExist) {
			return cfg, fmt.Errorf("config %s: the file does not exist (without --config, byline needs none; 'byline help config' shows every setting, to start one from)", path)
		}
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	at := func(setting string) string { return configPlace(path, data, setting) }
	// Read first as plain values: syntax errors come with their line, and
	// a value of the wrong kind is found here, by comparing it with the
	// setting's type, rather than by reading the decoder's message.
	var plain map[string]any
	if _, err := toml.Decode(string(data), &plain); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return cfg, fmt.Errorf("config %s: line %d: %s", path, pe.Position.Line, syntaxMessage(data, pe))
		}
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	over, warnings := keysTable(plain)
	if setting, want, got, bad := mismatch(plain, reflect.TypeFor[Config](), ""); bad {
		return cfg, fmt.Errorf("%s: %s", at(setting), kindMessage(setting, want, got))
	}
	md, err := toml.Decode(string(data), &cfg)
	if err != nil {
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	var unknown []string
	for _, k := range md.Undecoded() {
		if k[0] != "keys" { // read apart, by keysTable
			unknown = append(unknown, k.String())
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return cfg, fmt.Errorf("%s: unknown setting %s", at(unknown[0]), strings.Join(unknown, ", "))
	}
	if cfg.Theme == "" {
		cfg.Theme = "dark"
	}
	if strings.HasSuffix(cfg.Theme, ".json") && !filepath.IsAbs(cfg.Theme) {
		cfg.Theme = filepath.Join(filepath.Dir(path), cfg.Theme)
	}
	if err := render.CheckStyle(cfg.Theme); err != nil && cfg.Theme != "auto" {
		if strings.HasSuffix(cfg.Theme, ".json") {
			return cfg, fmt.Errorf("%s: %w", at("theme"), err)
		}
		return cfg, fmt.Errorf("%s: theme %q: not auto, %s, nor a Glamour .json style file", at("theme"), cfg.Theme, strings.Join(render.BuiltinStyles, ", "))
	}
	km, problems := keys.FromConfig(over)
	for _, p := range problems {
		warnings = append(warnings, keysWarning{"keys." + p.Setting, fmt.Sprintf("%v; %s", p.Err, keptDefaults(p.Defaults))})
	}
	// In the order of the file.
	slices.SortStableFunc(warnings, func(x, y keysWarning) int {
		return configLine(data, x.setting) - configLine(data, y.setting)
	})
	for _, w := range warnings {
		cfg.Warnings = append(cfg.Warnings, at(w.setting)+": "+w.text)
	}
	cfg.Keys, cfg.KeyMap = over, km
	switch cfg.Hyperlinks {
	case "", "auto", "on", "off":
	default:
		return cfg, fmt.Errorf("%s: hyperlinks must be auto, on or off, not %q", at("hyperlinks"), cfg.Hyperlinks)
	}
	if cfg.Images != "" {
		if err := images.CheckMode(cfg.Images); err != nil {
			return cfg, fmt.Errorf("%s: %v", at("images"), err)
		}
	}
	for _, r := range []struct {
		setting  string
		v        float64
		min, max float64
		what     string
	}{
		{"refresh_interval", cfg.RefreshInterval, 1, 7 * 24 * 60, "minutes (0: only on start and on R)"},
		{"keep_days", float64(cfg.KeepDays), 1, 36500, "days (0: keep all)"},
		{"max_per_source", float64(cfg.MaxPerSource), 1, 1_000_000, "articles (0: all)"},
		{"concurrency", float64(cfg.Concurrency), 1, 256, "requests in flight (0: the default, 64)"},
		{"per_host", float64(cfg.PerHost), 1, 6, "requests to one host (0: the default, 6)"},
		{"fetch_timeout", cfg.FetchTimeout, 1, 600, "seconds (0: the default, 30)"},
		{"sync.interval", cfg.Sync.Interval, 1, 7 * 24 * 60, "minutes (0: the default)"},
		{"image_height", float64(cfg.ImageHeight), 2, 500, "rows (0: half the pane)"},
		{"image_cache_mb", cfg.ImageCacheMB, 1, 1 << 20, "megabytes (0: the default, 500)"},
	} {
		if r.v != 0 && !(r.v >= r.min && r.v <= r.max) { // NaN fails every comparison
			key := r.setting[strings.LastIndexByte(r.setting, '.')+1:] // as the file writes it
			return cfg, fmt.Errorf("%s: %s must be 0 or between %s and %s %s, not %s", at(r.setting), key,
				number(r.min), number(r.max), r.what, number(r.v))
		}
	}
	if _, err := query.Parse(cfg.DefaultFilter); err != nil {
		return cfg, fmt.Errorf("%s: default_filter: %w", at("default_filter"), err)
	}
	for i, r := range cfg.AutoTag {
		rules, err := r.compile()
		if err != nil {
			return cfg, fmt.Errorf("%s: autotag rule %d: %w", tablePlace(path, data, "[[autotag]]", i, r.badField()), i+1, err)
		}
		cfg.Rules = append(cfg.Rules, rules...)
	}
	return cfg, nil
}

// keysWarning is a mistake in [keys]: the setting it is about, and what
// is wrong with it and what byline does instead.
type keysWarning struct{ setting, text string }

// keysTable takes the [keys] table out of plain (the file read as plain
// values): the bindings written as lists of keys, and a warning for each
// setting of another kind, left out. A [keys] that is no table is a
// warning too, and binds nothing.
func keysTable(plain map[string]any) (map[string][]string, []keysWarning) {
	table, ok := plain["keys"]
	if !ok {
		return nil, nil
	}
	delete(plain, "keys")
	m, ok := table.(map[string]any)
	if !ok {
		return nil, []keysWarning{{"keys", fmt.Sprintf("keys wants a table, not %s; the default keys are used", kindOf(table))}}
	}
	over := map[string][]string{}
	var warnings []keysWarning
	for _, name := range slices.Sorted(maps.Keys(m)) {
		if setting, want, got, bad := mismatch(m[name], reflect.TypeFor[[]string](), "keys."+name); bad {
			kept := "the setting is ignored"
			if _, known := keys.Find(name); known {
				kept = keptDefaults([]string{name})
			}
			msg := kindMessage(setting, want, got)
			if _, list := m[name].([]any); list && want == "text in quotes" {
				// An item of the list: the list's form is the hint.
				msg = fmt.Sprintf("%s wants each key in quotes, not %s (write it as %s = [\"j\", \"…\"])", name, got, name)
			}
			warnings = append(warnings, keysWarning{setting, msg + "; " + kept})
			continue
		}
		var ks []string
		for _, k := range m[name].([]any) {
			ks = append(ks, k.(string))
		}
		over[name] = ks
	}
	return over, warnings
}

// keptDefaults says which actions keep their default keys for a mistake
// in [keys].
func keptDefaults(actions []string) string {
	switch len(actions) {
	case 0:
		return "the setting is ignored"
	case 1:
		return actions[0] + " keeps its default keys"
	}
	return strings.Join(actions, " and ") + " keep their default keys"
}

// kindMessage says that setting wants a value of another kind, and how
// one of the right kind is written.
func kindMessage(setting, want, got string) string {
	name := setting[strings.LastIndexByte(setting, '.')+1:] // as the file writes it
	if want == "a whole number" && got == "a number" {
		return name + " wants a whole number, not a fraction"
	}
	return fmt.Sprintf("%s wants %s, not %s%s", name, want, got, written(name, want))
}

// configPlace names the config file and the line a setting is on, for
// errors about its value (the TOML decoder gives lines for syntax errors
// only). A setting in a table is named with it ("keys.down",
// "sync.interval"); a table alone ("keys") is its header's line.
func configPlace(path string, data []byte, setting string) string {
	if n := configLine(data, setting); n > 0 {
		return fmt.Sprintf("config %s: line %d", path, n)
	}
	return "config " + path
}

// configLine is the line a setting is on (see configPlace), or 0.
func configLine(data []byte, setting string) int {
	table, name := "", setting
	if i := strings.LastIndexByte(setting, '.'); i >= 0 {
		table, name = setting[:i], setting[i+1:]
	}
	current, tableLine := "", 0
	for i, line := range strings.Split(string(data), "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, "[") {
			header, _, _ := strings.Cut(l, "#")
			current = strings.Trim(strings.TrimSpace(header), "[]")
			current = strings.TrimSpace(current)
			if current == setting && table == "" || current == table {
				tableLine = i + 1
			}
			if current == setting { // [keys] or [keys.down]: the setting is this table
				return i + 1
			}
			continue
		}
		key, value, ok := strings.Cut(l, "=")
		key = strings.Trim(strings.TrimSpace(key), `"'`)
		if current == "" && table != "" && ok && key == table && strings.HasPrefix(strings.TrimSpace(value), "{") {
			// An inline table on one line: keys = { next = ["J"] }.
			tableLine = i + 1
			continue
		}
		if current != table {
			continue
		}
		if ok && key == name {
			return i + 1
		}
	}
	return tableLine
}

// tablePlace names the line of field in the n-th (from 0) table of an
// array of tables, such as [[autotag]], or of its header.
func tablePlace(path string, data []byte, header string, n int, field string) string {
	at, in := 0, false
	for i, line := range strings.Split(string(data), "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, "[") {
			if in {
				break // the table ended without the field
			}
			if strings.HasPrefix(l, header) {
				if n == 0 {
					in, at = true, i+1
				}
				n--
			}
			continue
		}
		if key, _, ok := strings.Cut(l, "="); in && field != "" && ok && strings.Trim(strings.TrimSpace(key), `"'`) == field {
			return fmt.Sprintf("config %s: line %d", path, i+1)
		}
	}
	if at > 0 {
		return fmt.Sprintf("config %s: line %d", path, at)
	}
	return "config " + path
}

// number writes a setting's number as it would be typed: 99999999, 1.5.
func number(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// badField is the field of r whose regular expression does not compile,
// or "".
func (r AutoTagRule) badField() string {
	for _, f := range []struct{ field, expr string }{{"title", r.Title}, {"link", r.Link}, {"source", r.Source}} {
		if _, err := regexp.Compile(f.expr); err != nil {
			return f.field
		}
	}
	return ""
}

func (r AutoTagRule) compile() ([]store.TagRule, error) {
	if len(r.Add) == 0 && len(r.Remove) == 0 {
		return nil, fmt.Errorf("give add or remove (a list of tags)")
	}
	var out []store.TagRule
	for _, f := range []struct{ field, expr string }{{"title", r.Title}, {"link", r.Link}, {"source", r.Source}} {
		if f.expr == "" {
			continue
		}
		re, err := regexp.Compile(f.expr)
		if err != nil {
			return nil, fmt.Errorf("%s: bad regular expression: %w", f.field, err)
		}
		out = append(out, store.TagRule{Field: f.field, Pattern: re, Add: r.Add, Remove: r.Remove})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("give title, link or source (a regular expression)")
	}
	return out, nil
}

// syntaxMessage says what is wrong at the line the decoder stopped on,
// in the user's terms, from that line of the file: a setting with no
// value, a bare word for a value, a setting set twice. Anything else is
// the decoder's own message.
func syntaxMessage(data []byte, pe toml.ParseError) string {
	lines := strings.Split(string(data), "\n")
	n := pe.Position.Line
	if n < 1 || n > len(lines) {
		return pe.Message
	}
	line := strings.TrimSpace(lines[n-1])
	name, value, ok := strings.Cut(line, "=")
	if !ok || strings.HasPrefix(line, "[") || strings.HasPrefix(line, "#") {
		return pe.Message
	}
	name = strings.Trim(strings.TrimSpace(name), `"'`)
	value = strings.TrimSpace(value)
	word, _, _ := strings.Cut(value, " ")
	switch {
	case value == "" || strings.HasPrefix(value, "#"):
		return name + " has no value after the ="
	case setBefore(lines[:n-1], name):
		return name + " is set twice"
	case bareWord(word):
		return fmt.Sprintf("%s = %s: a value is a number, true or false, \"text in quotes\" or a [list]", name, word)
	case openQuote(value) != 0:
		q := string(openQuote(value))
		return fmt.Sprintf("%s = %s: a value's quotes are not closed (text goes between %s and %s on one line)", name, value, q, q)
	}
	return pe.Message
}

// openQuote is the quote that a value opens and its line does not close
// (0 when every quote is closed): "text or 'text, alone or in a list.
// Triple quotes may span lines, and are left to the decoder.
func openQuote(value string) rune {
	if strings.Contains(value, `"""`) || strings.Contains(value, "'''") {
		return 0
	}
	var open rune
	escaped := false
	for _, r := range value {
		switch {
		case open == 0 && r == '#':
			return 0
		case open == 0 && (r == '"' || r == '\''):
			open = r
		case open == '"' && escaped:
			escaped = false
		case open == '"' && r == '\\':
			escaped = true
		case r == open:
			open = 0
		}
	}
	return open
}

// setBefore reports whether name is set in the table that the lines end
// in, before they end.
func setBefore(lines []string, name string) bool {
	seen := map[string]bool{}
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "[") {
			clear(seen) // a new table
			continue
		}
		if k, _, ok := strings.Cut(l, "="); ok && !strings.HasPrefix(l, "#") {
			seen[strings.Trim(strings.TrimSpace(k), `"'`)] = true
		}
	}
	return seen[name]
}

// bareWord reports whether w is a word where a value should be: not a
// number, a boolean, a string, a list or a table.
func bareWord(w string) bool {
	if w == "" || w == "true" || w == "false" || strings.TrimLeft(w, "+-") == "inf" || strings.TrimLeft(w, "+-") == "nan" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLetter(r)
}

// mismatch finds the first setting whose value is not of its type (t,
// the setting's Go type): its name ("sync.interval"), what it wants and
// what it got, in the user's words. Settings byline does not know are
// left to the check for unknown settings.
func mismatch(v any, t reflect.Type, setting string) (name, want, got string, bad bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	in := func(key string) string {
		if setting == "" {
			return key
		}
		return setting + "." + key
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return setting, "a table", kindOf(v), true
		}
		for _, key := range slices.Sorted(maps.Keys(m)) {
			ft := t.Elem
			if t.Kind() == reflect.Struct {
				f, ok := fieldFor(t, key)
				if !ok {
					continue
				}
				ft = func() reflect.Type { return f.Type }
			}
			if name, want, got, bad := mismatch(m[key], ft(), in(key)); bad {
				return name, want, got, true
			}
		}
		return "", "", "", false
	case reflect.Slice:
		var items []any
		switch l := v.(type) {
		case []any:
			items = l
		case []map[string]any: // an array of tables
			for _, x := range l {
				items = append(items, x)
			}
		default:
			return setting, "a list", kindOf(v), true
		}
		for _, x := range items {
			if name, want, got, bad := mismatch(x, t.Elem(), setting); bad {
				return name, want, got, true
			}
		}
		return "", "", "", false
	}
	fits := false
	switch v.(type) {
	case string:
		fits = t.Kind() == reflect.String
	case bool:
		fits = t.Kind() == reflect.Bool
	case int64:
		fits = t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64 || t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64
	case float64: // 3.0 too: the decoder takes no fraction for a whole number
		fits = t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64
	}
	if fits {
		return "", "", "", false
	}
	return setting, kindOfType(t), kindOf(v), true
}

// fieldFor is the field of struct t that the setting key decodes into.
func fieldFor(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("toml"), ","); name == key && name != "-" {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// kindOf names the kind of a value as read from the file.
func kindOf(v any) string {
	switch v.(type) {
	case string:
		return "text in quotes"
	case bool:
		return "true or false"
	case int64:
		return "a whole number"
	case float64:
		return "a number"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return "a date"
}

// kindOfType names the kind of value a setting of type t takes.
func kindOfType(t reflect.Type) string {
	switch k := t.Kind(); {
	case k == reflect.String:
		return "text in quotes"
	case k == reflect.Bool:
		return "true or false"
	case k >= reflect.Int && k <= reflect.Int64:
		return "a whole number"
	case k == reflect.Float32 || k == reflect.Float64:
		return "a number"
	}
	return t.String()
}

// written is how a value of the kind want is written, as a hint after a
// setting of the wrong kind: ` (write it as links = ["…"])`.
func written(name, want string) string {
	form := map[string]string{"a list": `["…"]`, "text in quotes": `"…"`, "true or false": "true", "a whole number": "3"}[want]
	if form == "" {
		return ""
	}
	return " (write it as " + name + " = " + form + ")"
}
