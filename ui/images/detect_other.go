//go:build !unix

package images

import "time"

// QueryKitty reports false where byline cannot ask the terminal.
func QueryKitty(timeout time.Duration) bool { return false }
