package procfile

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// Runner supervises the processes of a Procfile.
type Runner struct {
	Procs []Process
	// Env is the environment of every process (nil: the runner's own).
	Env []string
	// Dir is the working folder of every process ("" for the current one).
	Dir string
	// Output receives every line of every process, prefixed "name | ".
	Output io.Writer
	Log    *slog.Logger
	// RestartDelay is the first wait before restarting an exited process;
	// it doubles on each quick exit, up to MaxRestartDelay.
	RestartDelay    time.Duration
	MaxRestartDelay time.Duration
	// StopTimeout is how long processes get between SIGTERM and SIGKILL.
	StopTimeout time.Duration
}

// Run starts every process and keeps it running until ctx ends, then
// stops them all (SIGTERM to each process group, SIGKILL after
// StopTimeout) and returns.
func (r *Runner) Run(ctx context.Context) error {
	if len(r.Procs) == 0 {
		return fmt.Errorf("no processes to run")
	}
	var (
		wg sync.WaitGroup
		mu sync.Mutex // serialises whole lines onto Output
	)
	for _, p := range r.Procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.supervise(ctx, p, &mu)
		}()
	}
	wg.Wait()
	return nil
}

// supervise runs p until ctx ends, restarting it whenever it exits.
func (r *Runner) supervise(ctx context.Context, p Process, mu *sync.Mutex) {
	delay := r.RestartDelay
	for run := 1; ; run++ {
		started := time.Now()
		err := r.runOnce(ctx, p, mu)
		if ctx.Err() != nil {
			return
		}
		r.Log.Error("process exited; restarting", "process", p.Name, "run", run, "err", exitText(err),
			"after", time.Since(started).Round(time.Millisecond), "restart_in", delay)
		if time.Since(started) > 4*r.MaxRestartDelay {
			delay = r.RestartDelay // it ran a good while: a fresh failure
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		delay = min(2*delay, r.MaxRestartDelay)
	}
}

// runOnce runs p's command once in its own process group and returns when
// it exits; when ctx ends first it stops the group.
func (r *Runner) runOnce(ctx context.Context, p Process, mu *sync.Mutex) error {
	cmd := exec.Command("/bin/sh", "-c", p.Command)
	cmd.Env, cmd.Dir = r.Env, r.Dir
	// Its own group, so that stopping reaches the command's children too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		pw.Close()
		return fmt.Errorf("start %s: %w", p.Name, err)
	}
	r.Log.Info("process started", "process", p.Name, "pid", cmd.Process.Pid)
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			mu.Lock()
			fmt.Fprintf(r.Output, "%-14s | %s\n", p.Name, sc.Text())
			mu.Unlock()
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait(); pw.Close() }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		pgid := -cmd.Process.Pid
		_ = syscall.Kill(pgid, syscall.SIGTERM)
		select {
		case err = <-done:
		case <-time.After(r.StopTimeout):
			r.Log.Warn("process did not stop in time; killing it", "process", p.Name, "timeout", r.StopTimeout)
			_ = syscall.Kill(pgid, syscall.SIGKILL)
			err = <-done
		}
		r.Log.Info("process stopped", "process", p.Name)
	}
	<-copied
	return err
}

func exitText(err error) string {
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}
