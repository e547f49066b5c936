package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmuxSession runs the built byline in a detached tmux session of its own
// server, so a test never touches the user's tmux.
type tmuxSession struct {
	t      *testing.T
	socket string
	exit   string
}

func buildBinary(t *testing.T) string {
	t.Helper()
	// A test that drives the built binary (tmux, signals, a kill midway)
	// belongs to the heavy suites, whether or not it says so.
	heavy(t, "builds the binary")
	bin := filepath.Join(t.TempDir(), "byline")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func startTmux(t *testing.T, env []string, args ...string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed; skipping the end-to-end test")
	}
	dir := t.TempDir()
	s := &tmuxSession{t: t, socket: filepath.Join(dir, "tmux.sock"), exit: filepath.Join(dir, "exit")}
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	script := fmt.Sprintf("%s; echo $? > '%s'; sleep 60", strings.Join(quoted, " "), s.exit)
	cmdArgs := []string{"-S", s.socket, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40"}
	for _, e := range env {
		cmdArgs = append(cmdArgs, "-e", e)
	}
	cmdArgs = append(cmdArgs, "sh", "-c", script)
	if out, err := exec.Command("tmux", cmdArgs...).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("tmux", "-S", s.socket, "kill-server").Run() })
	return s
}

func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	args := append([]string{"-S", s.socket, "send-keys", "-t", "0"}, keys...)
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		s.t.Fatalf("send-keys: %v\n%s", err, out)
	}
}

func (s *tmuxSession) screen() string {
	out, _ := exec.Command("tmux", "-S", s.socket, "capture-pane", "-p", "-t", "0").Output()
	return string(out)
}

// waitFor polls the screen until it holds every want.
func (s *tmuxSession) waitFor(want ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		scr := s.screen()
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(scr, w)
		}
		if ok {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("screen never showed %q:\n%s", want, scr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (s *tmuxSession) exitCode() string {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(s.exit); err == nil && len(b) > 0 {
			return strings.TrimSpace(string(b))
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.t.Fatalf("byline did not exit; screen:\n%s", s.screen())
	return ""
}

func isolatedEnv(t *testing.T) []string {
	dir := t.TempDir()
	return []string{"XDG_DATA_HOME=" + filepath.Join(dir, "data"), "XDG_CONFIG_HOME=" + filepath.Join(dir, "config"), "TERM=xterm-256color"}
}

func TestEndToEndDemo(t *testing.T) {
	heavy(t, "end-to-end in tmux")
	bin := buildBinary(t)
	env := isolatedEnv(t)
	s := startTmux(t, env, bin, "demo")
	scr := s.waitFor("Welcome to byline", "Reading comfortably", "Writing articles byline can read", "byline releases")
	if strings.Contains(scr, "title:") {
		t.Fatalf("front matter on screen:\n%s", scr)
	}
	s.keys("Enter")
	scr = s.waitFor("The five keys", "a reader for the articles you follow")
	for _, raw := range []string{"**RSS", "title: \"Welcome", "---", "summary:"} {
		if strings.Contains(scr, raw) {
			t.Fatalf("raw Markdown or front matter %q on screen:\n%s", raw, scr)
		}
	}
	s.keys("n")
	s.waitFor("Moving around an article")
	s.keys("Escape")
	s.waitFor("enter/l read")
	s.keys("?")
	s.waitFor("open in browser", "previous article")
	s.keys("q") // closes the help
	s.waitFor("enter/l read")
	s.keys("q") // quits from the list
	if code := s.exitCode(); code != "0" {
		t.Fatalf("byline demo exited %s", code)
	}
	// The demo writes nothing outside its temporary folder.
	data := strings.TrimPrefix(env[0], "XDG_DATA_HOME=")
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Fatalf("demo wrote to the data folder %s", data)
	}
}

func TestEndToEndFirstRunWelcome(t *testing.T) {
	heavy(t, "end-to-end in tmux")
	bin := buildBinary(t)
	s := startTmux(t, isolatedEnv(t), bin)
	s.waitFor("Welcome to byline", "byline add", "byline demo")
	s.keys("q")
	if code := s.exitCode(); code != "0" {
		t.Fatalf("byline on first run exited %s", code)
	}
}

func (s *tmuxSession) display(format string) string {
	out, _ := exec.Command("tmux", "-S", s.socket, "display-message", "-p", "-t", "0", format).Output()
	return strings.TrimSpace(string(out))
}

func TestEndToEndHostileLibrary(t *testing.T) {
	heavy(t, "end-to-end in tmux")
	bin := buildBinary(t)
	env := isolatedEnv(t)
	dir := t.TempDir()
	feedFile, jsonFile, mdDir := writeHostileCorpus(t, dir)
	sh := &binCLI{t: t, bin: bin, env: env}
	for _, src := range []string{feedFile, jsonFile, mdDir} {
		sh.run("add", src)
	}
	s := startTmux(t, env, bin, "--no-refresh")
	scr := s.waitFor("Hostile title", "JSON hostile", "Front")
	title := s.display("#{pane_title}")
	// Read every article, in the list and in the reader, wide and narrow.
	for i := 0; i < 6; i++ {
		s.keys("Enter")
		time.Sleep(150 * time.Millisecond)
		scr += s.screen()
		s.keys("Escape", "j")
	}
	s.keys("Tab")
	time.Sleep(200 * time.Millisecond)
	scr += s.screen()
	exec.Command("tmux", "-S", s.socket, "resize-window", "-t", "0", "-x", "80", "-y", "30").Run()
	s.keys("Tab", "g", "Enter")
	time.Sleep(300 * time.Millisecond)
	scr += s.screen()
	if got := s.display("#{pane_title}"); got != title || strings.Contains(got, "PWNED") {
		t.Fatalf("pane title changed from %q to %q", title, got)
	}
	if bufs, _ := exec.Command("tmux", "-S", s.socket, "list-buffers").Output(); len(bytes.TrimSpace(bufs)) > 0 {
		t.Fatalf("something reached the clipboard: %q", bufs)
	}
	for _, payload := range []string{"PWNED-TITLE", "cm0gLXJmIH4="} {
		if strings.Contains(scr, payload) {
			t.Fatalf("escape payload %q on screen:\n%s", payload, scr)
		}
	}
	s.keys("Q")
	if code := s.exitCode(); code != "0" {
		t.Fatalf("exit %s", code)
	}
}

// A closed terminal (SIGHUP: a window closed, a tmux session killed) ends
// the demo as q does: its temporary library is removed.
func TestEndToEndDemoCleansUpOnHangup(t *testing.T) {
	heavy(t, "end-to-end in tmux")
	bin := buildBinary(t)
	tmp := t.TempDir()
	s := startTmux(t, append(isolatedEnv(t), "TMPDIR="+tmp), bin, "demo")
	s.waitFor("Welcome to byline")
	if left, _ := filepath.Glob(filepath.Join(tmp, "byline-demo-*")); len(left) != 1 {
		t.Fatalf("the demo's library: %v", left)
	}
	exec.Command("tmux", "-S", s.socket, "kill-server").Run()
	deadline := time.Now().Add(10 * time.Second)
	for {
		left, _ := filepath.Glob(filepath.Join(tmp, "byline-demo-*"))
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("left behind after a hangup: %v", left)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
