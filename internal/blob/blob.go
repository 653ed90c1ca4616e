package blob

import (
	"context"
	"errors"
	"io"
	"time"
)

// Errors returned by every Store. Backends wrap them with context, so test
// them with errors.Is.
var (
	// ErrNotFound means no object exists under the key.
	ErrNotFound = errors.New("blob: object not found")
	// ErrInvalidKey means a key, prefix or start-after value breaks the key
	// rules of the package documentation.
	ErrInvalidKey = errors.New("blob: invalid key")
	// ErrInvalidMetadata means a content type or a user metadata entry is not
	// acceptable (see PutOptions).
	ErrInvalidMetadata = errors.New("blob: invalid metadata")
	// ErrSizeMismatch means the reader given to Put held more or fewer bytes
	// than the declared size. Nothing was stored.
	ErrSizeMismatch = errors.New("blob: content size does not match the declared size")
	// ErrConflict means the key cannot be stored because of an existing key:
	// on a file system an object "a" and an object "a/b" cannot coexist.
	ErrConflict = errors.New("blob: key conflicts with an existing key")
	// ErrInvalidRange means GetRange was asked for bytes the object does not
	// have: an offset past its end, or a negative offset or length.
	ErrInvalidRange = errors.New("blob: invalid range")
	// ErrClosed means the Store was used after Close.
	ErrClosed = errors.New("blob: store is closed")
)

// DefaultContentType is the content type of objects stored without one.
const DefaultContentType = "application/octet-stream"

// Store keeps objects (a byte stream plus Info) under keys. Implementations
// are safe for concurrent use. A Put is atomic: readers see either the old
// object or the new one, never a partial write, and a Put that fails leaves
// the previous object (or its absence) untouched.
type Store interface {
	// Put stores the content of r under key, replacing any object there.
	// size is the exact number of bytes r yields, or -1 when unknown; when
	// r yields a different number of bytes Put returns ErrSizeMismatch and
	// stores nothing. It returns the Info of the stored object.
	Put(ctx context.Context, key string, r io.Reader, size int64, opts PutOptions) (Info, error)
	// Get opens the object for streaming. The caller must close the reader.
	// It returns ErrNotFound when no object exists under key.
	Get(ctx context.Context, key string) (io.ReadCloser, Info, error)
	// GetRange opens length bytes of the object starting at offset, for
	// HTTP range requests (PDF viewers read large files in pieces). A length
	// of -1, or one reaching past the end, reads to the end; an offset equal
	// to the size reads nothing. The Info describes the whole object (Size is
	// its full size). An offset past the end, a negative offset or a length
	// below -1 returns ErrInvalidRange.
	GetRange(ctx context.Context, key string, offset, length int64) (io.ReadCloser, Info, error)
	// Stat returns the object's Info without its content, or ErrNotFound.
	Stat(ctx context.Context, key string) (Info, error)
	// Delete removes the object. Deleting a missing key returns ErrNotFound.
	Delete(ctx context.Context, key string) error
	// List returns the objects whose keys start with prefix, sorted by key
	// (byte order). See ListOptions for non-recursive listing and paging.
	// Entries carry Key, Size, ETag and LastModified; ContentType and
	// Metadata are left empty (use Stat for them).
	List(ctx context.Context, prefix string, opts ListOptions) ([]Info, error)
	// DeletePrefix removes every object whose key starts with prefix and
	// returns how many it removed. The prefix must end with "/" (a
	// workspace's "name/"), so "ws1/" never removes "ws10/…"; an empty
	// prefix is refused with ErrInvalidKey.
	DeletePrefix(ctx context.Context, prefix string) (int, error)
	// Close releases the Store's resources. Calls after Close fail with
	// ErrClosed.
	Close() error
}

// PutOptions describe an object being stored.
type PutOptions struct {
	// ContentType is the media type served with the object, such as
	// "application/pdf". Empty means DefaultContentType. It must parse as a
	// media type (RFC 2045) and be printable ASCII.
	ContentType string
	// Metadata is user metadata kept with the object. Keys are
	// case-insensitive and returned in lower case; they may hold ASCII
	// letters, digits and "-". Values must be printable ASCII. Keys and
	// values together may not exceed MaxMetadataSize bytes.
	Metadata map[string]string
}

// ListOptions control List.
type ListOptions struct {
	// Recursive lists every object under the prefix. When false, List stops
	// at the next "/" after the prefix, like a directory listing: objects
	// directly under the prefix are returned as they are, and each deeper
	// level is returned once as an entry with IsDir set, whose Key ends
	// with "/" (an S3 "common prefix").
	Recursive bool
	// StartAfter skips every entry whose key sorts before or equal to it
	// (byte order), for paging: pass the last key of the previous page.
	StartAfter string
	// Limit caps the number of entries returned; 0 means no limit.
	Limit int
}

// Info describes a stored object.
type Info struct {
	// Key is the object's key, as given to Put.
	Key string
	// Size is the content length in bytes.
	Size int64
	// ETag identifies this version of the content. It is opaque: compare it
	// for equality only (it is the hex MD5 of the content on the file
	// backend and on S3 single-part uploads, but not on S3 multipart ones).
	ETag string
	// ContentType is the media type given to Put, or DefaultContentType.
	ContentType string
	// LastModified is when the object was last written.
	LastModified time.Time
	// Metadata is the user metadata given to Put, keys in lower case. It is
	// nil when there is none.
	Metadata map[string]string
	// IsDir marks a non-recursive List entry that stands for all keys
	// under Key (which then ends with "/"); its other fields are empty.
	IsDir bool
}
