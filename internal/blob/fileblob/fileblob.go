// Package fileblob implements blob.Store on a local directory, the default
// storage of a single-machine Extralit.
//
// Layout under the directory given to New:
//
//	data/<key>   the object's bytes, exactly as uploaded
//	meta/<key>   a JSON sidecar: content type, user metadata, ETag
//	tmp/         uploads in progress
//
// A Put streams into a file in tmp/ while computing its MD5 (the ETag), syncs
// it, writes the sidecar the same way, then renames both into place and syncs
// the directories. So an upload that fails or is interrupted leaves nothing
// under data/, and readers see the old object or the new one, never part of
// one. The sidecar records the size and modification time of the data file
// it describes; if a crash between the two renames (or a writer in another
// process) leaves them out of step, the object is still served with its true
// size and an ETag computed from its bytes, but with the default content type
// and no user metadata.
//
// Every file-system access goes through an os.Root, so neither a key nor a
// symbolic link inside the directory can reach a path outside it. Because a
// file system cannot hold both a file "a" and a directory "a", a Put of "a"
// when "a/b" exists (or of "a/b" when "a" exists) fails with blob.ErrConflict.
package fileblob

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path"
	"sync"
	"sync/atomic"
	"time"

	"github.com/extralit/extralit-go/internal/blob"
)

const (
	dataDir = "data"
	metaDir = "meta"
	tmpDir  = "tmp"

	// staleTempAge is how old a file in tmp/ must be for New to delete it as
	// a leftover of an interrupted upload. An upload in progress keeps its
	// temp file's modification time current.
	staleTempAge = time.Hour
)

var _ blob.Store = (*Store)(nil)

// Store is a blob.Store on a local directory. Use New to create one.
type Store struct {
	root   *os.Root
	dir    string
	closed atomic.Bool
	// locks serialise the final rename step of writers and deleters of the
	// same key within this process (striped by key hash).
	locks [64]sync.Mutex
}

// New opens (creating it when missing) the storage directory dir and returns
// a Store on it. It removes temp files left by interrupted uploads.
func New(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("fileblob: storage directory is empty")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("fileblob: create storage directory: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("fileblob: open storage directory: %w", err)
	}
	for _, d := range []string{dataDir, metaDir, tmpDir} {
		if err := root.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			_ = root.Close()
			return nil, fmt.Errorf("fileblob: create %s in %s: %w", d, dir, err)
		}
	}
	s := &Store{root: root, dir: dir}
	if err := s.removeStaleTemps(time.Now().Add(-staleTempAge)); err != nil {
		_ = root.Close()
		return nil, err
	}
	return s, nil
}

// Dir returns the storage directory the Store was opened on.
func (s *Store) Dir() string { return s.dir }

// Close releases the directory handle. Later calls fail with blob.ErrClosed.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	if err := s.root.Close(); err != nil {
		return fmt.Errorf("fileblob: close: %w", err)
	}
	return nil
}

// begin checks that the Store is open and ctx is live.
func (s *Store) begin(ctx context.Context) error {
	if s.closed.Load() {
		return blob.ErrClosed
	}
	return ctx.Err()
}

// lock returns the mutex guarding key's final write or delete step.
func (s *Store) lock(key string) *sync.Mutex {
	h := fnv.New32a()
	_, _ = h.Write([]byte(key))
	return &s.locks[h.Sum32()%uint32(len(s.locks))]
}

// removeStaleTemps deletes files in tmp/ last modified before cutoff.
func (s *Store) removeStaleTemps(cutoff time.Time) error {
	entries, err := fs.ReadDir(s.root.FS(), tmpDir)
	if err != nil {
		return fmt.Errorf("fileblob: read %s: %w", tmpDir, err)
	}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || fi.ModTime().After(cutoff) {
			continue
		}
		if err := s.root.RemoveAll(path.Join(tmpDir, e.Name())); err != nil {
			return fmt.Errorf("fileblob: remove stale upload %s: %w", e.Name(), err)
		}
	}
	return nil
}

// syncDir flushes directory dir (relative to the root) so renames and
// creations inside it survive a crash. A directory that a concurrent Delete
// has just removed (as empty) has nothing left to flush.
func (s *Store) syncDir(dir string) error {
	d, err := s.root.Open(dir)
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
