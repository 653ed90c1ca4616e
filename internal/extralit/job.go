package extralit

import (
	"context"
	"encoding/json"
	"time"
)

// JobStatus is a background job's state in the reference's vocabulary (the
// job statuses of RQ, which the reference server and SDK use).
type JobStatus string

// The job statuses. A job is queued until a worker starts it; it is
// scheduled while it waits for a retry or a later start; it ends finished,
// failed (retries exhausted) or canceled.
const (
	JobQueued    JobStatus = "queued"
	JobStarted   JobStatus = "started"
	JobDeferred  JobStatus = "deferred"
	JobFinished  JobStatus = "finished"
	JobScheduled JobStatus = "scheduled"
	JobCanceled  JobStatus = "canceled"
	JobFailed    JobStatus = "failed"
)

// JobStatuses lists every status a job can have, in lifecycle order.
var JobStatuses = []JobStatus{JobQueued, JobDeferred, JobScheduled, JobStarted, JobFinished, JobFailed, JobCanceled}

// ParseJobStatus checks a status given by a user.
func ParseJobStatus(s string) (JobStatus, error) {
	for _, st := range JobStatuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", Errorf(KindInvalid, "job status %q is not one of queued, deferred, scheduled, started, finished, failed, canceled", s)
}

// Final reports whether the status can no longer change by itself.
func (s JobStatus) Final() bool {
	return s == JobFinished || s == JobFailed || s == JobCanceled
}

// Job is a background job as the API and operators see it.
type Job struct {
	// ID is the queue's job number, as a decimal string.
	ID    string
	Kind  string
	Queue string
	// Status is the job's state in the reference's vocabulary.
	Status      JobStatus
	Attempt     int
	MaxAttempts int
	// Args are the job's arguments as JSON.
	Args json.RawMessage
	// Meta is what the job concerns (workspace_id, document_id, reference,
	// workflow_step, group_id …), set when it was enqueued, plus its
	// progress and result as the worker reports them.
	Meta map[string]any
	// Progress is between 0 and 1; 1 once the job finished.
	Progress float64
	// Result is what the job returned, JSON, or nil.
	Result json.RawMessage
	// Error is the last attempt's error, empty if none failed.
	Error string
	// Errors holds every failed attempt's error, oldest first.
	Errors      []JobAttemptError
	CreatedAt   time.Time
	ScheduledAt time.Time
	StartedAt   *time.Time
	EndedAt     *time.Time
}

// JobAttemptError is one failed attempt.
type JobAttemptError struct {
	Attempt int
	At      time.Time
	Error   string
}

// MetaString returns a string value of Meta, or "".
func (j *Job) MetaString(key string) string {
	s, _ := j.Meta[key].(string)
	return s
}

// JobFilter narrows a job listing. Empty fields do not filter.
type JobFilter struct {
	WorkspaceID string
	DocumentID  string
	Reference   string
	GroupID     string
	Kinds       []string
	Queues      []string
	Statuses    []JobStatus
	// Limit caps the number of jobs returned (newest first); 0 means 100.
	Limit int
}

// JobQueue reads and controls background jobs.
type JobQueue interface {
	// Job returns a job by id; KindNotFound if there is none.
	Job(ctx context.Context, id string) (*Job, error)
	// Jobs lists jobs matching f, newest first.
	Jobs(ctx context.Context, f JobFilter) ([]*Job, error)
	// CancelJob cancels a job that has not ended; KindNotFound, or
	// KindConflict if it already ended.
	CancelJob(ctx context.Context, id string) (*Job, error)
	// RetryJob makes a job run again now, even one that ended;
	// KindNotFound, or KindConflict if it is running.
	RetryJob(ctx context.Context, id string) (*Job, error)
}
