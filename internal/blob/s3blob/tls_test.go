package s3blob_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/extralit/extralit-go/internal/blob/s3blob"
)

// TestHTTPSEndpoint puts a TLS-terminating proxy in front of the test server
// and checks that an https endpoint really speaks TLS: it works with the
// proxy's certificate trusted and fails without.
func TestHTTPSEndpoint(t *testing.T) {
	cfg := testConfig(t)
	target, err := url.Parse(cfg.Endpoint)
	if err != nil {
		t.Fatal(err)
	}
	var tlsRequests atomic.Int64
	proxy := httputil.NewSingleHostReverseProxy(target) // keeps the signed Host header
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS != nil {
			tlsRequests.Add(1)
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close) // after newStore's cleanup, which goes through it

	cfg.Endpoint = srv.URL
	if !strings.HasPrefix(cfg.Endpoint, "https://") {
		t.Fatalf("test server URL %q is not https", cfg.Endpoint)
	}
	untrusted := cfg
	untrusted.MaxRetries = 1
	if s, err := s3blob.New(t.Context(), untrusted); err == nil {
		_ = s.Close()
		t.Fatal("New trusted a self-signed certificate it was not given")
	} else if !strings.Contains(err.Error(), "certificate") {
		t.Errorf("New with an untrusted certificate: error = %v, want a certificate error", err)
	}

	cfg.Transport = srv.Client().Transport
	s := newStore(t, cfg)
	if _, err := s.Put(t.Context(), "ws/tls", strings.NewReader("over TLS"), 8, blob.PutOptions{}); err != nil {
		t.Fatalf("Put over TLS: %v", err)
	}
	rc, _, err := s.Get(t.Context(), "ws/tls")
	if err != nil {
		t.Fatalf("Get over TLS: %v", err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if string(got) != "over TLS" {
		t.Errorf("Get over TLS = %q, want %q", got, "over TLS")
	}
	if tlsRequests.Load() < 2 {
		t.Errorf("the TLS proxy saw %d requests, want the Store's requests to go through it", tlsRequests.Load())
	}
}
