package bleve_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/bleve"
)

// Example shows the life of a dataset index: create it from the dataset's
// schema, upsert records, and search them with text, a filter and a
// similarity query.
func Example() {
	dir, err := os.MkdirTemp("", "search-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ix, err := bleve.New(dir, bleve.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()

	ctx := context.Background()
	const ds = "3f1c2a9e-0000-4000-8000-000000000001"
	err = ix.CreateIndex(ctx, ds, search.Mapping{
		Fields:   []search.Field{{Name: "abstract", Type: search.FieldText}},
		Metadata: []search.MetadataProperty{{Name: "year", Type: search.MetadataInteger}},
		Vectors:  []search.VectorSettings{{Name: "embedding", Dimensions: 2}},
	})
	if err != nil {
		log.Fatal(err)
	}
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	err = ix.Upsert(ctx, ds, []search.Document{
		{ID: "r1", Status: search.RecordPending, InsertedAt: at, Fields: map[string]string{"abstract": "Malaria vaccine efficacy in children"},
			Metadata: map[string]any{"year": 2021}, Vectors: map[string][]float32{"embedding": {1, 0}}},
		{ID: "r2", Status: search.RecordPending, InsertedAt: at.Add(time.Second), Fields: map[string]string{"abstract": "Bed nets against malaria"},
			Metadata: map[string]any{"year": 2015}, Vectors: map[string][]float32{"embedding": {0.6, 0.8}}},
	})
	if err != nil {
		log.Fatal(err)
	}

	show := func(q search.Query) {
		res, err := ix.Search(ctx, ds, q)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Print(res.Total, ":")
		for _, h := range res.Items {
			fmt.Print(" ", h.ID)
		}
		fmt.Println()
	}
	show(search.Query{Text: &search.TextQuery{Q: "malaria"}, Limit: 10})
	show(search.Query{Filters: []search.Filter{search.Range{Scope: search.MetadataScope("year"), GE: search.Num(2020)}}, Limit: 10})
	show(search.Query{Vector: &search.VectorQuery{Name: "embedding", RecordID: "r1"}, Limit: 10})
	// Output:
	// 2: r2 r1
	// 1: r1
	// 1: r2
}
