package s3blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/minio/minio-go/v7"

	"github.com/extralit/extralit-go/internal/blob"
)

// Put uploads r under key. See blob.Store.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, opts blob.PutOptions) (blob.Info, error) {
	if err := s.begin(ctx); err != nil {
		return blob.Info{}, fmt.Errorf("s3blob: put %q: %w", key, err)
	}
	name, err := s.object(key)
	if err != nil {
		return blob.Info{}, fmt.Errorf("s3blob: put: %w", err)
	}
	opts, err = blob.NormalizePutOptions(opts)
	if err != nil {
		return blob.Info{}, fmt.Errorf("s3blob: put %q: %w", key, err)
	}
	if size < -1 {
		return blob.Info{}, fmt.Errorf("s3blob: put %q: %w: size %d is negative (use -1 for unknown)", key, blob.ErrSizeMismatch, size)
	}
	// The recorder sits outside minio-go, so the reader's own error (or the
	// size check's) can be returned as is, whatever minio-go wraps it in.
	rec := &errRecorder{r: blob.ExactReader(r, size)}
	if size == 0 {
		// minio-go never reads an empty body; check it is empty here.
		if _, err := rec.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
			return blob.Info{}, fmt.Errorf("s3blob: put %q: %w", key, err)
		}
	}
	up, err := s.client.PutObject(ctx, s.bucket, name, rec, size, minio.PutObjectOptions{
		ContentType:  opts.ContentType,
		UserMetadata: opts.Metadata,
		PartSize:     s.partSize,
	})
	if err != nil {
		switch {
		case rec.err != nil:
			return blob.Info{}, fmt.Errorf("s3blob: put %q: %w", key, rec.err)
		case ctx.Err() != nil:
			return blob.Info{}, fmt.Errorf("s3blob: put %q: %w", key, ctx.Err())
		}
		return blob.Info{}, fmt.Errorf("s3blob: put %q: %w", key, translate(err))
	}
	in := blob.Info{
		Key:          key,
		Size:         up.Size,
		ETag:         up.ETag,
		ContentType:  opts.ContentType,
		LastModified: up.LastModified,
		Metadata:     blob.CloneMetadata(opts.Metadata),
	}
	// The upload answer carries no modification time for single-part
	// uploads; take the server's own from a HEAD unless a concurrent writer
	// replaced the object in between.
	if oi, err := s.client.StatObject(ctx, s.bucket, name, minio.StatObjectOptions{}); err == nil && oi.ETag == up.ETag {
		in.LastModified = oi.LastModified.UTC()
	}
	return in, nil
}

// Get opens the object under key. See blob.Store.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, blob.Info, error) {
	if err := s.begin(ctx); err != nil {
		return nil, blob.Info{}, fmt.Errorf("s3blob: get %q: %w", key, err)
	}
	name, err := s.object(key)
	if err != nil {
		return nil, blob.Info{}, fmt.Errorf("s3blob: get: %w", err)
	}
	// One GET gives both the headers and the body, so the Info always
	// describes the bytes returned.
	core := minio.Core{Client: s.client}
	body, oi, _, err := core.GetObject(ctx, s.bucket, name, minio.GetObjectOptions{})
	if err != nil {
		return nil, blob.Info{}, fmt.Errorf("s3blob: get %q: %w", key, translate(err))
	}
	return body, s.info(key, oi), nil
}

// Stat returns the Info of the object under key. See blob.Store.
func (s *Store) Stat(ctx context.Context, key string) (blob.Info, error) {
	if err := s.begin(ctx); err != nil {
		return blob.Info{}, fmt.Errorf("s3blob: stat %q: %w", key, err)
	}
	name, err := s.object(key)
	if err != nil {
		return blob.Info{}, fmt.Errorf("s3blob: stat: %w", err)
	}
	oi, err := s.client.StatObject(ctx, s.bucket, name, minio.StatObjectOptions{})
	if err != nil {
		return blob.Info{}, fmt.Errorf("s3blob: stat %q: %w", key, translate(err))
	}
	return s.info(key, oi), nil
}

// Delete removes the object under key. See blob.Store.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := s.begin(ctx); err != nil {
		return fmt.Errorf("s3blob: delete %q: %w", key, err)
	}
	name, err := s.object(key)
	if err != nil {
		return fmt.Errorf("s3blob: delete: %w", err)
	}
	// S3 deletes missing keys silently; the blob contract reports them.
	if _, err := s.client.StatObject(ctx, s.bucket, name, minio.StatObjectOptions{}); err != nil {
		return fmt.Errorf("s3blob: delete %q: %w", key, translate(err))
	}
	if err := s.client.RemoveObject(ctx, s.bucket, name, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("s3blob: delete %q: %w", key, translate(err))
	}
	return nil
}

// info converts minio-go's ObjectInfo for key.
func (s *Store) info(key string, oi minio.ObjectInfo) blob.Info {
	in := blob.Info{
		Key:          key,
		Size:         oi.Size,
		ETag:         strings.Trim(oi.ETag, `"`),
		ContentType:  oi.ContentType,
		LastModified: oi.LastModified.UTC(),
	}
	if in.ContentType == "" {
		in.ContentType = blob.DefaultContentType
	}
	for k, v := range oi.UserMetadata {
		if in.Metadata == nil {
			in.Metadata = make(map[string]string, len(oi.UserMetadata))
		}
		in.Metadata[strings.ToLower(k)] = v
	}
	return in
}

// errRecorder remembers the first error, other than io.EOF, of its reader.
type errRecorder struct {
	r   io.Reader
	err error
}

func (e *errRecorder) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && e.err == nil {
		e.err = err
	}
	return n, err
}
