package procfile_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/procfile"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []procfile.Process
		wantErr string
	}{
		{name: "lines, comments and blanks", in: "# c\n\nweb: run a\nworker_high: run b --x 1\n",
			want: []procfile.Process{{"web", "run a"}, {"worker_high", "run b --x 1"}}},
		{name: "colon in command", in: "web: echo a:b\n", want: []procfile.Process{{"web", "echo a:b"}}},
		{name: "no colon", in: "web run\n", wantErr: `line 1: want "name: command"`},
		{name: "bad name", in: "\nmy web: x\n", wantErr: `line 2: process name "my web"`},
		{name: "no command", in: "web:\n", wantErr: `process "web" has no command`},
		{name: "duplicate", in: "a: x\na: y\n", wantErr: `process "a" is defined twice`},
		{name: "empty", in: "# only\n", wantErr: "no processes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := procfile.Parse(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Parse = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("process %d = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestSelect(t *testing.T) {
	procs := []procfile.Process{{"a", "x"}, {"b", "y"}, {"c", "z"}}
	got, err := procfile.Select(procs, []string{"c", "a"})
	if err != nil || len(got) != 2 || got[0].Name != "a" || got[1].Name != "c" {
		t.Fatalf("Select(c, a) = %v, %v; want a, c", got, err)
	}
	if _, err := procfile.Select(procs, []string{"d"}); err == nil || !strings.Contains(err.Error(), "it has a, b, c") {
		t.Fatalf("Select(d) error = %v, want one listing a, b, c", err)
	}
}

// syncBuffer is a bytes.Buffer safe to read while the runner writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunnerRestartsExitedProcessAndStopsAll(t *testing.T) {
	dir := t.TempDir()
	runs := filepath.Join(dir, "runs")
	var out, logs syncBuffer
	r := &procfile.Runner{
		Procs: []procfile.Process{
			{"flaky", "echo run >> " + runs + "; echo hello; exit 3"},
			// Ignores nothing: sleep in a child, so stopping must reach the group.
			{"steady", "sleep 60; echo never"},
		},
		Output: &out, Log: slog.New(slog.NewTextHandler(&logs, nil)),
		RestartDelay: 10 * time.Millisecond, MaxRestartDelay: 40 * time.Millisecond, StopTimeout: 5 * time.Second,
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if b, _ := os.ReadFile(runs); strings.Count(string(b), "run") >= 3 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return within 10 s of cancel: a process group was not stopped")
	}
	if b, _ := os.ReadFile(runs); strings.Count(string(b), "run") < 3 {
		t.Fatalf("flaky ran %d times, want at least 3 (restarted after exits)", strings.Count(string(b), "run"))
	}
	if !strings.Contains(out.String(), "flaky          | hello") {
		t.Errorf("output not prefixed with the process name:\n%s", out.String())
	}
	if strings.Contains(out.String(), "never") {
		t.Errorf("steady finished its sleep instead of being stopped:\n%s", out.String())
	}
	if !strings.Contains(logs.String(), "process exited; restarting") || !strings.Contains(logs.String(), "exit status 3") {
		t.Errorf("exit not reported with its status:\n%s", logs.String())
	}
}
