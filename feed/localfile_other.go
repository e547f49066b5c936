//go:build !unix

package feed

const openNonBlocking = 0
