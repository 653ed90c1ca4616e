package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/extralit/extralit-go/internal/jobs"
	"github.com/extralit/extralit-go/internal/service"
	"github.com/extralit/extralit-go/internal/store"
)

// importKind imports an uploaded file into a dataset, on the default
// queue. In a worker beside the embedded index it writes search updates
// to the outbox and waits until the server has applied them.
func importKind(g *globals, svc *service.Service) jobs.Kind {
	opts := service.ImportOptions{IndexTimeout: g.cfg.ImportIndexTimeout, Poll: 100 * time.Millisecond}
	return jobs.Kind{
		Name: service.ImportKind, Queue: "default", Timeout: 30 * time.Minute,
		// One retry, soon: rows without ids get ids derived from the file,
		// so a second run updates what the first wrote; a bad row fails
		// both runs and its error is readable in the jobs API.
		MaxAttempts: 2, Backoff: func(int) time.Duration { return time.Second },
		Work: func(ctx context.Context, j *jobs.Job) error {
			var args service.ImportArgs
			if err := j.Decode(&args); err != nil {
				return err
			}
			res, err := svc.ImportDataset(ctx, args, opts, func(f float64) { _ = j.Progress(ctx, f) })
			if err != nil {
				return err
			}
			return jobs.SetResult(ctx, res)
		},
	}
}

// startOutboxApplier runs the search outbox applier in the process that
// owns the index, woken at once by PostgreSQL notifications as well as by
// its poll; the returned function stops it and waits, and must run before
// the index and the database close.
func startOutboxApplier(ctx context.Context, g *globals, svc *service.Service, st *store.Store, log *slog.Logger) func() {
	ctx, cancel := context.WithCancel(ctx)
	wake := make(chan struct{}, 1)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		st.ListenOutbox(ctx, wake, func(err error) {
			log.Warn("search outbox: notifications lost; polling meanwhile", "err", err, "poll", g.cfg.OutboxPollInterval)
		})
	}()
	go func() {
		defer wg.Done()
		svc.RunOutbox(ctx, g.cfg.OutboxPollInterval, wake)
	}()
	log.Debug("search outbox applier started", "interval", g.cfg.OutboxPollInterval)
	return func() {
		cancel()
		wg.Wait()
	}
}

// useWorkerSearch sets how a worker's record writes reach search: with a
// search cluster it indexes directly like the server; with the embedded
// engine, which only the server may open, through the outbox. The
// returned function closes what it opened.
func useWorkerSearch(ctx context.Context, g *globals, svc *service.Service) (func(), error) {
	if g.cfg.EmbeddedSearch() {
		svc.SetSearchOutbox(true)
		return func() {}, nil
	}
	idx, err := g.openSearch(ctx)
	if err != nil {
		return nil, err
	}
	svc.SetIndex(idx)
	return func() { _ = idx.Close() }, nil
}

// testDeleteRecordsKind is a test-only job kind (EXTRALIT_TEST_JOBS=1)
// that deletes records in whatever process runs it, so the process tests
// can show a worker's deletes reaching the server's index through the
// outbox.
const testDeleteRecordsKind = "test_delete_records"

// recordKinds are the job kinds that write records: the import, plus the
// test deletion when test jobs are on.
func recordKinds(g *globals, svc *service.Service) []jobs.Kind {
	kinds := []jobs.Kind{importKind(g, svc)}
	if !g.cfg.TestJobs {
		return kinds
	}
	return append(kinds, jobs.Kind{
		Name: testDeleteRecordsKind, Queue: "default", Timeout: time.Minute, MaxAttempts: 1,
		Work: func(ctx context.Context, j *jobs.Job) error {
			var args struct {
				DatasetID string   `json:"dataset_id"`
				UserID    string   `json:"user_id"`
				RecordIDs []string `json:"record_ids"`
			}
			if err := j.Decode(&args); err != nil {
				return err
			}
			user, err := svc.Store().UserByID(ctx, args.UserID)
			if err != nil {
				return err
			}
			if err := svc.DeleteRecords(ctx, user, args.DatasetID, args.RecordIDs); err != nil {
				return err
			}
			if !svc.SearchOutbox() {
				return nil
			}
			last, err := svc.Store().OutboxLastSeq(ctx)
			if err != nil {
				return err
			}
			return svc.WaitForOutbox(ctx, last, g.cfg.ImportIndexTimeout, 50*time.Millisecond, nil)
		},
	})
}
