package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"

	"github.com/extralit/extralit-go/internal/jobs"
	"github.com/extralit/extralit-go/internal/service"
	"github.com/extralit/extralit-go/internal/store"
)

// jobsFlags are the worker settings of `server` and `worker`.
type jobsFlags struct {
	noWorkers  bool
	numWorkers int
	queues     []string
}

// openQueue migrates River's tables and opens a job client on the store
// that works the given queues (none: enqueue and read only), with every
// job kind registered.
func openQueue(ctx context.Context, g *globals, st *store.Store, log *slog.Logger, queues map[string]int, extra ...jobs.Kind) (*jobs.Client, *jobs.Webhooks, error) {
	set := g.cfg
	if _, err := jobs.Migrate(ctx, st.DB(), string(st.Engine())); err != nil {
		return nil, nil, err
	}
	reg := jobs.NewRegistry()
	hooks := jobs.NewWebhooks(st, set.WebhookRetryDelays)
	kinds := append([]jobs.Kind{hooks.Kind()}, extra...)
	if set.TestJobs {
		kinds = append(kinds, jobs.TestKinds()...)
	}
	for _, k := range kinds {
		if err := reg.Register(k); err != nil {
			return nil, nil, err
		}
	}
	opts := jobs.Options{Engine: string(st.Engine()), Queues: queues, PollInterval: set.JobsPollInterval,
		RescueAfter: set.JobsRescueAfter, StopTimeout: set.JobsStopTimeout, Logger: log}
	if st.Engine() == store.Postgres {
		src, err := store.ParseURL(g.cfg.Database())
		if err != nil {
			return nil, nil, err
		}
		opts.ListenDSN = src.DSN
	}
	c, err := jobs.Open(ctx, st.DB(), reg, opts)
	if err != nil {
		return nil, nil, err
	}
	hooks.Use(c)
	return c, hooks, nil
}

// queueMap turns --queues and --num-workers into the per-queue worker
// counts; no queue named means all of them.
func queueMap(names []string, n int) (map[string]int, error) {
	if n < 1 {
		return nil, fmt.Errorf("--num-workers must be at least 1, got %d", n)
	}
	if len(names) == 0 {
		names = jobs.Queues
	}
	m := map[string]int{}
	for _, q := range names {
		q = strings.TrimSpace(q)
		valid := false
		for _, known := range jobs.Queues {
			valid = valid || q == known
		}
		if !valid {
			return nil, fmt.Errorf("--queues %q is not one of %s", q, strings.Join(jobs.Queues, ", "))
		}
		m[q] = n
	}
	return m, nil
}

func addServerJobsFlags(cmd *cobra.Command, f *jobsFlags) {
	cmd.Flags().BoolVar(&f.noWorkers, "no-workers", false, "run no job workers in this process (run `extralit worker` processes instead)")
	cmd.Flags().IntVar(&f.numWorkers, "num-workers", 2, "jobs worked at the same time, per queue, by the server's in-process workers")
}

// startServerJobs gives the service its job queue and webhook publisher
// and, unless --no-workers, starts workers for every queue. The returned
// function stops the workers; call it after HTTP has shut down.
func startServerJobs(ctx context.Context, g *globals, svc *service.Service, st *store.Store, log *slog.Logger) (*jobs.Client, func(), error) {
	var queues map[string]int
	if !g.jobs.noWorkers {
		var err error
		if queues, err = queueMap(nil, g.jobs.numWorkers); err != nil {
			return nil, nil, err
		}
	}
	x := newPDFExtractor(g)
	c, hooks, err := openQueue(ctx, g, st, log, queues,
		append([]jobs.Kind{extractionKind(svc, x, log), exportKind(svc)}, recordKinds(g, svc)...)...)
	if err != nil {
		return nil, nil, err
	}
	svc.SetJobs(c)
	svc.SetEnqueuer(queueEnqueuer{c})
	svc.SetEvents(hooks)
	svc.SetDocumentHook(enqueueExtraction(c))
	if err := c.Start(ctx); err != nil {
		return nil, nil, err
	}
	if g.jobs.noWorkers {
		log.Info("no in-process job workers (--no-workers): run `extralit worker` to work the queues")
	}
	return c, func() {
		if err := c.Stop(ctx); err != nil {
			log.Error("stop job workers", "err", err)
		}
		x.Close()
	}, nil
}
