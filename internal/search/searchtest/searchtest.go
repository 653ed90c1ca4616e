// Package searchtest is the conformance suite of search.Index. Every engine's
// test calls Run; an engine is done when the suite passes unchanged.
package searchtest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/search"
)

// Run runs the whole suite. newIndex returns a fresh, empty engine for one
// test; the suite closes it. Each test creates its own datasets with unique
// IDs, so an engine backed by a shared server works too.
func Run(t *testing.T, newIndex func(t *testing.T) search.Index) {
	t.Run("Lifecycle", func(t *testing.T) { testLifecycle(t, newIndex) })
	t.Run("Text", func(t *testing.T) { testText(t, newIndex) })
	t.Run("TextTies", func(t *testing.T) { testTextTies(t, newIndex) })
	t.Run("Filters", func(t *testing.T) { testFilters(t, newIndex) })
	t.Run("Sort", func(t *testing.T) { testSort(t, newIndex) })
	t.Run("Paging", func(t *testing.T) { testPaging(t, newIndex) })
	t.Run("Writes", func(t *testing.T) { testWrites(t, newIndex) })
	t.Run("Vectors", func(t *testing.T) { testVectors(t, newIndex) })
	t.Run("Invalid", func(t *testing.T) { testInvalid(t, newIndex) })
	t.Run("MappingUpdate", func(t *testing.T) { testMappingUpdate(t, newIndex) })
	t.Run("Concurrent", func(t *testing.T) { testConcurrent(t, newIndex) })
}

// The users of the fixture.
const (
	alice = "a11ce000-0000-4000-8000-000000000001"
	bob   = "b0b00000-0000-4000-8000-000000000002"
)

// t0 is the fixture's clock origin.
var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func minutes(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }

// rid is the ID of fixture record n; IDs sort in the order of n.
func rid(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

// rids returns the IDs of fixture records ns, in the given order.
func rids(ns ...int) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = rid(n)
	}
	return out
}

