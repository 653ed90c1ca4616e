package jobs

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// TestKinds are job kinds for tests and benchmarks, registered only when
// the binary runs with EXTRALIT_TEST_JOBS=1. They let a test observe a
// job's effect from outside the process and kill a worker mid-job:
//
//   - test_touch, test_touch_high, test_touch_ocr (queues default, high,
//     ocr): append "start <attempt>" to <dir>/<name>.attempts, sleep
//     sleep_ms, then append one line to <dir>/<name>.effect. Timeout 3 s,
//     3 attempts, retried after 100 ms.
//   - test_fail: always fails with "deliberate failure on attempt N";
//     3 attempts, retried after 100 ms.
//   - noop: does nothing (the throughput benchmark's job).
//   - test_chain: finishes by enqueueing test_touch_ocr with its own
//     arguments (FinishWith), as a workflow step starts the next.
func TestKinds() []Kind {
	touch := func(name, queue string) Kind {
		return Kind{Name: name, Queue: queue, Timeout: 3 * time.Second, MaxAttempts: 3,
			Backoff: func(int) time.Duration { return 100 * time.Millisecond }, Work: workTouch}
	}
	return []Kind{
		touch("test_touch", QueueDefault),
		touch("test_touch_high", QueueHigh),
		touch("test_touch_ocr", QueueOCR),
		{Name: "test_fail", Queue: QueueDefault, Timeout: 3 * time.Second, MaxAttempts: 3,
			Backoff: func(int) time.Duration { return 100 * time.Millisecond },
			Work: func(ctx context.Context, j *Job) error {
				return fmt.Errorf("deliberate failure on attempt %d", j.Attempt)
			}},
		{Name: "noop", Queue: QueueDefault, Timeout: time.Minute, MaxAttempts: 1,
			Work: func(context.Context, *Job) error { return nil }},
		{Name: "test_chain", Queue: QueueDefault, Timeout: 3 * time.Second, MaxAttempts: 3,
			Work: func(ctx context.Context, j *Job) error {
				var a TouchArgs
				if err := j.Decode(&a); err != nil {
					return err
				}
				return j.FinishWith(ctx, Next{Kind: "test_touch_ocr", Args: a, Meta: map[string]any{"workflow_step": "second"}})
			}},
	}
}

// TouchArgs are the arguments of the test_touch kinds.
type TouchArgs struct {
	Dir     string `json:"dir"`
	Name    string `json:"name"`
	SleepMS int    `json:"sleep_ms"`
}

func appendLine(path, line string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, line); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func workTouch(ctx context.Context, j *Job) error {
	var a TouchArgs
	if err := j.Decode(&a); err != nil {
		return err
	}
	base := filepath.Join(a.Dir, a.Name)
	if err := appendLine(base+".attempts", fmt.Sprintf("start %d pid %d", j.Attempt, os.Getpid())); err != nil {
		return fmt.Errorf("test_touch: %w", err)
	}
	_ = j.Progress(ctx, 0.5)
	select {
	case <-time.After(time.Duration(a.SleepMS) * time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	if err := appendLine(base+".effect", fmt.Sprintf("done by pid %d", os.Getpid())); err != nil {
		return fmt.Errorf("test_touch: %w", err)
	}
	return SetResult(ctx, map[string]any{"name": a.Name, "pid": os.Getpid()})
}
