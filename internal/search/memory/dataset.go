package memory

import (
	"fmt"
	"slices"
	"sync"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/vecspace"
)

// dataset is one dataset's index. Searches hold mu for reading, writes for
// writing: a batch of 500 records holds it for a few milliseconds.
type dataset struct {
	mu      sync.RWMutex
	deleted bool

	sc      *schema
	records []*record // by slot; nil marks an emptied slot
	byID    map[string]int32
	text    map[string]*fieldText
	nText   int // ordinals handed to text fields so far
	spaces  map[string]*vecspace.Space
	indexer textIndexer
}

func newDataset(m search.Mapping) *dataset {
	return &dataset{sc: newSchema(m), byID: map[string]int32{}, text: map[string]*fieldText{}, spaces: map[string]*vecspace.Space{}}
}

// upsert writes docs, each replacing the record with its ID. Every document
// is checked first, so a bad one leaves the dataset unchanged. The caller
// holds mu for writing.
func (ds *dataset) upsert(datasetID string, docs []search.Document) error {
	recs := make([]*record, len(docs))
	for i, d := range docs {
		if d.DatasetID != "" && d.DatasetID != datasetID {
			return fmt.Errorf("%w: record %s belongs to dataset %s, not %s",
				search.ErrInvalidDocument, d.ID, d.DatasetID, datasetID)
		}
		r, err := newRecord(ds.sc, d)
		if err != nil {
			return err
		}
		recs[i] = r
	}
	for i, d := range docs {
		ds.remove(d.ID)
		slot := int32(len(ds.records))
		r := recs[i]
		for _, f := range ds.sc.m.Fields {
			text, ok := d.Fields[f.Name]
			if !ok || text == "" || !f.Searchable() {
				continue
			}
			ft := ds.text[f.Name]
			if ft == nil {
				ft = newFieldText(ds.nText)
				ds.nText++
				ds.text[f.Name] = ft
			}
			if n := ds.indexer.add(ft, slot, text); n > 0 {
				if len(r.textLen) <= ft.ord {
					r.textLen = append(r.textLen, make([]int32, ds.nText-len(r.textLen))...)
				}
				r.textLen[ft.ord] = n
			}
		}
		for name, v := range d.Vectors {
			sp := ds.spaces[name]
			if sp == nil {
				sp = vecspace.New(len(v))
				ds.spaces[name] = sp
			}
			sp.Put(d.ID, v)
		}
		ds.records = append(ds.records, r)
		ds.byID[d.ID] = slot
	}
	ds.compactIfSparse()
	return nil
}

// remove empties the slot of the record with id, if there is one, and
// forgets its vectors. The caller holds mu for writing.
func (ds *dataset) remove(id string) {
	slot, ok := ds.byID[id]
	if !ok {
		return
	}
	r := ds.records[slot]
	for _, ft := range ds.text {
		if n := at(r.textLen, ft.ord); n > 0 {
			ft.docs--
			ft.totalLen -= int64(n)
		}
	}
	for _, sp := range ds.spaces {
		sp.Remove(id)
	}
	ds.records[slot] = nil
	delete(ds.byID, id)
}

// compactIfSparse renumbers the slots when emptied ones outnumber live ones
// (and are many), dropping them from every posting list.
func (ds *dataset) compactIfSparse() {
	live := len(ds.byID)
	empty := len(ds.records) - live
	if empty < 1024 || empty < live {
		return
	}
	ds.compact()
}

func (ds *dataset) compact() {
	renum := make([]int32, len(ds.records))
	kept := ds.records[:0:0]
	for slot, r := range ds.records {
		renum[slot] = -1
		if r != nil {
			renum[slot] = int32(len(kept))
			ds.byID[r.id] = int32(len(kept))
			kept = append(kept, r)
		}
	}
	ds.records = slices.Clip(kept)
	for _, ft := range ds.text {
		for w, p := range ft.words {
			out := 0
			for i, slot := range p.slots {
				if to := renum[slot]; to >= 0 {
					p.slots[out], p.freqs[out] = to, p.freqs[i]
					out++
				}
			}
			if out == 0 {
				delete(ft.words, w)
				continue
			}
			p.slots, p.freqs = slices.Clip(p.slots[:out]), slices.Clip(p.freqs[:out])
		}
	}
}

// setMapping changes the mapping to m, which CheckUpdate accepted, and
// forgets the text and vectors of every name m drops (the schema forgets
// metadata and answers; a dropped field's ordinal is never reused, so the
// lengths records keep under it are never read again). The caller holds mu for writing.
func (ds *dataset) setMapping(m search.Mapping) {
	for name := range ds.text {
		if f, ok := m.Field(name); !ok || !f.Searchable() {
			delete(ds.text, name)
		}
	}
	for name := range ds.spaces {
		if _, ok := m.VectorSettings(name); !ok {
			delete(ds.spaces, name)
		}
	}
	ds.sc.set(m)
}
