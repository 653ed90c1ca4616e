package fileblob

import (
	"context"
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"syscall"

	"github.com/extralit/extralit-go/internal/blob"
)

// errNotDir is what the OS returns for a path through a regular file.
var errNotDir = syscall.ENOTDIR

// renameAttempts bounds the retries of the final rename when a concurrent
// Delete removes a parent directory that has just been created.
const renameAttempts = 5

// Put stores r under key atomically. See blob.Store.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, opts blob.PutOptions) (blob.Info, error) {
	if err := s.begin(ctx); err != nil {
		return blob.Info{}, fmt.Errorf("fileblob: put %q: %w", key, err)
	}
	if err := blob.ValidateKey(key); err != nil {
		return blob.Info{}, fmt.Errorf("fileblob: put: %w", err)
	}
	opts, err := blob.NormalizePutOptions(opts)
	if err != nil {
		return blob.Info{}, fmt.Errorf("fileblob: put %q: %w", key, err)
	}
	if size < -1 {
		return blob.Info{}, fmt.Errorf("fileblob: put %q: %w: size %d is negative (use -1 for unknown)", key, blob.ErrSizeMismatch, size)
	}
	name, err := tempName()
	if err != nil {
		return blob.Info{}, fmt.Errorf("fileblob: put %q: %w", key, err)
	}
	tmpData, tmpMeta := path.Join(tmpDir, name), path.Join(tmpDir, name+".meta")
	defer func() {
		// Both are gone after a successful rename; after a failure this
		// removes whatever was written.
		_ = s.root.Remove(tmpData)
		_ = s.root.Remove(tmpMeta)
	}()

	sc, err := s.writeTempData(ctx, tmpData, r, size)
	if err != nil {
		return blob.Info{}, fmt.Errorf("fileblob: put %q: %w", key, err)
	}
	sc.ContentType = opts.ContentType
	sc.Metadata = opts.Metadata
	if err := s.writeTempSidecar(name+".meta", sc); err != nil {
		return blob.Info{}, fmt.Errorf("fileblob: put %q: %w", key, err)
	}
	if err := ctx.Err(); err != nil {
		return blob.Info{}, fmt.Errorf("fileblob: put %q: %w", key, err)
	}

	mu := s.lock(key)
	mu.Lock()
	err = s.commit(key, tmpData, tmpMeta)
	mu.Unlock()
	if err != nil {
		return blob.Info{}, fmt.Errorf("fileblob: put %q: %w", key, err)
	}
	return blob.Info{
		Key:          key,
		Size:         sc.Size,
		ETag:         sc.ETag,
		ContentType:  sc.ContentType,
		LastModified: timeFromNano(sc.ModTimeNano),
		Metadata:     blob.CloneMetadata(sc.Metadata),
	}, nil
}

// writeTempData streams r into the new file tmpData, hashing it, syncs it,
// stamps its modification time and returns a sidecar describing it.
func (s *Store) writeTempData(ctx context.Context, tmpData string, r io.Reader, size int64) (sc *sidecar, err error) {
	f, err := s.root.OpenFile(tmpData, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("create temp file: %w", err)
	}
	defer func() {
		if f != nil {
			_ = f.Close()
		}
	}()
	h := md5.New()
	n, err := io.Copy(io.MultiWriter(f, h), &ctxReader{ctx: ctx, r: blob.ExactReader(r, size)})
	if err != nil {
		return nil, fmt.Errorf("write content after %d bytes: %w", n, err)
	}
	if err := f.Sync(); err != nil {
		return nil, fmt.Errorf("sync temp file: %w", err)
	}
	err = f.Close()
	f = nil
	if err != nil {
		return nil, fmt.Errorf("close temp file: %w", err)
	}
	// Stamp a fresh nanosecond time and read back what the file system
	// kept, so the sidecar names this exact version of the data file.
	now := modTimeNow()
	if err := s.root.Chtimes(tmpData, now, now); err != nil {
		return nil, fmt.Errorf("set modification time: %w", err)
	}
	fi, err := s.root.Stat(tmpData)
	if err != nil {
		return nil, fmt.Errorf("stat temp file: %w", err)
	}
	return &sidecar{
		Version:     sidecarVersion,
		Size:        n,
		ModTimeNano: fi.ModTime().UnixNano(),
		ETag:        hexSum(h),
	}, nil
}

// commit renames the synced temp files into place: data first, then the
// sidecar, then syncs the directories that changed.
func (s *Store) commit(key, tmpData, tmpMeta string) error {
	dataPath, metaPath := path.Join(dataDir, key), path.Join(metaDir, key)
	if fi, err := s.root.Lstat(dataPath); err == nil && fi.IsDir() {
		return fmt.Errorf("%w: %q is a prefix of other keys in this store", blob.ErrConflict, key)
	}
	if err := s.renameInto(tmpData, dataPath); err != nil {
		if errors.Is(err, errNotDir) || errors.Is(err, fs.ErrExist) || errors.Is(err, syscall.EISDIR) || errors.Is(err, syscall.ENOTEMPTY) {
			return fmt.Errorf("%w: a parent of %q is an object, or %q is a prefix of other keys: %v", blob.ErrConflict, key, key, err)
		}
		return fmt.Errorf("move content into place: %w", err)
	}
	if err := s.renameInto(tmpMeta, metaPath); err != nil {
		// The data is in place; without its sidecar it is served with
		// defaults. Report the failure so the caller can retry.
		return fmt.Errorf("move sidecar into place: %w", err)
	}
	if err := s.syncDir(path.Dir(dataPath)); err != nil {
		return fmt.Errorf("sync directory of %q: %w", key, err)
	}
	if err := s.syncDir(path.Dir(metaPath)); err != nil {
		return fmt.Errorf("sync sidecar directory of %q: %w", key, err)
	}
	return nil
}

// renameInto creates dst's parent directories and renames src to dst. A
// concurrent Delete may prune a parent directory just created (it removes
// empty ones), so a rename that finds its directory gone is retried.
func (s *Store) renameInto(src, dst string) error {
	for attempt := 1; ; attempt++ {
		err := s.mkdirParents(dst)
		if err == nil {
			err = s.root.Rename(src, dst)
		}
		if err == nil || !errors.Is(err, fs.ErrNotExist) || attempt == renameAttempts {
			return err
		}
	}
}

// mkdirParents creates the missing parent directories of p (relative to the
// root), syncing each parent that gained an entry.
func (s *Store) mkdirParents(p string) error {
	dir := path.Dir(p)
	segs := strings.Split(dir, "/")
	for i := 1; i < len(segs); i++ {
		d := strings.Join(segs[:i+1], "/")
		err := s.root.Mkdir(d, 0o755)
		if errors.Is(err, fs.ErrExist) {
			fi, serr := s.root.Lstat(d)
			if serr != nil {
				return serr
			}
			if !fi.IsDir() {
				return fmt.Errorf("%s: %w", d, errNotDir)
			}
			continue
		}
		if err != nil {
			return err
		}
		if err := s.syncDir(path.Dir(d)); err != nil {
			return err
		}
	}
	return nil
}

// ctxReader stops a copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// tempName returns a random file name for an upload in progress.
func tempName() (string, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("random temp name: %w", err)
	}
	return "put-" + hex.EncodeToString(b[:]), nil
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

// md5Hex returns the hex MD5 of the first size bytes of r.
func md5Hex(r io.Reader, size int64) (string, error) {
	h := md5.New()
	if _, err := io.CopyN(h, r, size); err != nil {
		return "", err
	}
	return hexSum(h), nil
}
