package jobs_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/jobs"
	"github.com/extralit/extralit-go/internal/store"
	"github.com/extralit/extralit-go/internal/store/storetest"
)

// bundle is one test's database, queue client and webhook publisher.
type bundle struct {
	st    *store.Store
	c     *jobs.Client
	hooks *jobs.Webhooks
}

// setup migrates a fresh database on the engine and starts a client that
// works every queue with 4 workers each.
func setup(t *testing.T, e storetest.Engine, delays []time.Duration) bundle {
	t.Helper()
	ctx := context.Background()
	st := storetest.OpenMigrated(t, e.URL(t))
	if _, err := jobs.Migrate(ctx, st.DB(), string(st.Engine())); err != nil {
		t.Fatalf("jobs.Migrate: %v", err)
	}
	if n, err := jobs.Migrate(ctx, st.DB(), string(st.Engine())); err != nil || n != 0 {
		t.Fatalf("second jobs.Migrate = %d, %v; want 0 applied", n, err)
	}
	reg := jobs.NewRegistry()
	for _, k := range jobs.TestKinds() {
		if err := reg.Register(k); err != nil {
			t.Fatal(err)
		}
	}
	hooks := jobs.NewWebhooks(st, delays)
	if err := reg.Register(hooks.Kind()); err != nil {
		t.Fatal(err)
	}
	c, err := jobs.Open(ctx, st.DB(), reg, jobs.Options{
		Engine: string(st.Engine()), Queues: map[string]int{"high": 4, "default": 4, "ocr": 4},
		PollInterval: 50 * time.Millisecond,
	})
	if err != nil {
		t.Fatalf("jobs.Open: %v", err)
	}
	hooks.Use(c)
	if err := c.Start(ctx); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := c.Stop(context.Background()); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return bundle{st: st, c: c, hooks: hooks}
}

// waitStatus polls the job until it has the status, or fails after 15 s.
func waitStatus(t *testing.T, c *jobs.Client, id string, want extralit.JobStatus) *extralit.Job {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var j *extralit.Job
	var err error
	for time.Now().Before(deadline) {
		if j, err = c.Job(context.Background(), id); err == nil && j.Status == want {
			return j
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("job %s did not reach %s: last %+v, %v", id, want, j, err)
	return nil
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestJobRunsAndReportsResult(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			b := setup(t, e, nil)
			dir := t.TempDir()
			n, err := b.c.Insert(context.Background(), "test_touch", jobs.TouchArgs{Dir: dir, Name: "a", SleepMS: 10},
				jobs.InsertOptions{Meta: map[string]any{"document_id": "doc-1", "workspace_id": "ws-1"}})
			if err != nil {
				t.Fatal(err)
			}
			j := waitStatus(t, b.c, itoa(n), extralit.JobFinished)
			if j.Kind != "test_touch" || j.Queue != "default" || j.Progress != 1 || j.Attempt != 1 || j.MaxAttempts != 3 ||
				j.MetaString("document_id") != "doc-1" || j.StartedAt == nil || j.EndedAt == nil || j.Error != "" {
				t.Fatalf("finished job = %+v", j)
			}
			if !strings.Contains(string(j.Result), `"name":"a"`) {
				t.Fatalf("result = %s, want the work function's result", j.Result)
			}
			effect, err := os.ReadFile(filepath.Join(dir, "a.effect"))
			if err != nil || strings.Count(string(effect), "\n") != 1 {
				t.Fatalf("effect file = %q, %v; want one line", effect, err)
			}
		})
	}
}

func TestFailingJobEndsFailedAfterRetries(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			b := setup(t, e, nil)
			n, err := b.c.Insert(context.Background(), "test_fail", map[string]any{}, jobs.InsertOptions{})
			if err != nil {
				t.Fatal(err)
			}
			j := waitStatus(t, b.c, itoa(n), extralit.JobFailed)
			if j.Attempt != 3 || len(j.Errors) != 3 || j.Error != "deliberate failure on attempt 3" || j.EndedAt == nil {
				t.Fatalf("failed job = %+v; want 3 attempts, the last error readable", j)
			}
		})
	}
}

