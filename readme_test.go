package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The README's install route works from a clone, and the Go it names is
// go.mod's: the module path is not published, so 'go install
// github.com/byline/byline@latest' fails.
func TestReadmeInstallMatchesGoMod(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	goVersion := string(m[1])
	text := string(readme)
	if strings.Contains(text, "go install github.com/byline/byline@") {
		t.Error("README installs from a module path that is not published")
	}
	if !strings.Contains(text, "go install .") {
		t.Error("README does not say how to install from a clone")
	}
	for _, v := range regexp.MustCompile(`Go (1\.\d+(?:\.\d+)?) or newer`).FindAllStringSubmatch(text, -1) {
		if v[1] != goVersion {
			t.Errorf("README says Go %s or newer; go.mod says go %s", v[1], goVersion)
		}
	}
	if !strings.Contains(text, "Go "+goVersion+" or newer") {
		t.Errorf("README does not name go.mod's Go %s", goVersion)
	}
}
