package httpapi_test

import (
	"fmt"
	"testing"
)

// BenchmarkBulkUpsert logs batches of 500 records (a text field, three
// metadata values, one suggestion) through the HTTP API on SQLite and the
// embedded index; records/s = 500 × b.N / elapsed.
func BenchmarkBulkUpsert(b *testing.B) {
	e := newEnv(b, newSQLite(b))
	ds := e.newDataset(b, "bench", true)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		items := make([]any, 500)
		for j := range items {
			items[j] = map[string]any{
				"external_id": fmt.Sprintf("r%d-%d", i, j),
				"fields":      map[string]any{"text": "BRCA1 variants change the response of tumour cells to platinum therapy in mice"},
				"metadata":    map[string]any{"year": 2000 + j%20, "secret": "s", "impact": 1.5},
				"suggestions": []any{map[string]any{"question_id": ds.questions["label"], "value": "yes", "score": 0.5, "agent": "m"}},
			}
		}
		mustStatus(b, e.do("owner", "PUT", "/api/v1/datasets/"+ds.id+"/records/bulk", map[string]any{"items": items}), 200, "bulk")
	}
	b.ReportMetric(float64(500*b.N)/b.Elapsed().Seconds(), "records/s")
}
