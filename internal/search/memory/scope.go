package memory

import (
	"math"
	"time"

	"github.com/extralit/extralit-go/internal/search"
)

// value is one value a scope holds for a record: a string for keyword
// scopes, a number for numeric ones, Unix nanoseconds for dates.
type value struct {
	s string
	f float64
	t int64
}

// getter yields every value a scope holds for r until yield returns false.
type getter func(r *record, yield func(value) bool)

// scopeGetter returns the getter of s, which the caller validated. Response
// scopes read the user's response, or everyone's when userID is empty.
func scopeGetter(sc *schema, s search.Scope, userID string) getter {
	switch s.Entity {
	case search.EntityRecord:
		return recordGetter(s.Property)
	case search.EntityMetadata:
		ord := sc.meta[s.Name]
		return func(r *record, yield func(value) bool) { each(at(r.metadata, ord), yield) }
	case search.EntitySuggestion:
		return suggestionGetter(sc.questions[s.Name], s.Property)
	case search.EntityResponse:
		if s.Name == "" {
			return func(r *record, yield func(value) bool) {
				for _, resp := range r.responses {
					if (userID == "" || resp.user == userID) && !yield(value{s: resp.status}) {
						return
					}
				}
			}
		}
		ord := sc.questions[s.Name]
		return func(r *record, yield func(value) bool) {
			for _, resp := range r.responses {
				if userID == "" || resp.user == userID {
					if !each(at(resp.values, ord), yield) {
						return
					}
				}
			}
		}
	}
	return func(*record, func(value) bool) {}
}

func recordGetter(property string) getter {
	switch property {
	case search.PropID:
		return func(r *record, yield func(value) bool) { yield(value{s: r.id}) }
	case search.PropExternalID:
		return func(r *record, yield func(value) bool) {
			if r.externalID != "" {
				yield(value{s: r.externalID})
			}
		}
	case search.PropStatus:
		return func(r *record, yield func(value) bool) {
			if r.status != "" {
				yield(value{s: r.status})
			}
		}
	case search.PropInsertedAt:
		return func(r *record, yield func(value) bool) {
			if r.hasInserted {
				yield(value{t: r.inserted})
			}
		}
	case search.PropUpdatedAt:
		return func(r *record, yield func(value) bool) {
			if r.hasUpdated {
				yield(value{t: r.updated})
			}
		}
	}
	return func(*record, func(value) bool) {}
}

func suggestionGetter(question int, property string) getter {
	return func(r *record, yield func(value) bool) {
		sg := at(r.suggestions, question)
		if sg == nil {
			return
		}
		switch property {
		case search.PropValue, "":
			each(sg.value, yield)
		case search.PropScore:
			for _, f := range sg.scores {
				if !yield(value{f: f}) {
					return
				}
			}
		case search.PropAgent:
			if sg.agent != "" {
				yield(value{s: sg.agent})
			}
		case search.PropType:
			if sg.kind != "" {
				yield(value{s: sg.kind})
			}
		}
	}
}

// each yields vs's strings and numbers; it returns false when yield did.
func each(vs search.Values, yield func(value) bool) bool {
	for _, s := range vs.Strings {
		if !yield(value{s: s}) {
			return false
		}
	}
	for _, f := range vs.Numbers {
		if !yield(value{f: f}) {
			return false
		}
	}
	return true
}

// unixNano converts a range bound to Unix nanoseconds, clamping instants
// outside what they can hold.
func unixNano(t time.Time) int64 {
	switch {
	case t.Year() < 1678:
		return math.MinInt64
	case t.Year() > 2261:
		return math.MaxInt64
	}
	return t.UnixNano()
}
