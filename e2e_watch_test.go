package main

import (
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
)

// Two shells: the reader open in one, 'byline save URL' in the other. The
// saved page appears in the reader without a key pressed.
func TestEndToEndReaderSeesPageSavedElsewhere(t *testing.T) {
	heavy(t, "end-to-end in tmux")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><html><head><title>Tides of the loopback</title></head><body><article>
<h1>Tides of the loopback</h1>
<p>The tide comes in twice a day along the loopback coast, and the fishermen of the interface know it well.
They have watched the packets come and go for many years and written it all down in their logbooks.</p>
<p>Each morning the harbour master reads the tables and calls out the times. Nobody listens, but the
ritual matters more than the words, and the boats go out when they go out.</p>
</article></body></html>`))
	}))
	defer srv.Close()
	bin := buildBinary(t)
	env := isolatedEnv(t)
	s := startTmux(t, env, bin, "--no-refresh")
	s.waitFor("Welcome to byline")

	// The other shell, in a window of its own.
	args := []string{"-S", s.socket, "new-window", "-d"}
	for _, e := range env {
		args = append(args, "-e", e)
	}
	args = append(args, "sh", "-c", "'"+bin+"' save '"+srv.URL+"/tides' > '"+s.exit+".save' 2>&1; sleep 60")
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		t.Fatalf("tmux new-window: %v\n%s", err, out)
	}
	scr := s.waitFor("Tides of the loopback", "Saved")
	if strings.Contains(scr, "Welcome to byline") {
		t.Fatalf("the welcome screen stayed:\n%s", scr)
	}
	s.keys("q")
	if code := s.exitCode(); code != "0" {
		t.Fatalf("byline exited %s", code)
	}
}
