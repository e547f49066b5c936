package feed

import (
	"errors"
	"net"
	neturl "net/url"
	"os"
	"strings"
	"syscall"
	"testing"
)

// Network failures read as what happened, not as Go's dial traces, and
// keep their cause for errors.Is and Unreachable.
func TestNetworkErrorsInPlainWords(t *testing.T) {
	const u = "https://feeds.example/x.xml"
	wrap := func(err error) error { return &neturl.Error{Op: "Get", URL: u, Err: err} }
	cases := []struct {
		err  error
		want string
	}{
		{wrap(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "feeds.example", IsNotFound: true}}), "no such host feeds.example"},
		{wrap(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "server misbehaving", Name: "feeds.example"}}), "could not look up feeds.example"},
		{wrap(&net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}), "connection refused"},
		{wrap(&net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ENETUNREACH}}), "network unreachable"},
	}
	for _, c := range cases {
		got := describeNetError(u, c.err)
		if !strings.HasPrefix(got.Error(), u+": "+c.want) || strings.Contains(got.Error(), "dial tcp") {
			t.Errorf("%v worded %q, want %q", c.err, got, c.want)
		}
		if !errors.Is(got, c.err) || !Unreachable(got) {
			t.Errorf("%q lost its cause", got)
		}
	}
}
