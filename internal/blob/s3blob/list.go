package s3blob

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/minio/minio-go/v7"

	"github.com/extralit/extralit-go/internal/blob"
)

// List returns the objects under prefix. See blob.Store.
func (s *Store) List(ctx context.Context, prefix string, opts blob.ListOptions) ([]blob.Info, error) {
	if err := s.begin(ctx); err != nil {
		return nil, fmt.Errorf("s3blob: list %q: %w", prefix, err)
	}
	if err := blob.ValidatePrefix(prefix); err != nil {
		return nil, fmt.Errorf("s3blob: list: %w", err)
	}
	if err := blob.ValidateStartAfter(opts.StartAfter); err != nil {
		return nil, fmt.Errorf("s3blob: list: %w", err)
	}
	if opts.Limit < 0 {
		return nil, fmt.Errorf("s3blob: list: limit %d is negative", opts.Limit)
	}
	var out []blob.Info
	if opts.Recursive {
		// S3 returns a recursive listing in key order: stream it, in
		// pages no bigger than the limit.
		page := 0
		if opts.Limit > 0 && opts.Limit < 1000 {
			page = opts.Limit
		}
		err := s.walk(ctx, prefix, true, opts.StartAfter, page, func(in blob.Info) bool {
			out = append(out, in)
			return opts.Limit == 0 || len(out) < opts.Limit
		})
		if err != nil {
			return nil, fmt.Errorf("s3blob: list %q: %w", prefix, err)
		}
		return out, nil
	}
	out, err := s.listLevel(ctx, prefix, opts.StartAfter)
	if err != nil {
		return nil, fmt.Errorf("s3blob: list %q: %w", prefix, err)
	}
	if opts.Limit > 0 && len(out) > opts.Limit {
		out = out[:opts.Limit]
	}
	return out, nil
}

// listLevel lists one level under prefix, sorted. Two S3 behaviours need
// work here: minio-go emits each page's objects before its common prefixes,
// so the level is read whole and sorted; and some servers (SeaweedFS) keep
// an emptied "folder" as a common prefix for minutes after its last object
// is deleted, so each common prefix is checked to still hold an object.
func (s *Store) listLevel(ctx context.Context, prefix, startAfter string) ([]blob.Info, error) {
	var out []blob.Info
	if err := s.walk(ctx, prefix, false, startAfter, 0, func(in blob.Info) bool {
		out = append(out, in)
		return true
	}); err != nil {
		return nil, err
	}
	kept := out[:0]
	for _, in := range out {
		if in.IsDir {
			found := false
			if err := s.walk(ctx, in.Key, true, "", probePage, func(blob.Info) bool {
				found = true
				return false
			}); err != nil {
				return nil, err
			}
			if !found {
				continue
			}
		}
		kept = append(kept, in)
	}
	slices.SortFunc(kept, func(a, b blob.Info) int { return strings.Compare(a.Key, b.Key) })
	return kept, nil
}

// probePage is the page size for checking that a prefix holds an object.
const probePage = 10

// walk calls yield for each entry under prefix in key order until yield
// returns false, asking the server for pages of pageSize keys (0: the
// server's default, usually 1000). Keys ending with "/" that are objects
// (the "folder markers" some tools create) are not valid blob keys and are
// skipped.
func (s *Store) walk(ctx context.Context, prefix string, recursive bool, startAfter string, pageSize int, yield func(blob.Info) bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops minio-go's listing goroutine when yield stops early
	lo := minio.ListObjectsOptions{Prefix: s.prefix + prefix, Recursive: recursive, MaxKeys: pageSize}
	if startAfter != "" {
		lo.StartAfter = s.prefix + startAfter
	}
	for oi := range s.client.ListObjects(ctx, s.bucket, lo) {
		if oi.Err != nil {
			return translate(oi.Err)
		}
		key := strings.TrimPrefix(oi.Key, s.prefix)
		// S3 may repeat a common prefix that holds keys after StartAfter;
		// the blob contract lists only entries after it.
		if key <= startAfter {
			continue
		}
		var in blob.Info
		switch {
		case !strings.HasSuffix(key, "/"):
			in = blob.Info{Key: key, Size: oi.Size, ETag: strings.Trim(oi.ETag, `"`), LastModified: oi.LastModified.UTC()}
		case !recursive && key != prefix && oi.ETag == "":
			in = blob.Info{Key: key, IsDir: true}
		default:
			continue // a folder marker object
		}
		if !yield(in) {
			return nil
		}
	}
	return ctx.Err()
}

// DeletePrefix removes every object under prefix. See blob.Store.
func (s *Store) DeletePrefix(ctx context.Context, prefix string) (int, error) {
	if err := s.begin(ctx); err != nil {
		return 0, fmt.Errorf("s3blob: delete prefix %q: %w", prefix, err)
	}
	if err := blob.ValidateDeletePrefix(prefix); err != nil {
		return 0, fmt.Errorf("s3blob: delete prefix: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	objects := make(chan minio.ObjectInfo)
	done := make(chan struct{})
	listed := 0
	var listErr error
	go func() {
		defer close(done)
		defer close(objects)
		lo := minio.ListObjectsOptions{Prefix: s.prefix + prefix, Recursive: true}
		for oi := range s.client.ListObjects(ctx, s.bucket, lo) {
			if oi.Err != nil {
				listErr = translate(oi.Err)
				return
			}
			select {
			case objects <- oi:
				if !strings.HasSuffix(oi.Key, "/") {
					listed++
				}
			case <-ctx.Done():
				listErr = ctx.Err()
				return
			}
		}
	}()
	failed := 0
	var firstErr error
	for rerr := range s.client.RemoveObjects(ctx, s.bucket, objects, minio.RemoveObjectsOptions{}) {
		if !strings.HasSuffix(rerr.ObjectName, "/") {
			failed++
		}
		if firstErr == nil {
			firstErr = fmt.Errorf("remove %q: %w", strings.TrimPrefix(rerr.ObjectName, s.prefix), translate(rerr.Err))
		}
	}
	cancel() // in case RemoveObjects stopped reading early
	<-done
	n := listed - failed
	if listErr != nil {
		return n, fmt.Errorf("s3blob: delete prefix %q: list: %w", prefix, listErr)
	}
	if firstErr != nil {
		return n, fmt.Errorf("s3blob: delete prefix %q: %d of %d objects not removed, first: %w", prefix, failed, listed, firstErr)
	}
	return n, nil
}
