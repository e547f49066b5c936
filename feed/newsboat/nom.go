package newsboat

import (
	"errors"
	"fmt"
	"strings"

	"github.com/byline/byline/feed/sanitize"
	"go.yaml.in/yaml/v3"
)

// ParseNom reads nom's config.yml: its feeds, each a url and an optional
// name. The rest of the config (backends, openers, theme) is not about
// subscriptions and is ignored. Feeds without an http(s) URL are skipped.
func ParseNom(data []byte) ([]Feed, []Skipped, error) {
	var cfg struct {
		Feeds []struct {
			URL  string `yaml:"url"`
			Name string `yaml:"name"`
		} `yaml:"feeds"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		return nil, nil, fmt.Errorf("nom config: %v", firstLine(err.Error()))
	}
	if cfg.Feeds == nil {
		return nil, nil, errors.New("nom config: it lists no feeds")
	}
	var feeds []Feed
	var skipped []Skipped
	for i, f := range cfg.Feeds {
		u := sanitize.Line(strings.TrimSpace(f.URL))
		lower := strings.ToLower(u)
		if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
			skipped = append(skipped, Skipped{Line: 0, Text: abbreviate(u), Reason: fmt.Sprintf("feed %d has no http(s) URL", i+1)})
			continue
		}
		feeds = append(feeds, Feed{URL: u, Title: sanitize.Line(strings.TrimSpace(f.Name))})
	}
	return feeds, skipped, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
