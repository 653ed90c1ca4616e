package searchtest

import (
	"context"
	"math"
	"testing"

	"github.com/extralit/extralit-go/internal/search"
)

func testVectors(t *testing.T, newIndex func(t *testing.T) search.Index) {
	f := load(t, newIndex)
	x := []float32{1, 0, 0}
	// cos with x: r1 1, r2 0.9939, r3 0, r5 -1, r6 0; r4 has no vector.
	cos2 := 0.9 / math.Sqrt(0.82)
	tests := []struct {
		name    string
		vq      search.VectorQuery
		text    string
		filters []search.Filter
		offset  int
		limit   int
		want    []int
		scores  []float64 // checked when set
		total   int
	}{
		{name: "most similar by value", vq: search.VectorQuery{Name: "emb", Value: x},
			want: []int{1, 2, 3, 6, 5}, scores: []float64{1, (1 + cos2) / 2, 0.5, 0.5, 0}, total: 5},
		{name: "default order is most similar", vq: search.VectorQuery{Name: "emb", Value: []float32{2, 0, 0}, Order: search.MostSimilar},
			want: []int{1, 2, 3, 6, 5}, total: 5},
		{name: "least similar by value", vq: search.VectorQuery{Name: "emb", Value: x, Order: search.LeastSimilar},
			want: []int{5, 3, 6, 2, 1}, scores: []float64{1, 0.5, 0.5, (1 - cos2) / 2, 0}, total: 5},
		{name: "by record, which is left out", vq: search.VectorQuery{Name: "emb", RecordID: rid(1)},
			want: []int{2, 3, 6, 5}, total: 4},
		{name: "least similar by record", vq: search.VectorQuery{Name: "emb", RecordID: rid(1), Order: search.LeastSimilar},
			want: []int{5, 3, 6, 2}, total: 4},
		{name: "paged", vq: search.VectorQuery{Name: "emb", Value: x}, offset: 1, limit: 2,
			want: []int{2, 3}, total: 5},
		{name: "with a filter", vq: search.VectorQuery{Name: "emb", Value: x},
			filters: []search.Filter{terms(search.MetadataScope("genre"), "cohort")}, want: []int{2, 6}, total: 2},
		{name: "by record with a filter", vq: search.VectorQuery{Name: "emb", RecordID: rid(2)},
			filters: []search.Filter{terms(search.RecordScope(search.PropStatus), "pending")}, want: []int{3, 6, 5}, total: 3},
		{name: "with a text query", vq: search.VectorQuery{Name: "emb", Value: x, Order: search.LeastSimilar},
			text: "malaria", want: []int{2, 1}, total: 2},
		{name: "another space", vq: search.VectorQuery{Name: "other", Value: []float32{1, 1}},
			want: []int{6}, scores: []float64{1}, total: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vq := tc.vq
			q := search.Query{Vector: &vq, Filters: tc.filters, Offset: tc.offset, Limit: tc.limit}
			if q.Limit == 0 {
				q.Limit = 10
			}
			if tc.text != "" {
				q.Text = &search.TextQuery{Q: tc.text}
			}
			res := f.search(t, q)
			wantPage(t, res, rids(tc.want...), tc.total)
			for i, h := range res.Items {
				if h.Score == nil {
					t.Fatalf("item %d has no score", i)
				}
				if i < len(tc.scores) && math.Abs(*h.Score-tc.scores[i]) > 1e-4 {
					t.Errorf("item %d score = %v, want %v", i, *h.Score, tc.scores[i])
				}
			}
		})
	}

	t.Run("missing vector", func(t *testing.T) {
		for _, id := range []string{rid(4), rid(77)} {
			_, err := f.ix.Search(context.Background(), f.ds, search.Query{Vector: &search.VectorQuery{Name: "emb", RecordID: id}, Limit: 10})
			wantErr(t, err, search.ErrMissingVector)
		}
	})
}

