package jobs

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
)

// Next is a follow-up job that FinishWith enqueues.
type Next struct {
	Kind string
	Args any
	// Meta is added to the finishing job's meta, which the follow-up
	// inherits (workspace_id, document_id, group_id, …).
	Meta map[string]any
}

// FinishWith marks the job finished and enqueues the follow-up jobs in one
// transaction: the follow-ups exist exactly when this job completed, so a
// step of a workflow that is retried after a crash never starts its next
// steps twice. Each follow-up carries this job's meta plus its own and
// "parent_job_id". Call it at the end of a Work function and return its
// error.
func (j *Job) FinishWith(ctx context.Context, next ...Next) error {
	if j.client == nil || j.row == nil {
		return fmt.Errorf("job %d: FinishWith must be called from a Work function", j.ID)
	}
	tx, err := j.client.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("job %d: begin: %w", j.ID, err)
	}
	defer tx.Rollback()
	for _, n := range next {
		meta := map[string]any{}
		for k, v := range j.Meta {
			if !reservedMeta[k] && k != "river:log" {
				meta[k] = v
			}
		}
		for k, v := range n.Meta {
			meta[k] = v
		}
		meta["parent_job_id"] = fmt.Sprint(j.ID)
		if _, err := j.client.InsertTx(ctx, tx, n.Kind, n.Args, InsertOptions{Meta: meta}); err != nil {
			return fmt.Errorf("job %d: enqueue follow-up: %w", j.ID, err)
		}
	}
	// The driver type only constrains the call; the client comes from ctx.
	if _, err := river.JobCompleteTx[riverdriver.Driver[*sql.Tx]](ctx, tx, j.row); err != nil {
		return fmt.Errorf("job %d: complete: %w", j.ID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("job %d: commit completion: %w", j.ID, err)
	}
	return nil
}
