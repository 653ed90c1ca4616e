package elastic

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/extralit/extralit-go/internal/search"
)

type object = map[string]any

// clauses collects a bool query's filter and must_not clauses.
type clauses struct {
	filter, mustNot []any
}

// path returns the document path of a non-response scope.
func path(s search.Scope) string {
	switch s.Entity {
	case search.EntityRecord:
		return s.Property // id, external_id, status, inserted_at, updated_at
	case search.EntityMetadata:
		return metadataPath(s.Name)
	case search.EntitySuggestion:
		prop := s.Property
		if prop == "" {
			prop = search.PropValue
		}
		return suggestionPath(s.Name, prop)
	}
	return ""
}

// responsePath returns the path inside the responses nested documents.
func responsePath(s search.Scope) string {
	if s.Name == "" {
		return "responses.status"
	}
	return responseValuePath(s.Name)
}

// termValues converts terms values to what the scope's field holds. Numbers
// that an integer field cannot hold are dropped: they match nothing.
func termValues(m search.Mapping, s search.Scope, kind search.ScopeKind, values []string) []any {
	out := make([]any, 0, len(values))
	integer := false
	if s.Entity == search.EntityMetadata {
		p, _ := m.MetadataProperty(s.Name)
		integer = p.Type == search.MetadataInteger
	}
	for _, v := range values {
		if kind != search.KindNumber {
			out = append(out, v)
			continue
		}
		f, _ := search.ParseNumber(v) // validated by Query.Validate
		if integer {
			if f != math.Trunc(f) {
				continue
			}
			out = append(out, int64(f))
			continue
		}
		out = append(out, f)
	}
	return out
}

func rangeBody(r search.Range) object {
	b := object{}
	for op, bound := range map[string]*search.Bound{"gte": r.GE, "lte": r.LE} {
		if bound == nil {
			continue
		}
		if bound.IsTime() {
			b[op] = bound.Time.UTC().Format(time.RFC3339Nano)
		} else {
			b[op] = bound.Number
		}
	}
	return b
}

// nested wraps a query on the responses, restricted to the user's own
// response when user is set.
func nested(user string, q any) object {
	inner := []any{}
	if user != "" {
		inner = append(inner, object{"term": object{"responses.user_id": user}})
	}
	if q != nil {
		inner = append(inner, q)
	}
	return object{"nested": object{"path": pResponses, "query": object{"bool": object{"filter": inner}}}}
}

// add translates one (validated) filter.
func (c *clauses) add(m search.Mapping, user string, f search.Filter) {
	s := f.FilterScope()
	kind, _ := m.ScopeKind(s)
	if s.Entity != search.EntityResponse {
		switch f := f.(type) {
		case search.Terms:
			c.filter = append(c.filter, object{"terms": object{path(s): termValues(m, s, kind, f.Values)}})
		case search.Range:
			c.filter = append(c.filter, object{"range": object{path(s): rangeBody(f)}})
		}
		return
	}
	switch f := f.(type) {
	case search.Range:
		c.filter = append(c.filter, nested(user, object{"range": object{responsePath(s): rangeBody(f)}}))
	case search.Terms:
		if kind != search.KindResponseStatus {
			c.filter = append(c.filter, nested(user, object{"terms": object{responsePath(s): termValues(m, s, kind, f.Values)}}))
			return
		}
		// Pending means "no response" (by the caller, or by anyone when
		// there is no caller): it cannot be a term, so it is a must_not.
		var statuses []any
		pending := false
		for _, v := range f.Values {
			if search.ResponseStatus(v) == search.ResponsePending {
				pending = true
			} else {
				statuses = append(statuses, v)
			}
		}
		noResponse := object{"bool": object{"must_not": []any{nested(user, nil)}}}
		switch {
		case pending && len(statuses) == 0:
			c.filter = append(c.filter, noResponse)
		case pending:
			c.filter = append(c.filter, object{"bool": object{"minimum_should_match": 1, "should": []any{
				noResponse, nested(user, object{"terms": object{"responses.status": statuses}}),
			}}})
		default:
			c.filter = append(c.filter, nested(user, object{"terms": object{"responses.status": statuses}}))
		}
	}
}

