package search_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/search"
)

var mapping = search.Mapping{
	Fields:    []search.Field{{Name: "text", Type: search.FieldText}, {Name: "img", Type: search.FieldImage}},
	Metadata:  []search.MetadataProperty{{Name: "genre", Type: search.MetadataTerms}, {Name: "year", Type: search.MetadataInteger}},
	Questions: []search.Question{{Name: "label", Type: search.QuestionLabel}, {Name: "rating", Type: search.QuestionRating}, {Name: "span", Type: search.QuestionSpan}},
	Vectors:   []search.VectorSettings{{Name: "emb", Dimensions: 2}},
}

// TestQueryValidate checks that each bad query is refused with a message
// naming what is wrong, and that good ones pass.
func TestQueryValidate(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		q    search.Query
		want string // empty: valid
	}{
		{"empty", search.Query{}, ""},
		{"text on a field", search.Query{Text: &search.TextQuery{Q: "x", Field: "text"}}, ""},
		{"unknown field", search.Query{Text: &search.TextQuery{Q: "x", Field: "nope"}}, `unknown field "nope"`},
		{"image field", search.Query{Text: &search.TextQuery{Q: "x", Field: "img"}}, `image field "img" is not searchable`},
		{"negative limit", search.Query{Limit: -1}, "must not be negative"},
		{"metadata terms", search.Query{Filters: []search.Filter{search.Terms{Scope: search.MetadataScope("genre"), Values: []string{"a"}}}}, ""},
		{"unknown metadata", search.Query{Filters: []search.Filter{search.Terms{Scope: search.MetadataScope("nope"), Values: []string{"a"}}}}, `filter 0: invalid search query: unknown metadata property "nope"`},
		{"number terms", search.Query{Filters: []search.Filter{search.Terms{Scope: search.MetadataScope("year"), Values: []string{"x"}}}}, `"x" is not a number`},
		{"range on terms", search.Query{Filters: []search.Filter{search.Range{Scope: search.MetadataScope("genre"), GE: search.Num(1)}}}, `metadata "genre" takes a terms filter`},
		{"range order", search.Query{Filters: []search.Filter{search.Range{Scope: search.MetadataScope("year"), GE: search.Num(3), LE: search.Num(1)}}}, "ge 3 is greater than le 1"},
		{"time range", search.Query{Filters: []search.Filter{search.Range{Scope: search.RecordScope(search.PropInsertedAt), GE: search.At(at)}}}, ""},
		{"time range order", search.Query{Filters: []search.Filter{search.Range{Scope: search.RecordScope(search.PropUpdatedAt), GE: search.At(at.Add(1)), LE: search.At(at)}}}, "is after le"},
		{"response status", search.Query{Filters: []search.Filter{search.Terms{Scope: search.ResponseStatusScope(), Values: []string{"pending", "draft"}}}}, ""},
		{"bad response status", search.Query{Filters: []search.Filter{search.Terms{Scope: search.ResponseStatusScope(), Values: []string{"done"}}}}, `unknown response status "done"`},
		{"span values", search.Query{Sort: []search.Sort{{Scope: search.ResponseValueScope("span")}}}, `sort 0: invalid search query: values of span question "span" cannot be filtered or sorted`},
		{"suggestion score range", search.Query{Filters: []search.Filter{search.Range{Scope: search.SuggestionScope("span", search.PropScore), LE: search.Num(0.5)}}}, ""},
		{"vector", search.Query{Vector: &search.VectorQuery{Name: "emb", Value: []float32{1, 0}}}, ""},
		{"vector length", search.Query{Vector: &search.VectorQuery{Name: "emb", Value: []float32{1}}}, "has 2 dimensions, got a value of 1"},
		{"vector both", search.Query{Vector: &search.VectorQuery{Name: "emb", Value: []float32{1, 0}, RecordID: "r"}}, "exactly one of a value and a record ID"},
		{"nil filter", search.Query{Filters: []search.Filter{nil}}, "nil filter"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.q.Validate(mapping)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, search.ErrInvalidQuery) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate = %v, want ErrInvalidQuery containing %q", err, tc.want)
			}
		})
	}
}

func TestCheckUpdate(t *testing.T) {
	tests := []struct {
		name string
		edit func(m *search.Mapping)
		want string
	}{
		{"add everything", func(m *search.Mapping) {
			m.Fields = append(m.Fields, search.Field{Name: "more", Type: search.FieldChat})
			m.Metadata = append(m.Metadata, search.MetadataProperty{Name: "f", Type: search.MetadataFloat})
			m.Vectors = append(m.Vectors, search.VectorSettings{Name: "v2", Dimensions: 8})
		}, ""},
		{"drop a vector space", func(m *search.Mapping) { m.Vectors = nil }, ""},
		{"retype metadata", func(m *search.Mapping) {
			m.Metadata = []search.MetadataProperty{{Name: "genre", Type: search.MetadataFloat}}
		}, `metadata property "genre" cannot change type from terms to float`},
		{"resize vectors", func(m *search.Mapping) {
			m.Vectors = []search.VectorSettings{{Name: "emb", Dimensions: 3}}
		}, `cannot change dimensions from 2 to 3`},
		{"retype question", func(m *search.Mapping) {
			m.Questions = []search.Question{{Name: "label", Type: search.QuestionRating}}
		}, `question "label" cannot change type`},
		{"duplicate", func(m *search.Mapping) {
			m.Fields = append(m.Fields, search.Field{Name: "text", Type: search.FieldText})
		}, `duplicate field "text"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			next := search.Mapping{
				Fields:    append([]search.Field(nil), mapping.Fields...),
				Metadata:  append([]search.MetadataProperty(nil), mapping.Metadata...),
				Questions: append([]search.Question(nil), mapping.Questions...),
				Vectors:   append([]search.VectorSettings(nil), mapping.Vectors...),
			}
			tc.edit(&next)
			err := mapping.CheckUpdate(next)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("CheckUpdate = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, search.ErrInvalidMapping) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("CheckUpdate = %v, want ErrInvalidMapping containing %q", err, tc.want)
			}
		})
	}
}
