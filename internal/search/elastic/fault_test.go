package elastic_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/elastic"
)

func TestNewRefusesBadOptions(t *testing.T) {
	tests := []struct {
		name string
		o    elastic.Options
		want string
	}{
		{"no URL", elastic.Options{}, "no cluster URL"},
		{"not http", elastic.Options{URL: "ftp://host:9200"}, "must look like http://"},
		{"bad refresh", elastic.Options{URL: "http://127.0.0.1:1", Refresh: "sometimes"}, "refresh must be"},
		{"too many candidates", elastic.Options{URL: "http://127.0.0.1:1", Candidates: 20_000}, "candidates must be from 1 to 10000"},
		{"missing CA file", elastic.Options{URL: "https://127.0.0.1:1", CAPath: "/nonexistent/ca.pem"}, "read CA certificate"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := elastic.New(context.Background(), tc.o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestUnreachableClusterIsUnavailable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	_, err = elastic.New(context.Background(), elastic.Options{URL: "http://" + addr})
	if !errors.Is(err, search.ErrUnavailable) || !strings.Contains(err.Error(), "cannot be reached") {
		t.Fatalf("New error = %v, want search.ErrUnavailable saying the cluster cannot be reached", err)
	}
}

// fakeCluster answers GET / like OpenSearch and every other request with
// the given status and body. It checks error translation only; behaviour is
// proven against a real cluster by the conformance suite.
func fakeCluster(t *testing.T, status int, body string) *elastic.Engine {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Authorization"); got != "ApiKey secret-key" {
			t.Errorf("Authorization = %q, want the API key", got)
		}
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/" {
			_, _ = w.Write([]byte(`{"version":{"distribution":"opensearch","number":"2.19.1"},"tagline":"The OpenSearch Project"}`))
			return
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	e, err := elastic.New(context.Background(), elastic.Options{URL: srv.URL, APIKey: "secret-key"})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if e.Flavor() != elastic.OpenSearch || e.Version() != "2.19.1" {
		t.Fatalf("flavor, version = %s, %s; want opensearch 2.19.1", e.Flavor(), e.Version())
	}
	return e
}

func TestErrorTranslation(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		body     string
		want     error
		contains string
	}{
		{"missing index", 404, `{"error":{"type":"index_not_found_exception","reason":"no such index [ex.x]"},"status":404}`,
			search.ErrIndexNotFound, "no such index"},
		{"read-only block", 429, `{"error":{"type":"cluster_block_exception","reason":"index [ex.x] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block];"},"status":429}`,
			search.ErrUnavailable, "refuses writes"},
		{"bad credentials", 401, `{"error":{"type":"security_exception","reason":"missing authentication credentials"},"status":401}`,
			search.ErrUnavailable, "refused the credentials"},
		{"not ready", 503, `{"error":{"type":"cluster_manager_not_discovered_exception","reason":"no cluster manager"},"status":503}`,
			search.ErrUnavailable, "not ready"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeCluster(t, tc.status, tc.body)
			_, err := e.Count(context.Background(), "x")
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.contains) {
				t.Fatalf("Count error = %v, want %v containing %q", err, tc.want, tc.contains)
			}
		})
	}
}

// TestNoRootEndpoint is an Elasticsearch without its rest-root module (the
// integ-test distribution): GET / is 405, so the version comes from the
// local node's info and the flavor is Elasticsearch.
func TestNoRootEndpoint(t *testing.T) {
	tests := []struct {
		name    string
		nodes   string // body of /_nodes/_local, or "" for a 500
		version string // want, or "" for an error
	}{
		{"version from the node", `{"nodes":{"n1":{"version":"8.19.21"}}}`, "8.19.21"},
		{"too old", `{"nodes":{"n1":{"version":"7.17.0"}}}`, ""},
		{"8.3 has no knn section", `{"nodes":{"n1":{"version":"8.3.3"}}}`, ""},
		{"8.4 has", `{"nodes":{"n1":{"version":"8.4.0"}}}`, "8.4.0"},
		{"node info fails too", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				switch {
				case r.URL.Path == "/":
					w.WriteHeader(http.StatusMethodNotAllowed)
					_, _ = w.Write([]byte(`{"error":"Incorrect HTTP method for uri [/] and method [GET], allowed: [DELETE]","status":405}`))
				case r.URL.Path == "/_nodes/_local" && tc.nodes != "":
					_, _ = w.Write([]byte(tc.nodes))
				default:
					w.WriteHeader(http.StatusInternalServerError)
					_, _ = w.Write([]byte(`{"error":{"type":"exception","reason":"boom"},"status":500}`))
				}
			}))
			t.Cleanup(srv.Close)
			e, err := elastic.New(context.Background(), elastic.Options{URL: srv.URL})
			if tc.version == "" {
				if err == nil {
					t.Fatalf("New succeeded with version %s, want an error", e.Version())
				}
				return
			}
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if e.Flavor() != elastic.Elasticsearch || e.Version() != tc.version {
				t.Fatalf("flavor %s version %s, want elasticsearch %s", e.Flavor(), e.Version(), tc.version)
			}
		})
	}
}
