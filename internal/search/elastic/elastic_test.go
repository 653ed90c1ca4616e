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

// cluster is one test cluster: its options and the flavor it must have.
type cluster struct {
	name   string // the environment variable that names it
	o      elastic.Options
	flavor string // required flavor, or "" for any
}

// clusters returns the test clusters the environment names, or skips when it
// names none: TEST_ELASTIC_URL (flavor TEST_ELASTIC_FLAVOR when set; CI
// points it at OpenSearch) and TEST_ELASTICSEARCH8_URL (must be
// Elasticsearch). A named cluster that is down fails the test.
func clusters(t *testing.T) []cluster {
	t.Helper()
	var out []cluster
	if u := os.Getenv("TEST_ELASTIC_URL"); u != "" {
		out = append(out, cluster{name: "TEST_ELASTIC_URL", o: elastic.Options{URL: u}, flavor: os.Getenv("TEST_ELASTIC_FLAVOR")})
	}
	if u := os.Getenv("TEST_ELASTICSEARCH8_URL"); u != "" {
		out = append(out, cluster{name: "TEST_ELASTICSEARCH8_URL", o: elastic.Options{URL: u}, flavor: string(elastic.Elasticsearch)})
	}
	if len(out) == 0 {
		t.Skip("neither TEST_ELASTIC_URL nor TEST_ELASTICSEARCH8_URL is set (e.g. http://127.0.0.1:9200; " +
			".ci/opensearch.sh and .ci/elasticsearch.sh start one each)")
	}
	return out
}

// eachCluster runs test once per test cluster, as a subtest named after the
// cluster's variable.
func eachCluster(t *testing.T, test func(t *testing.T, c cluster)) {
	for _, c := range clusters(t) {
		t.Run(c.name, func(t *testing.T) {
			// A named cluster that cannot be opened fails here once, not
			// in every case of the test.
			_ = newEngine(t, c).Close()
			test(t, c)
		})
	}
}

func newEngine(t *testing.T, c cluster) *elastic.Engine {
	t.Helper()
	e, err := elastic.New(context.Background(), c.o)
	if err != nil {
		t.Fatalf("New (%s=%s): %v", c.name, c.o.URL, err)
	}
	if c.flavor != "" && string(e.Flavor()) != c.flavor {
		t.Fatalf("%s: flavor = %s, want %s", c.name, e.Flavor(), c.flavor)
	}
	return e
}

func TestConformance(t *testing.T) {
	eachCluster(t, func(t *testing.T, c cluster) {
		searchtest.Run(t, func(t *testing.T) search.Index { return newEngine(t, c) })
	})
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
func TestMappingConflict(t *testing.T) { eachCluster(t, testMappingConflict) }

func testMappingConflict(t *testing.T, c cluster) {
	e := newEngine(t, c)
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
func TestReadOnlyIndex(t *testing.T) { eachCluster(t, testReadOnlyIndex) }

func testReadOnlyIndex(t *testing.T, c cluster) {
	o := c.o
	e := newEngine(t, c)
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
