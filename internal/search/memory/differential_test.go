package memory_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/bleve"
	"github.com/extralit/extralit-go/internal/search/memory"
)

// TestAgreesWithTheDiskEngine writes the same random records, rewrites and
// deletes to both embedded engines and checks that random queries give the
// same totals and pages: the same order where the order is defined by the
// query's keys and IDs, the same set where it depends on relevance (BM25
// implementations differ in their details).
func TestAgreesWithTheDiskEngine(t *testing.T) {
	ctx := context.Background()
	disk, err := bleve.New(t.TempDir(), bleve.Options{UnsafeBatch: true})
	if err != nil {
		t.Fatal(err)
	}
	defer disk.Close()
	mem := memory.New()
	engines := []search.Index{disk, mem}
	m := search.Mapping{
		Fields: []search.Field{{Name: "title", Type: search.FieldText}, {Name: "body", Type: search.FieldText}},
		Metadata: []search.MetadataProperty{{Name: "genre", Type: search.MetadataTerms},
			{Name: "year", Type: search.MetadataInteger}, {Name: "price", Type: search.MetadataFloat}},
		Questions: []search.Question{{Name: "label", Type: search.QuestionLabel},
			{Name: "labels", Type: search.QuestionMultiLabel}, {Name: "rating", Type: search.QuestionRating}},
		Vectors: []search.VectorSettings{{Name: "emb", Dimensions: 3}},
	}
	for _, ix := range engines {
		if err := ix.CreateIndex(ctx, "ds", m); err != nil {
			t.Fatal(err)
		}
	}
	r := rand.New(rand.NewPCG(7, 11))
	users := []string{"u1", "u2", "u3"}
	words := strings.Fields("malaria vaccine trial dengue zika cohort survey nets cases children outbreak virus")
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	sentence := func(n int) string {
		var b []string
		for range n {
			b = append(b, pick(words))
		}
		return strings.Join(b, " ")
	}
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	doc := func(i int) search.Document {
		d := search.Document{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Status: search.RecordPending,
			InsertedAt: t0.Add(time.Duration(r.IntN(50)) * time.Minute), UpdatedAt: t0.Add(time.Duration(r.IntN(500)) * time.Minute),
			Fields: map[string]string{"title": sentence(1 + r.IntN(3)), "body": sentence(3 + r.IntN(8))}, Metadata: map[string]any{}}
		if r.IntN(2) == 0 {
			d.Status = search.RecordCompleted
		}
		if r.IntN(3) > 0 {
			d.ExternalID = fmt.Sprintf("ext-%d", r.IntN(1000))
		}
		if r.IntN(4) > 0 {
			d.Metadata["genre"] = pick([]string{"trial", "cohort", "survey"})
		}
		if r.IntN(4) > 0 {
			d.Metadata["year"] = int64(2000 + r.IntN(10))
		}
		if r.IntN(4) > 0 {
			d.Metadata["price"] = float64(r.IntN(40)) / 4
		}
		for _, u := range users {
			if r.IntN(2) == 0 {
				continue
			}
			d.Responses = append(d.Responses, search.Response{UserID: u, Status: []search.ResponseStatus{search.ResponseDraft, search.ResponseSubmitted, search.ResponseDiscarded}[r.IntN(3)],
				Values: map[string]any{"label": pick([]string{"yes", "no"}), "rating": r.IntN(5) + 1, "labels": []any{pick([]string{"a", "b"}), pick([]string{"c", "d"})}}})
		}
		if r.IntN(2) == 0 {
			d.Suggestions = append(d.Suggestions, search.Suggestion{Question: "label", Value: pick([]string{"yes", "no"}),
				Score: []float64{float64(r.IntN(10)) / 10}, Agent: pick([]string{"gpt", "human"}), Type: "model"})
		}
		if r.IntN(3) > 0 {
			d.Vectors = map[string][]float32{"emb": {float32(r.NormFloat64()), float32(r.NormFloat64()), float32(r.NormFloat64())}}
		}
		return d
	}
	write := func(docs []search.Document) {
		for _, ix := range engines {
			if err := ix.Upsert(ctx, "ds", docs); err != nil {
				t.Fatal(err)
			}
		}
	}
	const n = 400
	for start := 0; start < n; start += 100 {
		var docs []search.Document
		for i := start; i < start+100; i++ {
			docs = append(docs, doc(i))
		}
		write(docs)
	}
	var rewrites []search.Document
	for range 150 {
		rewrites = append(rewrites, doc(r.IntN(n)))
	}
	write(rewrites)
	var gone []string
	for range 40 {
		gone = append(gone, fmt.Sprintf("00000000-0000-4000-8000-%012d", r.IntN(n)))
	}
	for _, ix := range engines {
		if err := ix.Delete(ctx, "ds", gone); err != nil {
			t.Fatal(err)
		}
	}

	scopes := []search.Scope{search.MetadataScope("genre"), search.MetadataScope("year"), search.MetadataScope("price"),
		search.RecordScope(search.PropStatus), search.RecordScope(search.PropExternalID), search.RecordScope(search.PropInsertedAt),
		search.RecordScope(search.PropUpdatedAt), search.SuggestionScope("label", search.PropValue), search.SuggestionScope("label", search.PropScore),
		search.SuggestionScope("label", search.PropAgent), search.ResponseValueScope("rating"), search.ResponseValueScope("label"),
		search.ResponseValueScope("labels"), search.ResponseStatusScope()}
	filter := func() search.Filter {
		switch r.IntN(8) {
		case 0:
			return search.Terms{Scope: search.MetadataScope("genre"), Values: []string{pick([]string{"trial", "cohort", "survey"})}}
		case 1:
			lo := float64(2000 + r.IntN(10))
			return search.Range{Scope: search.MetadataScope("year"), GE: search.Num(lo), LE: search.Num(lo + 3)}
		case 2:
			return search.Range{Scope: search.MetadataScope("price"), LE: search.Num(float64(r.IntN(40)) / 4)}
		case 3:
			return search.Terms{Scope: search.RecordScope(search.PropStatus), Values: []string{"completed"}}
		case 4:
			return search.Terms{Scope: search.ResponseStatusScope(), Values: []string{pick([]string{"draft", "submitted", "discarded", "pending"})}}
		case 5:
			return search.Range{Scope: search.ResponseValueScope("rating"), GE: search.Num(float64(1 + r.IntN(5)))}
		case 6:
			return search.Terms{Scope: search.SuggestionScope("label", search.PropValue), Values: []string{"yes"}}
		}
		return search.Range{Scope: search.RecordScope(search.PropInsertedAt), GE: search.At(t0.Add(time.Duration(r.IntN(50)) * time.Minute))}
	}
	for i := range 400 {
		q := search.Query{Limit: 1 + r.IntN(30), Offset: r.IntN(40)}
		if r.IntN(3) == 0 {
			q.UserID = pick(users)
		}
		for range r.IntN(3) {
			q.Filters = append(q.Filters, filter())
		}
		for range r.IntN(3) {
			q.Sort = append(q.Sort, search.Sort{Scope: scopes[r.IntN(len(scopes))], Descending: r.IntN(2) == 0})
		}
		switch r.IntN(4) {
		case 0:
			q.Text = &search.TextQuery{Q: sentence(1 + r.IntN(2))}
			if r.IntN(3) == 0 {
				q.Text.Field = pick([]string{"title", "body"})
			}
		case 1:
			q.Sort = nil
			q.Vector = &search.VectorQuery{Name: "emb", Value: []float32{float32(r.NormFloat64()), float32(r.NormFloat64()), 1}}
			if r.IntN(2) == 0 {
				q.Vector.Order = search.LeastSimilar
			}
		}
		var res [2]search.Result
		for e, ix := range engines {
			if res[e], err = ix.Search(ctx, "ds", q); err != nil {
				t.Fatalf("query %d (%+v) on engine %d: %v", i, q, e, err)
			}
		}
		disk, mem := ids(res[0]), ids(res[1])
		if res[0].Total != res[1].Total {
			t.Fatalf("query %d %s: totals differ: disk %d, memory %d", i, describe(q), res[0].Total, res[1].Total)
		}
		if q.Text != nil && len(q.Sort) == 0 {
			// Relevance orders differ; compare the whole match set.
			q.Offset, q.Limit = 0, n
			all := [2]search.Result{}
			for e, ix := range engines {
				all[e], _ = ix.Search(ctx, "ds", q)
			}
			a, b := ids(all[0]), ids(all[1])
			slices.Sort(a)
			slices.Sort(b)
			if !slices.Equal(a, b) {
				t.Fatalf("query %d %s: matches differ:\ndisk   %v\nmemory %v", i, describe(q), a, b)
			}
			continue
		}
		if !slices.Equal(disk, mem) {
			t.Fatalf("query %d %s: pages differ:\ndisk   %v\nmemory %v", i, describe(q), disk, mem)
		}
	}
}

func ids(res search.Result) []string {
	out := make([]string, len(res.Items))
	for i, h := range res.Items {
		out[i] = h.ID[len(h.ID)-4:]
	}
	return out
}

func describe(q search.Query) string {
	var b strings.Builder
	if q.Text != nil {
		fmt.Fprintf(&b, "text %q in %q; ", q.Text.Q, q.Text.Field)
	}
	if q.Vector != nil {
		fmt.Fprintf(&b, "vector %v %s; ", q.Vector.Value, q.Vector.Order)
	}
	for _, f := range q.Filters {
		fmt.Fprintf(&b, "filter %+v; ", f)
	}
	for _, s := range q.Sort {
		fmt.Fprintf(&b, "sort %+v; ", s)
	}
	fmt.Fprintf(&b, "user %q offset %d limit %d", q.UserID, q.Offset, q.Limit)
	return b.String()
}
