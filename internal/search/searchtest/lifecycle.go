package searchtest

import (
	"context"
	"testing"

	"github.com/extralit/extralit-go/internal/search"
)

func testLifecycle(t *testing.T, newIndex func(t *testing.T) search.Index) {
	ctx := context.Background()

	t.Run("unknown dataset", func(t *testing.T) {
		ix := open(t, newIndex)
		ds := newDatasetID(t)
		_, err := ix.Search(ctx, ds, all())
		wantErr(t, err, search.ErrIndexNotFound)
		wantErr(t, ix.Upsert(ctx, ds, fixtureDocs(ds)), search.ErrIndexNotFound)
		wantErr(t, ix.Delete(ctx, ds, []string{rid(1)}), search.ErrIndexNotFound)
		wantErr(t, ix.DeleteIndex(ctx, ds), search.ErrIndexNotFound)
		wantErr(t, ix.UpdateMapping(ctx, ds, fixtureMapping()), search.ErrIndexNotFound)
		_, err = ix.Count(ctx, ds)
		wantErr(t, err, search.ErrIndexNotFound)
		_, err = ix.Mapping(ctx, ds)
		wantErr(t, err, search.ErrIndexNotFound)
	})

	t.Run("create twice", func(t *testing.T) {
		f := load(t, newIndex)
		wantErr(t, f.ix.CreateIndex(ctx, f.ds, fixtureMapping()), search.ErrIndexExists)
		if n, err := f.ix.Count(ctx, f.ds); err != nil || n != 6 {
			t.Errorf("Count after a refused create = %d, %v; want 6", n, err)
		}
	})

	t.Run("invalid mapping", func(t *testing.T) {
		ix := open(t, newIndex)
		bad := []search.Mapping{
			{Fields: []search.Field{{Name: "", Type: search.FieldText}}},
			{Fields: []search.Field{{Name: "a", Type: "video"}}},
			{Metadata: []search.MetadataProperty{{Name: "m", Type: "date"}}},
			{Questions: []search.Question{{Name: "q", Type: "essay"}}},
			{Vectors: []search.VectorSettings{{Name: "v", Dimensions: 0}}},
			{Metadata: []search.MetadataProperty{{Name: "m", Type: search.MetadataTerms}, {Name: "m", Type: search.MetadataFloat}}},
		}
		for i, m := range bad {
			ds := newDatasetID(t)
			wantErr(t, ix.CreateIndex(ctx, ds, m), search.ErrInvalidMapping)
			if _, err := ix.Search(ctx, ds, all()); err == nil {
				t.Errorf("mapping %d: the refused index exists", i)
			}
		}
	})

	t.Run("count and mapping", func(t *testing.T) {
		f := load(t, newIndex)
		n, err := f.ix.Count(ctx, f.ds)
		if err != nil || n != 6 {
			t.Errorf("Count = %d, %v; want 6", n, err)
		}
		m, err := f.ix.Mapping(ctx, f.ds)
		if err != nil {
			t.Fatalf("Mapping: %v", err)
		}
		if _, ok := m.MetadataProperty("year"); !ok || len(m.Fields) != 3 || len(m.Vectors) != 2 {
			t.Errorf("Mapping = %+v, want the fixture mapping", m)
		}
	})

	t.Run("delete index", func(t *testing.T) {
		f := load(t, newIndex)
		if err := f.ix.DeleteIndex(ctx, f.ds); err != nil {
			t.Fatalf("DeleteIndex: %v", err)
		}
		_, err := f.ix.Search(ctx, f.ds, all())
		wantErr(t, err, search.ErrIndexNotFound)
		wantErr(t, f.ix.Upsert(ctx, f.ds, fixtureDocs(f.ds)), search.ErrIndexNotFound)
		wantErr(t, f.ix.DeleteIndex(ctx, f.ds), search.ErrIndexNotFound)

		// A new index under the same ID starts empty.
		if err := f.ix.CreateIndex(ctx, f.ds, fixtureMapping()); err != nil {
			t.Fatalf("CreateIndex after delete: %v", err)
		}
		wantPage(t, f.search(t, all()), nil, 0)
	})

	t.Run("datasets are separate", func(t *testing.T) {
		f := load(t, newIndex)
		other := newDatasetID(t)
		if err := f.ix.CreateIndex(ctx, other, fixtureMapping()); err != nil {
			t.Fatalf("CreateIndex: %v", err)
		}
		defer f.ix.DeleteIndex(ctx, other)
		doc := fixtureDocs(other)[0]
		doc.ID = rid(50)
		if err := f.ix.Upsert(ctx, other, []search.Document{doc}); err != nil {
			t.Fatalf("Upsert: %v", err)
		}
		res, err := f.ix.Search(ctx, other, search.Query{Text: &search.TextQuery{Q: "malaria"}, Limit: 10})
		if err != nil {
			t.Fatalf("Search: %v", err)
		}
		wantPage(t, res, rids(50), 1)
		wantPage(t, f.search(t, search.Query{Filters: []search.Filter{search.Terms{Scope: search.RecordScope(search.PropID), Values: rids(50)}}, Limit: 10}), nil, 0)
	})

	t.Run("closed", func(t *testing.T) {
		ix := newIndex(t)
		ds := newDatasetID(t)
		if err := ix.CreateIndex(ctx, ds, fixtureMapping()); err != nil {
			t.Fatalf("CreateIndex: %v", err)
		}
		if err := ix.DeleteIndex(ctx, ds); err != nil {
			t.Fatalf("DeleteIndex: %v", err)
		}
		if err := ix.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		_, err := ix.Search(ctx, ds, all())
		wantErr(t, err, search.ErrClosed)
	})
}
