package searchtest

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/extralit/extralit-go/internal/search"
)

func testText(t *testing.T, newIndex func(t *testing.T) search.Index) {
	f := load(t, newIndex)
	genreTrial := search.Terms{Scope: search.MetadataScope("genre"), Values: []string{"trial"}}

	tests := []struct {
		name    string
		q       string
		field   string
		filters []search.Filter
		want    []int // in any order; the first one, if first is set, must lead
		first   bool
	}{
		{name: "one word in all fields", q: "malaria", want: []int{2, 1, 4}, first: true},
		{name: "case-insensitive", q: "MALARIA", want: []int{2, 1, 4}, first: true},
		{name: "every word must match", q: "malaria vaccine", want: []int{1, 4}},
		{name: "words may match in different fields", q: "dengue cities", want: []int{3}},
		{name: "no record has every word", q: "bed cities", want: nil},
		{name: "one field: title", q: "malaria", field: "title", want: []int{1, 2}},
		{name: "one field: body", q: "malaria", field: "body", want: []int{2, 4}},
		{name: "punctuation is not a word", q: "zika!", want: []int{5}},
		{name: "text and filter", q: "malaria", filters: []search.Filter{genreTrial}, want: []int{1, 4}},
		{name: "image fields are not searched", q: "png", want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := f.search(t, search.Query{Text: &search.TextQuery{Q: tc.q, Field: tc.field}, Filters: tc.filters, Limit: 10})
			got := ids(res)
			want := rids(tc.want...)
			if !sameSet(got, want) || res.Total != len(want) {
				t.Fatalf("items = %v (total %d), want %v in any order", name(got), res.Total, name(want))
			}
			if tc.first && got[0] != want[0] {
				t.Errorf("first = %v, want %v (most occurrences)", name(got[:1]), name(want[:1]))
			}
			for i, h := range res.Items {
				if h.Score == nil || *h.Score <= 0 {
					t.Fatalf("item %d score = %v, want a positive relevance", i, h.Score)
				}
				if i > 0 && *h.Score > *res.Items[i-1].Score {
					t.Errorf("item %d scores %v, more than item %d (%v): not by relevance", i, *h.Score, i-1, *res.Items[i-1].Score)
				}
			}
		})
	}

	t.Run("filters do not change scores", func(t *testing.T) {
		plain := f.search(t, search.Query{Text: &search.TextQuery{Q: "malaria vaccine"}, Limit: 10})
		filtered := f.search(t, search.Query{Text: &search.TextQuery{Q: "malaria vaccine"}, Filters: []search.Filter{genreTrial}, Limit: 10})
		scores := map[string]float64{}
		for _, h := range plain.Items {
			scores[h.ID] = *h.Score
		}
		for _, h := range filtered.Items {
			if math.Abs(scores[h.ID]-*h.Score) > 1e-6*scores[h.ID] {
				t.Errorf("%s scores %v with a filter, %v without", name([]string{h.ID}), *h.Score, scores[h.ID])
			}
		}
	})

	t.Run("BM25 order", func(t *testing.T) {
		// Only what every BM25 variant agrees on is checked: more
		// occurrences in a text of the same length score higher, and so
		// does the same occurrence in a shorter text.
		ix := open(t, newIndex)
		ds := newDatasetID(t)
		ctx := context.Background()
		m := search.Mapping{Fields: []search.Field{{Name: "text", Type: search.FieldText}}}
		if err := ix.CreateIndex(ctx, ds, m); err != nil {
			t.Fatalf("CreateIndex: %v", err)
		}
		defer ix.DeleteIndex(ctx, ds)
		texts := map[int]string{
			1: "apple banana cherry date elderberry fig grape",
			2: "apple apple apple banana cherry date elderberry",
			3: "banana cherry date elderberry fig grape kiwi",
			4: "apple kiwi",
			5: "banana cherry date elderberry fig grape kiwi lime",
		}
		var docs []search.Document
		for n, text := range texts {
			docs = append(docs, search.Document{ID: rid(n), DatasetID: ds, Status: search.RecordPending,
				Fields: map[string]string{"text": text}, InsertedAt: minutes(n), UpdatedAt: minutes(n)})
		}
		if err := ix.Upsert(ctx, ds, docs); err != nil {
			t.Fatalf("Upsert: %v", err)
		}
		res, err := ix.Search(ctx, ds, search.Query{Text: &search.TextQuery{Q: "apple"}, Limit: 10})
		if err != nil {
			t.Fatalf("Search: %v", err)
		}
		if !sameSet(ids(res), rids(1, 2, 4)) || res.Total != 3 {
			t.Fatalf("items = %v (total %d), want r1, r2, r4", name(ids(res)), res.Total)
		}
		rank := map[string]int{}
		for i, h := range res.Items {
			rank[h.ID] = i
		}
		if rank[rid(2)] > rank[rid(1)] {
			t.Errorf("order %v: r2 (three occurrences) should rank above r1 (one, same length)", name(ids(res)))
		}
		if rank[rid(4)] > rank[rid(1)] {
			t.Errorf("order %v: r4 (short text) should rank above r1 (long text)", name(ids(res)))
		}
	})
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
