package searchtest

import (
	"context"
	"slices"
	"testing"

	"github.com/extralit/extralit-go/internal/search"
)

func testPaging(t *testing.T, newIndex func(t *testing.T) search.Index) {
	f := load(t, newIndex)
	ctx := context.Background()

	tests := []struct {
		name          string
		offset, limit int
		want          []int
	}{
		{"first page", 0, 2, []int{5, 1}},
		{"middle page", 2, 2, []int{2, 3}},
		{"last page", 4, 2, []int{4, 6}},
		{"short last page", 5, 4, []int{6}},
		{"past the end", 6, 2, nil},
		{"total only", 0, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantPage(t, f.search(t, search.Query{Offset: tc.offset, Limit: tc.limit}), rids(tc.want...), 6)
		})
	}

	t.Run("stable while others write", func(t *testing.T) {
		first := f.search(t, search.Query{Limit: 3})
		wantPage(t, first, rids(5, 1, 2), 6)
		// New records arrive (later), and a listed record is updated: the
		// next page still continues where the first ended.
		docs := fixtureDocs(f.ds)
		var added []search.Document
		for n := 10; n < 13; n++ {
			d := docs[5]
			d.ID = rid(n)
			d.InsertedAt = minutes(60 + n)
			added = append(added, d)
		}
		updated := docs[0]
		updated.UpdatedAt = minutes(90)
		updated.Status = search.RecordPending
		if err := f.ix.Upsert(ctx, f.ds, append(added, updated)); err != nil {
			t.Fatalf("Upsert: %v", err)
		}
		second := f.search(t, search.Query{Offset: 3, Limit: 3})
		wantPage(t, second, rids(3, 4, 6), 9)
	})
}

func testWrites(t *testing.T, newIndex func(t *testing.T) search.Index) {
	ctx := context.Background()
	genre := func(v string) search.Query {
		return search.Query{Filters: []search.Filter{terms(search.MetadataScope("genre"), v)}, Limit: 10}
	}

	t.Run("upsert replaces the whole document", func(t *testing.T) {
		f := load(t, newIndex)
		d2 := fixtureDocs(f.ds)[1]
		d2.Metadata = map[string]any{"genre": "trial"}
		d2.Suggestions = nil
		d2.Responses = nil
		d2.Fields = map[string]string{"title": "Bed nets", "body": "Nets."}
		d2.Vectors = nil
		if err := f.ix.Upsert(ctx, f.ds, []search.Document{d2}); err != nil {
			t.Fatalf("Upsert: %v", err)
		}
		wantPage(t, f.search(t, genre("trial")), ordered(1, 2, 4), 3)
		wantPage(t, f.search(t, genre("cohort")), ordered(6), 1)
		wantPage(t, f.search(t, search.Query{Filters: []search.Filter{terms(search.SuggestionScope("label", search.PropValue), "no")}, Limit: 10}), nil, 0)
		wantPage(t, f.search(t, search.Query{Filters: []search.Filter{terms(search.ResponseStatusScope(), "pending")}, UserID: alice, Limit: 10}), ordered(2, 3, 5, 6), 4)
		wantPage(t, f.search(t, search.Query{Text: &search.TextQuery{Q: "malaria"}, Limit: 10, Sort: []search.Sort{asc(search.RecordScope(search.PropID))}}), rids(1, 4), 2)
		res := f.search(t, search.Query{Vector: &search.VectorQuery{Name: "emb", Value: []float32{1, 0, 0}}, Limit: 10})
		if slices.Contains(ids(res), rid(2)) || res.Total != 4 {
			t.Errorf("similarity = %v (total %d): the replaced record kept its vector", name(ids(res)), res.Total)
		}
		if n, err := f.ix.Count(ctx, f.ds); err != nil || n != 6 {
			t.Errorf("Count = %d, %v; want 6", n, err)
		}
	})

	t.Run("delete", func(t *testing.T) {
		f := load(t, newIndex)
		if err := f.ix.Delete(ctx, f.ds, []string{rid(1), rid(3), rid(99)}); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		wantPage(t, f.search(t, all()), ordered(2, 4, 5, 6), 4)
		wantPage(t, f.search(t, genre("trial")), ordered(4), 1)
		res := f.search(t, search.Query{Vector: &search.VectorQuery{Name: "emb", Value: []float32{1, 0, 0}}, Limit: 10})
		wantPage(t, res, rids(2, 6, 5), 3)
		if n, err := f.ix.Count(ctx, f.ds); err != nil || n != 4 {
			t.Errorf("Count = %d, %v; want 4", n, err)
		}
		_, err := f.ix.Search(ctx, f.ds, search.Query{Vector: &search.VectorQuery{Name: "emb", RecordID: rid(1)}, Limit: 10})
		wantErr(t, err, search.ErrMissingVector)
	})

	t.Run("a bad document writes nothing", func(t *testing.T) {
		f := load(t, newIndex)
		good := fixtureDocs(f.ds)[0]
		good.ID = rid(20)
		bad := []func(d *search.Document){
			func(d *search.Document) { d.Metadata = map[string]any{"year": "twenty"} },
			func(d *search.Document) { d.Metadata = map[string]any{"year": 20.5} },
			func(d *search.Document) { d.Metadata = map[string]any{"genre": 3} },
			func(d *search.Document) { d.Vectors = map[string][]float32{"emb": {1, 2}} },
			func(d *search.Document) { d.Vectors = map[string][]float32{"nope": {1, 2, 3}} },
			func(d *search.Document) { d.ID = "" },
		}
		for i, mutate := range bad {
			d := fixtureDocs(f.ds)[1]
			d.ID = rid(21)
			mutate(&d)
			wantErr(t, f.ix.Upsert(ctx, f.ds, []search.Document{good, d}), search.ErrInvalidDocument)
			if n, err := f.ix.Count(ctx, f.ds); err != nil || n != 6 {
				t.Errorf("case %d: Count = %d, %v after a refused upsert; want 6", i, n, err)
			}
		}
	})
}
