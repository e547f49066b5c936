package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
)

// binCLI runs the built binary with an isolated environment.
type binCLI struct {
	t   *testing.T
	bin string
	env []string
}

func (b *binCLI) command(args ...string) *exec.Cmd {
	cmd := exec.Command(b.bin, args...)
	cmd.Env = append(os.Environ(), b.env...)
	return cmd
}

func (b *binCLI) run(args ...string) string {
	b.t.Helper()
	out, err := b.command(args...).CombinedOutput()
	if err != nil {
		b.t.Fatalf("byline %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// writeFeeds writes n feeds of items items each; generation changes the
// titles and adds items, so a refresh has writing to do.
func writeFeeds(t *testing.T, dir string, n, items, generation int) []string {
	var paths []string
	for f := 0; f < n; f++ {
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %d</title>`, f)
		for i := 0; i < items+generation; i++ {
			fmt.Fprintf(&b, `<item><title>Feed %d item %d, edition %d</title><guid>f%d-%d</guid><link>https://f%d.example/%d</link>
<category>c%d</category><description>&lt;p&gt;%s&lt;/p&gt;</description></item>`,
				f, i, generation, f, i, f, i, i%7, strings.Repeat("text ", 100))
		}
		b.WriteString(`</channel></rss>`)
		paths = append(paths, writeFile(t, filepath.Join(dir, fmt.Sprintf("feed%02d.xml", f)), b.String()))
	}
	return paths
}

func TestCrashSafetyUnderSIGKILL(t *testing.T) {
	heavy(t, "crash safety under SIGKILL")
	b := &binCLI{t: t, bin: buildBinary(t), env: isolatedEnv(t)}
	dataDir := strings.TrimPrefix(b.env[0], "XDG_DATA_HOME=")
	feeds := writeFeeds(t, t.TempDir(), 12, 150, 0)
	for _, f := range feeds {
		b.run("add", f)
	}
	var arts []struct{ ID int64 }
	json.Unmarshal([]byte(b.run("ls", "--json")), &arts)
	if len(arts) < 100 {
		t.Fatalf("only %d articles", len(arts))
	}
	rng := rand.New(rand.NewSource(42))
	type change struct {
		id                 int64
		read, starred, tag bool
		tagName            string
	}
	var changes []change
	const kills = 50
	for i := 0; i < kills; i++ {
		// A change the user makes, then a refresh killed at a random point.
		c := change{id: arts[rng.Intn(len(arts))].ID}
		switch i % 3 {
		case 0:
			c.read = true
			b.run("mark", "read", fmt.Sprint(c.id))
		case 1:
			c.starred = true
			b.run("mark", "star", fmt.Sprint(c.id))
		default:
			c.tag, c.tagName = true, fmt.Sprintf("kept%d", i)
			b.run("tag", fmt.Sprint(c.id), "+"+c.tagName)
		}
		changes = append(changes, c)
		writeFeeds(t, filepath.Dir(feeds[0]), 12, 150, i+1)
		cmd := b.command("refresh")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Intn(600)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
	}

	st, err := store.Open(filepath.Join(dataDir, "byline", "byline.db"))
	if err != nil {
		t.Fatalf("store after %d kills: %v", kills, err)
	}
	defer st.Close()
	var check string
	if err := st.DB().QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q %v", check, err)
	}
	ctx := context.Background()
	for _, c := range changes {
		a, err := st.Article(ctx, c.id)
		if err != nil {
			t.Fatalf("article %d lost: %v", c.id, err)
		}
		if (c.read && !a.Read) || (c.starred && !a.Starred) || (c.tag && !strings.Contains(" "+strings.Join(a.Tags, " ")+" ", " "+c.tagName+" ")) {
			t.Errorf("change to article %d lost: %+v, now read=%v starred=%v tags=%v", c.id, c, a.Read, a.Starred, a.Tags)
		}
	}
	// The full-text index agrees with the articles.
	f, _ := query.Parse("edition")
	n, _, err := st.Count(ctx, f, time.Now())
	total, _, _ := st.Totals(ctx)
	if err != nil || n != total {
		t.Fatalf("full-text index out of step: %d of %d articles match (%v)", n, total, err)
	}
	// A refresh that is not killed still works.
	b.run("refresh")
}

func TestTwoProcessesAtOnce(t *testing.T) {
	heavy(t, "two processes at once")
	b := &binCLI{t: t, bin: buildBinary(t), env: isolatedEnv(t)}
	dir := t.TempDir()
	for _, f := range writeFeeds(t, dir, 8, 200, 0) {
		b.run("add", f)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	runBoth := func(args ...string) {
		defer wg.Done()
		out, err := b.command(args...).CombinedOutput()
		if err != nil || strings.Contains(strings.ToLower(string(out)), "locked") {
			errs <- fmt.Sprintf("byline %v: %v\n%s", args, err, out)
		}
	}
	for gen := 1; gen <= 3; gen++ {
		writeFeeds(t, dir, 8, 200, gen)
		wg.Add(1)
		go runBoth("refresh")
		for i := 0; i < 10; i++ {
			wg.Add(2)
			go runBoth("mark", "read", "+c1", "#5")
			go runBoth("tag", "+c2", "#3", "+busy")
		}
		wg.Wait()
	}
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
