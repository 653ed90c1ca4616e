package service

import (
	"context"

	"github.com/extralit/extralit-go/internal/extralit"
)

// SetJobs gives the service the job queue the jobs API reads. Call it
// while wiring, before serving.
func (s *Service) SetJobs(q extralit.JobQueue) { s.jobs = q }

// Jobs returns the job queue, or nil.
func (s *Service) Jobs() extralit.JobQueue { return s.jobs }

// requireOwnerOrAdmin allows owners and admins, the reference's rule for
// jobs and workflows.
func requireOwnerOrAdmin(actor *extralit.User) error {
	if actor == nil || (actor.Role != extralit.RoleOwner && actor.Role != extralit.RoleAdmin) {
		return forbidden()
	}
	return nil
}

func (s *Service) jobQueue() (extralit.JobQueue, error) {
	if s.jobs == nil {
		return nil, extralit.Errorf(extralit.KindUnavailable, "background jobs are not configured on this server")
	}
	return s.jobs, nil
}

// Job returns a background job; owners and admins.
func (s *Service) Job(ctx context.Context, actor *extralit.User, id string) (*extralit.Job, error) {
	if err := requireOwnerOrAdmin(actor); err != nil {
		return nil, err
	}
	q, err := s.jobQueue()
	if err != nil {
		return nil, err
	}
	return q.Job(ctx, id)
}

// ListJobs lists background jobs, newest first; owners and admins.
func (s *Service) ListJobs(ctx context.Context, actor *extralit.User, f extralit.JobFilter) ([]*extralit.Job, error) {
	if err := requireOwnerOrAdmin(actor); err != nil {
		return nil, err
	}
	if f.Limit < 0 || f.Limit > 1000 {
		return nil, extralit.Errorf(extralit.KindInvalid, "limit must be between 1 and 1000, got %d", f.Limit)
	}
	q, err := s.jobQueue()
	if err != nil {
		return nil, err
	}
	return q.Jobs(ctx, f)
}

// CancelJob cancels a job that has not ended; owners and admins.
func (s *Service) CancelJob(ctx context.Context, actor *extralit.User, id string) (*extralit.Job, error) {
	if err := requireOwnerOrAdmin(actor); err != nil {
		return nil, err
	}
	q, err := s.jobQueue()
	if err != nil {
		return nil, err
	}
	j, err := q.CancelJob(ctx, id)
	if err == nil {
		s.log.Info("job canceled", "job_id", id, "by", actor.Username)
	}
	return j, err
}

// RetryJob runs a job that is not running again; owners and admins.
func (s *Service) RetryJob(ctx context.Context, actor *extralit.User, id string) (*extralit.Job, error) {
	if err := requireOwnerOrAdmin(actor); err != nil {
		return nil, err
	}
	q, err := s.jobQueue()
	if err != nil {
		return nil, err
	}
	j, err := q.RetryJob(ctx, id)
	if err == nil {
		s.log.Info("job retried", "job_id", id, "by", actor.Username)
	}
	return j, err
}
