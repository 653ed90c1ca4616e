package elastic_test

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/elastic"
	"github.com/extralit/extralit-go/internal/search/searchtest"
)

// BenchmarkEngine is the shared engine benchmark (searchtest.Bench) on each
// cluster the environment names (TEST_ELASTIC_URL, TEST_ELASTICSEARCH8_URL),
// with the options the server uses. BENCH_CANDIDATES sets
// Options.Candidates, to measure the k-NN's recall against its latency.
func BenchmarkEngine(b *testing.B) {
	candidates := 0
	if v := os.Getenv("BENCH_CANDIDATES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatalf("BENCH_CANDIDATES=%q is not a number", v)
		}
		candidates = n
	}
	ran := false
	for _, name := range []string{"TEST_ELASTIC_URL", "TEST_ELASTICSEARCH8_URL"} {
		u := os.Getenv(name)
		if u == "" {
			continue
		}
		ran = true
		b.Run(name, func(b *testing.B) {
			searchtest.Bench(b, func(b *testing.B) search.Index {
				e, err := elastic.New(context.Background(), elastic.Options{URL: u, Candidates: candidates})
				if err != nil {
					b.Fatalf("New (%s=%s): %v", name, u, err)
				}
				b.Logf("%s: %s %s, BENCH_CANDIDATES=%d (0: the default)", name, e.Flavor(), e.Version(), candidates)
				return e
			})
		})
	}
	if !ran {
		b.Skip("neither TEST_ELASTIC_URL nor TEST_ELASTICSEARCH8_URL is set")
	}
}
