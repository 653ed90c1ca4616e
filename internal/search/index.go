package search

import (
	"context"
	"errors"
)

// The error kinds every engine returns, wrapped with detail. Callers test
// them with errors.Is.
var (
	// ErrIndexNotFound means the dataset has no index (never created, or
	// deleted).
	ErrIndexNotFound = errors.New("search index not found")
	// ErrIndexExists means CreateIndex was called for a dataset that already
	// has an index.
	ErrIndexExists = errors.New("search index already exists")
	// ErrInvalidQuery means the query names an unknown field, metadata
	// property, question or vector, or asks for an impossible filter or sort.
	ErrInvalidQuery = errors.New("invalid search query")
	// ErrMissingVector means a similarity query takes its vector from a
	// record that has none in that space.
	ErrMissingVector = errors.New("record has no such vector")
	// ErrInvalidMapping means a Mapping or a mapping change is malformed.
	ErrInvalidMapping = errors.New("invalid search mapping")
	// ErrInvalidDocument means a Document does not fit the dataset's mapping
	// (a metadata value of the wrong type, a vector of the wrong length or
	// in an unknown space, a missing ID).
	ErrInvalidDocument = errors.New("invalid search document")
	// ErrClosed means the Index was closed.
	ErrClosed = errors.New("search index closed")
	// ErrUnavailable means the engine cannot serve the call now: a search
	// cluster that cannot be reached, is overloaded, or refuses writes (a
	// read-only block). The database stays the source of truth; retrying
	// later, or `extralit reindex`, repairs the index.
	ErrUnavailable = errors.New("search engine unavailable")
)

// Index is a search engine holding one index per dataset. Implementations
// are safe for concurrent use.
type Index interface {
	// CreateIndex creates the dataset's empty index. It returns
	// ErrIndexExists if there is one, ErrInvalidMapping for a bad mapping.
	CreateIndex(ctx context.Context, datasetID string, m Mapping) error
	// UpdateMapping changes the dataset's mapping to m, keeping indexed data:
	// names new in m are added, names missing from m are dropped (vectors in
	// a dropped space are forgotten). See Mapping.CheckUpdate.
	UpdateMapping(ctx context.Context, datasetID string, m Mapping) error
	// Mapping returns the dataset's current mapping.
	Mapping(ctx context.Context, datasetID string) (Mapping, error)
	// DeleteIndex deletes the dataset's index and everything in it. It
	// returns ErrIndexNotFound if there is none.
	DeleteIndex(ctx context.Context, datasetID string) error
	// Upsert indexes docs, each replacing any document with its ID. The
	// documents are visible to Search when Upsert returns. It returns
	// ErrInvalidDocument, naming the record, when a document does not fit
	// the mapping; then none of docs is written.
	Upsert(ctx context.Context, datasetID string, docs []Document) error
	// Delete removes the documents with the given IDs; unknown IDs are
	// ignored.
	Delete(ctx context.Context, datasetID string, ids []string) error
	// Search runs q. It returns ErrInvalidQuery for a query that does not
	// fit the mapping and ErrMissingVector when q.Vector.RecordID has no
	// vector in the space.
	Search(ctx context.Context, datasetID string, q Query) (Result, error)
	// Count returns the number of documents in the dataset's index.
	Count(ctx context.Context, datasetID string) (int, error)
	// Close releases the engine; later calls return ErrClosed.
	Close() error
}
