package main_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/store/storetest"
)

const ownerKey = "owner-api-key-0123456789"

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// jobEnv is the environment of every process in a jobs test: one database
// (SQLite file in home, or a PostgreSQL schema), test job kinds, fast polls
// and a short rescue delay so a killed worker's job comes back quickly.
func jobEnv(t *testing.T, e storetest.Engine, home string, extra ...string) []string {
	t.Helper()
	dbURL := "sqlite://" + filepath.Join(home, "extralit.db")
	if e.Name == "postgres" {
		dbURL = e.URL(t)
	}
	return append([]string{
		"EXTRALIT_DATABASE_URL=" + dbURL, "EXTRALIT_TEST_JOBS=1",
		"EXTRALIT_JOBS_POLL_INTERVAL=100ms", "EXTRALIT_JOBS_RESCUE_AFTER=1s",
		"EXTRALIT_USERNAME=owner", "EXTRALIT_PASSWORD=owner-password", "EXTRALIT_API_KEY=" + ownerKey,
	}, extra...)
}

// startWorker starts `extralit worker` and waits until it works its queues.
func startWorker(t *testing.T, home string, env []string, args ...string) (*exec.Cmd, *lockedBuffer) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"worker"}, args...)...)
	cmd.Env = append(baseEnv(home), env...)
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(out.String(), "msg=\"worker started\"") {
			return cmd, out
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("worker did not start:\n%s", out.String())
	return nil, nil
}

// call sends a JSON request with the owner's key (or key) and decodes the answer.
func call(t *testing.T, method, url string, body any, key ...string) (int, any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Extralit-Api-Key", append(key, ownerKey)[0])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	var v any
	_ = json.Unmarshal(data, &v)
	return res.StatusCode, v
}

// enqueue makes the server enqueue a job and returns its id.
func enqueue(t *testing.T, url, kind string, args any) string {
	t.Helper()
	status, v := call(t, "POST", url+"/api/v1/_test/jobs", map[string]any{"kind": kind, "args": args})
	if status != 201 {
		t.Fatalf("enqueue %s = %d %v", kind, status, v)
	}
	return fmt.Sprint(v.(map[string]any)["id"])
}

// jobJSON reads a job through the API.
func getJob(t *testing.T, url, id string) map[string]any {
	t.Helper()
	status, v := call(t, "GET", url+"/api/v1/jobs/"+id, nil)
	if status != 200 {
		t.Fatalf("GET /jobs/%s = %d %v", id, status, v)
	}
	return v.(map[string]any)
}

// waitJob polls the API until the job has the status.
func waitJob(t *testing.T, url, id, status string, within time.Duration) map[string]any {
	t.Helper()
	deadline := time.Now().Add(within)
	var j map[string]any
	for time.Now().Before(deadline) {
		if j = getJob(t, url, id); j["status"] == status {
			return j
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("job %s did not become %s within %v: %v", id, status, within, j)
	return nil
}

func lines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	// A file the worker has created but not yet written to has no lines
	// (without this, waitFile saw one and the kill test raced the write).
	text := strings.TrimSpace(string(b))
	if text == "" {
		return nil
	}
	return strings.Split(text, "\n")
}

func waitFile(t *testing.T, path string, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if len(lines(t, path)) >= n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s never had %d lines: %q", path, n, lines(t, path))
}

func eachEngine(t *testing.T, f func(t *testing.T, e storetest.Engine)) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			f(t, e)
		})
	}
}

