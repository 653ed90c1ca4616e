// Package s3blob implements blob.Store on one bucket of an S3-compatible
// server (AWS S3, MinIO, SeaweedFS, Ceph, Garage, R2, …) through minio-go.
//
// All objects live in one bucket, created at New when missing, optionally
// under a key prefix so several deployments can share a bucket. Requests use
// path-style addressing ("https://host/bucket/key"), which every self-hosted
// server supports without wildcard DNS. Native errors are translated into the
// blob package's errors: NoSuchKey and other 404 answers become
// blob.ErrNotFound.
//
// Uploads larger than Config.PartSize, or of unknown size, are multipart;
// minio-go aborts a multipart upload that fails, so a failed Put leaves no
// object. The ETag of a multipart object is not the MD5 of its content.
package s3blob

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/extralit/extralit-go/internal/blob"
)

// Part sizes for multipart uploads. S3 refuses parts under 5 MiB (except
// the last) and uploads of more than 10,000 parts.
const (
	MinPartSize     = 5 << 20
	DefaultPartSize = 16 << 20
)

var _ blob.Store = (*Store)(nil)

// Config says where the bucket is and how to reach it.
type Config struct {
	// Endpoint is the server's URL, "https://s3.example.com" or
	// "http://127.0.0.1:8333". HTTPS is used when the scheme is https. A
	// bare "host:port" means plain HTTP, as in the reference server's
	// EXTRALIT_S3_ENDPOINT handling.
	Endpoint string
	// AccessKey and SecretKey sign every request (AWS Signature V4).
	AccessKey string
	SecretKey string
	// Region is the bucket's region; empty lets the client discover it
	// (and creates new buckets in us-east-1).
	Region string
	// Bucket is the bucket holding every object. Required.
	Bucket string
	// Prefix is prepended to every key, for sharing a bucket; "/" is added
	// when missing. Keys then may be at most blob.MaxKeyLength minus the
	// prefix's length.
	Prefix string
	// PartSize is the multipart part size in bytes: 0 means
	// DefaultPartSize; it must be at least MinPartSize. Unknown-size
	// uploads buffer one part in memory.
	PartSize uint64
	// Transport, when set, carries the HTTP requests (custom CA, proxies).
	Transport http.RoundTripper
	// MaxRetries caps how often a failed request is retried; 0 means
	// minio-go's default (10, with backoff).
	MaxRetries int
}

// Store is a blob.Store on an S3 bucket. Use New to create one.
type Store struct {
	client   *minio.Client
	bucket   string
	prefix   string
	partSize uint64
	closed   atomic.Bool
}

// New connects to the server, checks the credentials, creates the bucket
// when missing and returns a Store on it.
func New(ctx context.Context, cfg Config) (*Store, error) {
	host, secure, err := parseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	if cfg.Bucket == "" {
		return nil, errors.New("s3blob: bucket name is empty")
	}
	if cfg.AccessKey == "" || cfg.SecretKey == "" {
		return nil, errors.New("s3blob: access key and secret key are required")
	}
	prefix := cfg.Prefix
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	if err := blob.ValidatePrefix(prefix); err != nil {
		return nil, fmt.Errorf("s3blob: key prefix: %w", err)
	}
	partSize := cfg.PartSize
	if partSize == 0 {
		partSize = DefaultPartSize
	}
	if partSize < MinPartSize {
		return nil, fmt.Errorf("s3blob: part size %d is below the S3 minimum of %d bytes", partSize, MinPartSize)
	}
	client, err := minio.New(host, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:       secure,
		Region:       cfg.Region,
		BucketLookup: minio.BucketLookupPath,
		Transport:    cfg.Transport,
		MaxRetries:   cfg.MaxRetries,
	})
	if err != nil {
		return nil, fmt.Errorf("s3blob: client for %s: %w", cfg.Endpoint, err)
	}
	s := &Store{client: client, bucket: cfg.Bucket, prefix: prefix, partSize: partSize}
	if err := s.ensureBucket(ctx, cfg.Region); err != nil {
		return nil, err
	}
	return s, nil
}

// parseEndpoint splits an endpoint into minio-go's host and TLS flag.
func parseEndpoint(endpoint string) (host string, secure bool, err error) {
	if endpoint == "" {
		return "", false, errors.New("s3blob: endpoint is empty")
	}
	if !strings.Contains(endpoint, "://") {
		endpoint = "http://" + endpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return "", false, fmt.Errorf("s3blob: endpoint %q: %w", endpoint, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", false, fmt.Errorf("s3blob: endpoint %q: scheme must be http or https", endpoint)
	case u.Host == "":
		return "", false, fmt.Errorf("s3blob: endpoint %q has no host", endpoint)
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.User != nil:
		return "", false, fmt.Errorf("s3blob: endpoint %q must be scheme://host[:port] only (no path, query or credentials)", endpoint)
	}
	return u.Host, u.Scheme == "https", nil
}

// ensureBucket creates the bucket when it does not exist. A failure here is
// usually wrong credentials or an unreachable endpoint, so it says so.
func (s *Store) ensureBucket(ctx context.Context, region string) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("s3blob: check bucket %q at %s (endpoint reachable, credentials right?): %w", s.bucket, s.client.EndpointURL(), err)
	}
	if ok {
		return nil
	}
	err = s.client.MakeBucket(ctx, s.bucket, minio.MakeBucketOptions{Region: region})
	if err != nil {
		code := minio.ToErrorResponse(err).Code
		if code == "BucketAlreadyOwnedByYou" || code == "BucketAlreadyExists" {
			return nil // created concurrently
		}
		return fmt.Errorf("s3blob: create bucket %q: %w", s.bucket, err)
	}
	return nil
}

// Bucket returns the name of the Store's bucket.
func (s *Store) Bucket() string { return s.bucket }

// Prefix returns the key prefix the Store adds to every key ("" for none,
// otherwise ending with "/").
func (s *Store) Prefix() string { return s.prefix }

// Close marks the Store closed. Later calls fail with blob.ErrClosed.
func (s *Store) Close() error {
	s.closed.Store(true)
	return nil
}

// begin checks that the Store is open and ctx is live.
func (s *Store) begin(ctx context.Context) error {
	if s.closed.Load() {
		return blob.ErrClosed
	}
	return ctx.Err()
}

// object returns the S3 object name of key after validating it.
func (s *Store) object(key string) (string, error) {
	if err := blob.ValidateKey(key); err != nil {
		return "", err
	}
	name := s.prefix + key
	if len(name) > blob.MaxKeyLength {
		return "", fmt.Errorf("%w: key %q is %d bytes long; with the store's prefix %q it exceeds %d", blob.ErrInvalidKey, key, len(key), s.prefix, blob.MaxKeyLength)
	}
	return name, nil
}

// translate maps an S3 error to the blob errors.
func translate(err error) error {
	if err == nil {
		return nil
	}
	resp := minio.ToErrorResponse(err)
	switch {
	case resp.Code == "NoSuchKey", resp.Code == "NoSuchBucket", resp.Code == "NotFound", resp.StatusCode == http.StatusNotFound:
		return fmt.Errorf("%w: %v", blob.ErrNotFound, err)
	case resp.Code == "KeyTooLongError":
		return fmt.Errorf("%w: %v", blob.ErrInvalidKey, err)
	}
	return err
}
