package search

import (
	"fmt"
	"math"
)

// Values are the indexed form of a metadata value or an answer: strings
// for terms properties and keyword questions, numbers for numeric ones.
type Values struct {
	Strings []string
	Numbers []float64
}

// MetadataValues checks a metadata value against its property's type and
// converts it: a string or a list of strings for terms, one finite number
// (whole for integer) otherwise. The error says what is wrong, naming the
// property.
func MetadataValues(p MetadataProperty, v any) (Values, error) {
	if p.Type == MetadataTerms {
		switch v := v.(type) {
		case string:
			return Values{Strings: []string{v}}, nil
		case []string:
			return Values{Strings: v}, nil
		case []any:
			strs := make([]string, 0, len(v))
			for _, s := range v {
				str, ok := s.(string)
				if !ok {
					return Values{}, fmt.Errorf("terms metadata %q: want strings, got %T in a list", p.Name, s)
				}
				strs = append(strs, str)
			}
			return Values{Strings: strs}, nil
		}
		return Values{}, fmt.Errorf("terms metadata %q: want a string, got %T", p.Name, v)
	}
	f, ok := Number(v)
	if !ok {
		return Values{}, fmt.Errorf("%s metadata %q: want a number, got %T", p.Type, p.Name, v)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Values{}, fmt.Errorf("%s metadata %q: want a finite number, got %v", p.Type, p.Name, f)
	}
	if p.Type == MetadataInteger && f != math.Trunc(f) {
		return Values{}, fmt.Errorf("integer metadata %q: want a whole number, got %v", p.Name, f)
	}
	return Values{Numbers: []float64{f}}, nil
}

// AnswerValues converts a response or suggestion value by its question's
// value kind. Values that do not fit the kind give no values rather than an
// error: the service validated them against the question, and engines keep
// only what filters and sorts use.
func AnswerValues(q Question, v any) Values {
	switch q.Type.ValueKind() {
	case ValueNumber:
		if f, ok := Number(v); ok && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return Values{Numbers: []float64{f}}
		}
	case ValueKeyword:
		switch v := v.(type) {
		case string:
			return Values{Strings: []string{v}}
		case []string:
			return Values{Strings: v}
		case []any:
			var strs []string
			for _, s := range v {
				if str, ok := s.(string); ok {
					strs = append(strs, str)
				}
			}
			return Values{Strings: strs}
		}
	}
	return Values{}
}