func TestWorkerProcessWorksOnlyItsQueues(t *testing.T) {
	eachEngine(t, func(t *testing.T, e storetest.Engine) {
		home, dir := t.TempDir(), t.TempDir()
		env := jobEnv(t, e, home)
		_, url, _ := startServer(t, home, env, "--no-workers")
		high, _ := startWorker(t, home, env, "--num-workers", "2", "--queues", "high")
		ocrID := enqueue(t, url, "test_touch_ocr", map[string]any{"dir": dir, "name": "ocr"})
		highID := enqueue(t, url, "test_touch_high", map[string]any{"dir": dir, "name": "high"})
		j := waitJob(t, url, highID, "finished", 15*time.Second)
		if want := fmt.Sprintf("pid %d", high.Process.Pid); !strings.Contains(lines(t, filepath.Join(dir, "high.attempts"))[0], want) {
			t.Fatalf("high job was not run by the high worker (%s): %q", want, lines(t, filepath.Join(dir, "high.attempts")))
		}
		if j["queue"] != "high" || j["completed_at"] == nil {
			t.Fatalf("high job = %v", j)
		}
		// The high worker has been polling all along; the ocr job stays queued.
		time.Sleep(time.Second)
		if j := getJob(t, url, ocrID); j["status"] != "queued" || len(lines(t, filepath.Join(dir, "ocr.attempts"))) != 0 {
			t.Fatalf("a worker on high took the ocr job: %v", j)
		}
		ocr, _ := startWorker(t, home, env, "--queues", "ocr")
		waitJob(t, url, ocrID, "finished", 15*time.Second)
		if want := fmt.Sprintf("pid %d", ocr.Process.Pid); !strings.Contains(lines(t, filepath.Join(dir, "ocr.attempts"))[0], want) {
			t.Fatalf("ocr job not run by the ocr worker (%s): %q", want, lines(t, filepath.Join(dir, "ocr.attempts")))
		}
	})
}

func TestKilledWorkersJobRunsAgainAndAppliesOnce(t *testing.T) {
	eachEngine(t, func(t *testing.T, e storetest.Engine) {
		home, dir := t.TempDir(), t.TempDir()
		env := jobEnv(t, e, home)
		_, url, _ := startServer(t, home, env, "--no-workers")
		w1, _ := startWorker(t, home, env, "--queues", "default")
		id := enqueue(t, url, "test_touch", map[string]any{"dir": dir, "name": "k", "sleep_ms": 2000})
		waitFile(t, filepath.Join(dir, "k.attempts"), 1)
		if err := w1.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_, _ = w1.Process.Wait()
		if j := getJob(t, url, id); j["status"] != "started" {
			t.Fatalf("after kill -9 the job is %v; want still started", j["status"])
		}
		w2, _ := startWorker(t, home, env, "--queues", "default")
		j := waitJob(t, url, id, "finished", 60*time.Second)
		attempts := lines(t, filepath.Join(dir, "k.attempts"))
		effect := lines(t, filepath.Join(dir, "k.effect"))
		if len(attempts) != 2 || len(effect) != 1 || !strings.Contains(effect[0], fmt.Sprint(w2.Process.Pid)) {
			t.Fatalf("attempts %q, effect %q; want two starts and one effect by the new worker", attempts, effect)
		}
		if j["attempt"] != 2.0 || !strings.Contains(fmt.Sprint(j["errors"]), "Stuck job rescued") {
			t.Fatalf("job after rescue = %v", j)
		}
	})
}

func TestWorkerFinishesInFlightJobOnSIGTERM(t *testing.T) {
	eachEngine(t, func(t *testing.T, e storetest.Engine) {
		home, dir := t.TempDir(), t.TempDir()
		env := jobEnv(t, e, home)
		_, url, _ := startServer(t, home, env, "--no-workers")
		w, out := startWorker(t, home, env, "--queues", "default")
		id := enqueue(t, url, "test_touch", map[string]any{"dir": dir, "name": "t", "sleep_ms": 1500})
		waitFile(t, filepath.Join(dir, "t.attempts"), 1)
		if err := w.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- w.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("worker exited with %v after SIGTERM:\n%s", err, out.String())
			}
		case <-time.After(15 * time.Second):
			t.Fatalf("worker did not exit within 15 s of SIGTERM:\n%s", out.String())
		}
		// The worker exited only after finishing the job: it is done already.
		if j := getJob(t, url, id); j["status"] != "finished" || len(lines(t, filepath.Join(dir, "t.effect"))) != 1 {
			t.Fatalf("after SIGTERM the job is %v with effect %q; want finished once", j["status"], lines(t, filepath.Join(dir, "t.effect")))
		}
		if !strings.Contains(out.String(), "worker stopped") {
			t.Fatalf("no orderly stop logged:\n%s", out.String())
		}
	})
}

