package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/jobs"
)

// withJobs gives the environment's service a job queue that works every
// queue in this process, with the test job kinds.
func withJobs(t *testing.T, e *env) *jobs.Client {
	t.Helper()
	ctx := context.Background()
	if _, err := jobs.Migrate(ctx, e.store.DB(), string(e.store.Engine())); err != nil {
		t.Fatal(err)
	}
	reg := jobs.NewRegistry()
	hooks := jobs.NewWebhooks(e.store, []time.Duration{50 * time.Millisecond})
	for _, k := range append(jobs.TestKinds(), hooks.Kind()) {
		if err := reg.Register(k); err != nil {
			t.Fatal(err)
		}
	}
	c, err := jobs.Open(ctx, e.store.DB(), reg, jobs.Options{Engine: string(e.store.Engine()),
		Queues: map[string]int{"high": 2, "default": 2, "ocr": 2}, PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	hooks.Use(c)
	e.svc.SetJobs(c)
	e.svc.SetEvents(hooks)
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Stop(context.Background()) })
	return c
}

func (e *env) waitJobStatus(id, status string) map[string]any {
	e.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var j map[string]any
	for time.Now().Before(deadline) {
		res := e.do("owner", "GET", "/api/v1/jobs/"+id, nil)
		if res.status == 200 {
			if j = res.json(e.t); j["status"] == status {
				return j
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.t.Fatalf("job %s never %s: %v", id, status, j)
	return nil
}

func TestJobsAPI(t *testing.T) {
	forEngine(t, func(t *testing.T, newURL func(t *testing.T) string) {
		e := newEnv(t, newURL(t))
		c := withJobs(t, e)
		n, err := c.Insert(context.Background(), "noop", map[string]any{}, jobs.InsertOptions{
			Meta: map[string]any{"document_id": "doc-9", "workspace_id": e.lab.ID, "reference": "smith2020", "workflow_step": "analysis"}})
		if err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprint(n)
		j := e.waitJobStatus(id, "finished")
		for key, want := range map[string]any{"id": id, "kind": "noop", "queue": "default", "document_id": "doc-9", "reference": "smith2020",
			"workspace_id": e.lab.ID, "workflow_step": "analysis", "progress": 1.0, "error": nil, "attempt": 1.0} {
			if j[key] != want {
				t.Fatalf("job[%s] = %v, want %v (job %v)", key, j[key], want, j)
			}
		}
		if j["completed_at"] == nil || j["started_at"] == nil || j["created_at"] == nil {
			t.Fatalf("job timestamps missing: %v", j)
		}
		for _, c := range []struct {
			query string
			want  int
		}{{"document_id=doc-9", 1}, {"document_id=other", 0}, {"reference=smith2020&status=finished", 1},
			{"workspace_id=" + e.lab.ID, 1}, {"status=failed,canceled", 0}, {"", 1}} {
			res := e.do("admin", "GET", "/api/v1/jobs/?"+c.query, nil)
			if res.status != 200 || strings.Count(string(res.body), `"kind"`) != c.want || !strings.HasPrefix(string(res.body), "[") {
				t.Fatalf("GET /jobs/?%s = %d %s; want a bare array of %d", c.query, res.status, res.body, c.want)
			}
		}
		bad := []struct {
			role, method, path string
			status             int
			says               string
		}{
			{"annotator", "GET", "/api/v1/jobs/" + id, 403, "not allowed"},
			{"annotator", "GET", "/api/v1/jobs/", 403, "not allowed"},
			{"anonymous", "GET", "/api/v1/jobs/" + id, 401, "Unauthorized"},
			{"owner", "GET", "/api/v1/jobs/123456789", 404, "not found"},
			{"owner", "GET", "/api/v1/jobs/abc", 404, "not found"},
			{"owner", "POST", "/api/v1/jobs/" + id + "/cancel", 409, "already ended with status finished"},
			{"owner", "POST", "/api/v1/jobs/123456789/retry", 404, "not found"},
			{"owner", "GET", "/api/v1/jobs/?status=done", 422, `status \"done\" is not one of`},
			{"owner", "GET", "/api/v1/jobs/?limit=0", 422, "limit must be"},
			{"owner", "GET", "/api/v1/jobs/?limit=5000", 422, "limit must be"},
			{"annotator", "POST", "/api/v1/jobs/" + id + "/retry", 403, "not allowed"},
		}
		for _, b := range bad {
			res := e.do(b.role, b.method, b.path, nil)
			if res.status != b.status || !strings.Contains(string(res.body), b.says) {
				t.Fatalf("%s %s %s = %d %s; want %d mentioning %q", b.role, b.method, b.path, res.status, res.body, b.status, b.says)
			}
		}
		if res := e.do("admin", "POST", "/api/v1/jobs/"+id+"/retry", nil); res.status != 200 {
			t.Fatalf("admin retry = %d %s", res.status, res.body)
		}
		e.waitJobStatus(id, "finished")
	})
}

func TestJobsAPIWithoutAQueue(t *testing.T) {
	e := newEnv(t, newSQLite(t))
	if res := e.do("owner", "GET", "/api/v1/jobs/1", nil); res.status != 503 || !strings.Contains(string(res.body), "not configured") {
		t.Fatalf("GET /jobs/1 without a queue = %d %s; want 503", res.status, res.body)
	}
}

func TestWebhooksAPI(t *testing.T) {
	forEngine(t, func(t *testing.T, newURL func(t *testing.T) string) {
		e := newEnv(t, newURL(t))
		withJobs(t, e)
		var mu sync.Mutex
		var pinged []string
		recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			pinged = append(pinged, r.Header.Get("webhook-signature"))
			w.WriteHeader(http.StatusOK)
		}))
		defer recv.Close()

		res := e.do("owner", "POST", "/api/v1/webhooks", map[string]any{"url": recv.URL, "events": []string{"dataset.created", "record.completed"}, "description": "lab"})
		if res.status != 201 {
			t.Fatalf("create = %d %s", res.status, res.body)
		}
		h := res.json(t)
		id := h["id"].(string)
		if h["enabled"] != true || h["description"] != "lab" || len(h["secret"].(string)) != 88 || h["inserted_at"] == nil {
			t.Fatalf("created webhook = %v", h)
		}
		if res := e.do("owner", "GET", "/api/v1/webhooks", nil); res.status != 200 || !strings.Contains(string(res.body), id) {
			t.Fatalf("list = %d %s", res.status, res.body)
		}
		res = e.do("owner", "PATCH", "/api/v1/webhooks/"+id, map[string]any{"enabled": false, "description": nil})
		if h := res.json(t); res.status != 200 || h["enabled"] != false || h["description"] != nil || h["url"] != recv.URL {
			t.Fatalf("patch = %d %s", res.status, res.body)
		}
		res = e.do("owner", "POST", "/api/v1/webhooks/"+id+"/ping", nil)
		mu.Lock()
		if res.status != 204 || len(pinged) != 1 || !strings.HasPrefix(pinged[0], "v1,") {
			t.Fatalf("ping = %d %s, receiver saw %v", res.status, res.body, pinged)
		}
		mu.Unlock()

		bad := []struct {
			role, method, path string
			body               any
			status             int
			says               string
		}{
			{"admin", "GET", "/api/v1/webhooks", nil, 403, "not allowed"},
			{"annotator", "POST", "/api/v1/webhooks", map[string]any{"url": recv.URL, "events": []string{"dataset.created"}}, 403, "not allowed"},
			{"admin", "POST", "/api/v1/webhooks/" + id + "/ping", nil, 403, "not allowed"},
			{"anonymous", "GET", "/api/v1/webhooks", nil, 401, "Unauthorized"},
			{"owner", "POST", "/api/v1/webhooks", map[string]any{"url": "ftp://x.org", "events": []string{"dataset.created"}}, 422, "http:// or https://"},
			{"owner", "POST", "/api/v1/webhooks", map[string]any{"url": recv.URL, "events": []string{}}, 422, "at least one event"},
			{"owner", "POST", "/api/v1/webhooks", map[string]any{"url": recv.URL, "events": []string{"dataset.exploded"}}, 422, `event \"dataset.exploded\" is not one of`},
			{"owner", "POST", "/api/v1/webhooks", map[string]any{"url": recv.URL, "events": []string{"record.created", "record.created"}}, 422, "listed twice"},
			{"owner", "POST", "/api/v1/webhooks", map[string]any{"url": recv.URL, "events": []string{"record.created"}, "description": ""}, 422, "1 to 1000"},
			{"owner", "POST", "/api/v1/webhooks", map[string]any{"url": recv.URL, "events": []string{"record.created"}, "colour": "red"}, 422, "unknown field"},
			{"owner", "PATCH", "/api/v1/webhooks/" + id, map[string]any{"enabled": nil}, 422, `field \"enabled\" may not be null`},
			{"owner", "PATCH", "/api/v1/webhooks/" + id, map[string]any{"events": []string{}}, 422, "at least one event"},
			{"owner", "PATCH", "/api/v1/webhooks/00000000-0000-0000-0000-000000000000", map[string]any{"enabled": true}, 404, "not found"},
			{"owner", "PATCH", "/api/v1/webhooks/not-a-uuid", map[string]any{"enabled": true}, 422, "not a valid UUID"},
			{"owner", "POST", "/api/v1/webhooks/00000000-0000-0000-0000-000000000000/ping", nil, 404, "not found"},
		}
		for _, b := range bad {
			res := e.do(b.role, b.method, b.path, b.body)
			if res.status != b.status || !strings.Contains(string(res.body), b.says) {
				t.Fatalf("%s %s %s = %d %s; want %d mentioning %q", b.role, b.method, b.path, res.status, res.body, b.status, b.says)
			}
		}

		// A ping to a receiver that is down says so.
		down := e.do("owner", "POST", "/api/v1/webhooks", map[string]any{"url": "http://127.0.0.1:1/x", "events": []string{"record.created"}}).json(t)
		if res := e.do("owner", "POST", "/api/v1/webhooks/"+down["id"].(string)+"/ping", nil); res.status != 503 || !strings.Contains(string(res.body), "ping to http://127.0.0.1:1/x failed") {
			t.Fatalf("ping to a down receiver = %d %s; want 503", res.status, res.body)
		}
		if res := e.do("owner", "DELETE", "/api/v1/webhooks/"+id, nil); res.status != 200 || res.json(t)["id"] != id {
			t.Fatalf("delete = %d %s", res.status, res.body)
		}
		if res := e.do("owner", "DELETE", "/api/v1/webhooks/"+id, nil); res.status != 404 {
			t.Fatalf("second delete = %d %s; want 404", res.status, res.body)
		}
	})
}
