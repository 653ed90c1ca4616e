package bleve_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/bleve"
)

func vectorDoc(id string, v ...float32) search.Document {
	return search.Document{ID: id, Status: search.RecordPending, InsertedAt: time.Unix(1, 0),
		Fields: map[string]string{"text": "hello " + id}, Vectors: map[string][]float32{"v": v}}
}

var persistMapping = search.Mapping{
	Fields:  []search.Field{{Name: "text", Type: search.FieldText}},
	Vectors: []search.VectorSettings{{Name: "v", Dimensions: 2}},
}

func similar(t *testing.T, ix search.Index, ds string) []string {
	t.Helper()
	res, err := ix.Search(context.Background(), ds, search.Query{Vector: &search.VectorQuery{Name: "v", Value: []float32{1, 0}}, Limit: 10})
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	var ids []string
	for _, h := range res.Items {
		ids = append(ids, h.ID)
	}
	return ids
}

func openAt(t *testing.T, dir string) *bleve.Index {
	t.Helper()
	ix, err := bleve.New(dir, bleve.Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return ix
}

// TestRestart checks that documents, vectors, deletes and mapping changes
// survive closing and reopening the engine.
func TestRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix := openAt(t, dir)
	if err := ix.CreateIndex(ctx, "ds", persistMapping); err != nil {
		t.Fatal(err)
	}
	docs := []search.Document{vectorDoc("a", 1, 0), vectorDoc("b", 1, 1), vectorDoc("c", 0, 1), vectorDoc("d", -1, 0)}
	if err := ix.Upsert(ctx, "ds", docs); err != nil {
		t.Fatal(err)
	}
	// Replace one vector, delete a record, add a vector space.
	if err := ix.Upsert(ctx, "ds", []search.Document{vectorDoc("c", 1, 0.5)}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Delete(ctx, "ds", []string{"b"}); err != nil {
		t.Fatal(err)
	}
	m := persistMapping
	m.Metadata = []search.MetadataProperty{{Name: "n", Type: search.MetadataInteger}}
	if err := ix.UpdateMapping(ctx, "ds", m); err != nil {
		t.Fatal(err)
	}
	before := similar(t, ix, "ds")
	if want := []string{"a", "c", "d"}; !slices.Equal(before, want) {
		t.Fatalf("before restart: %v, want %v", before, want)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ix = openAt(t, dir)
	defer ix.Close()
	if after := similar(t, ix, "ds"); !slices.Equal(after, before) {
		t.Errorf("after restart: %v, want %v", after, before)
	}
	if n, err := ix.Count(ctx, "ds"); err != nil || n != 3 {
		t.Errorf("Count = %d, %v; want 3", n, err)
	}
	got, err := ix.Mapping(ctx, "ds")
	if err != nil || len(got.Metadata) != 1 {
		t.Errorf("Mapping = %+v, %v; want the updated mapping", got, err)
	}
}

// TestTornVectorLog checks that a log cut mid-record (a crash during an
// append) opens with every whole record kept.
func TestTornVectorLog(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix := openAt(t, dir)
	if err := ix.CreateIndex(ctx, "ds", persistMapping); err != nil {
		t.Fatal(err)
	}
	if err := ix.Upsert(ctx, "ds", []search.Document{vectorDoc("a", 1, 0), vectorDoc("b", 0, 1)}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Upsert(ctx, "ds", []search.Document{vectorDoc("c", 1, 1)}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(dir, "ds", "vectors.log")
	info, err := os.Stat(logPath)
	if err != nil {
		t.Fatal(err)
	}
	// The last append wrote a delete record and a put record for c; cut
	// the put in half.
	if err := os.Truncate(logPath, info.Size()-5); err != nil {
		t.Fatal(err)
	}
	ix = openAt(t, dir)
	if got := similar(t, ix, "ds"); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("after a torn append: %v, want [a b]", got)
	}
	// The log is usable again: a new write survives another restart.
	if err := ix.Upsert(ctx, "ds", []search.Document{vectorDoc("c", 1, 1)}); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix = openAt(t, dir)
	defer ix.Close()
	if got := similar(t, ix, "ds"); !slices.Equal(got, []string{"a", "c", "b"}) {
		t.Errorf("after rewriting: %v, want [a c b]", got)
	}
}

// TestVectorLogCompaction checks that rewriting the same vectors many times
// does not grow the log without bound once the engine reopens.
func TestVectorLogCompaction(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix := openAt(t, dir)
	m := search.Mapping{Vectors: []search.VectorSettings{{Name: "v", Dimensions: 256}}}
	if err := ix.CreateIndex(ctx, "ds", m); err != nil {
		t.Fatal(err)
	}
	v := make([]float32, 256)
	for round := range 60 {
		var docs []search.Document
		for i := range 20 {
			v[0] = float32(round + i + 1)
			docs = append(docs, search.Document{ID: string(rune('a' + i)), InsertedAt: time.Unix(1, 0), Vectors: map[string][]float32{"v": slices.Clone(v)}})
		}
		if err := ix.Upsert(ctx, "ds", docs); err != nil {
			t.Fatal(err)
		}
	}
	ix.Close()
	logPath := filepath.Join(dir, "ds", "vectors.log")
	big, _ := os.Stat(logPath)
	ix = openAt(t, dir)
	defer func() { ix.Close() }()
	// Datasets open, and compact, on first use.
	res, err := ix.Search(ctx, "ds", search.Query{Vector: &search.VectorQuery{Name: "v", Value: v}, Limit: 100})
	if err != nil || res.Total != 20 {
		t.Errorf("after compaction: total %d, %v; want 20", res.Total, err)
	}
	small, _ := os.Stat(logPath)
	if small.Size() >= big.Size()/10 {
		t.Errorf("log is %d bytes after reopening, %d before: not compacted", small.Size(), big.Size())
	}
	// The compacted log holds the latest vectors.
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = openAt(t, dir)
	res, err = ix.Search(ctx, "ds", search.Query{Vector: &search.VectorQuery{Name: "v", RecordID: "a"}, Limit: 100})
	if err != nil || res.Total != 19 {
		t.Errorf("after reopening the compacted log: total %d, %v; want 19", res.Total, err)
	}
}

func TestBadDatasetID(t *testing.T) {
	ix := newIndex(t)
	defer ix.Close()
	for _, id := range []string{"", "../escape", "a/b", ".hidden"} {
		err := ix.CreateIndex(context.Background(), id, persistMapping)
		if err == nil || errors.Is(err, search.ErrIndexExists) {
			t.Errorf("CreateIndex(%q) = %v, want an invalid ID error", id, err)
		}
	}
}
