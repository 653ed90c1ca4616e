package elastic

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/extralit/extralit-go/internal/search"
)

// Search runs q over the dataset's index.
func (e *Engine) Search(ctx context.Context, datasetID string, q search.Query) (search.Result, error) {
	if err := e.check(); err != nil {
		return search.Result{}, err
	}
	m, err := e.queryMapping(ctx, datasetID, q)
	if err != nil {
		return search.Result{}, err
	}
	var qv []float32
	if v := q.Vector; v != nil {
		qv = v.Value
		if v.RecordID != "" {
			if qv, err = e.recordVector(ctx, datasetID, v.Name, v.RecordID); err != nil {
				return search.Result{}, err
			}
		}
		if v.Order == search.LeastSimilar {
			qv = negate(qv)
		}
	}
	var out struct {
		Hits struct {
			Total struct {
				Value int `json:"value"`
			} `json:"total"`
			Hits []struct {
				ID    string   `json:"_id"`
				Score *float64 `json:"_score"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if err := e.c.do(ctx, "POST", indexPath(datasetID)+"/_search", e.body(m, q, qv), &out); err != nil {
		var ae *apiError
		if errors.As(err, &ae) && ae.Status == 400 && q.Vector != nil && strings.Contains(ae.Reason, "painless") {
			return search.Result{}, fmt.Errorf("%w: a similarity page past the %d nearest records needs exact scoring with a painless script, which this cluster cannot run (%s); ask for an earlier page or narrow the query with filters",
				search.ErrInvalidQuery, maxNeighbours, ae.Reason)
		}
		if errors.As(err, &ae) && ae.Status == 400 {
			return search.Result{}, fmt.Errorf("%w: the search cluster refused the %s: %s", search.ErrInvalidQuery, describeQuery(q), ae.Reason)
		}
		if errors.Is(err, search.ErrIndexNotFound) {
			e.cache.forget(datasetID)
		}
		return search.Result{}, fmt.Errorf("search %s: %w", IndexName(datasetID), err)
	}
	res := search.Result{Total: out.Hits.Total.Value, Items: make([]search.Hit, 0, len(out.Hits.Hits))}
	scored := q.Text != nil || q.Vector != nil
	for _, h := range out.Hits.Hits {
		hit := search.Hit{ID: h.ID}
		if scored {
			hit.Score = h.Score
		}
		res.Items = append(res.Items, hit)
	}
	return res, nil
}

// recordVector reads a record's vector in a space; a record that does not
// exist or has no vector there is search.ErrMissingVector.
func (e *Engine) recordVector(ctx context.Context, datasetID, name, id string) ([]float32, error) {
	var out struct {
		Found  bool `json:"found"`
		Source struct {
			Vectors map[string][]float32 `json:"vectors"`
		} `json:"_source"`
	}
	path := indexPath(datasetID) + "/_doc/" + url.PathEscape(id) + "?_source_includes=" + url.QueryEscape(vectorPath(name))
	err := e.c.do(ctx, "GET", path, nil, &out)
	var ae *apiError
	if errors.As(err, &ae) && ae.Status == 404 && ae.Type == "" {
		err, out.Found = nil, false
	}
	if err != nil {
		return nil, fmt.Errorf("read vector %q of record %s: %w", name, id, err)
	}
	v := out.Source.Vectors[name]
	if !out.Found || len(v) == 0 {
		return nil, fmt.Errorf("%w: record %s has no vector %q", search.ErrMissingVector, id, name)
	}
	return v, nil
}
