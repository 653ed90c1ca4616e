package bleve_test

import (
	"testing"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/bleve"
	"github.com/extralit/extralit-go/internal/search/searchtest"
)

func newIndex(t *testing.T) search.Index {
	t.Helper()
	ix, err := bleve.New(t.TempDir(), bleve.Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return ix
}

func TestConformance(t *testing.T) {
	searchtest.Run(t, newIndex)
}
