package elastic_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/elastic"
)

// recordingCluster is a fake cluster of the given flavor whose one dataset
// "ds" has a 3-dimension vector space "emb". It records the body of each
// search request and answers it with no hits. It checks only the requests
// the engine builds; the conformance suite proves their behaviour on real
// clusters.
func recordingCluster(t *testing.T, flavor elastic.Flavor, candidates int) (*elastic.Engine, func() map[string]any) {
	t.Helper()
	m, _ := json.Marshal(search.Mapping{Vectors: []search.VectorSettings{{Name: "emb", Dimensions: 3}}})
	var mu sync.Mutex
	var last map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/" && flavor == elastic.OpenSearch:
			_, _ = io.WriteString(w, `{"version":{"distribution":"opensearch","number":"2.19.1"}}`)
		case r.URL.Path == "/":
			_, _ = io.WriteString(w, `{"version":{"number":"8.19.21"},"tagline":"You Know, for Search"}`)
		case r.URL.Path == "/ex.ds/_mapping":
			_, _ = io.WriteString(w, `{"ex.ds":{"mappings":{"_meta":{"extralit_mapping":`+string(m)+`}}}}`)
		case strings.HasSuffix(r.URL.Path, "/_search"):
			var body map[string]any
			if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
				t.Errorf("search body: %v", err)
			}
			mu.Lock()
			last = body
			mu.Unlock()
			_, _ = io.WriteString(w, `{"hits":{"total":{"value":0},"hits":[]}}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	e, err := elastic.New(context.Background(), elastic.Options{URL: srv.URL, Candidates: candidates})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e, func() map[string]any { mu.Lock(); defer mu.Unlock(); return last }
}

// dig follows keys into nested JSON objects.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		o, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = o[k]
	}
	return v
}

// TestSimilarityRequest checks how a similarity query is sent: the k-NN
// asks for the page's offset + limit neighbours and searches at least
// Options.Candidates (default 100), both at most 10,000; a page past
// 10,000 is scored exactly with script_score.
func TestSimilarityRequest(t *testing.T) {
	tests := []struct {
		name          string
		flavor        elastic.Flavor
		candidates    int
		offset, limit int
		k, ef         float64 // want; 0 for no k-NN
	}{
		{"elasticsearch, defaults", elastic.Elasticsearch, 0, 20, 10, 30, 100},
		{"elasticsearch, more candidates", elastic.Elasticsearch, 500, 0, 50, 50, 500},
		{"elasticsearch, page beyond candidates", elastic.Elasticsearch, 0, 200, 50, 250, 250},
		{"elasticsearch, past 10,000", elastic.Elasticsearch, 0, 9995, 10, 0, 0},
		{"opensearch, defaults", elastic.OpenSearch, 0, 20, 10, 100, 100},
		{"opensearch, page beyond candidates", elastic.OpenSearch, 0, 200, 50, 250, 250},
		{"opensearch, past 10,000", elastic.OpenSearch, 0, 9995, 10, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, last := recordingCluster(t, tc.flavor, tc.candidates)
			q := search.Query{Vector: &search.VectorQuery{Name: "emb", Value: []float32{1, 0, 0}}, Offset: tc.offset, Limit: tc.limit}
			if _, err := e.Search(context.Background(), "ds", q); err != nil {
				t.Fatalf("Search: %v", err)
			}
			body := last()
			var k, ef any
			switch {
			case tc.k == 0:
				if dig(body, "query", "script_score") == nil || body["knn"] != nil {
					t.Fatalf("query = %v, want exact script_score and no knn", body["query"])
				}
				return
			case tc.flavor == elastic.Elasticsearch:
				k, ef = dig(body, "knn", "k"), dig(body, "knn", "num_candidates")
				if dig(body, "knn", "filter", "bool", "filter") == nil {
					t.Errorf("knn = %v, want the query's filters in knn.filter", body["knn"])
				}
			default:
				should, _ := dig(body, "query", "bool", "should").([]any)
				if len(should) != 1 {
					t.Fatalf("query = %v, want one knn should clause", body["query"])
				}
				k, ef = dig(should[0], "knn", "vectors.emb", "k"), dig(should[0], "knn", "vectors.emb", "k")
				if dig(should[0], "knn", "vectors.emb", "filter", "bool", "filter") == nil {
					t.Errorf("knn clause = %v, want the query's filters in its filter", should[0])
				}
			}
			if k != tc.k || ef != tc.ef {
				t.Errorf("k = %v, candidates = %v; want %v, %v", k, ef, tc.k, tc.ef)
			}
			if body["track_total_hits"] != true {
				t.Errorf("track_total_hits = %v, want true (totals count every match)", body["track_total_hits"])
			}
		})
	}
}
