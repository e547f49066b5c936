package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// Two shells: the reader open on a folder's article in one; in the other,
// 'byline tag', 'byline mark star', and the article's file edited then
// 'byline refresh'. The preview's header and body follow, without a key
// pressed, as the row does; then the open article follows a tag too.
func TestEndToEndPreviewFollowsOtherShell(t *testing.T) {
	heavy(t, "end-to-end in tmux")
	bin := buildBinary(t)
	env := isolatedEnv(t)
	dir := t.TempDir()
	for i, title := range []string{"Tidal tables", "Harbour notes", "Lighthouse log"} {
		writeFile(t, filepath.Join(dir, "n"+string(rune('1'+i))+".md"),
			"---\ntitle: "+title+"\ndate: 2026-01-0"+string(rune('1'+i))+"\ntags: [notes]\n---\n\nThe first text of "+title+".\n")
	}
	sh := &binCLI{t: t, bin: bin, env: env} // the other shell
	other := func(args ...string) { t.Helper(); sh.run(args...) }
	other("add", dir)
	s := startTmux(t, env, bin, "--no-refresh")
	s.waitFor("Lighthouse log", "The first text of Lighthouse log")
	s.keys("j")
	s.waitFor("The first text of Harbour notes")

	// The list is newest first: Harbour notes is the second row, article 2.
	other("tag", "2", "+later", "-notes")
	other("mark", "star", "2")
	scr := s.waitFor("#later", "★ starred")
	if strings.Count(scr, "#later") < 2 {
		t.Fatalf("the row and the preview's header do not both show the tag:\n%s", scr)
	}
	writeFile(t, filepath.Join(dir, "n2.md"), "---\ntitle: Harbour notes\ndate: 2026-01-02\ntags: [notes]\n---\n\nThe second text, edited elsewhere.\n")
	other("refresh")
	s.waitFor("The second text, edited elsewhere.")

	s.keys("Enter") // opening marks read: the reader's own write
	other("tag", "2", "+x2")
	s.waitFor("#x2", "The second text, edited elsewhere.")
	s.keys("Q")
	if code := s.exitCode(); code != "0" {
		t.Fatalf("byline exited %s", code)
	}
}

// Two shells, at the same moment: the reader marks an article read (r)
// while the other shell stars and tags another, again and again. Each
// time the reader shows the other shell's star and tag within its next
// looks, though its own write landed in the same second.
func TestEndToEndReaderSeesOtherShellAmidItsOwnWrites(t *testing.T) {
	heavy(t, "end-to-end in tmux")
	bin := buildBinary(t)
	env := isolatedEnv(t)
	dir := t.TempDir()
	for i, title := range []string{"Tidal tables", "Harbour notes", "Lighthouse log"} {
		writeFile(t, filepath.Join(dir, "n"+string(rune('1'+i))+".md"),
			"---\ntitle: "+title+"\ndate: 2026-01-0"+string(rune('1'+i))+"\n---\n\nThe text of "+title+".\n")
	}
	sh := &binCLI{t: t, bin: bin, env: env} // the other shell
	other := func(args ...string) { t.Helper(); sh.run(args...) }
	other("add", dir)
	s := startTmux(t, env, bin, "--no-refresh")
	s.waitFor("Lighthouse log", "The text of Lighthouse log")
	// The list is newest first: Lighthouse log is article 3, on the
	// cursor; the other shell changes Tidal tables, article 1.
	for round := range 3 {
		s.keys("r")
		tag := "round" + string(rune('1'+round))
		other("mark", map[bool]string{true: "star", false: "unstar"}[round%2 == 0], "1")
		other("tag", "1", "+"+tag)
		scr := s.waitFor("#" + tag) // the star changed before the tag
		if stars := strings.Count(scr, "★"); (round%2 == 0) != (stars > 0) {
			t.Fatalf("round %d: the other shell's star is not shown as it is:\n%s", round, scr)
		}
	}
	s.keys("Q")
	if code := s.exitCode(); code != "0" {
		t.Fatalf("byline exited %s", code)
	}
}
