package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// byline read under a real pseudo-terminal (script(1) gives it one): the
// raw bytes it writes hold no sequence byline did not emit itself, and it
// does not wait on the terminal.
func TestReadUnderAPseudoTerminalWritesOnlyItsOwnSequences(t *testing.T) {
	heavy(t, "read under a pseudo-terminal")
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1) is not installed")
	}
	b := &binCLI{t: t, bin: buildBinary(t), env: append(isolatedEnv(t), "COLORTERM=truecolor")}
	for _, src := range writeEncodedCorpus(t, t.TempDir()) {
		b.run("add", src)
	}
	var arts []struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(b.run("ls", "--json")), &arts); err != nil || len(arts) < 16 {
		t.Fatalf("corpus: %d articles (%v)", len(arts), err)
	}
	for _, a := range arts {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		cmd := exec.CommandContext(ctx, script, "-qec", fmt.Sprintf("%s read %d", b.bin, a.ID), "/dev/null")
		cmd.Env = b.command().Env
		start := time.Now()
		out, err := cmd.Output()
		cancel()
		if err != nil {
			t.Fatalf("read %d under a pty: %v\n%s", a.ID, err, out)
		}
		if took := time.Since(start); took > 3*time.Second {
			t.Errorf("read %d took %v: waiting on the terminal?", a.ID, took)
		}
		text := strings.ReplaceAll(string(out), "\r\n", "\n") // the pty's line discipline
		if !strings.Contains(text, "\x1b[") {
			t.Fatalf("read %d under a pty wrote no styling: is it a terminal?\n%q", a.ID, text)
		}
		if bad := foreignSequence(text, true); bad != "" {
			t.Errorf("read %d under a pty: %s", a.ID, bad)
		}
	}
}
