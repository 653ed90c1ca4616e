package bleve

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/vecspace"
)

// fetchAllLimit (a variable for tests) is the largest filtered match set a similarity query reads
// out of Bleve whole. Above it, the best vectors are checked against the
// filters in rounds instead, which is cheaper because most of them match.
var fetchAllLimit = 2000

// Search runs q against the dataset.
func (ix *Index) Search(ctx context.Context, datasetID string, q search.Query) (search.Result, error) {
	ds, err := ix.acquire(datasetID)
	if err != nil {
		return search.Result{}, err
	}
	defer ds.mu.RUnlock()
	if err := q.Validate(ds.b.m); err != nil {
		return search.Result{}, err
	}
	if q.Vector != nil {
		return ds.similar(ctx, q)
	}
	bq, err := ds.b.bleveQuery(q)
	if err != nil {
		return search.Result{}, err
	}
	order, err := ds.b.sortOrder(q)
	if err != nil {
		return search.Result{}, err
	}
	req := bleve.NewSearchRequestOptions(bq, q.Limit, q.Offset, false)
	req.SortByCustom(order)
	if q.Text == nil {
		req.Score = "none"
	}
	res, err := ds.idx.SearchInContext(ctx, req)
	if err != nil {
		return search.Result{}, fmt.Errorf("search dataset %s: %w", datasetID, err)
	}
	out := search.Result{Total: int(res.Total), Items: make([]search.Hit, len(res.Hits))}
	for i, h := range res.Hits {
		out.Items[i].ID = h.ID
		if q.Text != nil {
			s := h.Score
			out.Items[i].Score = &s
		}
	}
	return out, nil
}

// similar answers a vector query: brute-force cosine over the space in
// memory, restricted to the records the text query and filters keep.
func (ds *dataset) similar(ctx context.Context, q search.Query) (search.Result, error) {
	vq := q.Vector
	ds.vectors.mu.RLock()
	defer ds.vectors.mu.RUnlock()
	sp := ds.vectors.spaces[vq.Name]
	if sp == nil {
		vs, _ := ds.b.m.VectorSettings(vq.Name)
		sp = vecspace.New(vs.Dimensions)
	}
	vec := vq.Value
	if vq.RecordID != "" {
		var ok bool
		if vec, ok = sp.Get(vq.RecordID); !ok {
			return search.Result{}, fmt.Errorf("%w: record %s has no %q vector", search.ErrMissingVector, vq.RecordID, vq.Name)
		}
	}
	negate := vq.Order == search.LeastSimilar
	need := q.Offset + q.Limit
	if q.Text == nil && len(q.Filters) == 0 {
		top, eligible := sp.Rank(vec, negate, need, vq.RecordID)
		return page(top, q.Offset, eligible), nil
	}

	// Count the records that pass the text query and filters and have a
	// vector in the space, leaving out the query's own record. (Excluding
	// it inside the query would make Bleve walk every document.)
	extra := []query.Query{term(fVectors, vq.Name)}
	bq, err := ds.b.bleveQuery(q, extra...)
	if err != nil {
		return search.Result{}, err
	}
	total, err := ds.matching(ctx, bq, 0)
	if err != nil {
		return search.Result{}, err
	}
	matched := total.count // including the query's own record
	if vq.RecordID != "" {
		self, err := ds.b.bleveQuery(q, append(extra, query.NewDocIDQuery([]string{vq.RecordID}))...)
		if err != nil {
			return search.Result{}, err
		}
		in, err := ds.matching(ctx, self, 0)
		if err != nil {
			return search.Result{}, err
		}
		total.count -= in.count
	}
	if total.count == 0 || need == 0 {
		return search.Result{Total: total.count}, nil
	}

	if total.count <= fetchAllLimit {
		keep, err := ds.matching(ctx, bq, matched)
		if err != nil {
			return search.Result{}, err
		}
		top := sp.RankAmong(vec, negate, need, vq.RecordID, keep.ids)
		return page(top, q.Offset, total.count), nil
	}

	// Most records pass: rank the best m vectors, keep those that pass, and
	// widen m until the page is full.
	m := need*2*sp.Len()/total.count + 64
	for {
		top, _ := sp.Rank(vec, negate, m, vq.RecordID)
		ids := make([]string, len(top))
		for i, c := range top {
			ids[i] = c.ID
		}
		check, err := ds.b.bleveQuery(q, append(extra, query.NewDocIDQuery(ids))...)
		if err != nil {
			return search.Result{}, err
		}
		keep, err := ds.matching(ctx, check, len(ids))
		if err != nil {
			return search.Result{}, err
		}
		kept := top[:0]
		for _, c := range top {
			if keep.ids[c.ID] {
				kept = append(kept, c)
			}
		}
		if len(kept) >= need || m >= sp.Len() {
			return page(kept[:min(need, len(kept))], q.Offset, total.count), nil
		}
		m *= 4
	}
}

// matches is the outcome of a Bleve query: how many documents matched and,
// when asked for, their IDs.
type matches struct {
	count int
	ids   map[string]bool
}

// matching runs bq without scoring and returns the total and up to size
// matching IDs.
func (ds *dataset) matching(ctx context.Context, bq query.Query, size int) (matches, error) {
	req := bleve.NewSearchRequestOptions(bq, size, 0, false)
	req.Score = "none"
	res, err := ds.idx.SearchInContext(ctx, req)
	if err != nil {
		return matches{}, fmt.Errorf("filter similarity candidates: %w", err)
	}
	out := matches{count: int(res.Total)}
	if size > 0 {
		out.ids = make(map[string]bool, len(res.Hits))
		for _, h := range res.Hits {
			out.ids[h.ID] = true
		}
	}
	return out, nil
}

func page(ranked []vecspace.Scored, offset, total int) search.Result {
	out := search.Result{Total: total}
	if offset >= len(ranked) {
		return out
	}
	ranked = ranked[offset:]
	out.Items = make([]search.Hit, len(ranked))
	for i, c := range ranked {
		s := c.Score
		out.Items[i] = search.Hit{ID: c.ID, Score: &s}
	}
	return out
}
