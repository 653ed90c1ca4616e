package s3blob_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/extralit/extralit-go/internal/blob/blobtest"
	"github.com/extralit/extralit-go/internal/blob/s3blob"
)

// testConfig returns the S3 server given by TEST_S3_* variables, or skips.
func testConfig(t testing.TB) s3blob.Config {
	t.Helper()
	cfg := s3blob.Config{
		Endpoint:  os.Getenv("TEST_S3_ENDPOINT"),
		AccessKey: os.Getenv("TEST_S3_ACCESS_KEY"),
		SecretKey: os.Getenv("TEST_S3_SECRET_KEY"),
		Region:    os.Getenv("TEST_S3_REGION"),
		Bucket:    os.Getenv("TEST_S3_BUCKET"),
		PartSize:  s3blob.MinPartSize, // so blobtest's large objects are multipart
	}
	if cfg.Endpoint == "" || cfg.AccessKey == "" || cfg.SecretKey == "" {
		t.Skip("S3 tests need TEST_S3_ENDPOINT, TEST_S3_ACCESS_KEY and TEST_S3_SECRET_KEY (and optionally TEST_S3_REGION, TEST_S3_BUCKET); .ci/s3-server.sh starts a server and prints them")
	}
	if cfg.Bucket == "" {
		cfg.Bucket = "extralit-test"
	}
	return cfg
}

// randomName returns a fresh lower-case name for prefixes and buckets.
func randomName(t testing.TB) string {
	t.Helper()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b[:])
}

// newStore opens a Store under a fresh key prefix and removes everything
// under that prefix when the test ends.
func newStore(t testing.TB, cfg s3blob.Config) *s3blob.Store {
	t.Helper()
	cfg.Prefix = "blobtest-" + randomName(t) + "/"
	s, err := s3blob.New(t.Context(), cfg)
	if err != nil {
		t.Fatalf("New(%s, bucket %q): %v", cfg.Endpoint, cfg.Bucket, err)
	}
	t.Cleanup(func() {
		_ = s.Close()
		cleanup := cfg
		cleanup.Prefix = ""
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		c, err := s3blob.New(ctx, cleanup)
		if err != nil {
			t.Errorf("cleanup: %v", err)
			return
		}
		if _, err := c.DeletePrefix(ctx, cfg.Prefix); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	return s
}

func TestConformance(t *testing.T) {
	cfg := testConfig(t)
	blobtest.Run(t, func(t *testing.T) blob.Store {
		t.Helper()
		return newStore(t, cfg)
	})
}

func TestWrongCredentialsRefused(t *testing.T) {
	tests := map[string]func(*s3blob.Config){
		"wrong secret key":   func(c *s3blob.Config) { c.SecretKey += "-wrong" },
		"unknown access key": func(c *s3blob.Config) { c.AccessKey = "unknown-" + randomName(t) },
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := testConfig(t)
			change(&cfg)
			s, err := s3blob.New(t.Context(), cfg)
			if err == nil {
				_ = s.Close()
				t.Fatal("New succeeded; the server does not check signatures")
			}
			var resp minio.ErrorResponse
			if !errors.As(err, &resp) {
				t.Fatalf("New error = %v, want the server's refusal", err)
			}
			switch resp.Code {
			case "SignatureDoesNotMatch", "InvalidAccessKeyId", "AccessDenied":
			default:
				t.Errorf("New error code = %q (%v), want a signature or access refusal", resp.Code, err)
			}
		})
	}
}

