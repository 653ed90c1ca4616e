package search

import (
	"fmt"
	"math"
	"strconv"
)

// ScopeKind is the type of the values a Scope points at.
type ScopeKind int

// The scope kinds.
const (
	// KindKeyword values are exact strings.
	KindKeyword ScopeKind = iota + 1
	// KindNumber values are numbers.
	KindNumber
	// KindDate values are instants.
	KindDate
	// KindResponseStatus is the response status, whose terms may include
	// ResponsePending.
	KindResponseStatus
)

// ScopeKind checks s against m and returns the kind of its values. The error
// wraps ErrInvalidQuery and says what is unknown.
func (m Mapping) ScopeKind(s Scope) (ScopeKind, error) {
	switch s.Entity {
	case EntityRecord:
		switch s.Property {
		case PropID, PropExternalID, PropStatus:
			return KindKeyword, nil
		case PropInsertedAt, PropUpdatedAt:
			return KindDate, nil
		}
		return 0, fmt.Errorf("%w: unknown record property %q (want id, external_id, inserted_at, updated_at or status)",
			ErrInvalidQuery, s.Property)
	case EntityMetadata:
		p, ok := m.MetadataProperty(s.Name)
		if !ok {
			return 0, fmt.Errorf("%w: unknown metadata property %q", ErrInvalidQuery, s.Name)
		}
		if p.Type == MetadataTerms {
			return KindKeyword, nil
		}
		return KindNumber, nil
	case EntitySuggestion:
		q, ok := m.Question(s.Name)
		if !ok {
			return 0, fmt.Errorf("%w: unknown question %q", ErrInvalidQuery, s.Name)
		}
		switch s.Property {
		case PropValue, "":
			return valueKind(q)
		case PropScore:
			return KindNumber, nil
		case PropAgent, PropType:
			return KindKeyword, nil
		}
		return 0, fmt.Errorf("%w: unknown suggestion property %q (want value, score, agent or type)",
			ErrInvalidQuery, s.Property)
	case EntityResponse:
		if s.Name == "" {
			if s.Property != PropStatus {
				return 0, fmt.Errorf("%w: a response scope needs a question or the status property", ErrInvalidQuery)
			}
			return KindResponseStatus, nil
		}
		q, ok := m.Question(s.Name)
		if !ok {
			return 0, fmt.Errorf("%w: unknown question %q", ErrInvalidQuery, s.Name)
		}
		if s.Property != "" && s.Property != PropValue {
			return 0, fmt.Errorf("%w: unknown response property %q for question %q (want value)",
				ErrInvalidQuery, s.Property, s.Name)
		}
		return valueKind(q)
	}
	return 0, fmt.Errorf("%w: unknown scope entity %q (want record, metadata, suggestion or response)",
		ErrInvalidQuery, s.Entity)
}

func valueKind(q Question) (ScopeKind, error) {
	switch q.Type.ValueKind() {
	case ValueNumber:
		return KindNumber, nil
	case ValueKeyword:
		return KindKeyword, nil
	}
	return 0, fmt.Errorf("%w: values of %s question %q cannot be filtered or sorted", ErrInvalidQuery, q.Type, q.Name)
}

// ParseNumber parses a terms value for a numeric scope; the error wraps
// ErrInvalidQuery.
func ParseNumber(s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%w: %q is not a number", ErrInvalidQuery, s)
	}
	return f, nil
}

// Validate checks q against the dataset's mapping: every name must exist,
// every filter and sort must suit its scope's kind, bounds must be ordered
// and the vector query well formed. The error wraps ErrInvalidQuery.
func (q Query) Validate(m Mapping) error {
	if q.Offset < 0 || q.Limit < 0 {
		return fmt.Errorf("%w: offset and limit must not be negative (got %d, %d)", ErrInvalidQuery, q.Offset, q.Limit)
	}
	if q.Text != nil && q.Text.Field != "" {
		f, ok := m.Field(q.Text.Field)
		if !ok {
			return fmt.Errorf("%w: unknown field %q", ErrInvalidQuery, q.Text.Field)
		}
		if !f.Searchable() {
			return fmt.Errorf("%w: %s field %q is not searchable", ErrInvalidQuery, f.Type, f.Name)
		}
	}
	if v := q.Vector; v != nil {
		if err := v.validate(m); err != nil {
			return err
		}
	}
	for i, f := range q.Filters {
		if err := validateFilter(m, f); err != nil {
			return fmt.Errorf("filter %d: %w", i, err)
		}
	}
	for i, s := range q.Sort {
		if _, err := m.ScopeKind(s.Scope); err != nil {
			return fmt.Errorf("sort %d: %w", i, err)
		}
	}
	return nil
}

