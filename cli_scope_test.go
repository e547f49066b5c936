package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A bulk change names its scope: an empty or blank filter is a usage error
// that changes nothing; everything takes --all.
func TestBulkChangesNameTheirScope(t *testing.T) {
	c := newCLI(t)
	feedFile := writeFile(t, filepath.Join(t.TempDir(), "feed.xml"), sampleRSS)
	c.mustRun("add", feedFile)
	unread := func() int { return len(lsTitles(t, c, "+unread")) }
	if unread() != 2 {
		t.Fatalf("want 2 unread to start")
	}
	for _, args := range [][]string{
		{"mark", "read", ""}, {"mark", "read", " "}, {"mark", "read", "", " "}, {"mark", "read"},
		{"mark", "star", "\t"}, {"tag", "", "+x"}, {"tag", " ", "+x"}, {"tag", "+x"},
		{"mark", "read", "+go", "--all"},
	} {
		code, out, errOut := c.run(args...)
		if code != 2 || out != "" || errOut == "" {
			t.Errorf("%q: exit %d, out %q, err %q; want a usage error", args, code, out, errOut)
		}
	}
	if unread() != 2 || len(lsTitles(t, c, "+starred")) != 0 || len(lsTitles(t, c, "+x")) != 0 {
		t.Fatal("a refused bulk change changed something")
	}
	if out := c.mustRun("mark", "read", "--all"); !strings.Contains(out, "Marked 2 articles read") {
		t.Fatalf("mark read --all: %q", out)
	}
	if unread() != 0 {
		t.Fatal("--all did not mark everything")
	}
	c.mustRun("tag", "--all", "+later")
	if len(lsTitles(t, c, "+later")) != 2 {
		t.Fatal("tag --all did not tag everything")
	}
}

// Removing a source with starred articles says how many and needs --force.
func TestRemoveKeepsStarredArticlesWithoutForce(t *testing.T) {
	c := newCLI(t)
	feedFile := writeFile(t, filepath.Join(t.TempDir(), "feed.xml"), sampleRSS)
	c.mustRun("add", feedFile)
	ids := lsIDs(t, c)
	c.mustRun("mark", "star", ids[0])
	code, _, errOut := c.run("remove", feedFile)
	if code != 1 || !strings.Contains(errOut, "1 starred article") || !strings.Contains(errOut, "--force") {
		t.Fatalf("remove with a starred article: exit %d %q", code, errOut)
	}
	if len(lsTitles(t, c)) != 2 {
		t.Fatal("the source was removed anyway")
	}
	if out := c.mustRun("remove", feedFile, "--force"); !strings.Contains(out, "Removed source") {
		t.Fatalf("remove --force: %q", out)
	}
	if len(lsTitles(t, c)) != 0 {
		t.Fatal("remove --force kept the articles")
	}
	// Without starred articles no flag is needed.
	c.mustRun("add", feedFile)
	c.mustRun("remove", feedFile)
}

func lsIDs(t *testing.T, c *cli, args ...string) []string {
	t.Helper()
	var ids []string
	for _, line := range strings.Split(strings.TrimSpace(c.mustRun(append([]string{"ls"}, args...)...)), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			ids = append(ids, f[0])
		}
	}
	return ids
}

// remove takes the title 'byline sources' shows, when one source has it.
func TestRemoveBySourceTitle(t *testing.T) {
	c := newCLI(t)
	feedFile := writeFile(t, filepath.Join(t.TempDir(), "feed.xml"), sampleRSS)
	c.mustRun("add", feedFile, "--title", "My Feed")
	if out := c.mustRun("remove", "my feed"); !strings.Contains(out, "Removed source") {
		t.Fatalf("remove by title: %q", out)
	}
	if code, _, errOut := c.run("remove", "Nope"); code != 1 || !strings.Contains(errOut, "no source") {
		t.Fatalf("remove of an unknown title: exit %d %q", code, errOut)
	}
}

// The question and the refusal before removing a source with starred
// articles speak of one article as one.
func TestRemoveStarredWordsOneOrMany(t *testing.T) {
	for _, c := range []struct {
		n         int
		want, not string
		refusal   string
	}{
		{1, "Other has 1 starred article; removing it removes the article too.", "them", "with the article)"},
		{2, "Other has 2 starred articles; removing it removes them too.", "the article", "with them)"},
	} {
		q, err := starredWarning("Other", c.n)
		if !strings.HasPrefix(q, c.want) || strings.Contains(q, c.not) {
			t.Errorf("%d starred: question %q, want it to start %q", c.n, q, c.want)
		}
		if err == nil || !strings.HasSuffix(err.Error(), c.refusal) || strings.Contains(err.Error(), c.not) {
			t.Errorf("%d starred: refusal %v, want it to end %q", c.n, err, c.refusal)
		}
	}
	c := newCLI(t)
	feedFile := writeFile(t, filepath.Join(t.TempDir(), "feed.xml"), sampleRSS)
	c.mustRun("add", feedFile)
	c.mustRun("mark", "star", lsIDs(t, c)[0])
	if _, _, errOut := c.run("remove", feedFile); strings.Contains(errOut, "them") {
		t.Errorf("one starred article: %q", errOut)
	}
}