// sortClause translates one (validated) sort key. Missing values sort last
// in both directions; a list sorts by its least value ascending and its
// greatest descending.
func sortClause(user string, s search.Sort) object {
	order, mode := "asc", "min"
	if s.Descending {
		order, mode = "desc", "max"
	}
	body := object{"order": order, "missing": "_last", "mode": mode}
	sc := s.Scope
	if sc.Entity != search.EntityResponse {
		if sc.Entity == search.EntityRecord && (sc.Property == search.PropInsertedAt || sc.Property == search.PropUpdatedAt) {
			delete(body, "mode")
		}
		return object{path(sc): body}
	}
	n := object{"path": pResponses}
	if user != "" {
		n["filter"] = object{"term": object{"responses.user_id": user}}
	}
	body["nested"] = n
	return object{responsePath(sc): body}
}

// textQuery matches records holding every word of t.Q in the searched
// fields; words may match in different fields (all_text holds them all).
func textQuery(t *search.TextQuery) object {
	field := pAllText
	if t.Field != "" {
		field = fieldPath(t.Field)
	}
	return object{"match": object{field: object{"query": t.Q, "operator": "and"}}}
}

// body builds the search request for a validated q; qv is the query vector
// when q.Vector is set.
func (e *Engine) body(m search.Mapping, q search.Query, qv []float32) object {
	var c clauses
	for _, f := range q.Filters {
		c.add(m, q.UserID, f)
	}
	boolQ := object{}
	scored := q.Text != nil || q.Vector != nil
	var query, knn object
	switch {
	case q.Vector != nil:
		c.filter = append(c.filter, object{"exists": object{"field": vectorPath(q.Vector.Name)}})
		if q.Text != nil {
			c.filter = append(c.filter, textQuery(q.Text))
		}
		if q.Vector.RecordID != "" {
			c.mustNot = append(c.mustNot, object{"ids": object{"values": []string{q.Vector.RecordID}}})
		}
		boolQ["filter"], boolQ["must_not"] = c.filter, nonNil(c.mustNot)
		query, knn = e.similarityQuery(boolQ, q.Vector.Name, qv, q.Offset+q.Limit)
	default:
		if q.Text != nil {
			boolQ["must"] = []any{textQuery(q.Text)}
		}
		boolQ["filter"], boolQ["must_not"] = nonNil(c.filter), nonNil(c.mustNot)
		query = object{"bool": boolQ}
	}
	var sort []any
	for _, s := range q.Sort {
		sort = append(sort, sortClause(q.UserID, s))
	}
	if len(q.Sort) == 0 {
		if scored {
			sort = append(sort, object{"_score": object{"order": "desc"}})
		} else {
			sort = append(sort, object{pInsertedAt: object{"order": "asc"}})
		}
	}
	sort = append(sort, object{pID: object{"order": "asc"}})
	body := object{
		"query": query, "sort": sort, "from": q.Offset, "size": q.Limit,
		"track_total_hits": true, "track_scores": scored, "_source": false,
	}
	if knn != nil {
		body["knn"] = knn
	}
	return body
}

func nonNil(a []any) []any {
	if a == nil {
		return []any{}
	}
	return a
}

// negate returns -v, which turns most similar into least similar.
func negate(v []float32) []float32 {
	out := slices.Clone(v)
	for i := range out {
		out[i] = -out[i]
	}
	return out
}

// describeQuery names a query for error messages.
func describeQuery(q search.Query) string {
	switch {
	case q.Vector != nil:
		return fmt.Sprintf("similarity query on %q", q.Vector.Name)
	case q.Text != nil:
		return "text query"
	}
	return "query"
}
