//go:build !unix

package tty

import "time"

// Ask has no terminal to ask here.
func Ask(question string, timeout time.Duration) []byte { return nil }
