package service_test

import (
	"context"
	"reflect"
	"sort"
	"sync"
	"testing"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/service"
	"github.com/extralit/extralit-go/internal/store/storetest"
)

// capturingIndex records the last document indexed for each record ID.
type capturingIndex struct {
	search.Index
	mu   sync.Mutex
	docs map[string]search.Document
}

func (c *capturingIndex) Upsert(ctx context.Context, datasetID string, docs []search.Document) error {
	c.mu.Lock()
	for _, d := range docs {
		c.docs[d.ID] = d
	}
	c.mu.Unlock()
	return c.Index.Upsert(ctx, datasetID, docs)
}

func (c *capturingIndex) take() map[string]search.Document {
	c.mu.Lock()
	defer c.mu.Unlock()
	got := c.docs
	c.docs = map[string]search.Document{}
	return got
}

// TestBulkIndexesWhatReindexWould checks that the documents a bulk write
// indexes from memory (new records) and from the database (updated
// records) equal those a rebuild from the database produces.
func TestBulkIndexesWhatReindexWould(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			var idx *capturingIndex
			svc, owner := newTestService(t, eng.URL(t), func(bl search.Index) search.Index {
				idx = &capturingIndex{Index: bl, docs: map[string]search.Document{}}
				return idx
			})
			w, _ := svc.CreateWorkspaceAsOperator(ctx, "lab", "")
			d, err := svc.CreateDataset(ctx, owner, service.DatasetCreate{Name: "d", WorkspaceID: w.ID})
			if err != nil {
				t.Fatal(err)
			}
			must := func(_ any, err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			must(svc.CreateField(ctx, owner, d.ID, service.FieldCreate{Name: "text", Title: "T", Settings: []byte(`{"type":"text"}`)}))
			label, err := svc.CreateQuestion(ctx, owner, d.ID, service.QuestionCreate{Name: "label", Title: "L",
				Settings: []byte(`{"type":"label_selection","options":[{"value":"yes","text":"Yes"},{"value":"no","text":"No"}]}`)})
			if err != nil {
				t.Fatal(err)
			}
			must(svc.CreateQuestion(ctx, owner, d.ID, service.QuestionCreate{Name: "note", Title: "N", Settings: []byte(`{"type":"text"}`)}))
			must(svc.CreateMetadataProperty(ctx, owner, d.ID, service.MetadataCreate{Name: "year", Title: "Y", Settings: []byte(`{"type":"integer"}`)}))
			must(svc.CreateMetadataProperty(ctx, owner, d.ID, service.MetadataCreate{Name: "journal", Title: "J", Settings: []byte(`{"type":"terms"}`)}))
			must(svc.CreateVectorSettings(ctx, owner, d.ID, "emb", "E", 3))
			must(svc.PublishDataset(ctx, owner, d.ID))

			agent, kind := "model-1", "model"
			ext := func(s string) *string { return &s }
			items := []service.RecordInput{
				{ExternalID: ext("a"), Fields: map[string]any{"text": "platinum therapy"}, FieldsSet: true,
					Metadata: map[string]any{"year": float64(2001), "journal": "cell"}, MetadataSet: true,
					Suggestions: []service.SuggestionInput{{QuestionID: label.ID, Value: "yes", Score: 0.75, Agent: &agent, Type: &kind}},
					Responses: []service.ResponseInput{{UserID: owner.ID, Status: extralit.ResponseSubmitted,
						Values: map[string]extralit.ResponseValue{"label": {Value: "no"}, "note": {Value: "checked"}}}},
					Vectors: map[string][]float32{"emb": {0.1, 0.2, 0.3}}},
				{ExternalID: ext("b"), Fields: map[string]any{"text": "mouse model"}, FieldsSet: true},
			}
			if _, err := svc.BulkRecords(ctx, owner, d.ID, items, false); err != nil {
				t.Fatal(err)
			}
			sameDocs(t, "new records", idx.take(), rebuild(t, svc, idx, d.ID), 2)
			// Update one record: only its metadata changes; what it had
			// before must still be indexed.
			if _, err := svc.BulkRecords(ctx, owner, d.ID, []service.RecordInput{
				{ExternalID: ext("a"), Metadata: map[string]any{"year": float64(2002)}, MetadataSet: true},
			}, false); err != nil {
				t.Fatal(err)
			}
			sameDocs(t, "updated record", idx.take(), rebuild(t, svc, idx, d.ID), 1)
		})
	}
}

func normalize(d *search.Document) {
	sort.Slice(d.Responses, func(i, j int) bool { return d.Responses[i].UserID < d.Responses[j].UserID })
	sort.Slice(d.Suggestions, func(i, j int) bool { return d.Suggestions[i].Question < d.Suggestions[j].Question })
	if len(d.Vectors) == 0 {
		d.Vectors = nil
	}
}

func rebuild(t *testing.T, svc *service.Service, idx *capturingIndex, datasetID string) map[string]search.Document {
	t.Helper()
	if err := svc.Reindex(context.Background(), datasetID, nil); err != nil {
		t.Fatal(err)
	}
	return idx.take()
}

// sameDocs checks that each of the n indexed documents equals its rebuilt
// version.
func sameDocs(t *testing.T, what string, indexed, rebuilt map[string]search.Document, n int) {
	t.Helper()
	if len(indexed) != n {
		t.Fatalf("%s: indexed %d documents, want %d", what, len(indexed), n)
	}
	for id, got := range indexed {
		want, ok := rebuilt[id]
		if !ok {
			t.Fatalf("%s: record %s indexed but not rebuilt", what, id)
		}
		normalize(&got)
		normalize(&want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: record %s indexed as\n%+v\nrebuilt as\n%+v", what, id, got, want)
		}
	}
}
