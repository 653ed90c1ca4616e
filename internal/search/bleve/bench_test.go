package bleve_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/bleve"
	"github.com/extralit/extralit-go/internal/search/searchtest"
)

// benchRecords is the size of the benchmark corpus (searchtest.BenchDocs:
// one text field of 50 words from a Zipf vocabulary, three metadata
// values, one suggestion and one 384-dimension vector per record).
const benchRecords = 100_000

var (
	corpusOnce sync.Once
	corpus     []search.Document
)

// benchCorpus is the corpus of benchRecords records, or of BENCH_RECORDS
// records when that is set (for quicker experiments).
func benchCorpus() []search.Document {
	corpusOnce.Do(func() {
		n := benchRecords
		if v, err := strconv.Atoi(os.Getenv("BENCH_RECORDS")); err == nil && v > 0 {
			n = v
		}
		corpus = searchtest.BenchDocs(n)
	})
	return corpus
}

// load indexes docs in batches into a new dataset of ix.
func load(b testing.TB, ix *bleve.Index, ds string, docs []search.Document, batch int) {
	b.Helper()
	ctx := context.Background()
	if err := ix.CreateIndex(ctx, ds, searchtest.BenchMapping()); err != nil {
		b.Fatalf("CreateIndex: %v", err)
	}
	for i := 0; i < len(docs); i += batch {
		if err := ix.Upsert(ctx, ds, docs[i:min(i+batch, len(docs))]); err != nil {
			b.Fatalf("Upsert: %v", err)
		}
	}
}

// cpuTime is the CPU time (user and system) this process has used: unlike
// wall time, it barely changes when other processes share the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// BenchmarkIndex indexes the 100,000-record corpus; run it with
// -benchtime=1x. It reports records/s and the size of the index on disk.
func BenchmarkIndex(b *testing.B) {
	docs := benchCorpus()
	for _, bc := range []struct {
		batch  int
		unsafe bool
	}{{500, false}, {5000, false}, {500, true}} {
		b.Run(fmt.Sprintf("batch=%d/unsafe=%v", bc.batch, bc.unsafe), func(b *testing.B) {
			var size int64
			start := cpuTime()
			for i := 0; b.Loop(); i++ {
				dir := b.TempDir()
				ix, err := bleve.New(dir, bleve.Options{UnsafeBatch: bc.unsafe})
				if err != nil {
					b.Fatal(err)
				}
				load(b, ix, "ds"+strconv.Itoa(i), docs, bc.batch)
				if err := ix.Close(); err != nil {
					b.Fatal(err)
				}
				size = dirSize(dir)
			}
			cpu := cpuTime() - start
			b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "records/s")
			b.ReportMetric(float64(len(docs)*b.N)/cpu.Seconds(), "records/cpu-s")
			b.ReportMetric(float64(size)/(1<<20), "MiB-on-disk")
		})
	}
}

var (
	queryOnce sync.Once
	queryIx   *bleve.Index
	queryDir  string
)

// queryIndex is the corpus indexed once for every query benchmark.
func queryIndex(b *testing.B) *bleve.Index { return queryIndexT(b) }

func queryIndexT(b testing.TB) *bleve.Index {
	queryOnce.Do(func() {
		var err error
		// BENCH_INDEX_DIR keeps the indexed corpus between runs, to profile
		// queries without indexing every time.
		keep := os.Getenv("BENCH_INDEX_DIR")
		queryDir = keep
		if keep == "" {
			if queryDir, err = os.MkdirTemp("", "bleve-bench-"); err != nil {
				b.Fatal(err)
			}
		}
		if queryIx, err = bleve.New(queryDir, bleve.Options{}); err != nil {
			b.Fatal(err)
		}
		if _, err := queryIx.Count(context.Background(), "ds"); err != nil {
			load(b, queryIx, "ds", benchCorpus(), 5000)
		}
		if keep != "" {
			queryDir = "" // not removed at the end
		}
	})
	return queryIx
}

func TestMain(m *testing.M) {
	code := m.Run()
	if queryIx != nil {
		queryIx.Close()
		if queryDir != "" {
			os.RemoveAll(queryDir)
		}
	}
	os.Exit(code)
}

