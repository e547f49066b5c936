package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The house's floors (see ../shared/STYLE.md and the README's development
// map): data flows one way, feed → engines (refresh, remote) → store, and
// ui reads the store. These rules are checked over what each package
// really depends on, so that they cannot rot.
func TestLayering(t *testing.T) {
	const mod = "github.com/byline/byline"
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, "./...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	ui := []string{"github.com/charmbracelet/bubbletea", "github.com/charmbracelet/lipgloss", "github.com/charmbracelet/glamour", mod + "/ui"}
	rules := []struct {
		pkg       string // this package and those under it
		forbidden []string
	}{
		{mod + "/feed", append([]string{mod + "/store", mod + "/refresh", mod + "/remote"}, ui...)},
		// The store keeps feed/model's types; it never compiles the parsers,
		// readability or HTTP.
		{mod + "/store", append([]string{mod + "/feed", mod + "/refresh", mod + "/remote", "github.com/mmcdole/gofeed", "codeberg.org/readeck/go-readability/v2", "net/http"}, ui...)},
		{mod + "/refresh", append([]string{mod + "/remote"}, ui...)},
		{mod + "/remote", append([]string{mod + "/refresh"}, ui...)},
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, deps := fields[0], fields[1:]
		for _, r := range rules {
			if pkg != r.pkg && !strings.HasPrefix(pkg, r.pkg+"/") {
				continue
			}
			if strings.HasSuffix(pkg, "test") { // test helpers (storetest, greadertest) may use anything below them
				continue
			}
			checked++
			for _, d := range deps {
				for _, f := range r.forbidden {
					if d == f || (strings.HasPrefix(f, mod+"/") && strings.HasPrefix(d, f+"/") && f != mod+"/feed") {
						t.Errorf("%s depends on %s", pkg, d)
					}
				}
			}
		}
	}
	if checked < 8 {
		t.Fatalf("only %d packages checked: the module layout changed", checked)
	}
}