func TestJobsAPIAndCommands(t *testing.T) {
	eachEngine(t, func(t *testing.T, e storetest.Engine) {
		home, dir := t.TempDir(), t.TempDir()
		env := jobEnv(t, e, home)
		_, url, _ := startServer(t, home, env) // in-process workers on every queue
		failID := enqueue(t, url, "test_fail", map[string]any{})
		j := waitJob(t, url, failID, "failed", 20*time.Second)
		if j["error"] != "deliberate failure on attempt 3" || j["attempt"] != 3.0 || len(j["errors"].([]any)) != 3 {
			t.Fatalf("failed job = %v; want its last error readable after 3 attempts", j)
		}
		okID := enqueue(t, url, "test_touch", map[string]any{"dir": dir, "name": "ok"})
		waitJob(t, url, okID, "finished", 15*time.Second)

		status, v := call(t, "POST", url+"/api/v1/jobs/"+okID+"/cancel", nil)
		if status != 409 || !strings.Contains(fmt.Sprint(v), "already ended with status finished") {
			t.Fatalf("cancel a finished job = %d %v; want 409 naming the status", status, v)
		}
		for _, bad := range []string{"999999", "not-a-job"} {
			if status, v := call(t, "GET", url+"/api/v1/jobs/"+bad, nil); status != 404 || !strings.Contains(fmt.Sprint(v), "not found") {
				t.Fatalf("GET /jobs/%s = %d %v; want 404", bad, status, v)
			}
		}
		status, v = call(t, "GET", url+"/api/v1/jobs/?status=failed", nil)
		if list, _ := v.([]any); status != 200 || len(list) != 1 || list[0].(map[string]any)["id"] != failID {
			t.Fatalf("GET /jobs/?status=failed = %d %v", status, v)
		}
		if status, v := call(t, "GET", url+"/api/v1/jobs/?status=exploded", nil); status != 422 || !strings.Contains(fmt.Sprint(v), "exploded") {
			t.Fatalf("bad status filter = %d %v; want 422 naming it", status, v)
		}

		// Operators have the same controls from the command line.
		steps := []struct {
			args []string
			want string
		}{
			{[]string{"jobs", "list", "--status", "failed"}, "test_fail"},
			{[]string{"jobs", "show", failID}, "deliberate failure on attempt 3"},
			{[]string{"jobs", "retry", failID}, "job " + failID + ": queued"},
		}
		for _, s := range steps {
			out, err := run(t, home, env, s.args...)
			if err != nil || !strings.Contains(out, s.want) {
				t.Fatalf("extralit %s: %v\n%s\nwant %q", strings.Join(s.args, " "), err, out, s.want)
			}
		}
		waitJob(t, url, failID, "failed", 20*time.Second) // the retry ran it again and it failed again
		out, err := run(t, home, env, "jobs", "cancel", okID)
		if err == nil || !strings.Contains(out, "already ended") {
			t.Fatalf("jobs cancel of a finished job: %v\n%s", err, out)
		}
	})
}

