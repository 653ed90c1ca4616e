package bleve

import (
	"fmt"
	"math"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/extralit/extralit-go/internal/search"
)

// bleveQuery translates q's text query and filters, which the caller has
// validated against b.m. Filters go into the Boolean query's filter clause,
// which does not score, so they never change text relevance.
func (b *builder) bleveQuery(q search.Query, extra ...query.Query) (query.Query, error) {
	var text query.Query
	if q.Text != nil {
		text = b.textQuery(*q.Text)
	}
	filters := extra
	for _, f := range q.Filters {
		fq, err := b.filterQuery(f, q.UserID)
		if err != nil {
			return nil, err
		}
		filters = append(filters, fq)
	}
	switch {
	case len(filters) == 0 && text == nil:
		return query.NewMatchAllQuery(), nil
	case len(filters) == 0:
		return text, nil
	case text == nil:
		// Nothing is scored, so the filters can drive the search and only
		// their matches are visited (a filter clause would walk every
		// document).
		if len(filters) == 1 {
			return filters[0], nil
		}
		return query.NewConjunctionQuery(filters), nil
	}
	bq := query.NewBooleanQuery(nil, nil, nil)
	bq.Must = text
	bq.AddFilter(query.NewConjunctionQuery(filters))
	return bq, nil
}

// textQuery matches records holding every word of t.Q in at least one of
// the searched fields: a conjunction over words of a disjunction over
// fields, scored by BM25. Words are analyzed like the indexed text.
func (b *builder) textQuery(t search.TextQuery) query.Query {
	var fields []string
	if t.Field != "" {
		fields = []string{fieldText(t.Field)}
	} else {
		for _, f := range b.m.Fields {
			if f.Searchable() {
				fields = append(fields, fieldText(f.Name))
			}
		}
	}
	seen := map[string]bool{}
	var words []query.Query
	for _, tok := range b.analyzer.Analyze([]byte(t.Q)) {
		w := string(tok.Term)
		if seen[w] {
			continue
		}
		seen[w] = true
		var alts []query.Query
		for _, f := range fields {
			tq := query.NewTermQuery(w)
			tq.SetField(f)
			alts = append(alts, tq)
		}
		if len(alts) == 1 {
			words = append(words, alts[0])
		} else {
			words = append(words, query.NewDisjunctionQuery(alts))
		}
	}
	if len(words) == 0 || len(fields) == 0 {
		return query.NewMatchNoneQuery()
	}
	if len(words) == 1 {
		return words[0]
	}
	return query.NewConjunctionQuery(words)
}

// scopeField returns the Bleve field that holds the values of s, for every
// scope except the response status.
func scopeField(s search.Scope, userID string) string {
	switch s.Entity {
	case search.EntityRecord:
		switch s.Property {
		case search.PropID:
			return fID
		case search.PropExternalID:
			return fExternalID
		case search.PropStatus:
			return fStatus
		case search.PropInsertedAt:
			return fInsertedAt
		case search.PropUpdatedAt:
			return fUpdatedAt
		}
	case search.EntityMetadata:
		return fieldMetadata(s.Name)
	case search.EntitySuggestion:
		prop := s.Property
		if prop == "" {
			prop = search.PropValue
		}
		return fieldSuggestion(s.Name, prop)
	case search.EntityResponse:
		if s.Name == "" {
			if userID == "" {
				return fAnyStatus
			}
			return fieldUserStatus(userID)
		}
		if userID == "" {
			return fieldAnyResponse(s.Name)
		}
		return fieldUserResponse(userID, s.Name)
	}
	return ""
}

func (b *builder) filterQuery(f search.Filter, userID string) (query.Query, error) {
	kind, err := b.m.ScopeKind(f.FilterScope())
	if err != nil {
		return nil, err
	}
	field := scopeField(f.FilterScope(), userID)
	switch f := f.(type) {
	case search.Terms:
		if kind == search.KindResponseStatus {
			return responseStatusQuery(f.Values, userID), nil
		}
		var alts []query.Query
		for _, v := range f.Values {
			if kind == search.KindNumber {
				n, err := search.ParseNumber(v)
				if err != nil {
					return nil, err
				}
				v = levelTerm(0, floatKey(n))
			}
			alts = append(alts, term(field, v))
		}
		return query.NewDisjunctionQuery(alts), nil
	case search.Range:
		lo, hi := uint64(0), uint64(math.MaxUint64)
		key := func(b search.Bound) uint64 {
			if kind != search.KindDate {
				return floatKey(b.Number)
			}
			switch {
			case b.Time.Year() < 1678:
				return 0
			case b.Time.Year() > 2261:
				return math.MaxUint64
			}
			return timeKey(b.Time)
		}
		if f.GE != nil {
			lo = key(*f.GE)
		}
		if f.LE != nil {
			hi = key(*f.LE)
		}
		return keyRange(field, lo, hi), nil
	}
	return nil, fmt.Errorf("%w: unknown filter type %T", search.ErrInvalidQuery, f)
}

// responseStatusQuery keeps records where the user (or, without a user,
// anyone) has a response in one of the statuses; pending keeps records the
// user (or, without a user, everyone) has not responded to.
func responseStatusQuery(values []string, userID string) query.Query {
	var alts []query.Query
	pending := false
	for _, v := range values {
		if search.ResponseStatus(v) == search.ResponsePending {
			pending = true
			continue
		}
		if userID == "" {
			alts = append(alts, term(fAnyStatus, v))
		} else {
			alts = append(alts, term(fieldUserStatus(userID), v))
		}
	}
	if pending {
		var responded query.Query
		if userID == "" {
			responded = wildcardAll(fResponded)
		} else {
			responded = term(fResponded, userID)
		}
		none := query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, []query.Query{responded})
		alts = append(alts, none)
	}
	return query.NewDisjunctionQuery(alts)
}

// wildcardAll matches documents with any value in field.
func wildcardAll(field string) query.Query {
	q := query.NewWildcardQuery("*")
	q.SetField(field)
	return q
}

func term(field, v string) query.Query {
	q := query.NewTermQuery(v)
	q.SetField(field)
	return q
}

// sortOrder translates q's sort, or the default order, ending with the
// record ID so pages are stable.
func (b *builder) sortOrder(q search.Query) (bsearch.SortOrder, error) {
	var order bsearch.SortOrder
	if len(q.Sort) == 0 {
		if q.Text != nil {
			order = append(order, &bsearch.SortScore{Desc: true})
		} else {
			// The default key ends with the ID, so it needs no tie-break.
			return bsearch.SortOrder{&bsearch.SortField{Field: fDefaultOrder, Type: bsearch.SortFieldAsString}}, nil
		}
	}
	for _, s := range q.Sort {
		if _, err := b.m.ScopeKind(s.Scope); err != nil {
			return nil, err
		}
		sf := &bsearch.SortField{Field: scopeField(s.Scope, q.UserID), Desc: s.Descending, Type: bsearch.SortFieldAsString}
		// With several values (multi-label, several users) ascending looks
		// at the least and descending at the greatest, as Elasticsearch does.
		sf.Mode = bsearch.SortFieldMin
		if s.Descending {
			sf.Mode = bsearch.SortFieldMax
		}
		order = append(order, sf)
	}
	// Ties fall to the record ID. Bleve's own document ID sorts the same
	// as the id keyword's doc values at a fifth of the cost: a text query
	// otherwise read a doc value for every match.
	order = append(order, &bsearch.SortDocID{})
	return order, nil
}
