package bleve

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/vecspace"
)

// The files of one dataset, under <root>/<dataset ID>/.
const (
	mappingFile = "mapping.json"
	bleveDir    = "bleve"
	vectorFile  = "vectors.log"
)

// dataset is one open dataset index: the Bleve index for text, filters and
// sorts, and the vectors in memory.
type dataset struct {
	// mu is read-locked by every operation and write-locked to change the
	// mapping or to close, so nothing runs on a closed Bleve index.
	mu      sync.RWMutex
	dir     string
	closed  bool
	idx     bleve.Index
	b       *builder
	vectors vectors
}

// bleveMapping is the Bleve-side mapping. Documents are built by hand, so
// it only picks the scoring model and turns off everything dynamic.
func bleveMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	im.ScoringModel = index.BM25Scoring
	im.DefaultMapping.Dynamic = false
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	return im
}

// createDataset makes the dataset's directory and opens it.
func (ix *Index) createDataset(dir string, m search.Mapping) (*dataset, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create index directory: %w", err)
	}
	idx, err := bleve.NewUsing(filepath.Join(dir, bleveDir), bleveMapping(), scorch.Name, scorch.Name, ix.scorchConfig())
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("create bleve index: %w", err)
	}
	ds, err := ix.finishOpen(dir, idx, m)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// The mapping file is written last: its presence marks a complete index.
	if err := writeMapping(dir, m); err != nil {
		ds.close()
		os.RemoveAll(dir)
		return nil, err
	}
	return ds, nil
}

// openDataset opens a dataset created by an earlier process.
func (ix *Index) openDataset(dir string) (*dataset, error) {
	raw, err := os.ReadFile(filepath.Join(dir, mappingFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, search.ErrIndexNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read index mapping: %w", err)
	}
	var m search.Mapping
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("parse index mapping %s: %w", filepath.Join(dir, mappingFile), err)
	}
	idx, err := bleve.OpenUsing(filepath.Join(dir, bleveDir), ix.scorchConfig())
	if err != nil {
		return nil, fmt.Errorf("open bleve index %s (only one process may open it): %w", dir, err)
	}
	return ix.finishOpen(dir, idx, m)
}

func (ix *Index) finishOpen(dir string, idx bleve.Index, m search.Mapping) (*dataset, error) {
	ds := &dataset{dir: dir, idx: idx, b: &builder{m: m, analyzer: ix.analyzer}}
	ds.vectors.spaces = map[string]*vecspace.Space{}
	log, err := openVectorLog(filepath.Join(dir, vectorFile), ds.vectors.spaces)
	if err != nil {
		idx.Close()
		return nil, err
	}
	ds.vectors.log = log
	// Spaces the mapping no longer has (or has with other dimensions) were
	// dropped while the log was being written; forget them.
	for name, s := range ds.vectors.spaces {
		if vs, ok := m.VectorSettings(name); !ok || vs.Dimensions != s.Dims() {
			delete(ds.vectors.spaces, name)
		}
	}
	// Rewrite a log that is mostly garbage, so it grows with the data, not
	// with the number of updates.
	if live := liveSize(ds.vectors.spaces); log.size > 2*live+1<<20 {
		if err := log.compact(ds.vectors.spaces); err != nil {
			ds.close()
			return nil, err
		}
	}
	return ds, nil
}

func writeMapping(dir string, m search.Mapping) error {
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode index mapping: %w", err)
	}
	tmp := filepath.Join(dir, mappingFile+".tmp")
	if err := os.WriteFile(tmp, raw, 0o644); err != nil {
		return fmt.Errorf("write index mapping: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, mappingFile)); err != nil {
		return fmt.Errorf("write index mapping: %w", err)
	}
	syncDir(dir)
	return nil
}

// close closes the Bleve index and the vector log; the caller holds mu.
func (ds *dataset) close() error {
	if ds.closed {
		return nil
	}
	ds.closed = true
	err := ds.idx.Close()
	if ds.vectors.log != nil {
		err = errors.Join(err, ds.vectors.log.close())
	}
	if err != nil {
		return fmt.Errorf("close index %s: %w", ds.dir, err)
	}
	return nil
}
