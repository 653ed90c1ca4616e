package memory

import (
	"context"
	"fmt"
	"sync"

	"github.com/extralit/extralit-go/internal/search"
)

// Index is the in-memory search engine. It is safe for concurrent use.
type Index struct {
	mu       sync.Mutex
	closed   bool
	datasets map[string]*dataset
}

var _ search.Index = (*Index)(nil)

// New returns an empty engine. The caller fills it from the database (the
// service's reindex) before serving searches.
func New() *Index {
	return &Index{datasets: map[string]*dataset{}}
}

// get returns the dataset's index, or an error wrapping ErrIndexNotFound or
// ErrClosed.
func (ix *Index) get(datasetID string) (*dataset, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil, search.ErrClosed
	}
	ds := ix.datasets[datasetID]
	if ds == nil {
		return nil, fmt.Errorf("dataset %s: %w", datasetID, search.ErrIndexNotFound)
	}
	return ds, nil
}

// read returns the dataset read-locked; the caller must RUnlock it.
func (ix *Index) read(datasetID string) (*dataset, error) {
	ds, err := ix.get(datasetID)
	if err != nil {
		return nil, err
	}
	ds.mu.RLock()
	if ds.deleted {
		ds.mu.RUnlock()
		return nil, fmt.Errorf("dataset %s: %w", datasetID, search.ErrIndexNotFound)
	}
	return ds, nil
}

// write returns the dataset write-locked; the caller must Unlock it.
func (ix *Index) write(datasetID string) (*dataset, error) {
	ds, err := ix.get(datasetID)
	if err != nil {
		return nil, err
	}
	ds.mu.Lock()
	if ds.deleted {
		ds.mu.Unlock()
		return nil, fmt.Errorf("dataset %s: %w", datasetID, search.ErrIndexNotFound)
	}
	return ds, nil
}

// CreateIndex creates the dataset's empty index.
func (ix *Index) CreateIndex(ctx context.Context, datasetID string, m search.Mapping) error {
	if err := m.Validate(); err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return search.ErrClosed
	}
	if ix.datasets[datasetID] != nil {
		return fmt.Errorf("dataset %s: %w", datasetID, search.ErrIndexExists)
	}
	ix.datasets[datasetID] = newDataset(m)
	return nil
}

// UpdateMapping changes the dataset's mapping to m.
func (ix *Index) UpdateMapping(ctx context.Context, datasetID string, m search.Mapping) error {
	ds, err := ix.write(datasetID)
	if err != nil {
		return err
	}
	defer ds.mu.Unlock()
	if err := ds.sc.m.CheckUpdate(m); err != nil {
		return err
	}
	ds.setMapping(m)
	return nil
}

// Mapping returns the dataset's current mapping.
func (ix *Index) Mapping(ctx context.Context, datasetID string) (search.Mapping, error) {
	ds, err := ix.read(datasetID)
	if err != nil {
		return search.Mapping{}, err
	}
	defer ds.mu.RUnlock()
	return ds.sc.m, nil
}

// DeleteIndex drops the dataset's index.
func (ix *Index) DeleteIndex(ctx context.Context, datasetID string) error {
	ix.mu.Lock()
	if ix.closed {
		ix.mu.Unlock()
		return search.ErrClosed
	}
	ds := ix.datasets[datasetID]
	delete(ix.datasets, datasetID)
	ix.mu.Unlock()
	if ds == nil {
		return fmt.Errorf("dataset %s: %w", datasetID, search.ErrIndexNotFound)
	}
	ds.mu.Lock() // waits for operations in flight
	ds.deleted = true
	ds.mu.Unlock()
	return nil
}

// Upsert indexes docs; they are searchable when it returns.
func (ix *Index) Upsert(ctx context.Context, datasetID string, docs []search.Document) error {
	if len(docs) == 0 {
		return nil
	}
	ds, err := ix.write(datasetID)
	if err != nil {
		return err
	}
	defer ds.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	return ds.upsert(datasetID, docs)
}

// Delete removes the documents with the given IDs.
func (ix *Index) Delete(ctx context.Context, datasetID string, ids []string) error {
	ds, err := ix.write(datasetID)
	if err != nil {
		return err
	}
	defer ds.mu.Unlock()
	for _, id := range ids {
		ds.remove(id)
	}
	ds.compactIfSparse()
	return nil
}

// Count returns the number of documents in the dataset's index.
func (ix *Index) Count(ctx context.Context, datasetID string) (int, error) {
	ds, err := ix.read(datasetID)
	if err != nil {
		return 0, err
	}
	defer ds.mu.RUnlock()
	return len(ds.byID), nil
}

// Close drops every index. Later calls return search.ErrClosed.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.closed = true
	ix.datasets = nil
	return nil
}
