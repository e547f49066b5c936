package feed

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// TestFetcherSharesOneHTTP2Connection: requests to a host that speaks
// HTTP/2 go over it, several at once on one connection.
func TestFetcherSharesOneHTTP2Connection(t *testing.T) {
	var conns atomic.Int64
	var http1 atomic.Int64
	var inside sync.WaitGroup
	inside.Add(3)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor != 2 {
			http1.Add(1)
		}
		if r.URL.Path != "/first.xml" {
			// These are answered only once all three are in flight.
			inside.Done()
			inside.Wait()
		}
		w.Write([]byte(`<rss version="2.0"><channel><title>t</title></channel></rss>`))
	}))
	srv.EnableHTTP2 = true
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.StartTLS()
	defer srv.Close()

	f := NewFetcher("test", 0)
	tr := f.Client.Transport.(*http.Transport)
	tr.TLSClientConfig = &tls.Config{RootCAs: srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs}
	// One request first, so the others find its connection.
	if _, err := f.Get(context.Background(), srv.URL+"/first.xml", Validators{}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.Get(context.Background(), srv.URL+"/f.xml", Validators{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if http1.Load() != 0 || conns.Load() != 1 {
		t.Fatalf("%d requests over HTTP/1, %d connections; want HTTP/2 over one", http1.Load(), conns.Load())
	}
}
