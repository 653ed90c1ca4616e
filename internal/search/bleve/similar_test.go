package bleve_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/bleve"
)

// TestSimilarityOracle checks filtered similarity against brute force on
// random data, through both strategies: reading every filtered match out of
// Bleve, and checking the best vectors against the filter in widening rounds.
func TestSimilarityOracle(t *testing.T) {
	const n, dims = 600, 8
	ctx := context.Background()
	ix := newIndex(t)
	defer ix.Close()
	m := search.Mapping{
		Metadata: []search.MetadataProperty{{Name: "g", Type: search.MetadataTerms}},
		Vectors:  []search.VectorSettings{{Name: "v", Dimensions: dims}},
	}
	if err := ix.CreateIndex(ctx, "ds", m); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, 7))
	vecs := map[string][]float32{}
	group := map[string]string{}
	var docs []search.Document
	for i := range n {
		id := fmt.Sprintf("r%04d", i)
		d := search.Document{ID: id, Status: search.RecordPending, InsertedAt: time.Unix(int64(i), 0),
			Metadata: map[string]any{"g": fmt.Sprint(i % 10)}}
		group[id] = fmt.Sprint(i % 10)
		if i%7 != 0 { // some records have no vector
			v := make([]float32, dims)
			for j := range v {
				v[j] = float32(r.NormFloat64())
			}
			d.Vectors = map[string][]float32{"v": v}
			vecs[id] = v
		}
		docs = append(docs, d)
	}
	if err := ix.Upsert(ctx, "ds", docs); err != nil {
		t.Fatal(err)
	}

	oracle := func(q []float32, negate bool, exclude string, groups []string) []string {
		type c struct {
			id string
			s  float64
		}
		var cs []c
		for id, v := range vecs {
			if id == exclude || (groups != nil && !slices.Contains(groups, group[id])) {
				continue
			}
			var dot, qn, vn float64
			for i := range v {
				dot += float64(q[i]) * float64(v[i])
				qn += float64(q[i]) * float64(q[i])
				vn += float64(v[i]) * float64(v[i])
			}
			cos := dot / math.Sqrt(qn*vn)
			if negate {
				cos = -cos
			}
			cs = append(cs, c{id, cos})
		}
		sort.Slice(cs, func(i, j int) bool {
			if cs[i].s != cs[j].s {
				return cs[i].s > cs[j].s
			}
			return cs[i].id < cs[j].id
		})
		out := make([]string, len(cs))
		for i, x := range cs {
			out[i] = x.id
		}
		return out
	}

	for _, limit := range []int{2000, 0} {
		t.Run(fmt.Sprintf("fetch-all limit %d", limit), func(t *testing.T) {
			defer bleve.SetFetchAllLimit(limit)()
			for trial := range 20 {
				groups := [][]string{{"3"}, {"1", "2", "5"}, {"0", "1", "2", "3", "4", "5", "6", "7", "8"}}[trial%3]
				negate := trial%2 == 1
				src := fmt.Sprintf("r%04d", 1+trial*28) // never a multiple of 7: has a vector
				order := search.MostSimilar
				if negate {
					order = search.LeastSimilar
				}
				q := search.Query{
					Vector:  &search.VectorQuery{Name: "v", RecordID: src, Order: order},
					Filters: []search.Filter{search.Terms{Scope: search.MetadataScope("g"), Values: groups}},
					Offset:  trial % 4, Limit: 5 + trial*3,
				}
				res, err := ix.Search(ctx, "ds", q)
				if err != nil {
					t.Fatalf("trial %d: %v", trial, err)
				}
				want := oracle(vecs[src], negate, src, groups)
				if res.Total != len(want) {
					t.Errorf("trial %d: total = %d, want %d", trial, res.Total, len(want))
				}
				page := want[min(q.Offset, len(want)):min(q.Offset+q.Limit, len(want))]
				got := make([]string, len(res.Items))
				for i, h := range res.Items {
					got[i] = h.ID
				}
				if !slices.Equal(got, page) {
					t.Errorf("trial %d: items = %v, want %v", trial, got, page)
				}
			}
		})
	}
}
