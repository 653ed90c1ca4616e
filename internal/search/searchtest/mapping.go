package searchtest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/extralit/extralit-go/internal/search"
)

func testMappingUpdate(t *testing.T, newIndex func(t *testing.T) search.Index) {
	ctx := context.Background()
	f := load(t, newIndex)
	score := search.MetadataScope("score")
	lateQuery := search.Query{Vector: &search.VectorQuery{Name: "late", Value: []float32{0, 1}}, Limit: 10}
	scoreFilter := search.Query{Filters: []search.Filter{between(score, search.Num(0), nil)}, Limit: 10}

	_, err := f.ix.Search(ctx, f.ds, scoreFilter)
	wantErr(t, err, search.ErrInvalidQuery)

	m := fixtureMapping()
	m.Fields = append(m.Fields, search.Field{Name: "notes", Type: search.FieldText})
	m.Metadata = append(m.Metadata, search.MetadataProperty{Name: "score", Type: search.MetadataFloat})
	m.Questions = append(m.Questions, search.Question{Name: "late_q", Type: search.QuestionLabel})
	m.Vectors = append(m.Vectors, search.VectorSettings{Name: "late", Dimensions: 2})
	if err := f.ix.UpdateMapping(ctx, f.ds, m); err != nil {
		t.Fatalf("UpdateMapping: %v", err)
	}

	// Existing records have no values yet, but queries on the new names work.
	wantPage(t, f.search(t, scoreFilter), nil, 0)
	wantPage(t, f.search(t, lateQuery), nil, 0)
	// Old data is still there.
	wantPage(t, f.search(t, search.Query{Filters: []search.Filter{terms(search.MetadataScope("genre"), "trial")}, Limit: 10}), ordered(1, 4), 2)

	d5 := fixtureDocs(f.ds)[4]
	d5.Metadata = map[string]any{"score": 0.25}
	d5.Fields["notes"] = "late arrival"
	d5.Suggestions = []search.Suggestion{{Question: "late_q", Value: "x"}}
	d5.Vectors["late"] = []float32{0, 2}
	if err := f.ix.Upsert(ctx, f.ds, []search.Document{d5}); err != nil {
		t.Fatalf("Upsert with new names: %v", err)
	}
	wantPage(t, f.search(t, scoreFilter), rids(5), 1)
	wantPage(t, f.search(t, lateQuery), rids(5), 1)
	wantPage(t, f.search(t, search.Query{Text: &search.TextQuery{Q: "arrival", Field: "notes"}, Limit: 10}), rids(5), 1)
	wantPage(t, f.search(t, search.Query{Filters: []search.Filter{terms(search.SuggestionScope("late_q", search.PropValue), "x")}, Limit: 10}), rids(5), 1)

	t.Run("types cannot change", func(t *testing.T) {
		bad := fixtureMapping()
		bad.Metadata[1].Type = search.MetadataTerms
		wantErr(t, f.ix.UpdateMapping(ctx, f.ds, bad), search.ErrInvalidMapping)
		bad = fixtureMapping()
		bad.Vectors[0].Dimensions = 4
		wantErr(t, f.ix.UpdateMapping(ctx, f.ds, bad), search.ErrInvalidMapping)
		wantPage(t, f.search(t, lateQuery), rids(5), 1)
	})

	t.Run("dropped names are unknown", func(t *testing.T) {
		if err := f.ix.UpdateMapping(ctx, f.ds, fixtureMapping()); err != nil {
			t.Fatalf("UpdateMapping: %v", err)
		}
		_, err := f.ix.Search(ctx, f.ds, lateQuery)
		wantErr(t, err, search.ErrInvalidQuery)
		_, err = f.ix.Search(ctx, f.ds, scoreFilter)
		wantErr(t, err, search.ErrInvalidQuery)
	})
}

// testConcurrent runs writers and readers at once; run it with -race.
func testConcurrent(t *testing.T, newIndex func(t *testing.T) search.Index) {
	ctx := context.Background()
	f := load(t, newIndex)
	const writers, perWriter = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*perWriter*3)
	for w := range writers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				d := fixtureDocs(f.ds)[i%6]
				d.ID = rid(100 + w*perWriter + i)
				d.InsertedAt = minutes(100 + w*perWriter + i)
				if err := f.ix.Upsert(ctx, f.ds, []search.Document{d}); err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
				}
			}
		}()
		go func() {
			defer wg.Done()
			for range perWriter {
				// The six fixture records come first and never change.
				res, err := f.ix.Search(ctx, f.ds, search.Query{Limit: 6})
				if err != nil {
					errs <- err
					continue
				}
				if got := ids(res); len(got) != 6 || got[0] != rid(5) || got[5] != rid(6) {
					errs <- fmt.Errorf("first page changed under writes: %v", name(got))
				}
				if _, err := f.ix.Search(ctx, f.ds, search.Query{Vector: &search.VectorQuery{Name: "emb", Value: []float32{1, 0, 0}}, Limit: 5}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n, err := f.ix.Count(ctx, f.ds); err != nil || n != 6+writers*perWriter {
		t.Errorf("Count = %d, %v; want %d", n, err, 6+writers*perWriter)
	}
}
