package fileblob

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"time"

	"github.com/extralit/extralit-go/internal/blob"
)

// sidecarVersion is written into every sidecar so the format can change.
const sidecarVersion = 1

// sidecar is the JSON document kept in meta/<key>.
type sidecar struct {
	Version     int               `json:"v"`
	Size        int64             `json:"size"`
	ModTimeNano int64             `json:"mtime_ns"`
	ETag        string            `json:"etag"`
	ContentType string            `json:"content_type"`
	Metadata    map[string]string `json:"metadata,omitempty"`
}

// matches reports whether the sidecar describes the data file fi.
func (sc *sidecar) matches(fi fs.FileInfo) bool {
	return sc.Version == sidecarVersion && sc.Size == fi.Size() && sc.ModTimeNano == fi.ModTime().UnixNano()
}

// readSidecar reads meta/<key>. A missing or unreadable sidecar is not an
// error for callers (the object is served with defaults), so it returns nil.
func (s *Store) readSidecar(key string) *sidecar {
	b, err := s.root.ReadFile(path.Join(metaDir, key))
	if err != nil {
		return nil
	}
	var sc sidecar
	if err := json.Unmarshal(b, &sc); err != nil {
		return nil
	}
	return &sc
}

// writeTempSidecar writes sc into a new synced file tmp/<name>.
func (s *Store) writeTempSidecar(name string, sc *sidecar) (err error) {
	b, err := json.Marshal(sc)
	if err != nil {
		return fmt.Errorf("encode sidecar: %w", err)
	}
	f, err := s.root.OpenFile(path.Join(tmpDir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("create sidecar: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close sidecar: %w", cerr)
		}
	}()
	if _, err := f.Write(b); err != nil {
		return fmt.Errorf("write sidecar: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync sidecar: %w", err)
	}
	return nil
}

// info builds the Info of key from its data file's fi and sidecar. When the
// sidecar is missing or out of step with the data file, the ETag is computed
// from the bytes (read through data, the open file fi describes) and the
// defaults are used.
func (s *Store) info(key string, fi fs.FileInfo, data io.ReaderAt) (blob.Info, error) {
	in := blob.Info{Key: key, Size: fi.Size(), LastModified: fi.ModTime().UTC()}
	if sc := s.readSidecar(key); sc != nil && sc.matches(fi) {
		in.ETag = sc.ETag
		in.ContentType = sc.ContentType
		in.Metadata = blob.CloneMetadata(sc.Metadata)
		return in, nil
	}
	etag, err := md5Hex(io.NewSectionReader(data, 0, fi.Size()), fi.Size())
	if err != nil {
		return blob.Info{}, fmt.Errorf("fileblob: compute etag of %q: %w", key, err)
	}
	in.ETag = etag
	in.ContentType = blob.DefaultContentType
	return in, nil
}

// modTimeNow returns the current time, to be set as a new data file's
// modification time and recorded in its sidecar.
func modTimeNow() time.Time { return time.Now() }

// isNotFound reports whether err from the root means the path is absent,
// including a path through a file ("a/b" when "a" is a file).
func isNotFound(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, errNotDir)
}