func TestCreatesMissingBucket(t *testing.T) {
	cfg := testConfig(t)
	cfg.Bucket = "extralit-new-" + randomName(t)
	t.Cleanup(func() { removeBucket(t, cfg) })
	s := newStore(t, cfg)
	if _, err := s.Put(t.Context(), "ws/x", strings.NewReader("x"), 1, blob.PutOptions{}); err != nil {
		t.Fatalf("Put into the bucket New created: %v", err)
	}
	// Opening again finds the bucket and keeps its content.
	again, err := s3blob.New(t.Context(), cfg)
	if err != nil {
		t.Fatalf("second New on bucket %q: %v", cfg.Bucket, err)
	}
	defer again.Close()
	if _, err := again.Stat(t.Context(), s.Prefix()+"ws/x"); err != nil {
		t.Errorf("Stat through a second Store without prefix: %v", err)
	}
}

func TestPrefixesIsolateStores(t *testing.T) {
	cfg := testConfig(t)
	a, b := newStore(t, cfg), newStore(t, cfg)
	if _, err := a.Put(t.Context(), "ws/doc", strings.NewReader("a"), 1, blob.PutOptions{}); err != nil {
		t.Fatalf("Put: %v", err)
	}
	if _, err := b.Stat(t.Context(), "ws/doc"); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("Stat through another prefix: error = %v, want ErrNotFound", err)
	}
	if got, err := b.List(t.Context(), "", blob.ListOptions{Recursive: true}); err != nil || len(got) != 0 {
		t.Errorf("List through another prefix = %v, %v; want nothing", got, err)
	}
	long := strings.Repeat("k", blob.MaxSegmentLength) + "/" + strings.Repeat("k", blob.MaxSegmentLength) + "/" +
		strings.Repeat("k", blob.MaxSegmentLength) + "/" + strings.Repeat("k", blob.MaxSegmentLength-10)
	if _, err := a.Put(t.Context(), long, strings.NewReader("x"), 1, blob.PutOptions{}); !errors.Is(err, blob.ErrInvalidKey) {
		t.Errorf("Put of a %d-byte key under prefix %q: error = %v, want ErrInvalidKey", len(long), a.Prefix(), err)
	}
}

// removeBucket deletes the (empty) bucket of cfg, straight through minio-go
// since blob.Store has no such operation.
func removeBucket(t *testing.T, cfg s3blob.Config) {
	t.Helper()
	host := strings.TrimPrefix(strings.TrimPrefix(cfg.Endpoint, "http://"), "https://")
	c, err := minio.New(host, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:       strings.HasPrefix(cfg.Endpoint, "https://"),
		Region:       cfg.Region,
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		t.Errorf("cleanup: %v", err)
		return
	}
	if err := c.RemoveBucket(context.Background(), cfg.Bucket); err != nil {
		t.Errorf("cleanup: remove bucket %q: %v", cfg.Bucket, err)
	}
}

func BenchmarkStore(b *testing.B) {
	cfg := testConfig(b)
	blobtest.Benchmark(b, func(b *testing.B) blob.Store { return newStore(b, cfg) })
}

// TestLargeUploadsAreMultipart checks that objects above the part size go up
// in parts (the conformance suite's large objects rely on it): a multipart
// ETag ends with "-<number of parts>".
func TestLargeUploadsAreMultipart(t *testing.T) {
	cfg := testConfig(t)
	s := newStore(t, cfg)
	data := make([]byte, 2*s3blob.MinPartSize+1)
	for _, size := range []int64{int64(len(data)), -1} {
		in, err := s.Put(t.Context(), "ws/parts", bytes.NewReader(data), size, blob.PutOptions{})
		if err != nil {
			t.Fatalf("Put(%d bytes, size %d): %v", len(data), size, err)
		}
		if !strings.HasSuffix(in.ETag, "-3") {
			t.Errorf("Put(%d bytes, size %d) ETag = %q, want a 3-part multipart ETag", len(data), size, in.ETag)
		}
	}
	in, err := s.Put(t.Context(), "ws/single", bytes.NewReader(data[:1000]), 1000, blob.PutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sum := md5.Sum(data[:1000])
	if in.ETag != hex.EncodeToString(sum[:]) {
		t.Errorf("single-part ETag = %q, want the MD5 %x", in.ETag, sum)
	}
}
