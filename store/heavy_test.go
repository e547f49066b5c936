package store

import (
	"os"
	"testing"
)

// heavy skips a test of the heavy suites — large stores, processes killed
// mid-write, tmux journeys, pseudo-terminals — unless BYLINE_HEAVY=1,
// which .ci/run sets: the default 'go test ./...' stays about a minute.
// -short (the race detector's run) skips them always.
func heavy(t *testing.T, what string) {
	t.Helper()
	if testing.Short() {
		t.Skipf("%s: skipped in -short mode", what)
	}
	if os.Getenv("BYLINE_HEAVY") != "1" {
		t.Skipf("%s: a heavy suite; BYLINE_HEAVY=1 runs it (.ci/run does)", what)
	}
}
