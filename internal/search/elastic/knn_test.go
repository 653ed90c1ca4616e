package elastic_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/elastic"
	"github.com/extralit/extralit-go/internal/search/searchtest"
)

// knnCorpus is n records with random 16-dimension vectors, a genre that
// alternates, and the cosine similarity of each to q, scored (1 + cos) / 2.
type knnCorpus struct {
	docs   []search.Document
	scores map[string]float64 // by record ID, against q
	q      []float32
}

func newKNNCorpus(n int) knnCorpus {
	r := rand.New(rand.NewPCG(7, 8))
	vec := func() []float32 {
		v := make([]float32, 16)
		for i := range v {
			v[i] = float32(r.NormFloat64())
		}
		return v
	}
	c := knnCorpus{scores: map[string]float64{}, q: vec()}
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		v := vec()
		d := search.Document{
			ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Status: search.RecordPending,
			Metadata:   map[string]any{"genre": []string{"even", "odd"}[i%2]},
			Vectors:    map[string][]float32{"emb": v},
			InsertedAt: t0, UpdatedAt: t0,
		}
		c.docs = append(c.docs, d)
		c.scores[d.ID] = (1 + searchtest.Cosine(c.q, v)) / 2
	}
	return c
}

// ranked returns the IDs of the records that keep passes, best first (ties
// by ID), as an exact scan ranks them.
func (c knnCorpus) ranked(keep func(search.Document) bool) []string {
	var out []string
	for _, d := range c.docs {
		if keep(d) {
			out = append(out, d.ID)
		}
	}
	slices.SortFunc(out, func(a, b string) int {
		if c.scores[a] != c.scores[b] {
			if c.scores[a] > c.scores[b] {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	return out
}

func loadKNN(t *testing.T, e *elastic.Engine, c knnCorpus) string {
	t.Helper()
	ds := newDataset(t, e, search.Mapping{
		Metadata: []search.MetadataProperty{{Name: "genre", Type: search.MetadataTerms}},
		Vectors:  []search.VectorSettings{{Name: "emb", Dimensions: 16}},
	})
	if err := e.Upsert(context.Background(), ds, c.docs); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	return ds
}

// TestApproximateKNN checks the k-NN ranking against an exact scan on 2,000
// records: most of the true top 20 are found (the HNSW graph is
// approximate), every score is the exact (1 + cos) / 2, the total counts
// every matching record, and a filter is applied before the neighbours are
// chosen (filtered k-NN), so a filtered page is full.
func TestApproximateKNN(t *testing.T) { eachCluster(t, testApproximateKNN) }

func testApproximateKNN(t *testing.T, c cluster) {
	e := newEngine(t, c)
	corpus := newKNNCorpus(2000)
	ds := loadKNN(t, e, corpus)
	odd := search.Terms{Scope: search.MetadataScope("genre"), Values: []string{"odd"}}
	tests := []struct {
		name    string
		filters []search.Filter
		keep    func(search.Document) bool
		total   int
	}{
		{"all records", nil, func(search.Document) bool { return true }, 2000},
		{"odd genre only", []search.Filter{odd}, func(d search.Document) bool { return d.Metadata["genre"] == "odd" }, 1000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := e.Search(context.Background(), ds, search.Query{
				Vector: &search.VectorQuery{Name: "emb", Value: corpus.q}, Filters: tc.filters, Limit: 20})
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			if res.Total != tc.total {
				t.Errorf("total = %d, want %d", res.Total, tc.total)
			}
			if len(res.Items) != 20 {
				t.Fatalf("%d items, want a full page of 20", len(res.Items))
			}
			want := corpus.ranked(tc.keep)[:20]
			found := 0
			for i, h := range res.Items {
				if !tc.keep(corpus.docs[slices.IndexFunc(corpus.docs, func(d search.Document) bool { return d.ID == h.ID })]) {
					t.Errorf("item %d (%s) does not pass the filter", i, h.ID)
				}
				if h.Score == nil || math.Abs(*h.Score-corpus.scores[h.ID]) > 1e-4 {
					t.Errorf("item %d (%s) score = %v, want %v", i, h.ID, h.Score, corpus.scores[h.ID])
				}
				if slices.Contains(want, h.ID) {
					found++
				}
				if i > 0 && *h.Score > *res.Items[i-1].Score {
					t.Errorf("item %d scores %v, above item %d's %v", i, *h.Score, i-1, *res.Items[i-1].Score)
				}
			}
			if found < 18 {
				t.Errorf("recall: %d of the true 20 nearest found, want at least 18", found)
			}
		})
	}
}

// TestDeepSimilarityPage lowers the k-NN limit to 50 neighbours: a page
// past it is scored exactly with a painless script, so it holds exactly
// the records an exact scan ranks there. A cluster without the painless
// language (Elastic's integ-test distribution) must refuse the page with
// search.ErrInvalidQuery saying why.
func TestDeepSimilarityPage(t *testing.T) { eachCluster(t, testDeepSimilarityPage) }

func testDeepSimilarityPage(t *testing.T, c cluster) {
	e := newEngine(t, c)
	corpus := newKNNCorpus(200)
	ds := loadKNN(t, e, corpus)
	defer elastic.SetMaxNeighbours(50)()
	res, err := e.Search(context.Background(), ds, search.Query{
		Vector: &search.VectorQuery{Name: "emb", Value: corpus.q}, Offset: 45, Limit: 10})
	if !hasPainless(t, c) {
		if !errors.Is(err, search.ErrInvalidQuery) || !strings.Contains(err.Error(), "painless") {
			t.Fatalf("deep page on a cluster without painless: %v, want search.ErrInvalidQuery naming painless", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	want := corpus.ranked(func(search.Document) bool { return true })[45:55]
	if got := ids(res); !slices.Equal(got, want) || res.Total != 200 {
		t.Fatalf("deep page = %v (total %d), want %v (total 200)", got, res.Total, want)
	}
}

func ids(res search.Result) []string {
	out := make([]string, len(res.Items))
	for i, h := range res.Items {
		out[i] = h.ID
	}
	return out
}

// hasPainless reports whether the cluster runs painless scripts.
func hasPainless(t *testing.T, c cluster) bool {
	t.Helper()
	res, err := http.Get(c.o.URL + "/_script_language")
	if err != nil {
		t.Fatalf("GET /_script_language: %v", err)
	}
	defer res.Body.Close()
	var body struct {
		Contexts []struct {
			Language string `json:"language"`
		} `json:"language_contexts"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatalf("decode /_script_language: %v", err)
	}
	return slices.ContainsFunc(body.Contexts, func(l struct {
		Language string `json:"language"`
	}) bool {
		return l.Language == "painless"
	})
}
