package bleve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"github.com/extralit/extralit-go/internal/search"
)

// Index is the embedded search engine: one Bleve index per dataset under a
// root directory, with vectors kept in memory and in a log beside it.
//
// Only one process may open the root: Bleve locks its files. The server
// process owns the index; other processes (workers, CLI tools) write to the
// database and leave indexing to the server.
type Index struct {
	root     string
	opts     Options
	analyzer analysis.Analyzer

	mu       sync.Mutex
	closed   bool
	datasets map[string]*dataset
}

var _ search.Index = (*Index)(nil)

// Options tune the engine. The zero value is the safe default.
type Options struct {
	// UnsafeBatch makes Upsert return once a batch is searchable, before it
	// is persisted. Faster bulk loads, but a crash can lose the latest
	// writes (recover with a reindex).
	UnsafeBatch bool
}

// New opens (creating it if needed) the engine rooted at dir. Datasets are
// opened on first use.
func New(dir string, opts Options) (*Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create search root: %w", err)
	}
	// Lowercased Unicode words, without stop words or stemming, like
	// Elasticsearch's standard analyzer.
	an := &analysis.DefaultAnalyzer{
		Tokenizer:    unicode.NewUnicodeTokenizer(),
		TokenFilters: []analysis.TokenFilter{lowercase.NewLowerCaseFilter()},
	}
	return &Index{root: dir, opts: opts, analyzer: an, datasets: map[string]*dataset{}}, nil
}

func (ix *Index) scorchConfig() map[string]any {
	return map[string]any{"unsafe_batch": ix.opts.UnsafeBatch}
}

// validID keeps dataset IDs to one safe path element.
var validID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`)

func (ix *Index) dir(datasetID string) (string, error) {
	if !validID.MatchString(datasetID) {
		return "", fmt.Errorf("invalid dataset ID %q: want letters, digits, '-', '_' or '.'", datasetID)
	}
	return filepath.Join(ix.root, datasetID), nil
}

// acquire returns the dataset read-locked; the caller must RUnlock it.
func (ix *Index) acquire(datasetID string) (*dataset, error) {
	dir, err := ix.dir(datasetID)
	if err != nil {
		return nil, err
	}
	for {
		ix.mu.Lock()
		if ix.closed {
			ix.mu.Unlock()
			return nil, search.ErrClosed
		}
		ds := ix.datasets[datasetID]
		if ds == nil {
			ds, err = ix.openDataset(dir)
			if err != nil {
				ix.mu.Unlock()
				if errors.Is(err, search.ErrIndexNotFound) {
					return nil, fmt.Errorf("dataset %s: %w", datasetID, search.ErrIndexNotFound)
				}
				return nil, err
			}
			ix.datasets[datasetID] = ds
		}
		ix.mu.Unlock()
		ds.mu.RLock()
		if !ds.closed {
			return ds, nil
		}
		// Deleted or closed meanwhile: look again.
		ds.mu.RUnlock()
	}
}

// CreateIndex creates the dataset's empty index.
func (ix *Index) CreateIndex(ctx context.Context, datasetID string, m search.Mapping) error {
	if err := m.Validate(); err != nil {
		return err
	}
	dir, err := ix.dir(datasetID)
	if err != nil {
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
	if _, err := os.Stat(filepath.Join(dir, mappingFile)); err == nil {
		return fmt.Errorf("dataset %s: %w", datasetID, search.ErrIndexExists)
	}
	// A directory without a mapping file is a creation that crashed midway.
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("clear incomplete index: %w", err)
	}
	ds, err := ix.createDataset(dir, m)
	if err != nil {
		return fmt.Errorf("dataset %s: %w", datasetID, err)
	}
	ix.datasets[datasetID] = ds
	return nil
}

// UpdateMapping changes the dataset's mapping to m.
func (ix *Index) UpdateMapping(ctx context.Context, datasetID string, m search.Mapping) error {
	ds, err := ix.acquire(datasetID)
	if err != nil {
		return err
	}
	ds.mu.RUnlock()
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if ds.closed {
		return fmt.Errorf("dataset %s: %w", datasetID, search.ErrIndexNotFound)
	}
	if err := ds.b.m.CheckUpdate(m); err != nil {
		return err
	}
	ds.vectors.mu.Lock()
	defer ds.vectors.mu.Unlock()
	var lb logBuffer
	for name := range ds.vectors.spaces {
		if _, ok := m.VectorSettings(name); !ok {
			lb.drop(name)
		}
	}
	if err := ds.vectors.log.write(&lb); err != nil {
		return err
	}
	for name := range ds.vectors.spaces {
		if _, ok := m.VectorSettings(name); !ok {
			delete(ds.vectors.spaces, name)
		}
	}
	if err := writeMapping(ds.dir, m); err != nil {
		return err
	}
	ds.b = &builder{m: m, analyzer: ix.analyzer}
	return nil
}

// Mapping returns the dataset's current mapping.
func (ix *Index) Mapping(ctx context.Context, datasetID string) (search.Mapping, error) {
	ds, err := ix.acquire(datasetID)
	if err != nil {
		return search.Mapping{}, err
	}
	defer ds.mu.RUnlock()
	return ds.b.m, nil
}

// DeleteIndex closes the dataset's index and removes its files.
func (ix *Index) DeleteIndex(ctx context.Context, datasetID string) error {
	dir, err := ix.dir(datasetID)
	if err != nil {
		return err
	}
	// Hold the engine lock throughout, so no one reopens the files while
	// they are being removed.
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return search.ErrClosed
	}
	ds := ix.datasets[datasetID]
	if ds == nil {
		if ds, err = ix.openDataset(dir); err != nil {
			if errors.Is(err, search.ErrIndexNotFound) {
				return fmt.Errorf("dataset %s: %w", datasetID, search.ErrIndexNotFound)
			}
			return err
		}
	}
	delete(ix.datasets, datasetID)
	ds.mu.Lock() // waits for operations in flight
	defer ds.mu.Unlock()
	cerr := ds.close()
	// Remove the mapping file first, so a crash mid-removal leaves an
	// incomplete directory, not an index that looks whole.
	if err := os.Remove(filepath.Join(dir, mappingFile)); err != nil {
		return fmt.Errorf("delete index %s: %w", datasetID, err)
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("delete index %s: %w", datasetID, err)
	}
	return cerr
}

// Count returns the number of documents in the dataset's index.
func (ix *Index) Count(ctx context.Context, datasetID string) (int, error) {
	ds, err := ix.acquire(datasetID)
	if err != nil {
		return 0, err
	}
	defer ds.mu.RUnlock()
	n, err := ds.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("count dataset %s: %w", datasetID, err)
	}
	return int(n), nil
}

// Close closes every open dataset. Later calls return search.ErrClosed.
func (ix *Index) Close() error {
	ix.mu.Lock()
	if ix.closed {
		ix.mu.Unlock()
		return nil
	}
	ix.closed = true
	datasets := ix.datasets
	ix.datasets = nil
	ix.mu.Unlock()
	var errs []error
	for _, ds := range datasets {
		ds.mu.Lock()
		errs = append(errs, ds.close())
		ds.mu.Unlock()
	}
	return errors.Join(errs...)
}