// newDatasetID returns a dataset ID no other test or run uses.
func newDatasetID(t *testing.T) string {
	t.Helper()
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("random dataset ID: %v", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// fixtureMapping is the schema of the fixture dataset.
func fixtureMapping() search.Mapping {
	return search.Mapping{
		Fields: []search.Field{
			{Name: "title", Type: search.FieldText},
			{Name: "body", Type: search.FieldText},
			{Name: "image", Type: search.FieldImage},
		},
		Metadata: []search.MetadataProperty{
			{Name: "genre", Type: search.MetadataTerms},
			{Name: "year", Type: search.MetadataInteger},
			{Name: "price", Type: search.MetadataFloat},
		},
		Questions: []search.Question{
			{Name: "label", Type: search.QuestionLabel},
			{Name: "labels", Type: search.QuestionMultiLabel},
			{Name: "rating", Type: search.QuestionRating},
			{Name: "comment", Type: search.QuestionText},
			{Name: "spans", Type: search.QuestionSpan},
		},
		Vectors: []search.VectorSettings{
			{Name: "emb", Dimensions: 3},
			{Name: "other", Dimensions: 2},
		},
	}
}

// fixtureDocs are six records. Their default order (inserted_at, then ID)
// is 5, 1, 2, 3, 4, 6: record 5 is the oldest and records 2 and 3 share an
// instant.
func fixtureDocs(datasetID string) []search.Document {
	doc := func(n, inserted int, status search.RecordStatus) search.Document {
		return search.Document{
			ID: rid(n), DatasetID: datasetID, Status: status,
			InsertedAt: minutes(inserted), UpdatedAt: minutes(inserted + 10),
		}
	}
	d1 := doc(1, 1, search.RecordCompleted)
	d1.ExternalID = "ext-1"
	d1.Fields = map[string]string{"title": "Malaria vaccine trial", "body": "A randomized trial of the RTS,S vaccine in children.", "image": "https://example.org/malaria.png"}
	d1.Metadata = map[string]any{"genre": "trial", "year": int64(2019), "price": 1.5}
	d1.Responses = []search.Response{
		{UserID: alice, Status: search.ResponseSubmitted, Values: map[string]any{"label": "yes", "rating": 4, "labels": []any{"a", "b"}}},
		{UserID: bob, Status: search.ResponseDraft, Values: map[string]any{"label": "no", "rating": 2}},
	}
	d1.Suggestions = []search.Suggestion{{Question: "label", Value: "yes", Score: []float64{0.9}, Agent: "gpt", Type: "model"}}
	d1.Vectors = map[string][]float32{"emb": {1, 0, 0}}

	d2 := doc(2, 2, search.RecordPending)
	d2.ExternalID = "ext-2"
	d2.Fields = map[string]string{"title": "Bed nets and malaria", "body": "Insecticide treated bed nets reduce malaria malaria malaria cases."}
	d2.Metadata = map[string]any{"genre": "cohort", "year": int64(2015), "price": 3.25}
	d2.Responses = []search.Response{{UserID: alice, Status: search.ResponseDiscarded}}
	d2.Suggestions = []search.Suggestion{{Question: "label", Value: "no", Score: []float64{0.4}, Agent: "human-1", Type: "human"}}
	d2.Vectors = map[string][]float32{"emb": {0.9, 0.1, 0}}

	d3 := doc(3, 2, search.RecordPending)
	d3.Fields = map[string]string{"title": "Dengue outbreak", "body": "Surveillance of dengue in cities."}
	d3.Metadata = map[string]any{"genre": "surveillance", "year": int64(2021), "price": -2.0}
	d3.Responses = []search.Response{{UserID: bob, Status: search.ResponseSubmitted, Values: map[string]any{"label": "yes", "rating": 5}}}
	d3.Suggestions = []search.Suggestion{{Question: "rating", Value: 3, Score: []float64{0.7}, Agent: "gpt", Type: "model"}}
	d3.Vectors = map[string][]float32{"emb": {0, 1, 0}}

	d4 := doc(4, 3, search.RecordCompleted)
	d4.ExternalID = "ext-4"
	d4.Fields = map[string]string{"title": "Vaccine hesitancy", "body": "Survey of attitudes to the malaria vaccine."}
	d4.Metadata = map[string]any{"genre": []any{"trial", "animal"}, "year": int64(2019), "price": 10.0}
	d4.Responses = []search.Response{
		{UserID: alice, Status: search.ResponseSubmitted, Values: map[string]any{"label": "no", "rating": 1}},
		{UserID: bob, Status: search.ResponseSubmitted, Values: map[string]any{"label": "yes", "rating": 5}},
	}
	d4.Suggestions = []search.Suggestion{{Question: "labels", Value: []any{"a", "c"}, Score: []float64{0.2, 0.8}, Agent: "gpt-4", Type: "selection"}}

	d5 := doc(5, 0, search.RecordPending)
	d5.UpdatedAt = minutes(30)
	d5.Fields = map[string]string{"title": "Zika", "body": "Zika virus transmission."}
	d5.Vectors = map[string][]float32{"emb": {-1, 0, 0}}

	d6 := doc(6, 4, search.RecordPending)
	d6.Fields = map[string]string{"title": "Cholera", "body": "Cholera outbreak response."}
	d6.Metadata = map[string]any{"genre": "cohort", "year": int64(2010), "price": 0.5, "undeclared": "ignored"}
	d6.Suggestions = []search.Suggestion{{Question: "label", Value: "yes"}}
	d6.Vectors = map[string][]float32{"emb": {0, 0, 1}, "other": {1, 1}}

	return []search.Document{d1, d2, d3, d4, d5, d6}
}

// defaultOrder is the fixture's records in inserted_at, ID order.
var defaultOrder = []int{5, 1, 2, 3, 4, 6}

// ordered returns the IDs of records ns in the fixture's default order.
func ordered(ns ...int) []string {
	var out []string
	for _, n := range defaultOrder {
		if slices.Contains(ns, n) {
			out = append(out, rid(n))
		}
	}
	return out
}

// fixture is an engine with the fixture dataset loaded.
type fixture struct {
	ix search.Index
	ds string
}

func open(t *testing.T, newIndex func(t *testing.T) search.Index) search.Index {
	t.Helper()
	ix := newIndex(t)
	t.Cleanup(func() {
		if err := ix.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return ix
}

// load creates a dataset with the fixture mapping and records.
func load(t *testing.T, newIndex func(t *testing.T) search.Index) fixture {
	t.Helper()
	f := fixture{ix: open(t, newIndex), ds: newDatasetID(t)}
	ctx := context.Background()
	if err := f.ix.CreateIndex(ctx, f.ds, fixtureMapping()); err != nil {
		t.Fatalf("CreateIndex: %v", err)
	}
	t.Cleanup(func() { _ = f.ix.DeleteIndex(context.Background(), f.ds) })
	if err := f.ix.Upsert(ctx, f.ds, fixtureDocs(f.ds)); err != nil {
		t.Fatalf("Upsert fixture: %v", err)
	}
	return f
}

func (f fixture) search(t *testing.T, q search.Query) search.Result {
	t.Helper()
	res, err := f.ix.Search(context.Background(), f.ds, q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

// ids returns the IDs of res's items in order.
func ids(res search.Result) []string {
	out := make([]string, len(res.Items))
	for i, h := range res.Items {
		out[i] = h.ID
	}
	return out
}

// name maps fixture IDs back to their record numbers for readable failures.
func name(idList []string) []string {
	out := make([]string, len(idList))
	for i, id := range idList {
		out[i] = id
		for n := 1; n <= 99; n++ {
			if id == rid(n) {
				out[i] = fmt.Sprintf("r%d", n)
			}
		}
	}
	return out
}

// wantPage checks the items (in order) and the total of res.
func wantPage(t *testing.T, res search.Result, want []string, total int) {
	t.Helper()
	if got := ids(res); !slices.Equal(got, want) {
		t.Errorf("items = %v, want %v", name(got), name(want))
	}
	if res.Total != total {
		t.Errorf("total = %d, want %d", res.Total, total)
	}
}

// wantErr checks that err wraps want.
func wantErr(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("error = %v, want one wrapping %v", err, want)
	}
}

// all is a query for every record of a page large enough for the fixture.
func all() search.Query { return search.Query{Limit: 100} }
