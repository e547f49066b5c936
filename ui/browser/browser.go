// Package browser opens links outside byline: only http, https and mailto
// URLs, passed to the browser as one argument and never through a shell.
package browser

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// Allowed reports whether a link may be opened: http(s) with a host, or
// mailto. Everything else (javascript:, file:, data:, …) is shown, never
// opened.
func Allowed(link string) bool {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return u.Opaque != "" || u.Path != ""
	}
	return false
}

// Command returns the browser command for a link: $BROWSER (its first word
// is the program, further words are its arguments), else xdg-open or open.
func Command(link string) (*exec.Cmd, error) {
	if !Allowed(link) {
		return nil, fmt.Errorf("not opening %q: only http, https and mailto links open", link)
	}
	link = strings.TrimSpace(link)
	if b := strings.Fields(os.Getenv("BROWSER")); len(b) > 0 {
		return exec.Command(b[0], append(b[1:], link)...), nil
	}
	if runtime.GOOS == "darwin" {
		return exec.Command("open", link), nil
	}
	return exec.Command("xdg-open", link), nil
}

// Open opens link in the browser without waiting for it to exit.
func Open(link string) error {
	cmd, err := Command(link)
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return fmt.Errorf("no browser found (%s is not installed): set $BROWSER to one", filepath.Base(cmd.Path))
		}
		return fmt.Errorf("could not start the browser: %w", err)
	}
	go cmd.Wait() // reap it
	return nil
}
