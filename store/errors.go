package store

import (
	"errors"

	"modernc.org/sqlite"
)

// Errors a user can act on, in place of SQLite's result codes.
var (
	ErrBusy     = errors.New("the store is busy: another byline kept writing to it for too long; try again")
	ErrReadOnly = errors.New("the store is read-only: reading works, but changes cannot be saved (check the file's permissions)")
	ErrFull     = errors.New("the disk is full: nothing was saved")
)

// SQLite's primary result codes that Explain rewords.
const (
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteReadOnly = 8
	sqliteFull     = 13
)

// Explain rewords an SQLite error as one of the errors above, keeping the
// context it was wrapped in out of the sentence; other errors come back
// as they are.
func Explain(err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	var plain error
	switch se.Code() & 0xff {
	case sqliteBusy, sqliteLocked:
		plain = ErrBusy
	case sqliteReadOnly:
		plain = ErrReadOnly
	case sqliteFull:
		plain = ErrFull
	default:
		return err
	}
	return explained{plain, err}
}

// explained is a plain error that still unwraps to SQLite's.
type explained struct{ plain, cause error }

func (e explained) Error() string { return e.plain.Error() }
func (e explained) Unwrap() []error {
	return []error{e.plain, e.cause}
}

// Unwritable reports whether err means the store could not be written at
// all (disk full, read-only, busy past waiting), as opposed to a problem
// with what was being written.
func Unwritable(err error) bool {
	err = Explain(err)
	return errors.Is(err, ErrFull) || errors.Is(err, ErrReadOnly) || errors.Is(err, ErrBusy)
}
