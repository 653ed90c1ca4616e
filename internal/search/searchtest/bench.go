package searchtest

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/search"
)

// The benchmark corpus: BenchRecords records (BENCH_RECORDS overrides it for
// quicker runs), each with one text field of 50 words drawn from a
// Zipf-distributed vocabulary, three metadata values, one label suggestion
// and one 384-dimension vector. The same seed makes the same records for
// every engine.
const (
	BenchRecords = 100_000
	benchDims    = 384
	benchVocab   = 20_000
	benchBatch   = 500 // records per Upsert, as the API's bulk endpoint sends them
	benchLimit   = 50  // page size of every benchmark query
	benchQueries = 64  // distinct queries of each kind, used in turn
)

// BenchGenres are the values of the benchmark records' terms metadata "genre".
var BenchGenres = []string{"trial", "cohort", "survey", "case", "review", "meta", "model", "lab", "field", "other"}

// BenchMapping is the schema of the benchmark records.
func BenchMapping() search.Mapping {
	return search.Mapping{
		Fields: []search.Field{{Name: "text", Type: search.FieldText}},
		Metadata: []search.MetadataProperty{
			{Name: "genre", Type: search.MetadataTerms},
			{Name: "year", Type: search.MetadataInteger},
			{Name: "score", Type: search.MetadataFloat},
		},
		Questions: []search.Question{{Name: "label", Type: search.QuestionLabel}},
		Vectors:   []search.VectorSettings{{Name: "emb", Dimensions: benchDims}},
	}
}

// BenchWord is the vocabulary's word of rank i (0 is the most frequent).
func BenchWord(i uint64) string { return "w" + strconv.FormatUint(i, 36) }

// BenchDocs makes n benchmark records; the same n gives the same records.
func BenchDocs(n int) []search.Document {
	r := rand.New(rand.NewPCG(2026, 6))
	zipf := rand.NewZipf(r, 1.1, 1, benchVocab-1)
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	labels := []string{"yes", "no", "maybe"}
	docs := make([]search.Document, n)
	var sb strings.Builder
	for i := range docs {
		sb.Reset()
		for w := range 50 {
			if w > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(BenchWord(zipf.Uint64()))
		}
		vec := make([]float32, benchDims)
		for j := range vec {
			vec[j] = float32(r.NormFloat64())
		}
		at := start.Add(time.Duration(i) * time.Second)
		docs[i] = search.Document{
			ID:     fmt.Sprintf("00000000-0000-4000-8000-%012d", i),
			Status: search.RecordPending,
			Fields: map[string]string{"text": sb.String()},
			Metadata: map[string]any{
				"genre": BenchGenres[r.IntN(len(BenchGenres))],
				"year":  int64(1990 + r.IntN(35)),
				"score": r.Float64() * 100,
			},
			Suggestions: []search.Suggestion{{Question: "label", Value: labels[r.IntN(3)], Score: []float64{r.Float64()}, Agent: "model-a", Type: "model"}},
			Vectors:     map[string][]float32{"emb": vec},
			InsertedAt:  at,
			UpdatedAt:   at,
		}
	}
	return docs
}

var (
	benchCorpusOnce sync.Once
	benchCorpus     []search.Document
)

// benchDocs is the shared corpus, made once per test binary.
func benchDocs() []search.Document {
	benchCorpusOnce.Do(func() {
		n := BenchRecords
		if v, err := strconv.Atoi(os.Getenv("BENCH_RECORDS")); err == nil && v > 0 {
			n = v
		}
		benchCorpus = BenchDocs(n)
	})
	return benchCorpus
}

// benchEngine is one engine under benchmark and the dataset loaded into it.
type benchEngine struct {
	ix search.Index
	ds string
}

// load indexes the corpus into a new dataset in batches of benchBatch and
// returns the indexing rate in records per second.
func (e *benchEngine) load(b *testing.B) float64 {
	b.Helper()
	ctx := context.Background()
	ds := fmt.Sprintf("bench-%d", time.Now().UnixNano())
	if err := e.ix.CreateIndex(ctx, ds, BenchMapping()); err != nil {
		b.Fatalf("CreateIndex: %v", err)
	}
	docs := benchDocs()
	began := time.Now()
	for i := 0; i < len(docs); i += benchBatch {
		if err := e.ix.Upsert(ctx, ds, docs[i:min(i+benchBatch, len(docs))]); err != nil {
			_ = e.ix.DeleteIndex(ctx, ds)
			b.Fatalf("Upsert records %d–%d: %v", i, min(i+benchBatch, len(docs))-1, err)
		}
	}
	rate := float64(len(docs)) / time.Since(began).Seconds()
	if n, err := e.ix.Count(ctx, ds); err != nil || n != len(docs) {
		b.Fatalf("Count after loading = %d, %v; want %d", n, err, len(docs))
	}
	if e.ds != "" {
		_ = e.ix.DeleteIndex(ctx, e.ds)
	}
	e.ds = ds
	return rate
}

