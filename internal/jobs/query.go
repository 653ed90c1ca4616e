package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/extralit/extralit-go/internal/extralit"
)

var _ extralit.JobQueue = (*Client)(nil)

// parseID reads a job id from the API: a positive decimal number.
func parseID(id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return 0, extralit.Errorf(extralit.KindNotFound, "job with id `%s` not found", id)
	}
	return n, nil
}

// Job returns a job by id.
func (c *Client) Job(ctx context.Context, id string) (*extralit.Job, error) {
	n, err := parseID(id)
	if err != nil {
		return nil, err
	}
	row, err := c.river.JobGet(ctx, n)
	if errors.Is(err, rivertype.ErrNotFound) {
		return nil, extralit.Errorf(extralit.KindNotFound, "job with id `%s` not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("read job %s: %w", id, err)
	}
	return toJob(row), nil
}

// metaFilters are the JobFilter fields kept in job metadata.
func metaFilters(f extralit.JobFilter) map[string]string {
	m := map[string]string{}
	for k, v := range map[string]string{"workspace_id": f.WorkspaceID, "document_id": f.DocumentID, "reference": f.Reference, "group_id": f.GroupID} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}

// Jobs lists the jobs that match f, newest first.
func (c *Client) Jobs(ctx context.Context, f extralit.JobFilter) ([]*extralit.Job, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	p := river.NewJobListParams().First(min(limit, 10000)).OrderBy(river.JobListOrderByID, river.SortOrderDesc)
	if len(f.Kinds) > 0 {
		p = p.Kinds(f.Kinds...)
	}
	if len(f.Queues) > 0 {
		p = p.Queues(f.Queues...)
	}
	states := statesOf(f.Statuses)
	if len(f.Statuses) > 0 {
		p = p.States(states...)
	} else {
		p = p.States(allStates...)
	}
	for key, val := range metaFilters(f) {
		// ->> works on both engines' JSON columns; the key comes from the
		// fixed list above, never from the user.
		p = p.Where("metadata->>'"+key+"' = @"+key, river.NamedArgs{key: val})
	}
	res, err := c.river.JobList(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	out := make([]*extralit.Job, len(res.Jobs))
	for i, row := range res.Jobs {
		out[i] = toJob(row)
	}
	return out, nil
}

var allStates = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateScheduled, rivertype.JobStateRetryable,
	rivertype.JobStateRunning, rivertype.JobStateCompleted, rivertype.JobStateCancelled, rivertype.JobStateDiscarded,
}

// statesOf maps statuses back to River's states.
func statesOf(statuses []extralit.JobStatus) []rivertype.JobState {
	var out []rivertype.JobState
	for _, st := range statuses {
		for state, s := range statusOf {
			if s == string(st) {
				out = append(out, state)
			}
		}
	}
	return out
}

// CancelJob cancels a job that has not ended. A started job's worker is
// told to stop; it ends canceled when its Work function returns.
func (c *Client) CancelJob(ctx context.Context, id string) (*extralit.Job, error) {
	j, err := c.Job(ctx, id)
	if err != nil {
		return nil, err
	}
	if j.Status.Final() {
		return nil, extralit.Errorf(extralit.KindConflict, "job `%s` has already ended with status %s: only queued, scheduled or started jobs can be canceled", id, j.Status)
	}
	n, _ := parseID(id)
	row, err := c.river.JobCancel(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("cancel job %s: %w", id, err)
	}
	return toJob(row), nil
}

// RetryJob makes a job that is not running available to run again now,
// including failed and canceled ones, with a fresh attempt budget.
func (c *Client) RetryJob(ctx context.Context, id string) (*extralit.Job, error) {
	j, err := c.Job(ctx, id)
	if err != nil {
		return nil, err
	}
	if j.Status == extralit.JobStarted {
		return nil, extralit.Errorf(extralit.KindConflict, "job `%s` is running: cancel it or wait for it to end before retrying", id)
	}
	n, _ := parseID(id)
	row, err := c.river.JobRetry(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("retry job %s: %w", id, err)
	}
	return toJob(row), nil
}

// reservedMeta are River's own metadata keys, not shown as job meta.
var reservedMeta = map[string]bool{"output": true, "progress": true, "cancel_attempted_at": true}

func toJob(row *rivertype.JobRow) *extralit.Job {
	j := &extralit.Job{
		ID: strconv.FormatInt(row.ID, 10), Kind: row.Kind, Queue: row.Queue,
		Status: extralit.JobStatus(statusOf[row.State]), Attempt: row.Attempt, MaxAttempts: row.MaxAttempts,
		Args: json.RawMessage(row.EncodedArgs), Meta: map[string]any{},
		CreatedAt: row.CreatedAt.UTC(), ScheduledAt: row.ScheduledAt.UTC(),
	}
	var meta map[string]any
	_ = json.Unmarshal(row.Metadata, &meta)
	for k, v := range meta {
		if !reservedMeta[k] && k != "river:log" {
			j.Meta[k] = v
		}
	}
	if p, ok := meta["progress"].(float64); ok {
		j.Progress = p
	}
	if row.State == rivertype.JobStateCompleted {
		j.Progress = 1
	}
	if out, ok := meta["output"]; ok {
		j.Result, _ = json.Marshal(out)
	}
	for _, e := range row.Errors {
		j.Errors = append(j.Errors, extralit.JobAttemptError{Attempt: e.Attempt, At: e.At.UTC(), Error: e.Error})
	}
	if n := len(j.Errors); n > 0 {
		j.Error = j.Errors[n-1].Error
	}
	if row.AttemptedAt != nil {
		t := row.AttemptedAt.UTC()
		j.StartedAt = &t
	}
	if row.FinalizedAt != nil {
		t := row.FinalizedAt.UTC()
		j.EndedAt = &t
	}
	return j
}

// setProgress writes the job's progress into its metadata at once, outside
// River's completion path, so readers see it while the job runs.
func (c *Client) setProgress(ctx context.Context, id int64, fraction float64) error {
	var q string
	switch c.engine {
	case "postgres":
		q = `UPDATE river_job SET metadata = metadata || jsonb_build_object('progress', $1::float8) WHERE id = $2`
	default:
		q = `UPDATE river_job SET metadata = jsonb_set(metadata, '$.progress', ?) WHERE id = ?`
	}
	if _, err := c.db.ExecContext(ctx, q, fraction, id); err != nil {
		return fmt.Errorf("record progress of job %d: %w", id, err)
	}
	return nil
}
