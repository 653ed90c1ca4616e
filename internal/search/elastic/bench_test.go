package elastic_test

import (
	"context"
	"os"
	"testing"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/elastic"
	"github.com/extralit/extralit-go/internal/search/searchtest"
)

// BenchmarkEngine is the shared engine benchmark (searchtest.Bench) on each
// cluster the environment names (TEST_ELASTIC_URL, TEST_ELASTICSEARCH8_URL),
// with the options the server uses.
func BenchmarkEngine(b *testing.B) {
	ran := false
	for _, name := range []string{"TEST_ELASTIC_URL", "TEST_ELASTICSEARCH8_URL"} {
		u := os.Getenv(name)
		if u == "" {
			continue
		}
		ran = true
		b.Run(name, func(b *testing.B) {
			searchtest.Bench(b, func(b *testing.B) search.Index {
				e, err := elastic.New(context.Background(), elastic.Options{URL: u})
				if err != nil {
					b.Fatalf("New (%s=%s): %v", name, u, err)
				}
				b.Logf("%s: %s %s", name, e.Flavor(), e.Version())
				return e
			})
		})
	}
	if !ran {
		b.Skip("neither TEST_ELASTIC_URL nor TEST_ELASTICSEARCH8_URL is set")
	}
}
