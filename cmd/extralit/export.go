package main

import (
	"context"
	"strconv"
	"time"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/jobs"
	"github.com/extralit/extralit-go/internal/service"
)

// queueEnqueuer adapts the job client to extralit.JobEnqueuer.
type queueEnqueuer struct{ c *jobs.Client }

func (e queueEnqueuer) Enqueue(ctx context.Context, q extralit.Queries, kind string, args any, meta map[string]any) (string, error) {
	id, err := e.c.InsertIn(ctx, q, kind, args, jobs.InsertOptions{Meta: meta})
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(id, 10), nil
}

// exportKind writes a dataset's records to a file, on the default queue.
// It reads the database and writes storage only, so any worker process
// can run it.
func exportKind(svc *service.Service) jobs.Kind {
	return jobs.Kind{
		Name: service.ExportKind, Queue: "default", Timeout: 30 * time.Minute, MaxAttempts: 3,
		Work: func(ctx context.Context, j *jobs.Job) error {
			var args service.ExportArgs
			if err := j.Decode(&args); err != nil {
				return err
			}
			res, err := svc.ExportDataset(ctx, args, func(f float64) { _ = j.Progress(ctx, f) })
			if err != nil {
				return err
			}
			return jobs.SetResult(ctx, res)
		},
	}
}
