package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/byline/byline/store/storetest"
)

// BenchmarkStartupLs is `byline ls --limit 50` on 100,000 articles, in
// process: open the store, query, print.
func BenchmarkStartupLs(b *testing.B) {
	st := storetest.Open(b, storetest.Large)
	st.Close()
	dir := b.TempDir()
	data, err := os.ReadFile(st.Path())
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "byline.db")
	os.WriteFile(path, data, 0o600)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var out, errb strings.Builder
		a := &app{stdout: &out, stderr: &errb}
		if code := a.run([]string{"ls", "--limit", "50", "--data-dir", filepath.Dir(path), "--config", os.DevNull}); code != 0 {
			b.Fatalf("ls: %s", errb.String())
		}
	}
}
