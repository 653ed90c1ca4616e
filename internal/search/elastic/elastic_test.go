package elastic_test

import (
	"context"
	"os"
	"testing"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/elastic"
	"github.com/extralit/extralit-go/internal/search/searchtest"
)

// clusterOptions returns the options of the test cluster, or skips.
func clusterOptions(t *testing.T) elastic.Options {
	t.Helper()
	u := os.Getenv("TEST_ELASTIC_URL")
	if u == "" {
		t.Skip("TEST_ELASTIC_URL is not set (e.g. http://127.0.0.1:9200; .ci/opensearch.sh starts one)")
	}
	return elastic.Options{URL: u}
}

func newEngine(t *testing.T, o elastic.Options) *elastic.Engine {
	t.Helper()
	e, err := elastic.New(context.Background(), o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if want := os.Getenv("TEST_ELASTIC_FLAVOR"); want != "" && string(e.Flavor()) != want {
		t.Fatalf("flavor = %s, want %s (TEST_ELASTIC_FLAVOR)", e.Flavor(), want)
	}
	return e
}

func TestConformance(t *testing.T) {
	o := clusterOptions(t)
	searchtest.Run(t, func(t *testing.T) search.Index { return newEngine(t, o) })
}
