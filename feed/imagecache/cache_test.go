package imagecache

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestPutGet(t *testing.T) {
	c, err := Open(filepath.Join(t.TempDir(), "images"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get("https://a.example/x.png"); ok {
		t.Fatal("empty cache has an image")
	}
	if n, _, err := c.Usage(); n != 0 || err != nil {
		t.Fatalf("empty cache: %d images, %v", n, err)
	}
	if _, err := os.Stat(c.Dir()); err == nil {
		t.Fatal("the directory was made before an image was kept")
	}
	if err := c.Put("https://a.example/x.png", []byte("pixels")); err != nil {
		t.Fatal(err)
	}
	data, ok := c.Get("https://a.example/x.png")
	if !ok || string(data) != "pixels" || !c.Has("https://a.example/x.png") {
		t.Fatalf("Get = %q, %v", data, ok)
	}
	info, err := os.Stat(c.Dir())
	if err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("cache directory mode %v, %v", info.Mode().Perm(), err)
	}
}

// The least recently used images go first when the cache is over its
// bound; a pinned image stays however old; an image larger than the bound
// is not kept.
func TestEviction(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(dir, 3000)
	if err != nil {
		t.Fatal(err)
	}
	kb := bytes.Repeat([]byte("x"), 1000)
	old := time.Now().Add(-time.Hour)
	for i, u := range []string{"pinned", "a", "b"} {
		if err := c.Put(u, kb); err != nil {
			t.Fatal(err)
		}
		// Times a second apart, oldest first, whatever the file system's
		// resolution.
		at := old.Add(time.Duration(i) * time.Second)
		os.Chtimes(filepath.Join(dir, name(u)), at, at)
	}
	c.Pin([]string{"pinned"})
	c.Get("a") // a is now the most recently used
	if err := c.Put("c", kb); err != nil {
		t.Fatal(err)
	}
	for u, want := range map[string]bool{"pinned": true, "a": true, "b": false, "c": true} {
		if c.Has(u) != want {
			t.Errorf("%s kept: %v, want %v", u, !want, want)
		}
	}
	if err := c.Put("huge", bytes.Repeat([]byte("x"), 5000)); err != nil || c.Has("huge") {
		t.Errorf("an image over the bound was kept (%v)", err)
	}
	n, size, err := c.Usage()
	if err != nil || n != 3 || size != 3000 {
		t.Errorf("Usage = %d images, %d bytes, %v", n, size, err)
	}
	// A smaller bound on reopening trims to it.
	small, _ := Open(dir, 1500)
	if removed, err := small.Trim(); err != nil || removed != 2 {
		t.Errorf("Trim removed %d, %v; want 2", removed, err)
	}
}
