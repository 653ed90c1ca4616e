package elastic_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

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

// put sends a raw request to the test cluster.
func put(t *testing.T, o elastic.Options, path, body string) {
	t.Helper()
	req, _ := http.NewRequest("PUT", o.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("PUT %s = %d", path, res.StatusCode)
	}
}

func newDataset(t *testing.T, e *elastic.Engine, m search.Mapping) string {
	t.Helper()
	ds := fmt.Sprintf("test-%d", time.Now().UnixNano())
	if err := e.CreateIndex(context.Background(), ds, m); err != nil {
		t.Fatalf("CreateIndex: %v", err)
	}
	t.Cleanup(func() { _ = e.DeleteIndex(context.Background(), ds) })
	return ds
}

// TestMappingConflict re-adds a dropped metadata property with another
// type: the cluster still maps the old one, so the change is refused.
func TestMappingConflict(t *testing.T) {
	o := clusterOptions(t)
	e := newEngine(t, o)
	ctx := context.Background()
	m := search.Mapping{Metadata: []search.MetadataProperty{{Name: "year", Type: search.MetadataInteger}}}
	ds := newDataset(t, e, m)
	if err := e.UpdateMapping(ctx, ds, search.Mapping{}); err != nil {
		t.Fatalf("drop year: %v", err)
	}
	err := e.UpdateMapping(ctx, ds, search.Mapping{Metadata: []search.MetadataProperty{{Name: "year", Type: search.MetadataTerms}}})
	if !errors.Is(err, search.ErrInvalidMapping) || !strings.Contains(err.Error(), "metadata.year") {
		t.Fatalf("re-add year as terms: %v, want search.ErrInvalidMapping naming metadata.year", err)
	}
}

// TestReadOnlyIndex puts the block a full disk puts (flood-stage watermark)
// on the index: writes fail with a clear error, searches still work.
func TestReadOnlyIndex(t *testing.T) {
	o := clusterOptions(t)
	e := newEngine(t, o)
	ctx := context.Background()
	ds := newDataset(t, e, search.Mapping{Fields: []search.Field{{Name: "text", Type: search.FieldText}}})
	doc := search.Document{ID: "r1", Status: search.RecordPending, Fields: map[string]string{"text": "hello"}}
	if err := e.Upsert(ctx, ds, []search.Document{doc}); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	put(t, o, "/"+elastic.IndexName(ds)+"/_settings", `{"index.blocks.read_only_allow_delete": true}`)
	t.Cleanup(func() {
		put(t, o, "/"+elastic.IndexName(ds)+"/_settings", `{"index.blocks.read_only_allow_delete": null}`)
	})
	doc.ID = "r2"
	err := e.Upsert(ctx, ds, []search.Document{doc})
	if !errors.Is(err, search.ErrUnavailable) || !strings.Contains(err.Error(), "refuses writes") {
		t.Fatalf("Upsert on a read-only index: %v, want search.ErrUnavailable saying the cluster refuses writes", err)
	}
	res, err := e.Search(ctx, ds, search.Query{Text: &search.TextQuery{Q: "hello"}, Limit: 10})
	if err != nil || res.Total != 1 {
		t.Fatalf("Search on a read-only index = %+v, %v; want the one record written before the block", res, err)
	}
}