// runQueries times each query and reports the p50 and p95 latency and the
// CPU time per query.
func runQueries(b *testing.B, queries []search.Query) {
	b.Helper()
	ix := queryIndex(b)
	ctx := context.Background()
	var times []time.Duration
	total := 0
	cpu := cpuTime()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		res, err := ix.Search(ctx, "ds", queries[i%len(queries)])
		times = append(times, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		total += res.Total
	}
	cpu = cpuTime() - cpu
	slices.Sort(times)
	pct := func(p float64) float64 {
		return float64(times[int(p*float64(len(times)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(float64(total)/float64(len(times)), "hits/op")
	// CPU per query is what the query costs; latencies also show how busy
	// the machine was.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(times)), "cpu-ms/op")
}

func BenchmarkSearchText(b *testing.B) {
	var qs []search.Query
	for rank := uint64(5); rank < 400; rank += 7 {
		qs = append(qs, search.Query{Text: &search.TextQuery{Q: searchtest.BenchWord(rank)}, Limit: 50})
	}
	runQueries(b, qs)
}

func BenchmarkSearchTextTwoWords(b *testing.B) {
	var qs []search.Query
	for rank := uint64(5); rank < 400; rank += 7 {
		qs = append(qs, search.Query{Text: &search.TextQuery{Q: searchtest.BenchWord(rank) + " " + searchtest.BenchWord(rank*3+1)}, Limit: 50})
	}
	runQueries(b, qs)
}

func BenchmarkSearchFilter(b *testing.B) {
	var qs []search.Query
	for i, g := range searchtest.BenchGenres {
		qs = append(qs, search.Query{Filters: []search.Filter{
			search.Terms{Scope: search.MetadataScope("genre"), Values: []string{g}},
		}, Offset: i * 50, Limit: 50})
	}
	runQueries(b, qs)
}

func BenchmarkSearchFilterRangeSorted(b *testing.B) {
	var qs []search.Query
	for y := 1990; y < 2020; y += 3 {
		qs = append(qs, search.Query{
			Filters: []search.Filter{search.Range{Scope: search.MetadataScope("year"), GE: search.Num(float64(y)), LE: search.Num(float64(y + 4))}},
			Sort:    []search.Sort{{Scope: search.MetadataScope("score"), Descending: true}},
			Limit:   50,
		})
	}
	runQueries(b, qs)
}

func BenchmarkSearchFilterFloatRange(b *testing.B) {
	var qs []search.Query
	for p := 0; p < 100; p += 10 {
		qs = append(qs, search.Query{
			Filters: []search.Filter{search.Range{Scope: search.MetadataScope("score"), GE: search.Num(float64(p)), LE: search.Num(float64(p + 30))}},
			Limit:   50,
		})
	}
	runQueries(b, qs)
}

func BenchmarkSearchFilterDateRange(b *testing.B) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var qs []search.Query
	for h := 0; h < 24; h += 3 {
		qs = append(qs, search.Query{
			Filters: []search.Filter{search.Range{Scope: search.RecordScope(search.PropInsertedAt), GE: search.At(t0.Add(time.Duration(h) * time.Hour)), LE: search.At(t0.Add(time.Duration(h+5) * time.Hour))}},
			Limit:   50,
		})
	}
	runQueries(b, qs)
}

func BenchmarkSearchSimilarity(b *testing.B) {
	docs := benchCorpus()
	var qs []search.Query
	for i := 0; i < 50; i++ {
		qs = append(qs, search.Query{Vector: &search.VectorQuery{Name: "emb", Value: docs[i*997%len(docs)].Vectors["emb"]}, Limit: 50})
	}
	runQueries(b, qs)
}

func BenchmarkSearchSimilarityFiltered(b *testing.B) {
	docs := benchCorpus()
	var qs []search.Query
	for i := 0; i < 50; i++ {
		qs = append(qs, search.Query{
			Vector:  &search.VectorQuery{Name: "emb", RecordID: docs[i*997%len(docs)].ID},
			Filters: []search.Filter{search.Terms{Scope: search.MetadataScope("genre"), Values: []string{searchtest.BenchGenres[i%len(searchtest.BenchGenres)]}}},
			Limit:   50,
		})
	}
	runQueries(b, qs)
}

// BenchmarkSearchSimilaritySelective filters down to a few hundred records
// (one genre and one year), where only their vectors are scored.
func BenchmarkSearchSimilaritySelective(b *testing.B) {
	docs := benchCorpus()
	var qs []search.Query
	for i := 0; i < 50; i++ {
		qs = append(qs, search.Query{
			Vector: &search.VectorQuery{Name: "emb", Value: docs[i*997%len(docs)].Vectors["emb"]},
			Filters: []search.Filter{
				search.Terms{Scope: search.MetadataScope("genre"), Values: []string{searchtest.BenchGenres[i%len(searchtest.BenchGenres)]}},
				search.Terms{Scope: search.MetadataScope("year"), Values: []string{strconv.Itoa(1990 + i%35)}},
			},
			Limit: 50,
		})
	}
	runQueries(b, qs)
}
