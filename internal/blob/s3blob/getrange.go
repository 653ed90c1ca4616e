package s3blob

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/minio/minio-go/v7"

	"github.com/extralit/extralit-go/internal/blob"
)

// GetRange opens part of the object under key. See blob.Store.
func (s *Store) GetRange(ctx context.Context, key string, offset, length int64) (io.ReadCloser, blob.Info, error) {
	if err := s.begin(ctx); err != nil {
		return nil, blob.Info{}, fmt.Errorf("s3blob: get range of %q: %w", key, err)
	}
	name, err := s.object(key)
	if err != nil {
		return nil, blob.Info{}, fmt.Errorf("s3blob: get range: %w", err)
	}
	// The size is not known yet: check only the signs here.
	if _, err := blob.CheckRange(offset, length, offset); err != nil {
		return nil, blob.Info{}, fmt.Errorf("s3blob: get range of %q: %w", key, err)
	}
	if length == 0 {
		return s.emptyRange(ctx, key, offset)
	}
	var opts minio.GetObjectOptions
	switch {
	case offset == 0 && length < 0:
		// The whole object: no Range header (minio-go's SetRange(0, 0)
		// would ask for the first byte).
	case length < 0:
		err = opts.SetRange(offset, 0) // offset > 0, end 0: "bytes=offset-"
	default:
		err = opts.SetRange(offset, offset+length-1)
	}
	if err != nil {
		return nil, blob.Info{}, fmt.Errorf("s3blob: get range of %q: %w", key, err)
	}
	core := minio.Core{Client: s.client}
	body, oi, h, err := core.GetObject(ctx, s.bucket, name, opts)
	if err != nil {
		if minio.ToErrorResponse(err).StatusCode == http.StatusRequestedRangeNotSatisfiable {
			// S3 refuses any range on an empty object and at its end;
			// the blob contract allows an empty read there.
			return s.emptyRange(ctx, key, offset)
		}
		return nil, blob.Info{}, fmt.Errorf("s3blob: get range of %q: %w", key, translate(err))
	}
	in := s.info(key, oi)
	total, ok := contentRangeTotal(h.Get("Content-Range"))
	if !ok {
		// The server ignored the range and sent the whole object.
		n, err := blob.CheckRange(offset, length, oi.Size)
		if err != nil {
			body.Close()
			return nil, blob.Info{}, fmt.Errorf("s3blob: get range of %q: %w", key, err)
		}
		if _, err := io.CopyN(io.Discard, body, offset); err != nil {
			body.Close()
			return nil, blob.Info{}, fmt.Errorf("s3blob: get range of %q: skip to %d: %w", key, offset, err)
		}
		return limitedCloser{io.LimitReader(body, n), body}, in, nil
	}
	in.Size = total
	return body, in, nil
}

// emptyRange answers a range that covers no bytes, after checking that the
// object exists and that offset is not past its end.
func (s *Store) emptyRange(ctx context.Context, key string, offset int64) (io.ReadCloser, blob.Info, error) {
	in, err := s.Stat(ctx, key)
	if err != nil {
		return nil, blob.Info{}, err
	}
	if _, err := blob.CheckRange(offset, 0, in.Size); err != nil {
		return nil, blob.Info{}, fmt.Errorf("s3blob: get range of %q: %w", key, err)
	}
	return io.NopCloser(strings.NewReader("")), in, nil
}

// contentRangeTotal returns the complete length from a Content-Range header
// such as "bytes 0-99/1234".
func contentRangeTotal(v string) (int64, bool) {
	_, total, ok := strings.Cut(v, "/")
	if !ok || !strings.HasPrefix(v, "bytes ") {
		return 0, false
	}
	n, err := strconv.ParseInt(total, 10, 64)
	return n, err == nil && n >= 0
}

// limitedCloser reads through a limit and closes the underlying body.
type limitedCloser struct {
	io.Reader
	io.Closer
}