func TestInsertInRolledBackTransactionLeavesNoJob(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			b := setup(t, e, nil)
			ctx := context.Background()
			boom := errors.New("boom")
			var id int64
			err := b.st.InTx(ctx, func(q extralit.Queries) error {
				storetest.MustCreateWorkspace(t, q, "half")
				var err error
				id, err = b.c.InsertIn(ctx, q, "noop", map[string]any{}, jobs.InsertOptions{Meta: map[string]any{"workspace_id": "half"}})
				if err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) || id == 0 {
				t.Fatalf("InTx = %v (job %d); want boom after an insert", err, id)
			}
			if _, err := b.c.Job(ctx, itoa(id)); !extralit.IsKind(err, extralit.KindNotFound) {
				t.Fatalf("job of a rolled back transaction: %v; want not found", err)
			}
			err = b.st.InTx(ctx, func(q extralit.Queries) error {
				id, err = b.c.InsertIn(ctx, q, "noop", map[string]any{}, jobs.InsertOptions{Meta: map[string]any{"workspace_id": "whole"}})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			waitStatus(t, b.c, itoa(id), extralit.JobFinished)
		})
	}
}

func TestCancelRetryAndBadInput(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			b := setup(t, e, nil)
			ctx := context.Background()
			later, err := b.c.Insert(ctx, "noop", map[string]any{}, jobs.InsertOptions{ScheduledAt: time.Now().Add(time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			if j, _ := b.c.Job(ctx, itoa(later)); j == nil || j.Status != extralit.JobScheduled {
				t.Fatalf("job scheduled in an hour = %+v; want scheduled", j)
			}
			j, err := b.c.CancelJob(ctx, itoa(later))
			if err != nil || j.Status != extralit.JobCanceled {
				t.Fatalf("CancelJob = %+v, %v; want canceled", j, err)
			}
			if _, err := b.c.CancelJob(ctx, itoa(later)); !extralit.IsKind(err, extralit.KindConflict) ||
				!strings.Contains(err.Error(), "already ended with status canceled") {
				t.Fatalf("second CancelJob = %v; want a conflict naming the status", err)
			}
			// Retrying a canceled job runs it now.
			if _, err := b.c.RetryJob(ctx, itoa(later)); err != nil {
				t.Fatalf("RetryJob: %v", err)
			}
			waitStatus(t, b.c, itoa(later), extralit.JobFinished)
			if _, err := b.c.CancelJob(ctx, itoa(later)); !extralit.IsKind(err, extralit.KindConflict) {
				t.Fatalf("CancelJob on a finished job = %v; want conflict", err)
			}
			for _, bad := range []string{"999999", "abc", "-1", ""} {
				if _, err := b.c.Job(ctx, bad); !extralit.IsKind(err, extralit.KindNotFound) {
					t.Fatalf("Job(%q) = %v; want not found", bad, err)
				}
			}
			if _, err := b.c.Insert(ctx, "no_such_kind", nil, jobs.InsertOptions{}); err == nil || !strings.Contains(err.Error(), "not registered") {
				t.Fatalf("Insert of an unknown kind = %v; want a clear error", err)
			}
		})
	}
}

func TestListFilters(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			b := setup(t, e, nil)
			ctx := context.Background()
			ids := map[string]int64{}
			for _, doc := range []string{"d1", "d2", "d1"} {
				n, err := b.c.Insert(ctx, "noop", map[string]any{}, jobs.InsertOptions{Meta: map[string]any{"document_id": doc, "workspace_id": "w"}})
				if err != nil {
					t.Fatal(err)
				}
				ids[doc] = n
				waitStatus(t, b.c, itoa(n), extralit.JobFinished)
			}
			failed, _ := b.c.Insert(ctx, "test_fail", map[string]any{}, jobs.InsertOptions{Meta: map[string]any{"document_id": "d2"}})
			waitStatus(t, b.c, itoa(failed), extralit.JobFailed)

			cases := []struct {
				name string
				f    extralit.JobFilter
				want int
			}{
				{"document d1", extralit.JobFilter{DocumentID: "d1"}, 2},
				{"document d2", extralit.JobFilter{DocumentID: "d2"}, 2},
				{"workspace", extralit.JobFilter{WorkspaceID: "w"}, 3},
				{"failed", extralit.JobFilter{Statuses: []extralit.JobStatus{extralit.JobFailed}}, 1},
				{"d2 finished", extralit.JobFilter{DocumentID: "d2", Statuses: []extralit.JobStatus{extralit.JobFinished}}, 1},
				{"kind", extralit.JobFilter{Kinds: []string{"test_fail"}}, 1},
				{"queue high", extralit.JobFilter{Queues: []string{"high"}}, 0},
				{"limit", extralit.JobFilter{Limit: 2}, 2},
				{"unknown document", extralit.JobFilter{DocumentID: "nope"}, 0},
			}
			for _, c := range cases {
				js, err := b.c.Jobs(ctx, c.f)
				if err != nil || len(js) != c.want {
					t.Fatalf("%s: Jobs = %d jobs, %v; want %d", c.name, len(js), err, c.want)
				}
			}
			all, _ := b.c.Jobs(ctx, extralit.JobFilter{})
			if len(all) != 4 || all[0].ID != itoa(failed) {
				t.Fatalf("Jobs() = %d jobs, first %v; want 4, newest first", len(all), all[0].ID)
			}
		})
	}
}

