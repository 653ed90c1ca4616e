package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/search"
)

type scopeJSON struct {
	Entity           string  `json:"entity"`
	Property         *string `json:"property"`
	MetadataProperty *string `json:"metadata_property"`
	Question         *string `json:"question"`
	Name             *string `json:"name"`
}

func (s scopeJSON) scope() (search.Scope, error) {
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	switch s.Entity {
	case "record":
		return search.Scope{Entity: search.EntityRecord, Property: str(s.Property)}, nil
	case "metadata":
		name := str(s.MetadataProperty)
		if name == "" {
			name = str(s.Name)
		}
		return search.Scope{Entity: search.EntityMetadata, Name: name}, nil
	case "suggestion":
		p := str(s.Property)
		if p == "" {
			p = search.PropValue
		}
		return search.Scope{Entity: search.EntitySuggestion, Name: str(s.Question), Property: p}, nil
	case "response":
		return search.Scope{Entity: search.EntityResponse, Name: str(s.Question), Property: str(s.Property)}, nil
	}
	return search.Scope{}, extralit.Errorf(extralit.KindInvalid, "scope entity %q is not one of record, metadata, suggestion, response", s.Entity)
}

type filterJSON struct {
	Type   string            `json:"type"`
	Scope  scopeJSON         `json:"scope"`
	Values []json.RawMessage `json:"values"`
	GE     json.RawMessage   `json:"ge"`
	LE     json.RawMessage   `json:"le"`
}

type searchBodyJSON struct {
	Query *struct {
		Text *struct {
			Q     string  `json:"q"`
			Field *string `json:"field"`
		} `json:"text"`
		Vector *struct {
			Name     string    `json:"name"`
			RecordID *string   `json:"record_id"`
			Value    []float64 `json:"value"`
			Order    *string   `json:"order"`
		} `json:"vector"`
	} `json:"query"`
	Filters *struct {
		Type string       `json:"type"`
		And  []filterJSON `json:"and"`
	} `json:"filters"`
	Sort []struct {
		Scope scopeJSON `json:"scope"`
		Order string    `json:"order"`
	} `json:"sort"`
}

func bound(raw json.RawMessage) (*search.Bound, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var f float64
	if err := json.Unmarshal(raw, &f); err == nil {
		return search.Num(f), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, extralit.Errorf(extralit.KindInvalid, "range bounds must be numbers or datetimes, got %s", raw)
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return search.Num(f), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return search.At(t.UTC()), nil
		}
	}
	return nil, extralit.Errorf(extralit.KindInvalid, "range bound %q is neither a number nor a datetime", s)
}

// toQuery converts the wire form of a search into the engine's query.
func (b searchBodyJSON) toQuery() (search.Query, error) {
	var q search.Query
	if b.Query != nil {
		if t := b.Query.Text; t != nil {
			q.Text = &search.TextQuery{Q: t.Q}
			if t.Field != nil {
				q.Text.Field = *t.Field
			}
		}
		if v := b.Query.Vector; v != nil {
			vq := &search.VectorQuery{Name: v.Name, Order: search.MostSimilar}
			if v.Order != nil {
				vq.Order = search.SimilarityOrder(*v.Order)
				if vq.Order != search.MostSimilar && vq.Order != search.LeastSimilar {
					return q, extralit.Errorf(extralit.KindInvalid, "vector order %q is not most_similar or least_similar", *v.Order)
				}
			}
			if (v.RecordID == nil) == (v.Value == nil) {
				return q, extralit.Errorf(extralit.KindInvalid, "a vector query needs exactly one of record_id and value")
			}
			if v.RecordID != nil {
				id, err := uuidString("record_id", *v.RecordID)
				if err != nil {
					return q, err
				}
				vq.RecordID = id
			}
			for _, x := range v.Value {
				vq.Value = append(vq.Value, float32(x))
			}
			q.Vector = vq
		}
	}
	if b.Filters != nil {
		if len(b.Filters.And) < 1 || len(b.Filters.And) > 50 {
			return q, extralit.Errorf(extralit.KindInvalid, "filters take 1 to 50 conditions, got %d", len(b.Filters.And))
		}
		for _, f := range b.Filters.And {
			sc, err := f.Scope.scope()
			if err != nil {
				return q, err
			}
			switch f.Type {
			case "terms":
				if len(f.Values) < 1 || len(f.Values) > 250 {
					return q, extralit.Errorf(extralit.KindInvalid, "a terms filter takes 1 to 250 values, got %d", len(f.Values))
				}
				t := search.Terms{Scope: sc}
				for _, raw := range f.Values {
					var s string
					if err := json.Unmarshal(raw, &s); err != nil {
						s = string(raw)
					}
					t.Values = append(t.Values, s)
				}
				q.Filters = append(q.Filters, t)
			case "range":
				ge, err := bound(f.GE)
				if err != nil {
					return q, err
				}
				le, err := bound(f.LE)
				if err != nil {
					return q, err
				}
				if ge == nil && le == nil {
					return q, extralit.Errorf(extralit.KindInvalid, "a range filter needs ge or le")
				}
				if ge != nil && le != nil && !ge.IsTime() && ge.Number > le.Number {
					return q, extralit.Errorf(extralit.KindInvalid, "range ge (%v) must not be greater than le (%v)", ge.Number, le.Number)
				}
				q.Filters = append(q.Filters, search.Range{Scope: sc, GE: ge, LE: le})
			default:
				return q, extralit.Errorf(extralit.KindInvalid, "filter type %q is not terms or range", f.Type)
			}
		}
	}
	if len(b.Sort) > 10 {
		return q, extralit.Errorf(extralit.KindInvalid, "sort takes at most 10 entries")
	}
	for _, s := range b.Sort {
		sc, err := s.Scope.scope()
		if err != nil {
			return q, err
		}
		if s.Order != "asc" && s.Order != "desc" && s.Order != "" {
			return q, extralit.Errorf(extralit.KindInvalid, "sort order %q is not asc or desc", s.Order)
		}
		q.Sort = append(q.Sort, search.Sort{Scope: sc, Descending: s.Order == "desc"})
	}
	return q, nil
}

func (a *API) searchRecords(mine bool) authedFunc {
	return func(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
		id, offset, limit, inc, err := recordPage(r)
		if err != nil {
			return err
		}
		var body searchBodyJSON
		if err := decodeJSON(w, r, 4<<20, &body); err != nil {
			return err
		}
		q, err := body.toQuery()
		if err != nil {
			return err
		}
		q.Offset, q.Limit = offset, limit
		hits, total, err := a.svc.SearchRecords(r.Context(), actor, id, q, inc, mine)
		if err != nil {
			return err
		}
		out := make([]map[string]any, len(hits))
		for i, h := range hits {
			out[i] = map[string]any{"record": toRecordJSON(h.Record), "query_score": h.Score}
		}
		writeJSON(w, http.StatusOK, map[string]any{"items": out, "total": total})
		return nil
	}
}
