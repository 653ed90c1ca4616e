package main_test

import (
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/store/storetest"
)

var startedRE = regexp.MustCompile(`msg="process started" process=(\S+) pid=(\d+)`)

// procPIDs maps each Procfile process to the pids it has run under, in order.
func procPIDs(out string) map[string][]string {
	m := map[string][]string{}
	for _, s := range startedRE.FindAllStringSubmatch(out, -1) {
		m[s[1]] = append(m[s[1]], s[2])
	}
	return m
}

// waitOutput polls out until it contains every string in want.
func waitOutput(t *testing.T, out *lockedBuffer, within time.Duration, want ...string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		all := true
		for _, w := range want {
			all = all && strings.Contains(out.String(), w)
		}
		if all {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("output never had all of %q:\n%s", want, out.String())
}

// TestProcfileRunsServerAndWorkerPools runs deploy/Procfile as the container
// does (`extralit procfile`): a server without workers and the two worker
// pools as separate processes on one database. A high job and an ocr job
// are each worked by the right pool, and a killed worker is restarted.
func TestProcfileRunsServerAndWorkerPools(t *testing.T) {
	eachEngine(t, func(t *testing.T, e storetest.Engine) {
		home, dir := t.TempDir(), t.TempDir()
		port := freePort(t)
		cmd := exec.Command(binary, "procfile", filepath.Join("..", "..", "deploy", "Procfile"))
		cmd.Env = append(baseEnv(home), jobEnv(t, e, home, fmt.Sprintf("PORT=%d", port), "EXTRALIT_HOST=127.0.0.1")...)
		out := &lockedBuffer{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
		url := fmt.Sprintf("http://127.0.0.1:%d", port)
		waitOutput(t, out, 60*time.Second, "server         | Extralit is serving at",
			`worker_high    | `, `msg="worker started" queues=[high]`, `worker_default | `, `msg="worker started" queues="[default ocr]"`)
		pids := procPIDs(out.String())
		if len(pids["server"]) != 1 || len(pids["worker_high"]) != 1 || len(pids["worker_default"]) != 1 {
			t.Fatalf("process pids = %v, want one each for server, worker_high, worker_default", pids)
		}

		highID := enqueue(t, url, "test_touch_high", map[string]any{"dir": dir, "name": "high"})
		ocrID := enqueue(t, url, "test_touch_ocr", map[string]any{"dir": dir, "name": "ocr"})
		waitJob(t, url, highID, "finished", 30*time.Second)
		waitJob(t, url, ocrID, "finished", 30*time.Second)
		for name, want := range map[string]string{"high": pids["worker_high"][0], "ocr": pids["worker_default"][0]} {
			got := lines(t, filepath.Join(dir, name+".attempts"))
			if len(got) != 1 || !strings.Contains(got[0], "pid "+want) {
				t.Errorf("%s job attempts = %q, want one by pid %s (pids %v)", name, got, want, pids)
			}
		}

		// A worker that dies is reported and restarted by the runner, and
		// the new process takes the next high job.
		var old int
		fmt.Sscan(pids["worker_high"][0], &old)
		if err := syscall.Kill(old, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		waitOutput(t, out, 30*time.Second, `msg="process exited; restarting" process=worker_high`)
		deadline := time.Now().Add(30 * time.Second)
		for len(procPIDs(out.String())["worker_high"]) < 2 && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		restarted := procPIDs(out.String())["worker_high"]
		if len(restarted) < 2 {
			t.Fatalf("worker_high was not restarted:\n%s", out.String())
		}
		again := enqueue(t, url, "test_touch_high", map[string]any{"dir": dir, "name": "again"})
		waitJob(t, url, again, "finished", 30*time.Second)
		if got := lines(t, filepath.Join(dir, "again.attempts")); len(got) != 1 || !strings.Contains(got[0], "pid "+restarted[1]) {
			t.Errorf("high job after restart attempts = %q, want one by the new pid %s", got, restarted[1])
		}

		// SIGTERM stops every process and the runner.
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			t.Fatalf("procfile runner did not stop within 60 s of SIGTERM:\n%s", out.String())
		}
		if res, err := http.Get(url + "/api/v1/status"); err == nil {
			res.Body.Close()
			t.Fatalf("the server still answers after the runner stopped")
		}
		for _, name := range []string{"server", "worker_high", "worker_default"} {
			if !strings.Contains(out.String(), `msg="process stopped" process=`+name) {
				t.Errorf("%s was not stopped in order:\n%s", name, out.String())
			}
		}
	})
}
