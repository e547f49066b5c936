package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
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
	// Keys rebinds actions: action name to keys.
	Keys map[string][]string `toml:"keys"`
	// AutoTag rules tag articles as they arrive.
	AutoTag []autoTagRule `toml:"autotag"`
	// Sync is the server byline syncs read and starred state with.
	Sync syncConfig `toml:"sync"`

	rules []store.TagRule
}

// syncConfig is the [sync] table.
type syncConfig struct {
	URL             string  `toml:"url"`
	User            string  `toml:"user"`
	PasswordCommand string  `toml:"password_command"`
	Interval        float64 `toml:"interval"` // minutes
}

// autoTagRule is one [[autotag]] table.
type autoTagRule struct {
	Title  string   `toml:"title"`  // a regular expression on the title
	Link   string   `toml:"link"`   // … on the link
	Source string   `toml:"source"` // … on the source's title or URL
	Add    []string `toml:"add"`
	Remove []string `toml:"remove"`
}

// sampleConfig is every setting with its default, for 'byline help config'.
const sampleConfig = `# byline configuration: $XDG_CONFIG_HOME/byline/config.toml (~/.config/byline/config.toml)
theme = "dark"              # dark, light, auto (detected once at start), notty, dracula, tokyo-night,
                            # pink, or the path of a Glamour .json style
default_filter = ""         # the filter the reader opens with, e.g. "+unread -news"
refresh_on_start = true     # refresh in the background when the reader opens
refresh_interval = 0        # and every so many minutes (0: only on start and R)
offline = false             # never touch the network
keep_days = 0               # remove articles older than this after a refresh (0: keep all; starred stay)
max_per_source = 0          # keep the newest N articles of each source (0: all)
concurrency = 64            # requests in flight at once
per_host = 6                # of them, at most this many to one host (1-6)
fetch_timeout = 30          # seconds for one fetch
hyperlinks = "auto"         # OSC 8 links: auto, on, off

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

// loadConfig reads the config file. A missing file is the default
// config; a bad one is an error naming the file and line.
func loadConfig(path string, explicit bool) (Config, error) {
	cfg := Config{Theme: "dark"}
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && !explicit {
			return cfg, nil
		}
		return cfg, fmt.Errorf("config %s: %v", path, unwrapPath(err))
	}
	md, err := toml.Decode(string(data), &cfg)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return cfg, fmt.Errorf("config %s: line %d: %s", path, pe.Position.Line, pe.Message)
		}
		return cfg, fmt.Errorf("config %s: %v", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		var names []string
		for _, k := range und {
			names = append(names, k.String())
		}
		sort.Strings(names)
		return cfg, fmt.Errorf("config %s: unknown setting %s", path, strings.Join(names, ", "))
	}
	if cfg.Theme == "" {
		cfg.Theme = "dark"
	}
	if strings.HasSuffix(cfg.Theme, ".json") && !filepath.IsAbs(cfg.Theme) {
		cfg.Theme = filepath.Join(filepath.Dir(path), cfg.Theme)
	}
	if err := render.CheckStyle(cfg.Theme); err != nil && cfg.Theme != "auto" {
		return cfg, fmt.Errorf("config %s: %v", path, err)
	}
	km := keys.Default()
	if err := km.Override(cfg.Keys); err != nil {
		return cfg, fmt.Errorf("config %s: %v", path, err)
	}
	switch cfg.Hyperlinks {
	case "", "auto", "on", "off":
	default:
		return cfg, fmt.Errorf("config %s: hyperlinks must be auto, on or off, not %q", path, cfg.Hyperlinks)
	}
	if cfg.RefreshInterval < 0 {
		return cfg, fmt.Errorf("config %s: refresh_interval must be a number of minutes, not %v", path, cfg.RefreshInterval)
	}
	if cfg.KeepDays < 0 || cfg.MaxPerSource < 0 {
		return cfg, fmt.Errorf("config %s: keep_days and max_per_source must be 0 (keep all) or more", path)
	}
	if cfg.Concurrency < 0 || cfg.Concurrency > 256 {
		return cfg, fmt.Errorf("config %s: concurrency must be between 1 and 256 (0: the default, 64)", path)
	}
	if cfg.PerHost < 0 || cfg.PerHost > 6 {
		return cfg, fmt.Errorf("config %s: per_host must be between 1 and 6 (0: the default, 6)", path)
	}
	if cfg.FetchTimeout < 0 {
		return cfg, fmt.Errorf("config %s: fetch_timeout must be a number of seconds, not %v", path, cfg.FetchTimeout)
	}
	if _, err := query.Parse(cfg.DefaultFilter); err != nil {
		return cfg, fmt.Errorf("config %s: default_filter: %v", path, err)
	}
	for i, r := range cfg.AutoTag {
		rules, err := r.compile()
		if err != nil {
			return cfg, fmt.Errorf("config %s: autotag rule %d: %v", path, i+1, err)
		}
		cfg.rules = append(cfg.rules, rules...)
	}
	return cfg, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// xdgDir returns $VAR/byline, else ~/fallback/byline.
func xdgDir(env, fallback string) string {
	if d := os.Getenv(env); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "byline")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "byline")
	}
	return filepath.Join(home, fallback, "byline")
}

func (r autoTagRule) compile() ([]store.TagRule, error) {
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
			return nil, fmt.Errorf("%s: bad regular expression: %v", f.field, err)
		}
		out = append(out, store.TagRule{Field: f.field, Pattern: re, Add: r.Add, Remove: r.Remove})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("give title, link or source (a regular expression)")
	}
	return out, nil
}

// hyperlinksSupported guesses from the environment whether the terminal
// understands OSC 8 links; asking it would mean reading its answer.
func hyperlinksSupported(setting string) bool {
	switch setting {
	case "on":
		return true
	case "off":
		return false
	}
	switch os.Getenv("TERM_PROGRAM") {
	case "iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper":
		return true
	}
	if os.Getenv("KITTY_WINDOW_ID") != "" || os.Getenv("WT_SESSION") != "" || os.Getenv("KONSOLE_VERSION") != "" {
		return true
	}
	if v := os.Getenv("VTE_VERSION"); v != "" {
		n := 0
		fmt.Sscan(v, &n)
		return n >= 5000
	}
	t := os.Getenv("TERM")
	return strings.Contains(t, "kitty") || strings.Contains(t, "foot") || strings.Contains(t, "alacritty")
}
