//go:build unix

package feed

import "syscall"

const openNonBlocking = syscall.O_NONBLOCK
