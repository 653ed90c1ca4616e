package fileblob

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"time"

	"github.com/extralit/extralit-go/internal/blob"
)

// Get opens the object under key for streaming. See blob.Store.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, blob.Info, error) {
	f, fi, err := s.openData(ctx, key, "get")
	if err != nil {
		return nil, blob.Info{}, err
	}
	// The open file keeps this version readable even if a Put replaces it
	// now; the Info describes the same file.
	in, err := s.info(key, fi, f)
	if err != nil {
		_ = f.Close()
		return nil, blob.Info{}, err
	}
	return f, in, nil
}

// GetRange opens part of the object under key. See blob.Store.
func (s *Store) GetRange(ctx context.Context, key string, offset, length int64) (io.ReadCloser, blob.Info, error) {
	f, fi, err := s.openData(ctx, key, "get range")
	if err != nil {
		return nil, blob.Info{}, err
	}
	in, err := s.info(key, fi, f)
	if err != nil {
		_ = f.Close()
		return nil, blob.Info{}, err
	}
	n, err := blob.CheckRange(offset, length, fi.Size())
	if err != nil {
		_ = f.Close()
		return nil, blob.Info{}, fmt.Errorf("fileblob: get range of %q: %w", key, err)
	}
	return sectionCloser{io.NewSectionReader(f, offset, n), f}, in, nil
}

// sectionCloser reads a section of a file and closes the file.
type sectionCloser struct {
	*io.SectionReader
	io.Closer
}

// Stat returns the Info of the object under key. See blob.Store.
func (s *Store) Stat(ctx context.Context, key string) (blob.Info, error) {
	f, fi, err := s.openData(ctx, key, "stat")
	if err != nil {
		return blob.Info{}, err
	}
	defer f.Close()
	return s.info(key, fi, f)
}

// openData validates key and opens its data file, which must be a regular
// file. A missing file, or a directory (a prefix of other keys), is
// blob.ErrNotFound.
func (s *Store) openData(ctx context.Context, key, op string) (*os.File, fs.FileInfo, error) {
	if err := s.begin(ctx); err != nil {
		return nil, nil, fmt.Errorf("fileblob: %s %q: %w", op, key, err)
	}
	if err := blob.ValidateKey(key); err != nil {
		return nil, nil, fmt.Errorf("fileblob: %s: %w", op, err)
	}
	f, err := s.root.Open(path.Join(dataDir, key))
	if isNotFound(err) {
		return nil, nil, fmt.Errorf("fileblob: %s %q: %w", op, key, blob.ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("fileblob: %s %q: %w", op, key, err)
	}
	fi, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, nil, fmt.Errorf("fileblob: %s %q: %w", op, key, err)
	}
	if !fi.Mode().IsRegular() {
		_ = f.Close()
		return nil, nil, fmt.Errorf("fileblob: %s %q: %w", op, key, blob.ErrNotFound)
	}
	return f, fi, nil
}

// Delete removes the object under key. See blob.Store.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := s.begin(ctx); err != nil {
		return fmt.Errorf("fileblob: delete %q: %w", key, err)
	}
	if err := blob.ValidateKey(key); err != nil {
		return fmt.Errorf("fileblob: delete: %w", err)
	}
	mu := s.lock(key)
	mu.Lock()
	defer mu.Unlock()
	if err := s.removeObject(key); err != nil {
		return fmt.Errorf("fileblob: delete %q: %w", key, err)
	}
	s.pruneEmptyParents(path.Join(dataDir, key))
	s.pruneEmptyParents(path.Join(metaDir, key))
	return nil
}

// removeObject removes key's data file and sidecar; a missing data file (or
// a directory in its place) is blob.ErrNotFound.
func (s *Store) removeObject(key string) error {
	dataPath := path.Join(dataDir, key)
	fi, err := s.root.Lstat(dataPath)
	if isNotFound(err) || err == nil && fi.IsDir() {
		return blob.ErrNotFound
	}
	if err != nil {
		return err
	}
	if err := s.root.Remove(dataPath); err != nil {
		if isNotFound(err) {
			return blob.ErrNotFound
		}
		return err
	}
	if err := s.root.Remove(path.Join(metaDir, key)); err != nil && !isNotFound(err) {
		return fmt.Errorf("remove sidecar: %w", err)
	}
	if err := s.syncDir(path.Dir(dataPath)); err != nil {
		return fmt.Errorf("sync directory: %w", err)
	}
	return nil
}

// pruneEmptyParents removes the now-empty parent directories of p, up to
// (not including) its tree's top directory, so listings show no empty
// prefixes. It stops at the first directory that is not empty.
func (s *Store) pruneEmptyParents(p string) {
	for dir := path.Dir(p); path.Dir(dir) != "."; dir = path.Dir(dir) {
		if err := s.root.Remove(dir); err != nil {
			return
		}
	}
}

func timeFromNano(n int64) time.Time { return time.Unix(0, n).UTC() }
