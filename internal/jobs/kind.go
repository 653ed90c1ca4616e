package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"time"

	"github.com/riverqueue/river"
)

// The queues, as in the reference.
const (
	QueueHigh    = "high"
	QueueDefault = "default"
	QueueOCR     = "ocr"
)

// Queues lists every queue a worker can listen on.
var Queues = []string{QueueHigh, QueueDefault, QueueOCR}

// Kind describes one kind of job: where it runs and how it is retried.
type Kind struct {
	// Name identifies the kind in the database: lower case, digits and _.
	Name string
	// Queue is one of Queues.
	Queue string
	// Timeout bounds one attempt; its context is cancelled after it. A
	// worker that dies mid-job has the job retried once Timeout has passed.
	Timeout time.Duration
	// MaxAttempts is how many times the job runs before it ends failed.
	MaxAttempts int
	// Backoff returns the wait before attempt n+1 after attempt n failed;
	// nil means DefaultBackoff.
	Backoff func(attempt int) time.Duration
	// Work does the job. Returning an error fails this attempt.
	Work func(ctx context.Context, j *Job) error
}

// DefaultBackoff waits attempt⁴ seconds plus one (2 s, 17 s, 82 s, …),
// capped at one hour.
func DefaultBackoff(attempt int) time.Duration {
	if attempt > 15 {
		return time.Hour
	}
	d := time.Duration(attempt*attempt*attempt*attempt+1) * time.Second
	return min(d, time.Hour)
}

// ScheduleBackoff returns a Backoff that waits delays[n-1] after attempt n,
// and the last delay after any later attempt.
func ScheduleBackoff(delays []time.Duration) func(int) time.Duration {
	return func(attempt int) time.Duration {
		if len(delays) == 0 {
			return DefaultBackoff(attempt)
		}
		return delays[min(max(attempt, 1), len(delays))-1]
	}
}

var kindNamePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

func (k Kind) validate() error {
	if !kindNamePattern.MatchString(k.Name) {
		return fmt.Errorf("job kind name %q must be lower case letters, digits and _", k.Name)
	}
	if !validQueue(k.Queue) {
		return fmt.Errorf("job kind %s: queue %q is not one of %v", k.Name, k.Queue, Queues)
	}
	if k.Timeout <= 0 || k.MaxAttempts < 1 || k.Work == nil {
		return fmt.Errorf("job kind %s needs a positive Timeout, MaxAttempts ≥ 1 and a Work function", k.Name)
	}
	return nil
}

func validQueue(q string) bool {
	for _, x := range Queues {
		if x == q {
			return true
		}
	}
	return false
}

// Registry holds the job kinds a process knows. Every process registers
// every kind, whatever queues it works, so that any of them can recover a
// job whose worker died.
type Registry struct {
	kinds map[string]Kind
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{kinds: map[string]Kind{}} }

// Register adds a kind; a second kind with the same name is an error.
func (r *Registry) Register(k Kind) error {
	if err := k.validate(); err != nil {
		return err
	}
	if _, dup := r.kinds[k.Name]; dup {
		return fmt.Errorf("job kind %s is registered twice", k.Name)
	}
	r.kinds[k.Name] = k
	return nil
}

// Kind returns the kind with the given name.
func (r *Registry) Kind(name string) (Kind, bool) {
	k, ok := r.kinds[name]
	return k, ok
}

// Kinds lists the registered kinds by name.
func (r *Registry) Kinds() []Kind {
	out := make([]Kind, 0, len(r.kinds))
	for _, k := range r.kinds {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Job is what a Work function receives: the job's identity, its arguments
// and ways to report progress and a result.
type Job struct {
	ID      int64
	Kind    string
	Attempt int
	// Args is the JSON the job was enqueued with; Decode reads it.
	Args json.RawMessage
	// Meta is what the job concerns (document_id, workspace_id, …).
	Meta   map[string]any
	client *Client
	// row is River's job, for completing it in a transaction (FinishWith).
	row *river.Job[payload]
}

// Decode unmarshals the job's arguments into v.
func (j *Job) Decode(v any) error {
	if err := json.Unmarshal(j.Args, v); err != nil {
		return fmt.Errorf("job %d (%s): decode arguments: %w", j.ID, j.Kind, err)
	}
	return nil
}

// Progress records how far the job is, between 0 and 1, where the jobs API
// can read it while the job runs.
func (j *Job) Progress(ctx context.Context, fraction float64) error {
	if j.client == nil {
		return nil
	}
	return j.client.setProgress(ctx, j.ID, min(max(fraction, 0), 1))
}
