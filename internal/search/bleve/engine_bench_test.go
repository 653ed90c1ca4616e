package bleve_test

import (
	"testing"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/bleve"
	"github.com/extralit/extralit-go/internal/search/searchtest"
)

// BenchmarkEngine is the shared engine benchmark (searchtest.Bench) on the
// embedded engine, comparable with the same benchmark on the clusters in
// the elastic package.
func BenchmarkEngine(b *testing.B) {
	searchtest.Bench(b, func(b *testing.B) search.Index {
		ix, err := bleve.New(b.TempDir(), bleve.Options{})
		if err != nil {
			b.Fatalf("New: %v", err)
		}
		return ix
	})
}
