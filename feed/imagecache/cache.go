// Package imagecache keeps the bytes of articles' images in a directory
// ($XDG_CACHE_HOME/byline/images), so that an article read once online
// shows its pictures offline. The cache is bounded in bytes: the least
// recently used images go first, except those pinned (the images of
// starred articles), which stay.
//
// It stores bytes as they came and decodes nothing; the UI decodes. It
// knows nothing of the store or the UI.
package imagecache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// DefaultMax is the cache's default size.
const DefaultMax = 500 << 20

// Cache is a directory of images named by the hash of their URL. It is
// safe for concurrent use within one process; two processes sharing it
// at worst evict a little more than needed.
type Cache struct {
	dir string
	max int64

	mu     sync.Mutex
	size   int64 // -1 until the directory has been measured
	pinned map[string]bool
	turns  chan struct{} // see Hold
}

// Open opens the cache in dir, bounded to max bytes (DefaultMax when max
// <= 0). The directory is made (readable by the user alone) when the first
// image is kept: a library that never shows a picture leaves none.
func Open(dir string, max int64) (*Cache, error) {
	if max <= 0 {
		max = DefaultMax
	}
	if dir == "" {
		return nil, errors.New("image cache: no directory")
	}
	return &Cache{dir: dir, max: max, size: -1, pinned: map[string]bool{}, turns: make(chan struct{}, Turns)}, nil
}

// Dir is the cache's directory.
func (c *Cache) Dir() string { return c.dir }

func name(url string) string {
	h := sha256.Sum256([]byte(url))
	return hex.EncodeToString(h[:])
}

// Get returns url's image, if the cache has it, and marks it used.
func (c *Cache) Get(url string) ([]byte, bool) {
	p := filepath.Join(c.dir, name(url))
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	now := time.Now()
	_ = os.Chtimes(p, now, now) // the modification time orders eviction
	return data, true
}

// Has reports whether the cache has url's image.
func (c *Cache) Has(url string) bool {
	_, err := os.Stat(filepath.Join(c.dir, name(url)))
	return err == nil
}

// Put stores url's image, then evicts the least recently used unpinned
// images until the cache is within its bound. An image larger than the
// whole bound is not stored.
func (c *Cache) Put(url string, data []byte) error {
	if int64(len(data)) > c.max {
		return nil
	}
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return fmt.Errorf("image cache: %w", err)
	}
	final := filepath.Join(c.dir, name(url))
	tmp, err := os.CreateTemp(c.dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("image cache: %w", err)
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), final)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("image cache: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size >= 0 {
		c.size += int64(len(data)) // a replaced file is counted twice until the next measure: evicting early is harmless
	}
	_, err = c.trimLocked()
	return err
}

// PutFrom stores url's image as fill writes it (a download, streamed to
// the file rather than held), then evicts as Put does. When fill fails,
// nothing is stored. An image larger than the whole bound is not kept.
func (c *Cache) PutFrom(url string, fill func(w io.Writer) error) error {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return fmt.Errorf("image cache: %w", err)
	}
	tmp, err := os.CreateTemp(c.dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("image cache: %w", err)
	}
	defer os.Remove(tmp.Name()) // gone by then when renamed
	ferr := fill(tmp)
	info, err := tmp.Stat()
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if ferr != nil {
		return ferr
	}
	if err != nil {
		return fmt.Errorf("image cache: %w", err)
	}
	if info.Size() > c.max {
		return ErrTooLarge
	}
	if err := os.Rename(tmp.Name(), filepath.Join(c.dir, name(url))); err != nil {
		return fmt.Errorf("image cache: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size >= 0 {
		c.size += info.Size()
	}
	_, err = c.trimLocked()
	return err
}

// ErrTooLarge is an image larger than the whole cache.
var ErrTooLarge = errors.New("image cache: image larger than the cache")

// Hold takes one of the few turns the cache's users share to fetch an
// image and use its bytes (decode it), waiting for one until ctx ends;
// release gives it back. An article of a hundred pictures fetches a few
// at a time, and holds no more than a few bodies in memory.
func (c *Cache) Hold(ctx context.Context) (release func(), err error) {
	select {
	case c.turns <- struct{}{}:
		return func() { <-c.turns }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Turns is how many images are fetched or held at once (see Hold).
const Turns = 3

// Pin sets the images eviction leaves alone (the starred articles'),
// replacing those pinned before.
func (c *Cache) Pin(urls []string) {
	pinned := make(map[string]bool, len(urls))
	for _, u := range urls {
		pinned[name(u)] = true
	}
	c.mu.Lock()
	c.pinned = pinned
	c.mu.Unlock()
}

// Usage is how many images the cache holds and their size in bytes.
func (c *Cache) Usage() (images int, bytes int64, err error) {
	files, err := c.files()
	for _, f := range files {
		bytes += f.size
	}
	return len(files), bytes, err
}

// Trim evicts images until the cache is within its bound, and returns how
// many it removed.
func (c *Cache) Trim() (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.size = -1
	return c.trimLocked()
}

type file struct {
	name string
	size int64
	used time.Time
}

func (c *Cache) files() ([]file, error) {
	entries, err := os.ReadDir(c.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // nothing kept yet
	}
	if err != nil {
		return nil, fmt.Errorf("image cache: %w", err)
	}
	var out []file
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, fmt.Errorf("image cache: %w", err)
		}
		out = append(out, file{e.Name(), info.Size(), info.ModTime()})
	}
	return out, nil
}

// trimLocked measures the directory when its size is unknown or over the
// bound, and removes the least recently used unpinned files until it is
// within it.
func (c *Cache) trimLocked() (evicted int, err error) {
	if c.size >= 0 && c.size <= c.max {
		return 0, nil
	}
	files, err := c.files()
	if err != nil {
		return 0, err
	}
	var total int64
	for _, f := range files {
		total += f.size
	}
	sort.Slice(files, func(i, j int) bool { return files[i].used.Before(files[j].used) })
	for _, f := range files {
		if total <= c.max {
			break
		}
		if c.pinned[f.name] {
			continue
		}
		if err := os.Remove(filepath.Join(c.dir, f.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return evicted, fmt.Errorf("image cache: %w", err)
		}
		total -= f.size
		evicted++
	}
	c.size = total
	return evicted, nil
}
