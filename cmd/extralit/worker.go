package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/extralit/extralit-go/internal/jobs"
)

func newWorkerCommand(g *globals) *cobra.Command {
	var f jobsFlags
	cmd := &cobra.Command{
		Use:   "worker",
		Short: "Work background jobs from the named queues",
		Long: "worker runs background jobs from the database's queues (high, default, ocr) until it\n" +
			"receives SIGTERM or SIGINT. It then stops taking jobs and lets the running ones finish\n" +
			"(up to EXTRALIT_JOBS_STOP_TIMEOUT, default 30s; jobs still running are released and\n" +
			"retried by another worker). Any number of workers can share the server's database:\n" +
			"one SQLite file on one machine, or one PostgreSQL from many machines.",
		Example: "  extralit worker --num-workers 2 --queues high\n" +
			"  extralit worker --num-workers 2 --queues default --queues ocr",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			queues, err := queueMap(f.queues, f.numWorkers)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			log := g.logger(cmd.ErrOrStderr())
			// A worker needs the database and the file storage; it never
			// opens the embedded search index (only the server may), so
			// its record writes then go through the search outbox.
			svc, st, err := g.openService(ctx, log)
			if err != nil {
				return err
			}
			defer st.Close()
			blobs, err := g.openBlobs(ctx)
			if err != nil {
				return err
			}
			defer blobs.Close()
			svc.SetBlobs(blobs)
			closeSearch, err := useWorkerSearch(ctx, g, svc)
			if err != nil {
				return err
			}
			defer closeSearch()
			x := newPDFExtractor(g)
			defer x.Close()
			c, hooks, err := openQueue(ctx, g, st, log, queues,
				append([]jobs.Kind{extractionKind(svc, x, log), exportKind(svc)}, recordKinds(g, svc)...)...)
			if err != nil {
				return err
			}
			svc.SetJobs(c)
			svc.SetEvents(hooks)
			if err := c.Start(ctx); err != nil {
				return err
			}
			log.Info("worker started", "queues", c.WorkedQueues(), "workers_per_queue", f.numWorkers, "database", string(st.Engine()))
			<-ctx.Done()
			log.Info("worker stopping: finishing in-flight jobs")
			if err := c.Stop(ctx); err != nil {
				return fmt.Errorf("stop worker: %w", err)
			}
			log.Info("worker stopped")
			return nil
		},
	}
	cmd.Flags().IntVar(&f.numWorkers, "num-workers", 2, "jobs worked at the same time, per queue, in this process")
	cmd.Flags().StringSliceVar(&f.queues, "queues", nil, "queue to work: high, default or ocr (repeatable; default all three)")
	return cmd
}