func TestProgressIsVisibleWhileRunning(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			b := setup(t, e, nil)
			n, err := b.c.Insert(context.Background(), "test_touch", jobs.TouchArgs{Dir: t.TempDir(), Name: "p", SleepMS: 1500}, jobs.InsertOptions{})
			if err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(10 * time.Second)
			for time.Now().Before(deadline) {
				j, err := b.c.Job(context.Background(), itoa(n))
				if err == nil && j.Status == extralit.JobStarted && j.Progress == 0.5 {
					waitStatus(t, b.c, itoa(n), extralit.JobFinished)
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
			t.Fatal("never saw the job started with progress 0.5")
		})
	}
}

func TestRegistryRejectsBadKinds(t *testing.T) {
	work := func(context.Context, *jobs.Job) error { return nil }
	cases := []struct {
		name string
		k    jobs.Kind
		want string
	}{
		{"bad name", jobs.Kind{Name: "Bad-Name", Queue: "high", Timeout: time.Second, MaxAttempts: 1, Work: work}, "lower case"},
		{"bad queue", jobs.Kind{Name: "x", Queue: "gpu", Timeout: time.Second, MaxAttempts: 1, Work: work}, `queue "gpu"`},
		{"no work", jobs.Kind{Name: "x", Queue: "high", Timeout: time.Second, MaxAttempts: 1}, "Work function"},
		{"no attempts", jobs.Kind{Name: "x", Queue: "high", Timeout: time.Second, Work: work}, "MaxAttempts"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := jobs.NewRegistry().Register(c.k)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Register = %v; want an error mentioning %q", err, c.want)
			}
		})
	}
	r := jobs.NewRegistry()
	ok := jobs.Kind{Name: "x", Queue: "high", Timeout: time.Second, MaxAttempts: 1, Work: work}
	if err := r.Register(ok); err != nil {
		t.Fatal(err)
	}
	if err := r.Register(ok); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Fatalf("duplicate Register = %v", err)
	}
}

func TestFinishWithStartsTheNextStepWithInheritedMeta(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			b := setup(t, e, nil)
			ctx := context.Background()
			dir := t.TempDir()
			n, err := b.c.Insert(ctx, "test_chain", jobs.TouchArgs{Dir: dir, Name: "step2"},
				jobs.InsertOptions{Meta: map[string]any{"group_id": "g-1", "document_id": "doc-7", "workflow_step": "first"}})
			if err != nil {
				t.Fatal(err)
			}
			parent := waitStatus(t, b.c, itoa(n), extralit.JobFinished)
			if parent.Attempt != 1 {
				t.Fatalf("parent = %+v", parent)
			}
			var kids []*extralit.Job
			deadline := time.Now().Add(10 * time.Second)
			for time.Now().Before(deadline) && len(kids) == 0 {
				kids, _ = b.c.Jobs(ctx, extralit.JobFilter{GroupID: "g-1", Kinds: []string{"test_touch_ocr"}})
				time.Sleep(20 * time.Millisecond)
			}
			if len(kids) != 1 {
				t.Fatalf("follow-ups in group g-1 = %d, want 1", len(kids))
			}
			kid := waitStatus(t, b.c, kids[0].ID, extralit.JobFinished)
			if kid.Queue != "ocr" || kid.MetaString("document_id") != "doc-7" || kid.MetaString("workflow_step") != "second" ||
				kid.MetaString("parent_job_id") != itoa(n) {
				t.Fatalf("follow-up = %+v; want the parent's meta with its own step", kid)
			}
			if effect := lines(t, filepath.Join(dir, "step2.effect")); len(effect) != 1 {
				t.Fatalf("follow-up effect = %q", effect)
			}
		})
	}
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
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}