// Bench benchmarks one engine on the shared corpus:
//
//   - Index: indexing the whole corpus (BenchRecords records) into a new
//     dataset in batches of 500; reports records/s;
//   - Text, Filter, Similarity: one query per operation, limit 50, on the
//     loaded dataset (a frequent word; one genre; the vector
//     of a corpus record), each kind cycling through 64 fixed queries;
//     each reports its p50 and p95 latency in milliseconds. Similarity also
//     reports recall@50, the share of the true 50 nearest (by an exact scan
//     in Go) that the engine returned: 1 for an exact engine.
//
// open returns the engine; Bench closes it and deletes its datasets. Only
// `go test -bench` runs benchmarks, so a plain `go test` never loads the
// corpus.
func Bench(b *testing.B, open func(b *testing.B) search.Index) {
	e := &benchEngine{ix: open(b)}
	b.Cleanup(func() {
		if e.ds != "" {
			_ = e.ix.DeleteIndex(context.Background(), e.ds)
		}
		_ = e.ix.Close()
	})
	loaded := func(b *testing.B) {
		b.Helper()
		if e.ds == "" {
			e.load(b)
		}
	}
	b.Run("Index", func(b *testing.B) {
		var rate float64
		for b.Loop() {
			rate = e.load(b)
		}
		b.ReportMetric(rate, "records/s")
	})
	b.Run("Text", func(b *testing.B) {
		loaded(b)
		queries := make([]search.Query, benchQueries)
		for i := range queries {
			// Ranks 20–83: words in roughly 5 to 20 percent of the records.
			queries[i] = search.Query{Text: &search.TextQuery{Q: BenchWord(uint64(20 + i))}, Limit: benchLimit}
		}
		benchQueriesLatency(b, e, queries)
	})
	b.Run("Filter", func(b *testing.B) {
		loaded(b)
		queries := make([]search.Query, benchQueries)
		for i := range queries {
			queries[i] = search.Query{Limit: benchLimit, Filters: []search.Filter{
				search.Terms{Scope: search.MetadataScope("genre"), Values: []string{BenchGenres[i%len(BenchGenres)]}},
			}}
		}
		benchQueriesLatency(b, e, queries)
	})
	b.Run("Similarity", func(b *testing.B) {
		loaded(b)
		docs := benchDocs()
		queries := make([]search.Query, benchQueries)
		for i := range queries {
			v := docs[(i*7919)%len(docs)].Vectors["emb"]
			queries[i] = search.Query{Vector: &search.VectorQuery{Name: "emb", Value: v}, Limit: benchLimit}
		}
		results := benchQueriesLatency(b, e, queries)
		b.ReportMetric(recall(docs, queries, results), "recall@50")
	})
}

// benchQueriesLatency runs queries in turn, one per operation, and reports
// the p50 and p95 latency. It returns the first result of each query.
func benchQueriesLatency(b *testing.B, e *benchEngine, queries []search.Query) []search.Result {
	b.Helper()
	ctx := context.Background()
	results := make([]search.Result, len(queries))
	var took []time.Duration
	i := 0
	for b.Loop() {
		q := queries[i%len(queries)]
		began := time.Now()
		res, err := e.ix.Search(ctx, e.ds, q)
		took = append(took, time.Since(began))
		if err != nil {
			b.Fatalf("Search: %v", err)
		}
		if res.Total == 0 {
			b.Fatalf("query %d found nothing", i%len(queries))
		}
		if i < len(queries) {
			results[i] = res
		}
		i++
	}
	slices.Sort(took)
	b.ReportMetric(percentile(took, 50), "p50-ms")
	b.ReportMetric(percentile(took, 95), "p95-ms")
	return results[:min(i, len(queries))]
}

// percentile returns the p-th percentile of sorted, in milliseconds.
func percentile(sorted []time.Duration, p int) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p+99)/100 - 1
	return float64(sorted[max(i, 0)]) / float64(time.Millisecond)
}

// recall is the mean share, over the queries that ran, of the true
// benchLimit nearest records (exact cosine over docs) in the result.
func recall(docs []search.Document, queries []search.Query, results []search.Result) float64 {
	if len(results) == 0 {
		return 0
	}
	type scored struct {
		id  string
		cos float64
	}
	sum := 0.0
	for qi, res := range results {
		q := queries[qi].Vector.Value
		all := make([]scored, len(docs))
		for i, d := range docs {
			all[i] = scored{d.ID, Cosine(q, d.Vectors["emb"])}
		}
		slices.SortFunc(all, func(a, b scored) int {
			if a.cos != b.cos {
				if a.cos > b.cos {
					return -1
				}
				return 1
			}
			return strings.Compare(a.id, b.id)
		})
		found := 0
		for _, h := range res.Items {
			if slices.ContainsFunc(all[:benchLimit], func(s scored) bool { return s.id == h.ID }) {
				found++
			}
		}
		sum += float64(found) / benchLimit
	}
	return sum / float64(len(results))
}

// Cosine is the cosine similarity of a and b, computed in float64: the exact
// reference that approximate engines are checked against.
func Cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	return dot / math.Sqrt(na*nb)
}
