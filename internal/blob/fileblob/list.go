package fileblob

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/extralit/extralit-go/internal/blob"
)

// List returns the objects under prefix. See blob.Store.
func (s *Store) List(ctx context.Context, prefix string, opts blob.ListOptions) ([]blob.Info, error) {
	if err := s.begin(ctx); err != nil {
		return nil, fmt.Errorf("fileblob: list %q: %w", prefix, err)
	}
	if err := blob.ValidatePrefix(prefix); err != nil {
		return nil, fmt.Errorf("fileblob: list: %w", err)
	}
	if err := blob.ValidateStartAfter(opts.StartAfter); err != nil {
		return nil, fmt.Errorf("fileblob: list: %w", err)
	}
	if opts.Limit < 0 {
		return nil, fmt.Errorf("fileblob: list: limit %d is negative", opts.Limit)
	}
	keys, err := s.walkKeys(ctx, dataDir, prefix)
	if err != nil {
		return nil, fmt.Errorf("fileblob: list %q: %w", prefix, err)
	}
	var out []blob.Info
	seenDir := ""
	for _, k := range keys {
		entry := blob.Info{Key: k}
		if !opts.Recursive {
			if i := strings.IndexByte(k[len(prefix):], '/'); i >= 0 {
				entry = blob.Info{Key: k[:len(prefix)+i+1], IsDir: true}
			}
		}
		if entry.Key <= opts.StartAfter || entry.IsDir && entry.Key == seenDir {
			continue
		}
		if entry.IsDir {
			// Keys are sorted, so one directory's keys are adjacent
			// (a '/' sorts after nothing else that shares the prefix).
			seenDir = entry.Key
		} else {
			fi, err := s.root.Stat(path.Join(dataDir, k))
			if isNotFound(err) {
				continue // deleted since the walk
			}
			if err != nil {
				return nil, fmt.Errorf("fileblob: list %q: %w", prefix, err)
			}
			if entry, err = s.listInfo(k, fi); err != nil {
				return nil, err
			}
		}
		out = append(out, entry)
		if opts.Limit > 0 && len(out) == opts.Limit {
			break
		}
	}
	return out, nil
}

// listInfo is info without ContentType and Metadata, as List promises.
func (s *Store) listInfo(key string, fi fs.FileInfo) (blob.Info, error) {
	f, err := s.root.Open(path.Join(dataDir, key))
	if err != nil {
		return blob.Info{}, fmt.Errorf("fileblob: list: open %q: %w", key, err)
	}
	defer f.Close()
	in, err := s.info(key, fi, f)
	if err != nil {
		return blob.Info{}, err
	}
	in.ContentType, in.Metadata = "", nil
	return in, nil
}

// walkKeys returns, sorted, the keys of the regular files under tree (data
// or meta) whose keys start with prefix. Symbolic links are never followed
// and never listed.
func (s *Store) walkKeys(ctx context.Context, tree, prefix string) ([]string, error) {
	// Walk the deepest directory the prefix names completely.
	base := tree
	if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
		base = path.Join(tree, prefix[:i])
	}
	var keys []string
	err := fs.WalkDir(s.root.FS(), base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == base && isNotFound(err) {
				return fs.SkipAll // nothing stored under the prefix
			}
			if isNotFound(err) {
				return nil // removed while walking
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if p == tree {
			return nil
		}
		key := p[len(tree)+1:]
		if d.IsDir() {
			// Descend only where keys can still match the prefix.
			if !strings.HasPrefix(key+"/", prefix) && !strings.HasPrefix(prefix, key+"/") {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && strings.HasPrefix(key, prefix) {
			keys = append(keys, key)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.SkipAll) {
		return nil, err
	}
	slices.Sort(keys)
	return keys, nil
}

// DeletePrefix removes every object under prefix. See blob.Store.
func (s *Store) DeletePrefix(ctx context.Context, prefix string) (int, error) {
	if err := s.begin(ctx); err != nil {
		return 0, fmt.Errorf("fileblob: delete prefix %q: %w", prefix, err)
	}
	if err := blob.ValidateDeletePrefix(prefix); err != nil {
		return 0, fmt.Errorf("fileblob: delete prefix: %w", err)
	}
	keys, err := s.walkKeys(ctx, dataDir, prefix)
	if err != nil {
		return 0, fmt.Errorf("fileblob: delete prefix %q: %w", prefix, err)
	}
	n := 0
	for _, k := range keys {
		mu := s.lock(k)
		mu.Lock()
		err := s.removeObject(k)
		mu.Unlock()
		if errors.Is(err, blob.ErrNotFound) {
			continue // deleted concurrently
		}
		if err != nil {
			return n, fmt.Errorf("fileblob: delete prefix %q: remove %q: %w", prefix, k, err)
		}
		n++
	}
	// Sidecars whose data file is gone (left by a crash) go too.
	orphans, err := s.walkKeys(ctx, metaDir, prefix)
	if err != nil {
		return n, fmt.Errorf("fileblob: delete prefix %q: %w", prefix, err)
	}
	for _, k := range orphans {
		if _, err := s.root.Lstat(path.Join(dataDir, k)); isNotFound(err) {
			_ = s.root.Remove(path.Join(metaDir, k))
		}
	}
	s.pruneEmptyDirs(dataDir, prefix)
	s.pruneEmptyDirs(metaDir, prefix)
	return n, nil
}

// pruneEmptyDirs removes the empty directories under tree/prefix (deepest
// first), then the prefix's own directory and its parents while empty.
func (s *Store) pruneEmptyDirs(tree, prefix string) {
	top := path.Join(tree, strings.TrimSuffix(prefix, "/"))
	var dirs []string
	_ = fs.WalkDir(s.root.FS(), top, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return nil
	})
	for _, d := range slices.Backward(dirs) {
		_ = s.root.Remove(d) // fails, as wanted, when not empty
	}
	s.pruneEmptyParents(top)
}
