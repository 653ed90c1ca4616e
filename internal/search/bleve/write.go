package bleve

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/vecspace"
)

// Upsert indexes docs in one Bleve batch, then records their vectors. The
// batch is searchable (and, unless Options.UnsafeBatch, persisted) when
// Upsert returns.
func (ix *Index) Upsert(ctx context.Context, datasetID string, docs []search.Document) error {
	if len(docs) == 0 {
		return nil
	}
	ds, err := ix.acquire(datasetID)
	if err != nil {
		return err
	}
	defer ds.mu.RUnlock()
	built := make([]*document.Document, len(docs))
	for i, d := range docs {
		if d.DatasetID != "" && d.DatasetID != datasetID {
			return fmt.Errorf("%w: record %s belongs to dataset %s, not %s",
				search.ErrInvalidDocument, d.ID, d.DatasetID, datasetID)
		}
		if built[i], err = ds.b.build(d); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	batch := ds.idx.NewBatch()
	for _, doc := range built {
		if err := batch.IndexAdvanced(doc); err != nil {
			return fmt.Errorf("index record %s: %w", doc.ID(), err)
		}
	}
	if err := ds.idx.Batch(batch); err != nil {
		return fmt.Errorf("index %d records into dataset %s: %w", len(docs), datasetID, err)
	}
	return ds.vectors.replace(docs)
}

// Delete removes the documents with the given IDs.
func (ix *Index) Delete(ctx context.Context, datasetID string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	ds, err := ix.acquire(datasetID)
	if err != nil {
		return err
	}
	defer ds.mu.RUnlock()
	batch := ds.idx.NewBatch()
	deleteAll(batch, ids)
	if err := ds.idx.Batch(batch); err != nil {
		return fmt.Errorf("delete %d records from dataset %s: %w", len(ids), datasetID, err)
	}
	return ds.vectors.remove(ids)
}

func deleteAll(b *bleve.Batch, ids []string) {
	for _, id := range ids {
		b.Delete(id)
	}
}

// replace makes each document's vectors exactly d.Vectors.
func (v *vectors) replace(docs []search.Document) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	var lb logBuffer
	for _, d := range docs {
		if !v.has(d.ID) && len(d.Vectors) == 0 {
			continue
		}
		lb.delete(d.ID)
		for name, vec := range d.Vectors {
			lb.put(name, d.ID, vec)
		}
	}
	if err := v.log.write(&lb); err != nil {
		return err
	}
	for _, d := range docs {
		for _, s := range v.spaces {
			s.Remove(d.ID)
		}
		for name, vec := range d.Vectors {
			s := v.spaces[name]
			if s == nil {
				s = vecspace.New(len(vec))
				v.spaces[name] = s
			}
			s.Put(d.ID, vec)
		}
	}
	return nil
}

func (v *vectors) remove(ids []string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	var lb logBuffer
	for _, id := range ids {
		if v.has(id) {
			lb.delete(id)
		}
	}
	if err := v.log.write(&lb); err != nil {
		return err
	}
	for _, id := range ids {
		for _, s := range v.spaces {
			s.Remove(id)
		}
	}
	return nil
}

// has reports whether id has a vector in any space; the caller holds mu.
func (v *vectors) has(id string) bool {
	for _, s := range v.spaces {
		if s.Has(id) {
			return true
		}
	}
	return false
}
