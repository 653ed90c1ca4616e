package searchtest

import (
	"context"
	"testing"

	"github.com/extralit/extralit-go/internal/search"
)

// testTextTies checks that records a text query scores equally come in ID
// order, so that pages never overlap or skip a record.
func testTextTies(t *testing.T, newIndex func(t *testing.T) search.Index) {
	ctx := context.Background()
	ix := newIndex(t)
	ds := newDatasetID(t)
	if err := ix.CreateIndex(ctx, ds, fixtureMapping()); err != nil {
		t.Fatalf("CreateIndex: %v", err)
	}
	// Inserted newest first, with IDs in the opposite order, so neither
	// insertion order nor time can pass for the ID order.
	var docs []search.Document
	for n := 7; n >= 1; n-- {
		docs = append(docs, search.Document{ID: rid(n), DatasetID: ds, Status: search.RecordPending,
			InsertedAt: minutes(10 - n), UpdatedAt: minutes(10 - n),
			Fields: map[string]string{"title": "same words", "body": "identical body text"}})
	}
	if err := ix.Upsert(ctx, ds, docs); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	q := search.Query{Text: &search.TextQuery{Q: "identical"}, Limit: 3}
	var got []string
	for q.Offset = 0; q.Offset < 9; q.Offset += 3 {
		res, err := ix.Search(ctx, ds, q)
		if err != nil {
			t.Fatalf("Search offset %d: %v", q.Offset, err)
		}
		if res.Total != 7 {
			t.Fatalf("total = %d, want 7", res.Total)
		}
		got = append(got, ids(res)...)
	}
	wantPage(t, search.Result{Items: hits(got), Total: 7}, rids(1, 2, 3, 4, 5, 6, 7), 7)
}

func hits(idList []string) []search.Hit {
	out := make([]search.Hit, len(idList))
	for i, id := range idList {
		out[i].ID = id
	}
	return out
}