func testInvalid(t *testing.T, newIndex func(t *testing.T) search.Index) {
	f := load(t, newIndex)
	genre := search.MetadataScope("genre")
	year := search.MetadataScope("year")
	tests := []struct {
		name string
		q    search.Query
	}{
		{"unknown text field", search.Query{Text: &search.TextQuery{Q: "x", Field: "nope"}}},
		{"image field text query", search.Query{Text: &search.TextQuery{Q: "x", Field: "image"}}},
		{"unknown metadata", search.Query{Filters: []search.Filter{terms(search.MetadataScope("nope"), "x")}}},
		{"undeclared metadata", search.Query{Filters: []search.Filter{terms(search.MetadataScope("undeclared"), "ignored")}}},
		{"unknown question in suggestion", search.Query{Filters: []search.Filter{terms(search.SuggestionScope("nope", search.PropValue), "x")}}},
		{"unknown suggestion property", search.Query{Filters: []search.Filter{terms(search.SuggestionScope("label", "colour"), "x")}}},
		{"unknown question in response", search.Query{Filters: []search.Filter{terms(search.ResponseValueScope("nope"), "x")}}},
		{"response scope without question or status", search.Query{Filters: []search.Filter{terms(search.Scope{Entity: search.EntityResponse}, "x")}}},
		{"unknown record property", search.Query{Filters: []search.Filter{terms(search.RecordScope("colour"), "x")}}},
		{"unknown entity", search.Query{Filters: []search.Filter{terms(search.Scope{Entity: "dataset"}, "x")}}},
		{"unknown response status", search.Query{Filters: []search.Filter{terms(search.ResponseStatusScope(), "maybe")}}},
		{"terms without values", search.Query{Filters: []search.Filter{terms(genre)}}},
		{"number terms that are not numbers", search.Query{Filters: []search.Filter{terms(year, "twenty")}}},
		{"range on terms metadata", search.Query{Filters: []search.Filter{between(genre, search.Num(1), nil)}}},
		{"range on a label", search.Query{Filters: []search.Filter{between(search.ResponseValueScope("label"), search.Num(1), nil)}}},
		{"filter on span values", search.Query{Filters: []search.Filter{terms(search.SuggestionScope("spans", search.PropValue), "x")}}},
		{"range without bounds", search.Query{Filters: []search.Filter{between(year, nil, nil)}}},
		{"range ge above le", search.Query{Filters: []search.Filter{between(year, search.Num(2020), search.Num(2010))}}},
		{"time range on a number", search.Query{Filters: []search.Filter{between(year, search.At(minutes(1)), nil)}}},
		{"number range on a time", search.Query{Filters: []search.Filter{between(search.RecordScope(search.PropInsertedAt), search.Num(1), nil)}}},
		{"terms on a time", search.Query{Filters: []search.Filter{terms(search.RecordScope(search.PropInsertedAt), "2025")}}},
		{"sort on unknown metadata", search.Query{Sort: []search.Sort{asc(search.MetadataScope("nope"))}}},
		{"sort on span values", search.Query{Sort: []search.Sort{asc(search.ResponseValueScope("spans"))}}},
		{"unknown vector", search.Query{Vector: &search.VectorQuery{Name: "nope", Value: []float32{1, 0, 0}}}},
		{"vector of the wrong length", search.Query{Vector: &search.VectorQuery{Name: "emb", Value: []float32{1, 0}}}},
		{"vector with value and record", search.Query{Vector: &search.VectorQuery{Name: "emb", Value: []float32{1, 0, 0}, RecordID: rid(1)}}},
		{"vector with neither", search.Query{Vector: &search.VectorQuery{Name: "emb"}}},
		{"zero vector", search.Query{Vector: &search.VectorQuery{Name: "emb", Value: []float32{0, 0, 0}}}},
		{"unknown similarity order", search.Query{Vector: &search.VectorQuery{Name: "emb", Value: []float32{1, 0, 0}, Order: "random"}}},
		{"negative offset", search.Query{Offset: -1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			q.Limit = 10
			_, err := f.ix.Search(context.Background(), f.ds, q)
			wantErr(t, err, search.ErrInvalidQuery)
		})
	}
}
