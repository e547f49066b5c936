//go:build unix

package images

import (
	"bytes"
	"os"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"
)

// kittyQuery asks whether the terminal takes kitty graphics (a 1×1 image
// query, which stores nothing), then for the primary device attributes,
// which every terminal answers: that answer ends the wait, so a terminal
// that ignores the first question costs no timeout.
const kittyQuery = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\\x1b[c"

// QueryKitty asks the terminal once whether it supports the kitty graphics
// protocol, waiting at most timeout for its answer. Call it before the
// program reads keys: the answer arrives as input. Inside tmux or screen
// it does not ask: a multiplexer does not pass placeholders through.
func QueryKitty(timeout time.Duration) bool {
	if os.Getenv("TMUX") != "" || strings.HasPrefix(os.Getenv("TERM"), "screen") || strings.HasPrefix(os.Getenv("TERM"), "tmux") {
		return false
	}
	// Non-blocking, so that the runtime's poller serves the read and the
	// deadline below holds; and never tty.Fd(), which would make the file
	// blocking again.
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return false
	}
	defer tty.Close()
	raw, err := tty.SyscallConn()
	if err != nil {
		return false
	}
	var state *term.State
	if cerr := raw.Control(func(fd uintptr) { state, err = term.MakeRaw(int(fd)) }); cerr != nil || err != nil {
		return false
	}
	defer raw.Control(func(fd uintptr) { term.Restore(int(fd), state) })
	if _, err := tty.WriteString(kittyQuery); err != nil {
		return false
	}
	if err := tty.SetReadDeadline(time.Now().Add(timeout)); err != nil {
		return false
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
	return bytes.Contains(got, []byte("\x1b_Gi=31;OK"))
}

// answeredDA1 reports whether b holds a primary device attributes reply,
// ESC [ ? … c.
func answeredDA1(b []byte) bool {
	i := bytes.Index(b, []byte("\x1b[?"))
	return i >= 0 && bytes.IndexByte(b[i:], 'c') > 0
}
