package service

import (
	"context"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/search"
)

// SearchHit is one search result with its record.
type SearchHit struct {
	Record *extralit.Record
	Score  *float64
}

// SearchRecords runs a query over a dataset. The admin form (mine=false)
// needs owner or admin rights and shows every response; the annotator form
// (mine=true) is open to members and shows only the caller's responses.
// Response scopes always mean the caller's responses.
func (s *Service) SearchRecords(ctx context.Context, actor *extralit.User, datasetID string, q search.Query, inc extralit.RecordInclude, mine bool) ([]SearchHit, int, error) {
	var d *extralit.Dataset
	var err error
	if mine {
		d, err = s.datasetForMember(ctx, actor, datasetID)
	} else {
		d, err = s.datasetForAdmin(ctx, actor, datasetID)
	}
	if err != nil {
		return nil, 0, err
	}
	if q.Offset < 0 {
		return nil, 0, extralit.Errorf(extralit.KindInvalid, "offset must be 0 or more")
	}
	if q.Limit < 1 || q.Limit > 1000 {
		return nil, 0, extralit.Errorf(extralit.KindInvalid, "limit must be from 1 to 1000, got %d", q.Limit)
	}
	if q.Vector != nil && q.Offset+q.Limit > 1000 {
		if q.Offset >= 1000 {
			return []SearchHit{}, 0, nil
		}
		q.Limit = 1000 - q.Offset
	}
	if d.Status != extralit.DatasetReady {
		return []SearchHit{}, 0, nil
	}
	sc, err := s.Schema(ctx, s.store, d)
	if err != nil {
		return nil, 0, err
	}
	p := parseSchema(sc)
	if actor.Role == extralit.RoleAnnotator {
		for _, f := range q.Filters {
			if sc := f.FilterScope(); sc.Entity == search.EntityMetadata {
				if m, ok := p.metaProps[sc.Name]; ok && !m.VisibleForAnnotators {
					return nil, 0, extralit.Errorf(extralit.KindInvalid, "metadata property %q is not visible to annotators", sc.Name)
				}
			}
		}
	}
	q.UserID = actor.ID
	res, err := s.index.Search(ctx, d.ID, q)
	if err != nil {
		return nil, 0, searchError("search", err)
	}
	ids := make([]string, len(res.Items))
	for i, h := range res.Items {
		ids[i] = h.ID
	}
	rs, err := s.store.RecordsByIDs(ctx, d.ID, ids, inc)
	if err != nil {
		return nil, 0, err
	}
	if mine {
		for _, r := range rs {
			if r.Responses != nil {
				own := r.Responses[:0]
				for _, x := range r.Responses {
					if x.UserID == actor.ID {
						own = append(own, x)
					}
				}
				r.Responses = own
			}
		}
	}
	s.filterForActor(actor, p, rs)
	byID := make(map[string]*extralit.Record, len(rs))
	for _, r := range rs {
		byID[r.ID] = r
	}
	hits := make([]SearchHit, 0, len(rs))
	for _, h := range res.Items {
		if r, ok := byID[h.ID]; ok {
			hits = append(hits, SearchHit{Record: r, Score: h.Score})
		}
	}
	return hits, res.Total, nil
}