func TestWebhookEventFromServerIsDeliveredByWorker(t *testing.T) {
	eachEngine(t, func(t *testing.T, e storetest.Engine) {
		home := t.TempDir()
		env := jobEnv(t, e, home, "EXTRALIT_WEBHOOK_RETRY_DELAYS=100ms,100ms,100ms")
		var mu sync.Mutex
		var got []*http.Request
		var bodies [][]byte
		recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			got, bodies = append(got, r), append(bodies, b)
			mu.Unlock()
			w.WriteHeader(200)
		}))
		defer recv.Close()
		_, url, _ := startServer(t, home, env, "--no-workers")
		startWorker(t, home, env, "--queues", "high")

		status, v := call(t, "POST", url+"/api/v1/webhooks", map[string]any{"url": recv.URL + "/hook", "events": []string{"record.created"}})
		if status != 201 {
			t.Fatalf("create webhook = %d %v", status, v)
		}
		hook := v.(map[string]any)
		secret, _ := hook["secret"].(string)
		if key, err := base64.StdEncoding.DecodeString(secret); err != nil || len(key) != 64 {
			t.Fatalf("secret %q is not the base64 of 64 bytes", secret)
		}
		downURL := "http://127.0.0.1:1/down"
		status, v = call(t, "POST", url+"/api/v1/webhooks", map[string]any{"url": downURL, "events": []string{"record.created"}})
		if status != 201 {
			t.Fatalf("create second webhook = %d %v", status, v)
		}

		status, v = call(t, "POST", url+"/api/v1/_test/events", map[string]any{"event": "record.created", "data": map[string]any{"id": "r-1"}})
		if status != 204 {
			t.Fatalf("publish = %d %v", status, v)
		}
		deadline := time.Now().Add(15 * time.Second)
		for time.Now().Before(deadline) {
			mu.Lock()
			n := len(got)
			mu.Unlock()
			if n > 0 {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		mu.Lock()
		if len(got) != 1 {
			mu.Unlock()
			t.Fatalf("receiver got %d deliveries, want 1", len(got))
		}
		r, body := got[0], bodies[0]
		mu.Unlock()
		key, _ := base64.StdEncoding.DecodeString(secret)
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(r.Header.Get("webhook-id") + "." + r.Header.Get("webhook-timestamp") + "." + string(body)))
		if want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)); r.Header.Get("webhook-signature") != want {
			t.Fatalf("signature %q, want %q", r.Header.Get("webhook-signature"), want)
		}
		if !strings.Contains(string(body), `"type":"record.created"`) || !strings.Contains(string(body), `"id":"r-1"`) {
			t.Fatalf("body = %s", body)
		}

		// The delivery to the receiver that is down is retried, then fails.
		deadline = time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			_, v = call(t, "GET", url+"/api/v1/jobs/?kind=webhook_delivery&status=failed", nil)
			if list, _ := v.([]any); len(list) == 1 {
				j := list[0].(map[string]any)
				if j["attempt"] != 4.0 || !strings.Contains(fmt.Sprint(j["error"]), "127.0.0.1:1") {
					t.Fatalf("failed delivery = %v; want 4 attempts with the error", j)
				}
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("delivery to a down receiver did not end failed: %v", v)
	})
}

func TestWorkerReleasesJobItCannotFinishBeforeStopTimeout(t *testing.T) {
	eachEngine(t, func(t *testing.T, e storetest.Engine) {
		home, dir := t.TempDir(), t.TempDir()
		env := jobEnv(t, e, home, "EXTRALIT_JOBS_STOP_TIMEOUT=300ms")
		_, url, _ := startServer(t, home, env, "--no-workers")
		w, out := startWorker(t, home, env, "--queues", "default")
		id := enqueue(t, url, "test_touch", map[string]any{"dir": dir, "name": "r", "sleep_ms": 2500})
		waitFile(t, filepath.Join(dir, "r.attempts"), 1)
		start := time.Now()
		if err := w.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if err := w.Wait(); err != nil {
			t.Fatalf("worker exited with %v:\n%s", err, out.String())
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("worker took %v to stop with a 300ms stop timeout", took)
		}
		if j := getJob(t, url, id); j["status"] == "started" || j["status"] == "finished" || len(lines(t, filepath.Join(dir, "r.effect"))) != 0 {
			t.Fatalf("after a stop timeout the job is %v; want it released (queued or scheduled), without effect", j)
		}
		w2, _ := startWorker(t, home, env, "--queues", "default")
		waitJob(t, url, id, "finished", 15*time.Second)
		if effect := lines(t, filepath.Join(dir, "r.effect")); len(effect) != 1 || !strings.Contains(effect[0], fmt.Sprint(w2.Process.Pid)) {
			t.Fatalf("effect %q; want one, by the second worker", effect)
		}
	})
}

