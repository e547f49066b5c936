package images

import (
	"os"
	"sync"
)

// Terminal is the program's output with every write made whole: Bubble
// Tea's renderer writes each frame in one Write, and Kitty writes each
// transmission in one, so neither can land in the middle of the other.
// It is a terminal file to Bubble Tea (Fd), so the program still sizes
// and restores the terminal.
type Terminal struct {
	mu sync.Mutex
	f  *os.File
}

// NewTerminal wraps the terminal's output file.
func NewTerminal(f *os.File) *Terminal { return &Terminal{f: f} }

func (t *Terminal) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.f.Write(p)
}

func (t *Terminal) Read(p []byte) (int, error) { return t.f.Read(p) }

// Close does nothing: the file is the process's, not the program's.
func (t *Terminal) Close() error { return nil }

// Fd is the terminal's file descriptor.
func (t *Terminal) Fd() uintptr { return t.f.Fd() }
