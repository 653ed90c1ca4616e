package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/store/storetest"
)

// uploadImport posts a file to a dataset's imports as the owner.
func uploadImport(t *testing.T, url, datasetID, filename string, content []byte) (int, map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", filename)
	_, _ = fw.Write(content)
	_ = mw.Close()
	req, _ := http.NewRequest("POST", url+"/api/v1/datasets/"+datasetID+"/imports", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-Extralit-Api-Key", ownerKey)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	var m map[string]any
	_ = json.Unmarshal(data, &m)
	return res.StatusCode, m
}

// newImportDataset makes a published dataset with a text field, a label
// question and an integer metadata property in the seeded workspace.
func newImportDataset(t *testing.T, url, name string) string {
	t.Helper()
	_, v := call(t, "GET", url+"/api/v1/me/workspaces", nil)
	ws := v.(map[string]any)["items"].([]any)[0].(map[string]any)["id"].(string)
	status, v := call(t, "POST", url+"/api/v1/datasets", map[string]any{"name": name, "workspace_id": ws})
	if status != 201 {
		t.Fatalf("create dataset = %d %v", status, v)
	}
	ds := v.(map[string]any)["id"].(string)
	for path, body := range map[string]any{
		"/fields": map[string]any{"name": "text", "title": "T", "settings": map[string]any{"type": "text"}},
		"/questions": map[string]any{"name": "label", "title": "L", "settings": map[string]any{"type": "label_selection",
			"options": []any{map[string]any{"value": "yes"}, map[string]any{"value": "no"}}}},
		"/metadata-properties": map[string]any{"name": "year", "title": "Y", "settings": map[string]any{"type": "integer"}},
	} {
		if status, v := call(t, "POST", url+"/api/v1/datasets/"+ds+path, body); status != 201 {
			t.Fatalf("POST %s = %d %v", path, status, v)
		}
	}
	if status, v := call(t, "PUT", url+"/api/v1/datasets/"+ds+"/publish", nil); status != 200 {
		t.Fatalf("publish = %d %v", status, v)
	}
	return ds
}

// searchTotal searches a dataset's records for text through the server.
func searchTotal(t *testing.T, url, ds, text string) int {
	t.Helper()
	status, v := call(t, "POST", url+"/api/v1/datasets/"+ds+"/records/search", map[string]any{"query": map[string]any{"text": map[string]any{"q": text}}})
	if status != 200 {
		t.Fatalf("search %q = %d %v", text, status, v)
	}
	return int(v.(map[string]any)["total"].(float64))
}

const animals = `{"external_id": "a", "text": "the aardvark digs", "year": 2020, "label": "yes"}
{"external_id": "b", "text": "a bison grazes", "year": 2021}
{"text": "the cheetah runs", "label": "no"}
`

// TestImportRunByWorkerIsSearchableOnServer imports files with a separate
// `extralit worker` on the default queue while the server (no in-process
// workers) owns the embedded index: the worker's writes reach the index
// through the outbox, and the job ends only once they are searchable.
// Deletes made by the worker travel the same way.
func TestImportRunByWorkerIsSearchableOnServer(t *testing.T) {
	eachEngine(t, func(t *testing.T, e storetest.Engine) {
		home := t.TempDir()
		// On PostgreSQL the applier hears the worker's commits at once
		// (LISTEN/NOTIFY): with an hour between polls, only that can make
		// the imports below finish.
		interval := "100ms"
		if e.Name == "postgres" {
			interval = "1h"
		}
		env := jobEnv(t, e, home, "EXTRALIT_SEARCH_OUTBOX_INTERVAL="+interval)
		_, url, _ := startServer(t, home, env, "--no-workers")
		_, worker := startWorker(t, home, env, "--queues", "default")
		ds := newImportDataset(t, url, "animals")

		status, job := uploadImport(t, url, ds, "animals.jsonl", []byte(animals))
		if status != 202 || job["kind"] != "dataset_import" || job["queue"] != "default" {
			t.Fatalf("upload = %d %v", status, job)
		}
		j := waitJob(t, url, job["id"].(string), "finished", 60*time.Second)
		if res := j["result"].(map[string]any); res["records"] != 3.0 || j["progress"] != 1.0 {
			t.Fatalf("finished import = %v", j)
		}
		// Searchable the moment the job says finished: no extra wait.
		for _, word := range []string{"aardvark", "bison", "cheetah"} {
			if n := searchTotal(t, url, ds, word); n != 1 {
				t.Fatalf("search %q after the import = %d hits, want 1\nworker log:\n%s", word, n, worker.String())
			}
		}

		// A delete made by the worker reaches the index the same way.
		_, me := call(t, "GET", url+"/api/v1/me", nil)
		_, v := call(t, "GET", url+"/api/v1/datasets/"+ds+"/records", nil)
		var bison string
		for _, it := range v.(map[string]any)["items"].([]any) {
			if r := it.(map[string]any); r["external_id"] == "b" {
				bison = r["id"].(string)
			}
		}
		del := enqueue(t, url, "test_delete_records", map[string]any{"dataset_id": ds, "user_id": me.(map[string]any)["id"], "record_ids": []string{bison}})
		waitJob(t, url, del, "finished", 30*time.Second)
		if n := searchTotal(t, url, ds, "bison"); bison == "" || n != 0 {
			t.Fatalf("search bison after the worker deleted record %q = %d hits, want 0", bison, n)
		}

		// Parquet both ways through the API: export (run by the worker),
		// download, import into a dataset with the same settings.
		status, v = call(t, "POST", url+"/api/v1/datasets/"+ds+"/exports", map[string]any{"format": "parquet"})
		if status != 202 {
			t.Fatalf("parquet export = %d %v", status, v)
		}
		j = waitJob(t, url, v.(map[string]any)["id"].(string), "finished", 60*time.Second)
		fileURL := j["result"].(map[string]any)["url"].(string)
		code, file := rawGet(t, url+fileURL, ownerKey)
		if code != 200 || !bytes.HasPrefix(file, []byte("PAR1")) {
			t.Fatalf("download %s = %d, %d bytes starting %q", fileURL, code, len(file), file[:min(4, len(file))])
		}
		copyDS := newImportDataset(t, url, "animals copy")
		status, job = uploadImport(t, url, copyDS, "animals.parquet", file)
		if status != 202 {
			t.Fatalf("parquet upload = %d %v", status, job)
		}
		waitJob(t, url, job["id"].(string), "finished", 60*time.Second)
		if n := searchTotal(t, url, copyDS, "cheetah"); n != 1 {
			t.Fatalf("search the Parquet copy = %d hits, want 1", n)
		}
		status, v = call(t, "GET", url+"/api/v1/datasets/"+copyDS+"/records?include=suggestions", nil)
		if status != 200 || len(v.(map[string]any)["items"].([]any)) != 2 { // bison was deleted
			t.Fatalf("records of the copy = %d %v", status, v)
		}

		// A bad row fails the job with its row number, readable in the API.
		status, job = uploadImport(t, url, ds, "bad.jsonl", []byte(`{"text": "fine"}`+"\n"+`{"text": "odd", "label": "maybe"}`+"\n"))
		if status != 202 {
			t.Fatalf("upload = %d %v", status, job)
		}
		j = waitJob(t, url, job["id"].(string), "failed", 60*time.Second)
		if msg := fmt.Sprint(j["error"]); !strings.Contains(msg, "row 2:") || !strings.Contains(msg, "maybe") {
			t.Fatalf("failed import error = %q; want it to name row 2 and the bad value", msg)
		}
	})
}

// TestOutboxPendingWhileServerIsDownIsAppliedOnRestart kills the server,
// lets a worker import with nobody to apply the outbox (the job fails with
// a clear message), then restarts the server: the pending rows are
// applied and the records become searchable; retrying the job finishes.
func TestOutboxPendingWhileServerIsDownIsAppliedOnRestart(t *testing.T) {
	eachEngine(t, func(t *testing.T, e storetest.Engine) {
		home := t.TempDir()
		env := jobEnv(t, e, home, "EXTRALIT_SEARCH_OUTBOX_INTERVAL=100ms", "EXTRALIT_IMPORT_INDEX_TIMEOUT=1s")
		server, url, _ := startServer(t, home, env, "--no-workers")
		ds := newImportDataset(t, url, "animals")
		status, job := uploadImport(t, url, ds, "animals.jsonl", []byte(animals))
		if status != 202 {
			t.Fatalf("upload = %d %v", status, job)
		}
		id := job["id"].(string)
		if err := server.Process.Kill(); err != nil { // kill -9: no orderly shutdown
			t.Fatal(err)
		}
		_, _ = server.Process.Wait()

		startWorker(t, home, env, "--queues", "default")
		deadline := time.Now().Add(60 * time.Second)
		var out string
		for time.Now().Before(deadline) {
			out, _ = run(t, home, env, "jobs", "show", id)
			if strings.Contains(out, `"Status": "failed"`) {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		if !strings.Contains(out, `"Status": "failed"`) || !strings.Contains(out, "no server is applying search updates") ||
			!strings.Contains(out, "start `extralit server`") {
			t.Fatalf("import with no server did not fail clearly:\n%s", out)
		}

		_, url, _ = startServer(t, home, env, "--no-workers")
		deadline = time.Now().Add(20 * time.Second)
		for searchTotal(t, url, ds, "bison") != 1 {
			if time.Now().After(deadline) {
				t.Fatal("the outbox rows written while the server was down were not applied after its restart")
			}
			time.Sleep(100 * time.Millisecond)
		}
		if n := searchTotal(t, url, ds, "cheetah"); n != 1 {
			t.Fatalf("search cheetah after restart = %d, want 1", n)
		}
		if status, v := call(t, "POST", url+"/api/v1/jobs/"+id+"/retry", nil); status != 200 {
			t.Fatalf("retry = %d %v", status, v)
		}
		waitJob(t, url, id, "finished", 60*time.Second)
		if n := searchTotal(t, url, ds, "the"); n != 2 {
			t.Fatalf("after the retried import, search \"the\" = %d, want 2 (no duplicates)", n)
		}
	})
}

// TestServerKilledWithOutboxRowsPendingAppliesThemOnRestart kills the
// server (kill -9) while a worker's outbox rows wait for it, then starts
// it again: it applies them first thing, and the waiting import finishes.
// SQLite only: there the server polls (here once an hour, so the rows are
// certainly pending at the kill); on PostgreSQL its LISTEN applies them as
// they commit, and the case of rows written while no server runs is
// TestOutboxPendingWhileServerIsDownIsAppliedOnRestart.
func TestServerKilledWithOutboxRowsPendingAppliesThemOnRestart(t *testing.T) {
	home := t.TempDir()
	env := jobEnv(t, storetest.Engines()[0], home, "EXTRALIT_IMPORT_INDEX_TIMEOUT=60s")
	slow := append(append([]string{}, env...), "EXTRALIT_SEARCH_OUTBOX_INTERVAL=1h")
	server, url, _ := startServer(t, home, slow, "--no-workers")
	startWorker(t, home, env, "--queues", "default")
	ds := newImportDataset(t, url, "animals")
	status, job := uploadImport(t, url, ds, "animals.jsonl", []byte(animals))
	if status != 202 {
		t.Fatalf("upload = %d %v", status, job)
	}
	id := job["id"].(string)
	deadline := time.Now().Add(30 * time.Second)
	for getJob(t, url, id)["progress"] != 0.5 {
		if time.Now().After(deadline) {
			t.Fatalf("the import never reached its wait for the index: %v", getJob(t, url, id))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := searchTotal(t, url, ds, "aardvark"); n != 0 {
		t.Fatalf("search before any apply = %d; the rows were meant to be pending", n)
	}
	if err := server.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_, _ = server.Process.Wait()

	_, url, _ = startServer(t, home, slow, "--no-workers") // still hourly: only the start-up drain can apply them
	waitJob(t, url, id, "finished", 30*time.Second)
	for _, word := range []string{"aardvark", "bison", "cheetah"} {
		if n := searchTotal(t, url, ds, word); n != 1 {
			t.Fatalf("search %q after the restart = %d, want 1", word, n)
		}
	}
}
