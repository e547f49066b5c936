package newsboat

import (
	"bufio"
	"bytes"
	"path/filepath"
	"strings"
)

// Kind is which of newsboat's or nom's files a file is.
type Kind string

const (
	KindURLs  Kind = "newsboat urls file"
	KindCache Kind = "newsboat cache"
	KindNom   Kind = "nom config"
)

// Detect tells newsboat's urls file, its cache and nom's config by their
// first bytes; "" is none of them. A cache is only said to be an SQLite
// database here: OpenCache says whether it is newsboat's.
func Detect(head []byte) Kind {
	if bytes.HasPrefix(head, sqliteMagic) {
		return KindCache
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if t := bytes.TrimLeft(head, " \t\r\n"); len(t) > 0 && t[0] == '<' {
		return "" // XML or HTML: OPML or bookmarks
	}
	if isNomConfig(head) {
		return KindNom
	}
	// A urls file: its first line that is not blank or a comment is a
	// feed URL or one of newsboat's own kinds of line.
	sc := bufio.NewScanner(bytes.NewReader(head))
	sc.Buffer(nil, len(head)+1)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		lower := strings.ToLower(strings.TrimPrefix(line, `"`))
		for _, p := range []string{"http://", "https://", "file://", "query:", "exec:", "filter:"} {
			if strings.HasPrefix(lower, p) {
				return KindURLs
			}
		}
		return ""
	}
	return ""
}

// isNomConfig is YAML with a top-level feeds list.
func isNomConfig(head []byte) bool {
	for _, line := range strings.Split(string(head), "\n") {
		if strings.HasPrefix(strings.TrimRight(line, " \t\r"), "feeds:") {
			return true
		}
	}
	return false
}

// Places are where newsboat and nom keep their files.
type Places struct {
	URLs, Cache, Nom string
}

// Locate says where newsboat keeps its urls file and cache, and nom its
// config, as each program looks for them: newsboat uses ~/.newsboat when
// that folder exists, else $XDG_CONFIG_HOME/newsboat/urls and
// $XDG_DATA_HOME/newsboat/cache.db (defaults ~/.config and
// ~/.local/share); nom uses $XDG_CONFIG_HOME/nom/config.yml. exists
// reports whether a path exists; getenv reads the environment.
func Locate(home string, getenv func(string) string, exists func(string) bool) Places {
	var p Places
	config := getenv("XDG_CONFIG_HOME")
	if config == "" {
		config = filepath.Join(home, ".config")
	}
	data := getenv("XDG_DATA_HOME")
	if data == "" {
		data = filepath.Join(home, ".local", "share")
	}
	if dot := filepath.Join(home, ".newsboat"); exists(dot) {
		p.URLs, p.Cache = filepath.Join(dot, "urls"), filepath.Join(dot, "cache.db")
	} else {
		p.URLs, p.Cache = filepath.Join(config, "newsboat", "urls"), filepath.Join(data, "newsboat", "cache.db")
	}
	p.Nom = filepath.Join(config, "nom", "config.yml")
	return p
}
