// Command jobs measures background job throughput through the whole path:
// the server enqueues trivial jobs (kind noop, in batches through its
// test-only route), separate `extralit worker` processes work them, and the
// clock stops when the database shows every job completed. It runs on
// SQLite and, when -pg is given, on PostgreSQL, with 1 and 2 worker
// processes, and prints a Markdown table.
//
//	go run ./bench/jobs -bin bin/extralit -n 20000 -pg postgresql://postgres@127.0.0.1:55432/postgres?sslmode=disable
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

var (
	bin       = flag.String("bin", "bin/extralit", "extralit binary")
	n         = flag.Int("n", 20000, "jobs per run")
	batch     = flag.Int("batch", 500, "jobs per enqueue call")
	perProc   = flag.Int("workers", 100, "--num-workers of each worker process")
	pgAdmin   = flag.String("pg", "", "PostgreSQL URL of a maintenance database (runs create and drop their own); empty skips PostgreSQL")
	procsList = flag.String("procs", "1,2", "worker process counts to run")
)

const apiKey = "bench-api-key-0123456789"

// lockedBuffer collects a process's output while it runs.
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

func start(env []string, wait func(out string) bool, args ...string) (*exec.Cmd, *lockedBuffer) {
	cmd := exec.Command(*bin, args...)
	cmd.Env = append(os.Environ(), env...)
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if wait(out.String()) {
			return cmd, out
		}
		time.Sleep(20 * time.Millisecond)
	}
	log.Fatalf("%s did not start:\n%s", strings.Join(args, " "), out.String())
	return nil, nil
}

func stop(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()
}

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// result is one run's measurement.
type result struct {
	engine        string
	procs         int
	seconds       float64
	enqueueSecond float64
	completed     int
}

func runOnce(engine, dbURL, sqlDriver, sqlDSN string, procs int) result {
	home, err := os.MkdirTemp("", "extralit-bench-jobs-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(home)
	env := []string{"EXTRALIT_HOME_PATH=" + home, "EXTRALIT_DATABASE_URL=" + dbURL, "EXTRALIT_TEST_JOBS=1",
		"EXTRALIT_USERNAME=bench", "EXTRALIT_PASSWORD=bench-password", "EXTRALIT_API_KEY=" + apiKey, "EXTRALIT_LOG_LEVEL=warn"}
	port := freePort()
	server, _ := start(env, func(string) bool {
		res, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/api/v1/status", port))
		if err == nil {
			res.Body.Close()
		}
		return err == nil && res.StatusCode == 200
	}, "server", "--no-workers", "--port", fmt.Sprint(port))
	defer stop(server)
	var workers []*exec.Cmd
	for i := 0; i < procs; i++ {
		w, _ := start(append(env, "EXTRALIT_LOG_LEVEL=info"), func(out string) bool { return strings.Contains(out, "worker started") },
			"worker", "--queues", "default", "--num-workers", fmt.Sprint(*perProc))
		workers = append(workers, w)
	}
	defer func() {
		for _, w := range workers {
			stop(w)
		}
	}()
	db, err := sql.Open(sqlDriver, sqlDSN)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	t0 := time.Now()
	var enqueueDone time.Duration
	go func() {
		body, _ := json.Marshal(map[string]any{"kind": "noop", "args": map[string]any{}, "count": *batch})
		for sent := 0; sent < *n; sent += *batch {
			req, _ := http.NewRequest("POST", fmt.Sprintf("http://127.0.0.1:%d/api/v1/_test/jobs", port), bytes.NewReader(body))
			req.Header.Set("X-Extralit-Api-Key", apiKey)
			res, err := http.DefaultClient.Do(req)
			if err != nil || res.StatusCode != 201 {
				log.Fatalf("enqueue: %v %v", err, res)
			}
			res.Body.Close()
		}
		enqueueDone = time.Since(t0)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var done int
	for done < *n {
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE state = 'completed'`).Scan(&done); err != nil {
			log.Fatalf("count completed jobs: %v", err)
		}
		if done < *n {
			time.Sleep(10 * time.Millisecond)
		}
	}
	elapsed := time.Since(t0)
	return result{engine: engine, procs: procs, seconds: elapsed.Seconds(), enqueueSecond: enqueueDone.Seconds(), completed: done}
}

func main() {
	flag.Parse()
	if _, err := os.Stat(*bin); err != nil {
		log.Fatalf("binary %s: %v (build it with go build -o bin/extralit ./cmd/extralit)", *bin, err)
	}
	var procs []int
	for _, p := range strings.Split(*procsList, ",") {
		var k int
		if _, err := fmt.Sscan(p, &k); err != nil || k < 1 {
			log.Fatalf("-procs %q: %q is not a positive number", *procsList, p)
		}
		procs = append(procs, k)
	}
	var results []result
	for _, p := range procs {
		dir, err := os.MkdirTemp("", "extralit-bench-db-")
		if err != nil {
			log.Fatal(err)
		}
		file := filepath.Join(dir, "bench.db")
		results = append(results, runOnce("SQLite", "sqlite://"+file, "sqlite", "file:"+file+"?_pragma=busy_timeout(20000)", p))
		os.RemoveAll(dir)
	}
	if *pgAdmin != "" {
		admin, err := sql.Open("pgx", *pgAdmin)
		if err != nil {
			log.Fatal(err)
		}
		for _, p := range procs {
			name := fmt.Sprintf("extralit_bench_jobs_%d", p)
			if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name); err != nil {
				log.Fatal(err)
			}
			if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
				log.Fatal(err)
			}
			u, err := url.Parse(*pgAdmin)
			if err != nil {
				log.Fatal(err)
			}
			u.Path = "/" + name
			results = append(results, runOnce("PostgreSQL", u.String(), "pgx", u.String(), p))
			if _, err := admin.Exec("DROP DATABASE " + name + " WITH (FORCE)"); err != nil {
				log.Printf("drop %s: %v", name, err)
			}
		}
		admin.Close()
	}
	fmt.Printf("| database | worker processes | workers per process | jobs | enqueue done (s) | all done (s) | jobs/s |\n|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		fmt.Printf("| %s | %d | %d | %d | %.2f | %.2f | %.0f |\n", r.engine, r.procs, *perProc, r.completed, r.enqueueSecond, r.seconds, float64(r.completed)/r.seconds)
	}
}
