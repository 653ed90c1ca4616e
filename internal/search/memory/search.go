package memory

import (
	"context"
	"fmt"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/vecspace"
)

// Search runs q against the dataset.
func (ix *Index) Search(ctx context.Context, datasetID string, q search.Query) (search.Result, error) {
	ds, err := ix.read(datasetID)
	if err != nil {
		return search.Result{}, err
	}
	defer ds.mu.RUnlock()
	if err := q.Validate(ds.sc.m); err != nil {
		return search.Result{}, err
	}
	pass, err := compileFilters(ds.sc, q)
	if err != nil {
		return search.Result{}, err
	}
	var scores []float64
	if q.Text != nil {
		if scores, _ = ds.textMatches(q.Text.Q, ds.textFields(q.Text.Field)); scores == nil {
			return search.Result{}, nil
		}
	}
	if q.Vector != nil {
		return ds.similar(q, scores, pass)
	}
	o, err := compileOrder(ds.sc, q)
	if err != nil {
		return search.Result{}, err
	}
	t := newTop(o, q.Offset+q.Limit)
	total := 0
	for slot, r := range ds.records {
		if r == nil || scores != nil && scores[slot] == 0 || pass != nil && !pass(r) {
			continue
		}
		total++
		var score float64
		if scores != nil {
			score = scores[slot]
		}
		t.offer(r, score)
		if total%4096 == 0 && ctx.Err() != nil {
			return search.Result{}, fmt.Errorf("search dataset %s: %w", datasetID, ctx.Err())
		}
	}
	out := search.Result{Total: total}
	hits := t.sorted()
	if q.Offset >= len(hits) {
		return out, nil
	}
	for _, h := range hits[q.Offset:] {
		item := search.Hit{ID: h.r.id}
		if scores != nil {
			s := h.score
			item.Score = &s
		}
		out.Items = append(out.Items, item)
	}
	return out, nil
}

// textFields returns the fields a text query looks into: the one named, or
// every searchable field.
func (ds *dataset) textFields(name string) []string {
	if name != "" {
		return []string{name}
	}
	var out []string
	for _, f := range ds.sc.m.Fields {
		if f.Searchable() {
			out = append(out, f.Name)
		}
	}
	return out
}

// similar answers a vector query among the records that pass the text
// query (scores, when not nil) and the filters (pass, when not nil).
func (ds *dataset) similar(q search.Query, scores []float64, pass predicate) (search.Result, error) {
	vq := q.Vector
	sp := ds.spaces[vq.Name]
	if sp == nil {
		vs, _ := ds.sc.m.VectorSettings(vq.Name)
		sp = vecspace.New(vs.Dimensions)
	}
	vec := vq.Value
	if vq.RecordID != "" {
		var ok bool
		if vec, ok = sp.Get(vq.RecordID); !ok {
			return search.Result{}, fmt.Errorf("%w: record %s has no %q vector", search.ErrMissingVector, vq.RecordID, vq.Name)
		}
	}
	keep := func(id string) bool {
		if id == vq.RecordID {
			return false
		}
		if scores == nil && pass == nil {
			return true
		}
		slot := ds.byID[id]
		return (scores == nil || scores[slot] > 0) && (pass == nil || pass(ds.records[slot]))
	}
	ranked, total := sp.RankWhere(vec, vq.Order == search.LeastSimilar, q.Offset+q.Limit, keep)
	out := search.Result{Total: total}
	if q.Offset >= len(ranked) {
		return out, nil
	}
	for _, c := range ranked[q.Offset:] {
		s := c.Score
		out.Items = append(out.Items, search.Hit{ID: c.ID, Score: &s})
	}
	return out, nil
}
