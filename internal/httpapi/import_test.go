package httpapi_test

import (
	"bytes"
	"strings"
	"testing"
)

// TestImportUploadChecks shows what an import upload refuses before any
// job starts. This API runs without a job queue, so a file that passes
// every check answers 503 (jobs not configured): proof that it got past
// them.
func TestImportUploadChecks(t *testing.T) {
	forEngine(t, func(t *testing.T, newURL func(t *testing.T) string) {
		e := newEnvWith(t, newURL(t), 1<<20)
		ds := e.newDataset(t, "imports", false)
		path := "/api/v1/datasets/" + ds.id + "/imports"
		good := []byte(`{"text": "a", "year": 2020, "label": "yes", "external_id": "x"}` + "\n")
		for _, c := range []struct {
			name     string
			fields   map[string]string
			file     string
			content  []byte
			status   int
			contains string
		}{
			{"good JSON Lines", nil, "data.jsonl", good, 503, "background jobs are not configured"},
			{"format field wins over the extension", map[string]string{"format": "jsonl"}, "data.txt", good, 503, "background jobs"},
			{"unknown extension", nil, "data.xlsx", good, 422, "name it .jsonl, .csv or .parquet"},
			{"unknown format field", map[string]string{"format": "xml"}, "data.jsonl", good, 422, `import format "xml" is not one of jsonl, csv, parquet`},
			{"empty file", nil, "data.csv", []byte("  \n"), 422, "the file is empty"},
			{"header without rows", nil, "data.csv", []byte("text,year\n"), 422, "the csv file has no records"},
			{"malformed JSON line", nil, "data.jsonl", append(good, []byte("{\"text\": \n")...), 422, "line 2 is not a JSON object"},
			{"CSV row with too many cells", nil, "data.csv", []byte("text,year\na,1\nb,2,3\n"), 422, "CSV line 3 does not have as many columns as the header"},
			{"CSV with an unclosed quote", nil, "data.csv", []byte("text\n\"open\n"), 422, "is malformed"},
			{"not Parquet", nil, "data.parquet", []byte("PAR1 but not really"), 422, "not a readable Parquet file"},
			{"unknown column", nil, "data.csv", []byte("text,colour\na,red\n"), 422, `column "colour" matches no field`},
			{"unknown column mapped away", map[string]string{"mapping": `{"colour": "ignore"}`}, "data.csv", []byte("text,colour\na,red\n"), 503, "background jobs"},
			{"column mapped to a field", map[string]string{"mapping": `{"abstract": "field:text", "yr": "metadata:year"}`}, "data.csv", []byte("abstract,yr\na,2001\n"), 503, "background jobs"},
			{"unknown mapping target", map[string]string{"mapping": `{"text": "field:title"}`}, "data.csv", []byte("text\na\n"), 422, `the dataset has no field "title"`},
			{"unknown mapping kind", map[string]string{"mapping": `{"text": "vector:emb"}`}, "data.csv", []byte("text\na\n"), 422, "a target is field:NAME"},
			{"mapping names a missing column", map[string]string{"mapping": `{"abstract": "field:text"}`}, "data.csv", []byte("text\na\n"), 422, `names column "abstract", which the file does not have`},
			{"mapping is not JSON", map[string]string{"mapping": `text=field`}, "data.csv", []byte("text\na\n"), 422, "mapping must be a JSON object"},
			{"metadata that is not a number", nil, "data.csv", []byte("text,year\na,1999\nb,soon\n"), 422, `row 2: metadata "year" is "soon", not a number`},
			{"too large", nil, "data.jsonl", bytes.Repeat(good, (1<<20)/len(good)+100), 413, "larger than the limit"},
		} {
			t.Run(c.name, func(t *testing.T) {
				res := e.upload("owner", path, c.fields, "file", c.file, c.content)
				detail, _ := res.json(t)["detail"].(string)
				if res.status != c.status || !strings.Contains(detail, c.contains) {
					t.Fatalf("upload = %d %s; want %d containing %q", res.status, res.body, c.status, c.contains)
				}
			})
		}
		// No file part at all.
		if res := e.upload("owner", path, map[string]string{"format": "csv"}, "", "", nil); res.status != 422 || !strings.Contains(string(res.body), "part named file") {
			t.Fatalf("upload without a file = %d %s", res.status, res.body)
		}
		// Who may import: owners and admins of the workspace, as for exports.
		for role, want := range map[string]int{"admin": 503, "annotator": 403, "anonymous": 401} {
			if res := e.upload(role, path, nil, "file", "data.jsonl", good); res.status != want {
				t.Errorf("import as %s = %d %s, want %d", role, res.status, res.body, want)
			}
		}
	})
}
