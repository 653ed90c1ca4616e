package memory

import (
	"fmt"
	"math"
	"slices"

	"github.com/extralit/extralit-go/internal/search"
)

// predicate reports whether a record passes a filter.
type predicate func(r *record) bool

// compileFilters turns q's filters, which the caller validated against m,
// into one predicate; nil means every record passes.
func compileFilters(sc *schema, q search.Query) (predicate, error) {
	var preds []predicate
	for _, f := range q.Filters {
		p, err := compileFilter(sc, f, q.UserID)
		if err != nil {
			return nil, err
		}
		preds = append(preds, p)
	}
	switch len(preds) {
	case 0:
		return nil, nil
	case 1:
		return preds[0], nil
	}
	return func(r *record) bool {
		for _, p := range preds {
			if !p(r) {
				return false
			}
		}
		return true
	}, nil
}

func compileFilter(sc *schema, f search.Filter, userID string) (predicate, error) {
	kind, err := sc.m.ScopeKind(f.FilterScope())
	if err != nil {
		return nil, err
	}
	if p := metadataFilter(sc, f, kind); p != nil {
		return p, nil
	}
	get := scopeGetter(sc, f.FilterScope(), userID)
	switch f := f.(type) {
	case search.Terms:
		switch kind {
		case search.KindResponseStatus:
			return responseStatus(f.Values, userID), nil
		case search.KindNumber:
			nums := make([]float64, len(f.Values))
			for i, v := range f.Values {
				if nums[i], err = search.ParseNumber(v); err != nil {
					return nil, err
				}
			}
			return anyValue(get, func(v value) bool { return slices.Contains(nums, v.f) }), nil
		}
		want := f.Values
		return anyValue(get, func(v value) bool { return slices.Contains(want, v.s) }), nil
	case search.Range:
		if kind == search.KindDate {
			lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
			if f.GE != nil {
				lo = unixNano(f.GE.Time)
			}
			if f.LE != nil {
				hi = unixNano(f.LE.Time)
			}
			return anyValue(get, func(v value) bool { return lo <= v.t && v.t <= hi }), nil
		}
		lo, hi := math.Inf(-1), math.Inf(1)
		if f.GE != nil {
			lo = f.GE.Number
		}
		if f.LE != nil {
			hi = f.LE.Number
		}
		return anyValue(get, func(v value) bool { return lo <= v.f && v.f <= hi }), nil
	}
	return nil, fmt.Errorf("%w: unknown filter type %T", search.ErrInvalidQuery, f)
}

// metadataFilter returns the predicate of a terms or range filter on a
// metadata property, written out for speed (metadata filters are the most
// common, and a scan calls the predicate for every record), or nil for
// other filters.
func metadataFilter(sc *schema, f search.Filter, kind search.ScopeKind) predicate {
	if f.FilterScope().Entity != search.EntityMetadata {
		return nil
	}
	ord := sc.meta[f.FilterScope().Name]
	switch f := f.(type) {
	case search.Terms:
		if kind == search.KindNumber {
			nums := make([]float64, 0, len(f.Values))
			for _, v := range f.Values {
				n, err := search.ParseNumber(v)
				if err != nil {
					return nil // the generic path reports it
				}
				nums = append(nums, n)
			}
			return func(r *record) bool {
				if ord >= len(r.metadata) {
					return false
				}
				for _, v := range r.metadata[ord].Numbers {
					if slices.Contains(nums, v) {
						return true
					}
				}
				return false
			}
		}
		want := f.Values
		return func(r *record) bool {
			if ord >= len(r.metadata) {
				return false
			}
			for _, s := range r.metadata[ord].Strings {
				if slices.Contains(want, s) {
					return true
				}
			}
			return false
		}
	case search.Range:
		if kind != search.KindNumber {
			return nil
		}
		lo, hi := math.Inf(-1), math.Inf(1)
		if f.GE != nil {
			lo = f.GE.Number
		}
		if f.LE != nil {
			hi = f.LE.Number
		}
		return func(r *record) bool {
			if ord >= len(r.metadata) {
				return false
			}
			for _, v := range r.metadata[ord].Numbers {
				if lo <= v && v <= hi {
					return true
				}
			}
			return false
		}
	}
	return nil
}

// anyValue is the predicate "some value of the scope passes ok".
func anyValue(get getter, ok func(value) bool) predicate {
	return func(r *record) bool {
		found := false
		get(r, func(v value) bool {
			found = ok(v)
			return !found
		})
		return found
	}
}

// responseStatus keeps records where the user (or, without a user, anyone)
// has a response in one of the statuses; pending keeps records the user
// (or, without a user, everyone) has not responded to.
func responseStatus(statuses []string, userID string) predicate {
	pending := slices.Contains(statuses, string(search.ResponsePending))
	return func(r *record) bool {
		responded := false
		for _, resp := range r.responses {
			if userID != "" && resp.user != userID {
				continue
			}
			responded = true
			if slices.Contains(statuses, resp.status) {
				return true
			}
		}
		return pending && !responded
	}
}