func TestJobCommandsHelpAndBadFlags(t *testing.T) {
	for _, args := range [][]string{{"worker", "--help"}, {"jobs", "--help"}, {"jobs", "list", "--help"}, {"jobs", "retry", "--help"}} {
		out, err := run(t, t.TempDir(), nil, args...)
		if err != nil || !strings.Contains(out, "Usage:") {
			t.Fatalf("extralit %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	for _, c := range []struct {
		args []string
		env  []string
		want string
	}{
		{[]string{"worker", "--queues", "gpu"}, nil, `--queues "gpu" is not one of high, default, ocr`},
		{[]string{"worker", "--num-workers", "0"}, nil, "--num-workers must be at least 1"},
		{[]string{"jobs", "list", "--status", "done"}, nil, `job status "done" is not one of`},
		{[]string{"jobs", "show", "42"}, nil, "job with id `42` not found"},
		{[]string{"jobs", "list"}, []string{"EXTRALIT_JOBS_POLL_INTERVAL=soon"}, "EXTRALIT_JOBS_POLL_INTERVAL=\"soon\" is not a positive duration"},
		{[]string{"jobs", "list"}, []string{"EXTRALIT_WEBHOOK_RETRY_DELAYS=10s,x"}, `"x" is not a positive duration`},
	} {
		out, err := run(t, t.TempDir(), c.env, c.args...)
		if err == nil || !strings.Contains(out, c.want) {
			t.Fatalf("extralit %s: %v\n%s\nwant failure mentioning %q", strings.Join(c.args, " "), err, out, c.want)
		}
	}
}

func TestCancelReachesARunningJobInAnotherProcess(t *testing.T) {
	eachEngine(t, func(t *testing.T, e storetest.Engine) {
		home, dir := t.TempDir(), t.TempDir()
		env := jobEnv(t, e, home)
		_, url, _ := startServer(t, home, env, "--no-workers")
		startWorker(t, home, env, "--queues", "default")
		id := enqueue(t, url, "test_touch", map[string]any{"dir": dir, "name": "c", "sleep_ms": 2800})
		waitFile(t, filepath.Join(dir, "c.attempts"), 1)
		status, v := call(t, "POST", url+"/api/v1/jobs/"+id+"/cancel", nil)
		if status != 200 {
			t.Fatalf("cancel a running job = %d %v", status, v)
		}
		j := waitJob(t, url, id, "canceled", 10*time.Second)
		if len(lines(t, filepath.Join(dir, "c.effect"))) != 0 || j["completed_at"] == nil {
			t.Fatalf("canceled job %v still had its effect %q", j, lines(t, filepath.Join(dir, "c.effect")))
		}
	})
}

func TestTestJobRoutesExistOnlyWithTheTestSwitch(t *testing.T) {
	home := t.TempDir()
	env := []string{"EXTRALIT_USERNAME=owner", "EXTRALIT_PASSWORD=owner-password", "EXTRALIT_API_KEY=" + ownerKey}
	_, url, _ := startServer(t, home, env)
	for _, path := range []string{"/api/v1/_test/jobs", "/api/v1/_test/events"} {
		if status, v := call(t, "POST", url+path, map[string]any{"kind": "noop"}); status != 404 {
			t.Fatalf("POST %s without EXTRALIT_TEST_JOBS = %d %v; want 404", path, status, v)
		}
	}
	if out, err := run(t, home, env, "jobs", "list"); err != nil || !strings.Contains(out, "ID") {
		t.Fatalf("jobs list on a server's database: %v\n%s", err, out)
	}
}
