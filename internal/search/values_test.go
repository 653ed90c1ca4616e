package search

import (
	"slices"
	"strings"
	"testing"
)

func TestMetadataValues(t *testing.T) {
	terms := MetadataProperty{Name: "genre", Type: MetadataTerms}
	year := MetadataProperty{Name: "year", Type: MetadataInteger}
	price := MetadataProperty{Name: "price", Type: MetadataFloat}
	tests := []struct {
		p       MetadataProperty
		v       any
		strs    []string
		nums    []float64
		wantErr string
	}{
		{p: terms, v: "trial", strs: []string{"trial"}},
		{p: terms, v: []any{"a", "b"}, strs: []string{"a", "b"}},
		{p: terms, v: []any{"a", 1.0}, wantErr: "want strings, got float64 in a list"},
		{p: terms, v: 3.0, wantErr: `terms metadata "genre": want a string`},
		{p: year, v: int64(2019), nums: []float64{2019}},
		{p: year, v: 2019.5, wantErr: "want a whole number"},
		{p: price, v: "cheap", wantErr: "want a number, got string"},
		{p: price, v: 1.25, nums: []float64{1.25}},
	}
	for _, tc := range tests {
		got, err := MetadataValues(tc.p, tc.v)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("MetadataValues(%s, %v) error = %v, want %q", tc.p.Name, tc.v, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got.Strings, tc.strs) || !slices.Equal(got.Numbers, tc.nums) {
			t.Errorf("MetadataValues(%s, %v) = %+v, %v; want %v %v", tc.p.Name, tc.v, got, err, tc.strs, tc.nums)
		}
	}
}

func TestAnswerValuesDropWhatDoesNotFit(t *testing.T) {
	rating := Question{Name: "rating", Type: QuestionRating}
	labels := Question{Name: "labels", Type: QuestionMultiLabel}
	span := Question{Name: "spans", Type: QuestionSpan}
	if got := AnswerValues(rating, 4); !slices.Equal(got.Numbers, []float64{4}) {
		t.Errorf("rating 4 = %+v", got)
	}
	if got := AnswerValues(rating, "four"); got.Numbers != nil || got.Strings != nil {
		t.Errorf("rating \"four\" = %+v, want nothing", got)
	}
	if got := AnswerValues(labels, []any{"a", 2, "c"}); !slices.Equal(got.Strings, []string{"a", "c"}) {
		t.Errorf("labels [a 2 c] = %+v, want [a c]", got)
	}
	if got := AnswerValues(span, []any{map[string]any{"label": "x"}}); got.Numbers != nil || got.Strings != nil {
		t.Errorf("span answers are not indexed, got %+v", got)
	}
}