func (v *VectorQuery) validate(m Mapping) error {
	vs, ok := m.VectorSettings(v.Name)
	if !ok {
		return fmt.Errorf("%w: unknown vector settings %q", ErrInvalidQuery, v.Name)
	}
	if (v.Value == nil) == (v.RecordID == "") {
		return fmt.Errorf("%w: a vector query needs exactly one of a value and a record ID", ErrInvalidQuery)
	}
	if v.Order != "" && v.Order != MostSimilar && v.Order != LeastSimilar {
		return fmt.Errorf("%w: unknown similarity order %q (want most_similar or least_similar)", ErrInvalidQuery, v.Order)
	}
	if v.Value == nil {
		return nil
	}
	if len(v.Value) != vs.Dimensions {
		return fmt.Errorf("%w: vector %q has %d dimensions, got a value of %d", ErrInvalidQuery, v.Name, vs.Dimensions, len(v.Value))
	}
	zero := true
	for _, x := range v.Value {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return fmt.Errorf("%w: vector value holds %v", ErrInvalidQuery, x)
		}
		if x != 0 {
			zero = false
		}
	}
	if zero {
		return fmt.Errorf("%w: the zero vector has no direction to compare with", ErrInvalidQuery)
	}
	return nil
}

func validateFilter(m Mapping, f Filter) error {
	if f == nil {
		return fmt.Errorf("%w: nil filter", ErrInvalidQuery)
	}
	kind, err := m.ScopeKind(f.FilterScope())
	if err != nil {
		return err
	}
	switch f := f.(type) {
	case Terms:
		if len(f.Values) == 0 {
			return fmt.Errorf("%w: a terms filter needs at least one value", ErrInvalidQuery)
		}
		switch kind {
		case KindDate:
			return fmt.Errorf("%w: record %s takes a range filter, not terms", ErrInvalidQuery, f.Scope.Property)
		case KindNumber:
			for _, v := range f.Values {
				if _, err := ParseNumber(v); err != nil {
					return err
				}
			}
		case KindResponseStatus:
			for _, v := range f.Values {
				switch ResponseStatus(v) {
				case ResponseDraft, ResponseSubmitted, ResponseDiscarded, ResponsePending:
				default:
					return fmt.Errorf("%w: unknown response status %q (want draft, submitted, discarded or pending)", ErrInvalidQuery, v)
				}
			}
		}
		return nil
	case Range:
		if f.GE == nil && f.LE == nil {
			return fmt.Errorf("%w: a range filter needs ge or le", ErrInvalidQuery)
		}
		switch kind {
		case KindNumber:
			for _, b := range []*Bound{f.GE, f.LE} {
				if b != nil && (b.IsTime() || math.IsNaN(b.Number) || math.IsInf(b.Number, 0)) {
					return fmt.Errorf("%w: range bounds on %s must be finite numbers", ErrInvalidQuery, describe(f.Scope))
				}
			}
			if f.GE != nil && f.LE != nil && f.GE.Number > f.LE.Number {
				return fmt.Errorf("%w: range ge %v is greater than le %v", ErrInvalidQuery, f.GE.Number, f.LE.Number)
			}
		case KindDate:
			for _, b := range []*Bound{f.GE, f.LE} {
				if b != nil && !b.IsTime() {
					return fmt.Errorf("%w: range bounds on %s must be times", ErrInvalidQuery, describe(f.Scope))
				}
			}
			if f.GE != nil && f.LE != nil && f.GE.Time.After(f.LE.Time) {
				return fmt.Errorf("%w: range ge %v is after le %v", ErrInvalidQuery, f.GE.Time, f.LE.Time)
			}
		default:
			return fmt.Errorf("%w: %s takes a terms filter, not a range", ErrInvalidQuery, describe(f.Scope))
		}
		return nil
	}
	return fmt.Errorf("%w: unknown filter type %T", ErrInvalidQuery, f)
}

func describe(s Scope) string {
	switch s.Entity {
	case EntityRecord:
		return "record " + s.Property
	case EntityMetadata:
		return "metadata " + strconv.Quote(s.Name)
	case EntitySuggestion:
		return "suggestion " + s.Property + " of " + strconv.Quote(s.Name)
	case EntityResponse:
		if s.Name == "" {
			return "response status"
		}
		return "response to " + strconv.Quote(s.Name)
	}
	return string(s.Entity)
}
