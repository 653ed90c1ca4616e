package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/extralit/extralit-go/internal/blob/fileblob"
	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/service"
	"github.com/extralit/extralit-go/internal/store/storetest"
)

// newLabDataset creates and publishes a dataset with a text field, a
// label question, a rating question, integer, float and terms metadata.
func newLabDataset(t testing.TB, p *outboxPair, name string) *extralit.Dataset {
	t.Helper()
	ctx := t.Context()
	s, owner := p.server, p.owner
	d, err := s.CreateDataset(ctx, owner, service.DatasetCreate{Name: name, WorkspaceID: p.dataset.WorkspaceID})
	if err != nil {
		t.Fatal(err)
	}
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.CreateField(ctx, owner, d.ID, service.FieldCreate{Name: "text", Title: "T", Settings: []byte(`{"type":"text"}`)}))
	must(s.CreateQuestion(ctx, owner, d.ID, service.QuestionCreate{Name: "label", Title: "L",
		Settings: []byte(`{"type":"label_selection","options":[{"value":"yes","text":"Yes"},{"value":"no","text":"No"}]}`)}))
	must(s.CreateQuestion(ctx, owner, d.ID, service.QuestionCreate{Name: "stars", Title: "S", Required: ptr(false),
		Settings: []byte(`{"type":"rating","options":[{"value":1},{"value":2},{"value":3}]}`)}))
	must(s.CreateMetadataProperty(ctx, owner, d.ID, service.MetadataCreate{Name: "year", Title: "Y", Settings: []byte(`{"type":"integer"}`)}))
	must(s.CreateMetadataProperty(ctx, owner, d.ID, service.MetadataCreate{Name: "weight", Title: "W", Settings: []byte(`{"type":"float"}`)}))
	must(s.CreateMetadataProperty(ctx, owner, d.ID, service.MetadataCreate{Name: "tags", Title: "G", Settings: []byte(`{"type":"terms"}`)}))
	must(s.PublishDataset(ctx, owner, d.ID))
	return d
}

func questionIDs(t testing.TB, s *service.Service, owner *extralit.User, d *extralit.Dataset) map[string]string {
	t.Helper()
	sc, err := s.Schema(t.Context(), s.Store(), d)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, q := range sc.Questions {
		m[q.Name] = q.ID
	}
	return m
}

// exportFile runs an export and returns the stored file.
func exportFile(t testing.TB, s *service.Service, b blob.Store, d *extralit.Dataset, format string) []byte {
	t.Helper()
	res, err := s.ExportDataset(t.Context(), service.ExportArgs{DatasetID: d.ID, Format: format}, nil)
	if err != nil {
		t.Fatalf("export %s: %v", format, err)
	}
	rc, _, err := b.Get(t.Context(), "lab/"+res.Key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// importFile stores data and runs the import job on it directly.
func importFile(t testing.TB, s *service.Service, b blob.Store, owner *extralit.User, d *extralit.Dataset, format string, data []byte, mapping map[string]string) (*service.ImportResult, error) {
	t.Helper()
	key := "lab/imports/test-" + d.Name + "." + format
	if _, err := b.Put(t.Context(), key, bytes.NewReader(data), int64(len(data)), blob.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	return s.ImportDataset(t.Context(), service.ImportArgs{DatasetID: d.ID, UserID: owner.ID, Format: format, Key: key, Mapping: mapping},
		service.ImportOptions{}, nil)
}

// comparable is an export with what differs between datasets removed
// (record ids, times), records in external_id order.
func comparable(t testing.TB, s *service.Service, b blob.Store, d *extralit.Dataset) []map[string]any {
	t.Helper()
	var rows []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(exportFile(t, s, b, d, "jsonl")), []byte("\n")) {
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "id")
		delete(m, "inserted_at")
		delete(m, "updated_at")
		rows = append(rows, m)
	}
	sort.Slice(rows, func(i, j int) bool {
		return rows[i]["fields"].(map[string]any)["text"].(string) < rows[j]["fields"].(map[string]any)["text"].(string)
	})
	return rows
}

func withBlobs(t testing.TB, p *outboxPair) blob.Store {
	t.Helper()
	b, err := fileblob.New(filepath.Join(t.TempDir(), "storage"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	p.server.SetBlobs(b)
	p.worker.SetBlobs(b)
	return b
}

func TestExportThenImportRoundTrips(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			ctx := t.Context()
			p := newOutboxPair(t, e.URL(t))
			b := withBlobs(t, p)
			src := newLabDataset(t, p, "src")
			qs := questionIDs(t, p.server, p.owner, src)
			agent := "gpt"
			rs, err := p.server.BulkRecords(ctx, p.owner, src.ID, []service.RecordInput{
				{ExternalID: ptr("a"), Fields: map[string]any{"text": "alpha, with a comma"}, MetadataSet: true,
					Metadata: map[string]any{"year": 2020.0, "weight": 0.25, "tags": []any{"x", "y"}},
					Suggestions: []service.SuggestionInput{{QuestionID: qs["label"], Value: "yes", Score: 0.5, Agent: &agent},
						{QuestionID: qs["stars"], Value: 2.0}}},
				{Fields: map[string]any{"text": "beta \"quoted\"\nsecond line"}, MetadataSet: true, Metadata: map[string]any{"tags": "solo"}},
				{ExternalID: ptr("c"), Fields: map[string]any{"text": "gamma"}},
			}, false)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.server.CreateResponse(ctx, p.owner, rs[2].ID, extralit.ResponseSubmitted,
				map[string]extralit.ResponseValue{"label": {Value: "no"}}); err != nil {
				t.Fatal(err)
			}
			want := comparable(t, p.server, b, src)
			// The owner applies what the worker's imports queue.
			runCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
			done := make(chan struct{})
			go func() { defer close(done); p.server.RunOutbox(runCtx, 20*time.Millisecond, nil) }()
			defer func() { stop(); <-done }()
			for _, format := range service.ImportFormats {
				t.Run(format, func(t *testing.T) {
					file := exportFile(t, p.server, b, src, format)
					// Into a new dataset with the same settings, by the worker
					// (outbox mode), then applied by the owner.
					dst := newLabDataset(t, p, "dst-"+format)
					res, err := importFile(t, p.worker, b, p.owner, dst, format, file, nil)
					if err != nil || res.Records != 3 {
						t.Fatalf("import = %+v, %v", res, err)
					}
					if diff := cmp.Diff(want, comparable(t, p.server, b, dst)); diff != "" {
						t.Fatalf("%s round trip changed the records (-export +import):\n%s", format, diff)
					}
					// Back into the source: the records are matched, not added.
					if _, err := importFile(t, p.server, b, p.owner, src, format, file, nil); err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(want, comparable(t, p.server, b, src)); diff != "" {
						t.Fatalf("%s re-import into the source changed it:\n%s", format, diff)
					}
					// Importing the same file twice updates, it does not duplicate.
					if _, err := importFile(t, p.worker, b, p.owner, dst, format, file, nil); err != nil {
						t.Fatal(err)
					}
					if got := len(comparable(t, p.server, b, dst)); got != 3 {
						t.Fatalf("a second import left %d records, want 3", got)
					}
				})
			}
			if got := p.pending(t); got != 0 {
				t.Fatalf("%d outbox rows left after the imports finished", got)
			}
		})
	}
}

