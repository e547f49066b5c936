package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Keys pasted into a fresh reader all act, in order, though the list
// loads its pages meanwhile: 300 j land on row 300 (they stopped at row
// 200, the edge of the first page), and bursts of 50 lose none.
func TestEndToEndKeysWhilePagesLoad(t *testing.T) {
	heavy(t, "end-to-end in tmux")
	bin := buildBinary(t)
	env := isolatedEnv(t)
	var items strings.Builder
	for i := 0; i < 600; i++ {
		fmt.Fprintf(&items, "<item><title>Item %03d</title><link>https://example.com/%d</link><guid>g%d</guid><pubDate>%s</pubDate></item>",
			i, i, i, pubDate(i))
	}
	feedFile := writeFile(t, filepath.Join(t.TempDir(), "big.xml"),
		`<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title><link>https://example.com</link>`+items.String()+`</channel></rss>`)
	add := exec.Command(bin, "add", feedFile)
	add.Env = env
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("add: %v\n%s", err, out)
	}
	s := startTmux(t, env, bin, "--no-refresh")
	s.keys(strings.Repeat("j", 300))
	s.waitFor("▌● Item 300")
	s.keys("g")
	s.waitFor("▌● Item 000")
	for i := 0; i < 9; i++ {
		s.keys(strings.Repeat("j", 50))
	}
	s.waitFor("▌● Item 450")
	s.keys("Q")
	if code := s.exitCode(); code != "0" {
		t.Fatalf("byline exited %s", code)
	}
}

// pubDate is the i-th item's date: one hour older than the one before.
func pubDate(i int) string {
	return fmt.Sprintf("Sat, %02d Jun 2024 %02d:00:00 GMT", 30-i/24, 23-i%24)
}

// The tour, followed as written: "Press n for the next part" opens the
// next part, and "space pages down" then pages that article, not the list.
func TestEndToEndTourAsWritten(t *testing.T) {
	heavy(t, "end-to-end in tmux")
	bin := buildBinary(t)
	s := startTmux(t, isolatedEnv(t), bin, "demo")
	s.waitFor("Press n for the next part")
	s.keys("n")
	s.waitFor("Moving around an article", "esc/h back")
	s.keys("Space")
	s.keys("Escape")
	scr := s.waitFor("enter/l read")
	if !strings.Contains(scr, "▌  Reading comfortably") && !strings.Contains(scr, "▌● Reading comfortably") {
		t.Fatalf("space after n moved the list:\n%s", scr)
	}
	s.keys("Q")
	if code := s.exitCode(); code != "0" {
		t.Fatalf("byline demo exited %s", code)
	}
}

// A filter typed on a narrow terminal, then a resize to a wide one: the
// preview shows the selected row, not the article it showed before.
func TestEndToEndPreviewAfterResize(t *testing.T) {
	heavy(t, "end-to-end in tmux")
	bin := buildBinary(t)
	s := startTmux(t, isolatedEnv(t), bin, "demo")
	s.waitFor("Press n for the next part") // the welcome, previewed
	resize := func(w, h string) {
		if out, err := exec.Command("tmux", "-S", s.socket, "resize-window", "-t", "0", "-x", w, "-y", h).CombinedOutput(); err != nil {
			t.Fatalf("resize: %v\n%s", err, out)
		}
	}
	resize("80", "24")
	s.keys("/")
	s.keys("sources")
	s.keys("Enter")
	s.waitFor("filter: sources")
	resize("120", "40")
	scr := s.waitFor("│  Finding things: filters, tags and search")
	if strings.Contains(scr, "Press n for the next part") {
		t.Fatalf("the preview still shows the welcome:\n%s", scr)
	}
	s.keys("Q")
	if code := s.exitCode(); code != "0" {
		t.Fatalf("byline demo exited %s", code)
	}
}

// The demo starts with a mistake in the config's [keys]: the status line
// says it, at its line; the mistaken actions act at their defaults and a
// well-made binding beside them as rebound.
func TestEndToEndDemoWithKeysMistake(t *testing.T) {
	heavy(t, "end-to-end in tmux")
	bin := buildBinary(t)
	home := t.TempDir()
	env := append(isolatedEnv(t), "HOME="+home)
	env[1] = "XDG_CONFIG_HOME=" + filepath.Join(home, "config")
	writeFile(t, filepath.Join(home, "config", "byline", "config.toml"), "[keys]\ntoggle_star = [\"j\"]\nhelp = [\"H\"]\n")
	s := startTmux(t, env, bin, "demo")
	// The file is written from ~, so that what is wrong fits.
	s.waitFor(`config ~/config/byline/config.toml: line 2: keys: "j" is bound to both toggle_star and down`, "Welcome to byline")
	s.keys("j") // down, at its default
	scr := s.waitFor("▌● Reading comfortably")
	if strings.Contains(scr, "line 2: keys:") {
		t.Fatalf("the warning stayed after a key:\n%s", scr)
	}
	s.keys("H") // help, as rebound
	s.waitFor("open in browser")
	s.keys("Q")
	if code := s.exitCode(); code != "0" {
		t.Fatalf("byline demo exited %s", code)
	}
}
