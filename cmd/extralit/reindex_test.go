package main_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func api(t *testing.T, method, url, key string, body any) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if body != nil {
		_ = json.NewEncoder(&buf).Encode(body)
	}
	req, _ := http.NewRequest(method, url, &buf)
	req.Header.Set("X-Extralit-Api-Key", key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(res.Body).Decode(&m)
	if res.StatusCode >= 300 {
		t.Fatalf("%s %s = %d %v", method, url, res.StatusCode, m)
	}
	return m
}

// onDisk selects the embedded index on disk, the engine reindex rebuilds.
const onDisk = "EXTRALIT_SEARCH_ENGINE=embedded-disk"

// logThreeRecords makes a published dataset with three records on the
// server at url and returns its ID.
func logThreeRecords(t *testing.T, url, key string) string {
	t.Helper()
	ws := api(t, "GET", url+"/api/v1/me/workspaces", key, nil)["items"].([]any)[0].(map[string]any)["id"].(string)
	ds := api(t, "POST", url+"/api/v1/datasets", key, map[string]any{"name": "d", "workspace_id": ws})["id"].(string)
	api(t, "POST", url+"/api/v1/datasets/"+ds+"/fields", key, map[string]any{"name": "text", "title": "T", "settings": map[string]any{"type": "text"}})
	api(t, "POST", url+"/api/v1/datasets/"+ds+"/questions", key, map[string]any{"name": "q", "title": "Q", "settings": map[string]any{"type": "text"}})
	api(t, "PUT", url+"/api/v1/datasets/"+ds+"/publish", key, nil)
	var items []any
	for _, w := range []string{"alpha beta", "beta gamma", "gamma delta"} {
		items = append(items, map[string]any{"fields": map[string]any{"text": w}})
	}
	api(t, "PUT", url+"/api/v1/datasets/"+ds+"/records/bulk", key, map[string]any{"items": items})
	return ds
}

// TestRestartFillsTheIndexFromTheDatabase restarts a server on the default
// in-memory index: the records are searchable again, loaded from the
// database, and reindex has nothing to do.
func TestRestartFillsTheIndexFromTheDatabase(t *testing.T) {
	home := t.TempDir()
	env := []string{"EXTRALIT_USERNAME=o", "EXTRALIT_PASSWORD=o-password", "EXTRALIT_API_KEY=o-api-key-1", "EXTRALIT_WORKSPACE=lab"}
	cmd, url, _ := startServer(t, home, env)
	key := "o-api-key-1"
	ds := logThreeRecords(t, url, key)
	_ = cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()

	out, err := run(t, home, nil, "reindex")
	if err != nil || !strings.Contains(out, "Nothing to do") {
		t.Fatalf("reindex on the in-memory index: %v\n%s", err, out)
	}
	cmd2, url2, logs := startServer(t, home, env)
	res := api(t, "POST", url2+"/api/v1/datasets/"+ds+"/records/search", key, map[string]any{"query": map[string]any{"text": map[string]any{"q": "gamma"}}})
	if res["total"].(float64) != 2 {
		t.Fatalf("search after a restart = %v, want 2 hits", res)
	}
	_ = cmd2.Process.Signal(syscall.SIGTERM)
	_ = cmd2.Wait() // the logs are complete once the process has exited
	if !strings.Contains(logs.String(), "search index loaded from the database") || !strings.Contains(logs.String(), "records=3") {
		t.Errorf("the server did not log loading 3 records:\n%s", logs)
	}
}

// TestReindexRebuildsALostIndex deletes the on-disk index folder of a
// stopped server and checks that `extralit reindex` brings every record
// back.
func TestReindexRebuildsALostIndex(t *testing.T) {
	home := t.TempDir()
	env := []string{"EXTRALIT_USERNAME=o", "EXTRALIT_PASSWORD=o-password", "EXTRALIT_API_KEY=o-api-key-1", "EXTRALIT_WORKSPACE=lab", onDisk}
	cmd, url, _ := startServer(t, home, env)
	key := "o-api-key-1"
	ds := logThreeRecords(t, url, key)
	_ = cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()

	if err := os.RemoveAll(filepath.Join(home, "search")); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, home, []string{onDisk}, "reindex")
	if err != nil || !strings.Contains(out, "3 records") {
		t.Fatalf("reindex: %v\n%s", err, out)
	}
	_, url2, _ := startServer(t, home, env)
	res := api(t, "POST", url2+"/api/v1/datasets/"+ds+"/records/search", key, map[string]any{"query": map[string]any{"text": map[string]any{"q": "gamma"}}})
	if res["total"].(float64) != 2 {
		t.Fatalf("search after reindex = %v, want 2 hits", res)
	}
}

func TestSecondProcessIsRefusedTheIndex(t *testing.T) {
	home := t.TempDir()
	startServer(t, home, []string{"EXTRALIT_USERNAME=o", "EXTRALIT_PASSWORD=o-password", onDisk})
	out, err := run(t, home, []string{onDisk}, "reindex")
	if err == nil || !strings.Contains(out, "in use by another extralit process") {
		t.Fatalf("reindex beside a running server: %v\n%s", err, out)
	}
}

// TestSecondServerIsRefused starts two servers on one home folder with the
// in-memory index: the second would never see the first one's writes.
func TestSecondServerIsRefused(t *testing.T) {
	home := t.TempDir()
	startServer(t, home, []string{"EXTRALIT_USERNAME=o", "EXTRALIT_PASSWORD=o-password"})
	out, err := run(t, home, nil, "server", "--port", "0")
	if err == nil || !strings.Contains(out, "in use by another extralit process") {
		t.Fatalf("a second server on the same home: %v\n%s", err, out)
	}
}

func TestReindexResumeNeedsAPosition(t *testing.T) {
	out, err := run(t, t.TempDir(), []string{onDisk}, "reindex", "--resume")
	if err == nil || !strings.Contains(out, "no interrupted reindex to resume") {
		t.Fatalf("reindex --resume with no saved position: %v\n%s", err, out)
	}
}