func TestImportNamesTheBadRow(t *testing.T) {
	p := newOutboxPair(t, storetest.SQLiteURL(t))
	b := withBlobs(t, p)
	d := newLabDataset(t, p, "rows")
	var lines []string
	for i := range 501 {
		text := `"text": "ok"`
		if i == 500 {
			text = `"text": "bad", "label": "maybe"`
		}
		lines = append(lines, `{"external_id": "r`+strconv.Itoa(i)+`", `+text+`}`)
	}
	_, err := importFile(t, p.server, b, p.owner, d, "jsonl", []byte(strings.Join(lines, "\n")), nil)
	if err == nil || !strings.Contains(err.Error(), "row 501:") || !strings.Contains(err.Error(), "maybe") ||
		!strings.Contains(err.Error(), "the 500 records before it were imported") {
		t.Fatalf("import with a bad row 501 = %v; want an error naming row 501, its value and what was kept", err)
	}
	n, err := p.idx.Count(t.Context(), d.ID)
	if err != nil || n != 500 {
		t.Fatalf("after the failed batch the index has %d records, %v; want the first batch's 500", n, err)
	}
}

func TestImportIDMatchesOnlyThisDataset(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			ctx := t.Context()
			p := newOutboxPair(t, e.URL(t))
			b := withBlobs(t, p)
			src, other := newLabDataset(t, p, "src"), newLabDataset(t, p, "other")
			rs, err := p.server.BulkRecords(ctx, p.owner, src.ID, []service.RecordInput{{Fields: map[string]any{"text": "old"}}}, false)
			if err != nil {
				t.Fatal(err)
			}
			file := []byte("id,text\n" + strings.ToUpper(rs[0].ID) + ",new\n")
			if _, err := importFile(t, p.server, b, p.owner, src, "csv", file, nil); err != nil {
				t.Fatal(err)
			}
			got, total, err := p.server.ListRecords(ctx, p.owner, src.ID, 0, 10, extralit.RecordInclude{})
			if err != nil || total != 1 || got[0].ID != rs[0].ID || got[0].Fields["text"] != "new" {
				t.Fatalf("source after import: %d records, first %+v, %v; want its one record updated", total, got[0], err)
			}
			// The same id in another dataset makes a new record with another id.
			if _, err := importFile(t, p.server, b, p.owner, other, "csv", file, nil); err != nil {
				t.Fatal(err)
			}
			got, total, err = p.server.ListRecords(ctx, p.owner, other.ID, 0, 10, extralit.RecordInclude{})
			if err != nil || total != 1 || got[0].ID == rs[0].ID || got[0].Fields["text"] != "new" {
				t.Fatalf("other dataset after import: %d records, first %+v, %v; want one new record", total, got, err)
			}
		})
	}
}
