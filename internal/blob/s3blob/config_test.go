package s3blob_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/extralit/extralit-go/internal/blob/s3blob"
)

func TestParseEndpoint(t *testing.T) {
	tests := []struct {
		endpoint   string
		wantHost   string
		wantSecure bool
		wantErr    string
	}{
		{"https://s3.example.com", "s3.example.com", true, ""},
		{"https://s3.example.com:9000/", "s3.example.com:9000", true, ""},
		{"http://127.0.0.1:8333", "127.0.0.1:8333", false, ""},
		{"minio:9000", "minio:9000", false, ""}, // the reference's bare form: plain HTTP
		{"", "", false, "empty"},
		{"ftp://host", "", false, "scheme must be http or https"},
		{"https://", "", false, "no host"},
		{"https://host/bucket", "", false, "no path"},
		{"https://user:pw@host", "", false, "no path, query or credentials"},
		{"https://host?x=1", "", false, "no path, query or credentials"},
	}
	for _, tt := range tests {
		host, secure, err := s3blob.ParseEndpoint(tt.endpoint)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseEndpoint(%q) error = %v, want one containing %q", tt.endpoint, err, tt.wantErr)
			}
			continue
		}
		if err != nil || host != tt.wantHost || secure != tt.wantSecure {
			t.Errorf("ParseEndpoint(%q) = %q, %v, %v; want %q, %v, nil", tt.endpoint, host, secure, err, tt.wantHost, tt.wantSecure)
		}
	}
}

// New refuses a bad configuration before it sends any request, so these
// run without a server (the endpoint does not exist).
func TestNewRefusesBadConfig(t *testing.T) {
	good := s3blob.Config{Endpoint: "http://127.0.0.1:1", AccessKey: "a", SecretKey: "s", Bucket: "b"}
	tests := []struct {
		name    string
		change  func(*s3blob.Config)
		wantErr string
	}{
		{"no endpoint", func(c *s3blob.Config) { c.Endpoint = "" }, "endpoint is empty"},
		{"no bucket", func(c *s3blob.Config) { c.Bucket = "" }, "bucket name is empty"},
		{"no access key", func(c *s3blob.Config) { c.AccessKey = "" }, "access key and secret key are required"},
		{"no secret key", func(c *s3blob.Config) { c.SecretKey = "" }, "access key and secret key are required"},
		{"small parts", func(c *s3blob.Config) { c.PartSize = 1 << 20 }, "below the S3 minimum"},
		{"bad prefix", func(c *s3blob.Config) { c.Prefix = "../x" }, "key prefix"},
		{"absolute prefix", func(c *s3blob.Config) { c.Prefix = "/x/" }, "key prefix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.change(&cfg)
			s, err := s3blob.New(t.Context(), cfg)
			if err == nil {
				_ = s.Close()
				t.Fatalf("New(%+v) succeeded", cfg)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("New error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
	t.Run("unreachable endpoint", func(t *testing.T) {
		_, err := s3blob.New(t.Context(), good)
		if err == nil || !strings.Contains(err.Error(), "endpoint reachable") {
			t.Errorf("New on a closed port: error = %v, want one that points at the endpoint", err)
		}
		if errors.Is(err, blob.ErrNotFound) {
			t.Errorf("New on a closed port reports ErrNotFound: %v", err)
		}
	})
}
