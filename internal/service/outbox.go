package service

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/search"
)

// SetSearchOutbox switches how record changes reach the search index. Off
// (the default) the service writes to its index directly: the process
// that owns the embedded index, or any process with a search cluster. On,
// it writes outbox rows in the transaction of the change instead, for the
// index owner's ApplyOutbox to apply: a worker process beside a server
// with the embedded engine, which must never open the index.
func (s *Service) SetSearchOutbox(on bool) {
	s.outbox = on
	if on && s.index == nil {
		s.index = notIndexOwner{}
	}
}

// SearchOutbox reports whether record changes go through the outbox.
func (s *Service) SearchOutbox() bool { return s.outbox }

// queueIndex records, inside the write transaction q, that the records
// must be re-read and indexed (or removed from the index).
func (s *Service) queueIndex(ctx context.Context, q extralit.Queries, datasetID string, op extralit.OutboxOp, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	return q.AddOutbox(ctx, datasetID, op, ids)
}

// outboxBatch is how many outbox rows one ApplyOutbox pass reads.
const outboxBatch = 500

// ApplyOutbox applies pending outbox rows to the search index, oldest
// first, up to one batch, and returns how many rows it applied. Each
// record named is re-read from the database: one that exists is indexed
// as it is now, one that is gone is removed from the index, so the order
// of rows within a batch does not matter. Rows are removed only after the
// index write succeeded; a dataset whose write fails keeps its rows for
// the next pass, and the other datasets go on.
func (s *Service) ApplyOutbox(ctx context.Context) (int, error) {
	n, _, err := s.applyOutbox(ctx, nil)
	return n, err
}

// applyOutbox is ApplyOutbox leaving out the datasets in skip; it also
// returns the datasets whose rows could not be applied.
func (s *Service) applyOutbox(ctx context.Context, skip []string) (applied int, failed []string, err error) {
	entries, err := s.store.PendingOutbox(ctx, outboxBatch, skip)
	if err != nil || len(entries) == 0 {
		return 0, nil, err
	}
	byDataset := map[string][]extralit.OutboxEntry{}
	var order []string
	for _, e := range entries {
		if _, ok := byDataset[e.DatasetID]; !ok {
			order = append(order, e.DatasetID)
		}
		byDataset[e.DatasetID] = append(byDataset[e.DatasetID], e)
	}
	var errs []error
	for _, id := range order {
		es := byDataset[id]
		if err := s.applyDatasetOutbox(ctx, id, es); err != nil {
			errs = append(errs, fmt.Errorf("apply %d search updates of dataset %s: %w", len(es), id, err))
			failed = append(failed, id)
			continue
		}
		seqs := make([]int64, len(es))
		for i, e := range es {
			seqs[i] = e.Seq
		}
		if err := s.store.RemoveOutbox(ctx, seqs); err != nil {
			errs = append(errs, err)
			continue
		}
		applied += len(es)
	}
	return applied, failed, errors.Join(errs...)
}

// applyDatasetOutbox brings the index of one dataset up to date for the
// records the entries name.
func (s *Service) applyDatasetOutbox(ctx context.Context, datasetID string, es []extralit.OutboxEntry) error {
	d, err := s.store.DatasetByID(ctx, datasetID)
	if extralit.IsKind(err, extralit.KindNotFound) {
		return nil // the dataset and its index are gone: nothing to apply
	}
	if err != nil {
		return err
	}
	if d.Status != extralit.DatasetReady {
		return nil // a draft has no index; publishing indexes every record
	}
	seen := map[string]bool{}
	var ids []string
	for _, e := range es {
		if !seen[e.RecordID] {
			seen[e.RecordID] = true
			ids = append(ids, e.RecordID)
		}
	}
	sc, err := s.Schema(ctx, s.store, d)
	if err != nil {
		return err
	}
	p := parseSchema(sc)
	rs, err := s.store.RecordsByIDs(ctx, d.ID, ids, allIncludes)
	if err != nil {
		return err
	}
	docs := make([]search.Document, len(rs))
	for i, r := range rs {
		docs[i] = p.document(r)
		delete(seen, r.ID)
	}
	if len(docs) > 0 {
		if err := s.index.Upsert(ctx, d.ID, docs); err != nil {
			return searchError("index records", err)
		}
	}
	var gone []string
	for _, id := range ids {
		if seen[id] {
			gone = append(gone, id)
		}
	}
	if len(gone) > 0 {
		if err := s.index.Delete(ctx, d.ID, gone); err != nil {
			return searchError("delete from index", err)
		}
	}
	return nil
}

// outboxRetryAfter is how long the applier leaves a dataset alone after
// its index write failed, so that one broken dataset (say, its index
// folder was removed) neither floods the log nor holds up the others.
const outboxRetryAfter = 5 * time.Second

// RunOutbox applies the outbox until ctx ends: first everything pending
// (what a crashed or stopped owner left), then every interval, or sooner
// when wake receives (a PostgreSQL notification, say; nil for none).
// Failures are logged with their cause; the failing dataset's rows stay
// and are tried again after outboxRetryAfter, while other datasets go on.
func (s *Service) RunOutbox(ctx context.Context, interval time.Duration, wake <-chan struct{}) {
	if interval <= 0 {
		interval = 250 * time.Millisecond
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	resting := map[string]time.Time{} // dataset → when to try it again
	for {
		for {
			var skip []string
			for id, until := range resting {
				if time.Now().Before(until) {
					skip = append(skip, id)
				} else {
					delete(resting, id)
				}
			}
			n, failed, err := s.applyOutbox(ctx, skip)
			if ctx.Err() != nil {
				return
			}
			for _, id := range failed {
				resting[id] = time.Now().Add(outboxRetryAfter)
			}
			if err != nil {
				s.log.Error("search outbox: some updates could not be applied; they stay queued and are retried",
					"err", err, "applied", n, "retry_in", outboxRetryAfter)
			}
			if n > 0 {
				s.log.Debug("search outbox: applied", "rows", n)
			}
			if n == 0 || (n < outboxBatch && len(failed) == 0) {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-wake:
		}
	}
}

// ErrNoIndexOwner is returned by WaitForOutbox when the outbox made no
// progress for the whole timeout.
var ErrNoIndexOwner = errors.New("no server is applying search updates (the outbox made no progress); start `extralit server`, which owns the search index")

// WaitForOutbox waits until every outbox row numbered up to upTo is
// applied, calling progress with the applied fraction. It fails with
// ErrNoIndexOwner when the pending count did not fall for timeout.
func (s *Service) WaitForOutbox(ctx context.Context, upTo int64, timeout, poll time.Duration, progress func(float64)) error {
	if upTo <= 0 {
		return nil
	}
	if poll <= 0 {
		poll = 100 * time.Millisecond
	}
	first, last := -1, -1
	lastChange := time.Now()
	for {
		n, err := s.store.CountOutbox(ctx, upTo)
		if err != nil {
			return err
		}
		if first < 0 {
			first = n
		}
		if n == 0 {
			return nil
		}
		if n != last {
			last, lastChange = n, time.Now()
			if progress != nil && first > 0 {
				progress(float64(first-n) / float64(first))
			}
		}
		if time.Since(lastChange) >= timeout {
			return fmt.Errorf("%d of %d search updates still pending after %v: %w", n, first, timeout, ErrNoIndexOwner)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}
}
