//go:build unix

// Package tty asks the terminal a question and reads its answer, before a
// program owns the terminal (the answer arrives as input). It imports no
// UI library, so that ui/termbg can use it from an init that runs before
// Bubble Tea's.
package tty

import (
	"bytes"
	"os"
	"syscall"
	"time"

	"golang.org/x/term"
)

// deviceAttributes is the question every terminal answers (DA1), asked
// after the real one: its answer ends the wait, so a terminal that ignores
// the real question costs no timeout.
const deviceAttributes = "\x1b[c"

// Ask writes question to the terminal and returns what it answered within
// timeout, up to the device attributes' answer; nil when there is no
// terminal.
func Ask(question string, timeout time.Duration) []byte {
	// Non-blocking, so that the runtime's poller serves the read and the
	// deadline holds; and never tty.Fd(), which would make the file
	// blocking again.
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil
	}
	defer tty.Close()
	raw, err := tty.SyscallConn()
	if err != nil {
		return nil
	}
	var state *term.State
	if cerr := raw.Control(func(fd uintptr) { state, err = term.MakeRaw(int(fd)) }); cerr != nil || err != nil {
		return nil
	}
	defer raw.Control(func(fd uintptr) { term.Restore(int(fd), state) })
	if _, err := tty.WriteString(question + deviceAttributes); err != nil {
		return nil
	}
	if err := tty.SetReadDeadline(time.Now().Add(timeout)); err != nil {
		return nil // no deadlines on this file: do not risk blocking
	}
	var got []byte
	buf := make([]byte, 256)
	for len(got) < 4096 {
		n, err := tty.Read(buf)
		got = append(got, buf[:n]...)
		if answeredDA1(got) || err != nil {
			break
		}
	}
	return got
}

// answeredDA1 reports whether b holds a device attributes answer,
// ESC [ ? … c.
func answeredDA1(b []byte) bool {
	i := bytes.Index(b, []byte("\x1b[?"))
	return i >= 0 && bytes.IndexByte(b[i:], 'c') > 0
}
