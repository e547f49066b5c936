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
		// The use cases sit above the engines and below the CLI and the
		// reader; they never draw.
		{mod + "/library", ui},
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

// Each use case is written once, in library, and the command line and the
// reader both call it: neither package main nor any package of the reader
// imports an engine (refresh, remote) itself, so neither can assemble a
// refresh, a sync or an add of its own.
func TestUseCasesInTheLibrary(t *testing.T) {
	const mod = "github.com/byline/byline"
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, ".", "./ui/...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	engines := []string{mod + "/refresh", mod + "/remote"}
	checked, viaLibrary := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, imports := fields[0], fields[1:]
		checked++
		for _, imp := range imports {
			if imp == mod+"/library" {
				viaLibrary++
			}
			for _, e := range engines {
				if imp == e || strings.HasPrefix(imp, e+"/") {
					t.Errorf("%s imports %s: call the use case in library instead", pkg, imp)
				}
			}
		}
	}
	if checked < 10 || viaLibrary < 2 {
		t.Fatalf("%d packages checked, %d import library: the module layout changed", checked, viaLibrary)
	}
}
