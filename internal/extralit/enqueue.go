package extralit

import "context"

// JobEnqueuer puts a job on the queue inside the transaction q (or on its
// own when q is not a transaction) and returns the job's id.
type JobEnqueuer interface {
	Enqueue(ctx context.Context, q Queries, kind string, args any, meta map[string]any) (string, error)
}
