package feed

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegular is returned for a path that names something other than a
// regular file: a FIFO would block a read for ever, a device such as
// /dev/zero never ends.
var ErrNotRegular = errors.New("not a regular file")

// ReadRegularFile reads a regular file of at most limit bytes. Anything
// else (a FIFO, a device, a socket, a folder) is refused before it is
// read, and a file that grows past the limit while it is read is refused
// too, so that nothing on disk can hang or exhaust byline.
func ReadRegularFile(path string, limit int64) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if !info.Mode().IsRegular() {
		return nil, notRegular(info)
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("larger than %s", sizeText(limit))
	}
	// Non-blocking, in case the file was swapped for a FIFO since the
	// Stat: opening a FIFO with no writer would wait for one.
	f, err := os.OpenFile(path, os.O_RDONLY|openNonBlocking, 0)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, unwrapPathError(err)
	}
	if !info.Mode().IsRegular() {
		return nil, notRegular(info)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("larger than %s", sizeText(limit))
	}
	return data, nil
}

// CheckRegularFile reports whether path is a regular file, with the same
// words ReadRegularFile would use.
func CheckRegularFile(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return unwrapPathError(err)
	}
	if !info.Mode().IsRegular() {
		return notRegular(info)
	}
	return nil
}

func notRegular(info fs.FileInfo) error {
	what := "a special file"
	switch m := info.Mode(); {
	case m.IsDir():
		what = "a folder"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		what = "a device"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	}
	return fmt.Errorf("%w: it is %s", ErrNotRegular, what)
}

func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
