package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// tinyPDF is a minimal valid PDF for upload tests.
const tinyPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

// upload posts a multipart form as role.
func (e *env) upload(role, path string, fields map[string]string, fileField, fileName string, content []byte) response {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if fileField != "" {
		fw, _ := mw.CreateFormFile(fileField, fileName)
		_, _ = fw.Write(content)
	}
	_ = mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if key := e.keys[role]; key != "" {
		req.Header.Set("X-Extralit-Api-Key", key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: data, header: res.Header}
}

func (e *env) get(role, path string, header map[string]string) response {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if key := e.keys[role]; key != "" {
		req.Header.Set("X-Extralit-Api-Key", key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: data, header: res.Header}
}

func TestDocumentUploadEncodings(t *testing.T) {
	forEngine(t, func(t *testing.T, newURL func(t *testing.T) string) {
		e := newEnv(t, newURL(t))
		create, _ := json.Marshal(map[string]any{"workspace_id": e.lab.ID, "reference": "smith2020", "pmid": "123", "file_path": "/tmp/x.pdf"})
		res := e.upload("owner", "/api/v1/documents", map[string]string{"document_create": string(create)}, "file_data", "smith.pdf", []byte(tinyPDF))
		if res.status != 201 {
			t.Fatalf("document_create upload = %d %s", res.status, res.body)
		}
		var id string
		if err := json.Unmarshal(res.body, &id); err != nil || len(id) != 36 {
			t.Fatalf("answer is not a JSON string id: %s", res.body)
		}
		res = e.upload("owner", "/api/v1/documents", map[string]string{"workspace_id": e.lab.ID, "reference": "jones2021", "doi": "10.1/x", "pmid": ""}, "file_data", "jones.pdf", []byte(tinyPDF))
		mustStatus(t, res, 201, "form-field upload")
		res = e.do("owner", "POST", "/api/v1/documents", map[string]any{"workspace_id": e.lab.ID, "reference": "url-only", "url": "https://example.org/p.pdf"})
		mustStatus(t, res, 201, "JSON body without a file")
		res = e.do("owner", "POST", "/api/v1/documents?workspace_id="+e.lab.ID+"&reference=query2019", nil)
		mustStatus(t, res, 201, "query parameters")

		list := e.get("annotator", "/api/v1/documents/workspace/"+e.lab.ID, nil)
		var docs []map[string]any
		if err := json.Unmarshal(list.body, &docs); list.status != 200 || err != nil || len(docs) != 4 {
			t.Fatalf("list = %d %s", list.status, list.body)
		}
		found := e.get("annotator", "/api/v1/documents?workspace_id="+e.lab.ID+"&pmid=123", nil)
		if found.status != 200 || !strings.Contains(string(found.body), "smith2020") || !strings.Contains(string(found.body), "/api/v1/file/lab/pdf/"+id) {
			t.Fatalf("find by pmid = %d %s", found.status, found.body)
		}
		mustStatus(t, e.get("annotator", "/api/v1/documents?workspace_id="+e.lab.ID+"&pmid=999", nil), 404, "find nothing")
		mustStatus(t, e.get("annotator", "/api/v1/documents?workspace_id="+e.lab.ID, nil), 400, "find without criteria")

		pdf := e.get("annotator", "/api/v1/file/lab/pdf/"+id, nil)
		if pdf.status != 200 || string(pdf.body) != tinyPDF || pdf.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("download = %d %q %s", pdf.status, pdf.header.Get("Content-Type"), pdf.body)
		}
		part := e.get("annotator", "/api/v1/file/lab/pdf/"+id, map[string]string{"Range": "bytes=0-7"})
		if part.status != 206 || string(part.body) != "%PDF-1.4" || part.header.Get("Content-Range") != fmt.Sprintf("bytes 0-7/%d", len(tinyPDF)) {
			t.Fatalf("range = %d %q %q", part.status, part.body, part.header.Get("Content-Range"))
		}
		del := e.do("admin", "DELETE", "/api/v1/documents/workspace/"+e.lab.ID, map[string]any{"id": id})
		if del.status != 200 || strings.TrimSpace(string(del.body)) != "1" {
			t.Fatalf("delete = %d %s", del.status, del.body)
		}
		mustStatus(t, e.get("annotator", "/api/v1/file/lab/pdf/"+id, nil), 404, "file of a deleted document")
	})
}

func TestDocumentBadInput(t *testing.T) {
	e := newEnv(t, newSQLite(t))
	ws := map[string]string{"workspace_id": e.lab.ID, "reference": "r1"}
	cases := []struct {
		name   string
		role   string
		fields map[string]string
		file   []byte
		status int
		want   string
	}{
		{"not a PDF", "owner", ws, []byte("hello, I am a text file"), 422, "not a PDF"},
		{"empty file", "owner", ws, []byte{}, 422, "empty"},
		{"no workspace", "owner", map[string]string{"reference": "x"}, []byte(tinyPDF), 422, "workspace_id is required"},
		{"unknown workspace", "owner", map[string]string{"workspace_id": "00000000-0000-0000-0000-000000000000"}, []byte(tinyPDF), 404, "not found"},
		{"annotator uploads", "annotator", ws, []byte(tinyPDF), 403, "not allowed"},
		{"bad document_create", "owner", map[string]string{"document_create": `{"workspace_id": "` + e.lab.ID + `", "colour": 1}`}, []byte(tinyPDF), 422, "colour"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := e.upload(tc.role, "/api/v1/documents", tc.fields, "file_data", "f.pdf", tc.file)
			if res.status != tc.status || !strings.Contains(string(res.body), tc.want) {
				t.Fatalf("= %d %s; want %d mentioning %q", res.status, res.body, tc.status, tc.want)
			}
		})
	}
	mustStatus(t, e.upload("owner", "/api/v1/documents", ws, "file_data", "a.pdf", []byte(tinyPDF)), 201, "first upload")
	mustStatus(t, e.upload("owner", "/api/v1/documents", ws, "file_data", "b.pdf", []byte(tinyPDF)), 409, "same reference again")
	list := e.get("owner", "/api/v1/documents/workspace/"+e.lab.ID, nil)
	if strings.Count(string(list.body), `"id"`) != 1 {
		t.Fatalf("refused uploads left documents behind: %s", list.body)
	}
	// Files API: traversal and other workspaces are refused.
	mustStatus(t, e.get("annotator", "/api/v1/file/other/pdf/x", nil), 403, "annotator reads another workspace")
	mustStatus(t, e.get("owner", "/api/v1/file/lab/..%2f..%2fetc/passwd", nil), 422, "path traversal")
	mustStatus(t, e.get("owner", "/api/v1/file/nope/x", nil), 404, "unknown bucket")
}

func TestUploadTooLarge(t *testing.T) {
	e := newEnvWith(t, newSQLite(t), 1<<20)
	big := append([]byte(tinyPDF), bytes.Repeat([]byte("x"), 2<<20)...)
	res := e.upload("owner", "/api/v1/documents", map[string]string{"workspace_id": e.lab.ID, "reference": "big"}, "file_data", "big.pdf", big)
	if res.status != 413 || !strings.Contains(string(res.body), "limit") {
		t.Fatalf("2 MB upload with a 1 MB limit = %d %s", res.status, res.body)
	}
}
