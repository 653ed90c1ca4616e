package memory_test

import (
	"testing"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/memory"
	"github.com/extralit/extralit-go/internal/search/searchtest"
)

func TestConformance(t *testing.T) {
	searchtest.Run(t, func(t *testing.T) search.Index { return memory.New() })
}

// BenchmarkEngine is the shared engine benchmark (searchtest.Bench), the
// same as the on-disk engine's and the clusters'.
func BenchmarkEngine(b *testing.B) {
	searchtest.Bench(b, func(b *testing.B) search.Index { return memory.New() })
}
