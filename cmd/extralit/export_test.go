package main_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func rawGet(t *testing.T, url, key string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("X-Extralit-Api-Key", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// TestExportDatasetAsJob exports a dataset to JSON Lines and CSV through
// the background job the server's in-process workers run.
func TestExportDatasetAsJob(t *testing.T) {
	home := t.TempDir()
	key := "o-api-key-export"
	_, url, _ := startServer(t, home, []string{"EXTRALIT_USERNAME=o", "EXTRALIT_PASSWORD=o-password", "EXTRALIT_API_KEY=" + key, "EXTRALIT_WORKSPACE=lab"})
	ws := api(t, "GET", url+"/api/v1/me/workspaces", key, nil)["items"].([]any)[0].(map[string]any)["id"].(string)
	ds := api(t, "POST", url+"/api/v1/datasets", key, map[string]any{"name": "papers 2024", "workspace_id": ws})["id"].(string)
	api(t, "POST", url+"/api/v1/datasets/"+ds+"/fields", key, map[string]any{"name": "text", "title": "T", "settings": map[string]any{"type": "text"}})
	q := api(t, "POST", url+"/api/v1/datasets/"+ds+"/questions", key, map[string]any{"name": "label", "title": "L",
		"settings": map[string]any{"type": "label_selection", "options": []any{map[string]any{"value": "yes"}, map[string]any{"value": "no"}}}})["id"].(string)
	api(t, "POST", url+"/api/v1/datasets/"+ds+"/metadata-properties", key, map[string]any{"name": "year", "title": "Y", "settings": map[string]any{"type": "integer"}})
	api(t, "PUT", url+"/api/v1/datasets/"+ds+"/publish", key, nil)
	var items []any
	for i, text := range []string{"alpha, with a comma", "beta \"quoted\"", "gamma\nnewline"} {
		items = append(items, map[string]any{"external_id": []string{"a", "b", "c"}[i], "fields": map[string]any{"text": text},
			"metadata": map[string]any{"year": 2020 + i}, "suggestions": []any{map[string]any{"question_id": q, "value": "yes", "score": 0.5}}})
	}
	api(t, "PUT", url+"/api/v1/datasets/"+ds+"/records/bulk", key, map[string]any{"items": items})

	export := func(format string) []byte {
		t.Helper()
		job := api(t, "POST", url+"/api/v1/datasets/"+ds+"/exports", key, map[string]any{"format": format})
		id := job["id"].(string)
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			job = api(t, "GET", url+"/api/v1/jobs/"+id, key, nil)
			if job["status"] == "finished" || job["status"] == "failed" {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		if job["status"] != "finished" {
			t.Fatalf("%s export job ended %v: %v", format, job["status"], job)
		}
		var result struct {
			Records int    `json:"records"`
			URL     string `json:"url"`
		}
		raw, _ := json.Marshal(job["result"])
		if err := json.Unmarshal(raw, &result); err != nil || result.Records != 3 || !strings.Contains(result.URL, "/exports/papers_2024-") {
			t.Fatalf("%s export result = %s", format, raw)
		}
		status, body := rawGet(t, url+result.URL, key)
		if status != 200 {
			t.Fatalf("download %s = %d %s", result.URL, status, body)
		}
		return body
	}

	lines := bytes.Split(bytes.TrimSpace(export("jsonl")), []byte("\n"))
	if len(lines) != 3 {
		t.Fatalf("JSONL has %d lines, want 3", len(lines))
	}
	var first map[string]any
	if err := json.Unmarshal(lines[0], &first); err != nil {
		t.Fatal(err)
	}
	if first["external_id"] != "a" || first["fields"].(map[string]any)["text"] != "alpha, with a comma" ||
		first["suggestions"].(map[string]any)["label"].(map[string]any)["value"] != "yes" {
		t.Fatalf("first JSONL record = %v", first)
	}

	rows, err := csv.NewReader(bytes.NewReader(export("csv"))).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	if len(rows) != 4 || strings.Join(rows[0], ",") != "id,external_id,status,text,metadata.year,label.suggestion,label.suggestion.score,label.suggestion.agent,responses" {
		t.Fatalf("CSV = %q", rows)
	}
	if rows[2][3] != `beta "quoted"` || rows[3][3] != "gamma\nnewline" || rows[1][4] != "2020" || rows[1][5] != "yes" {
		t.Fatalf("CSV rows = %q", rows[1:])
	}

	req, _ := http.NewRequest("POST", url+"/api/v1/datasets/"+ds+"/exports", strings.NewReader(`{"format":"xlsx"}`))
	req.Header.Set("X-Extralit-Api-Key", key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 422 || !strings.Contains(string(body), "jsonl, csv") {
		t.Fatalf("xlsx export = %d %s", res.StatusCode, body)
	}
}
