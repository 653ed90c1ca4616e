package service

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/extralit/extralit-go/internal/extralit"
)

// Workflow is the processing of one document: its jobs, grouped.
type Workflow struct {
	WorkflowID    string          `json:"workflow_id"`
	DocumentID    string          `json:"document_id"`
	GroupID       string          `json:"group_id"`
	Status        string          `json:"status"`
	Progress      float64         `json:"progress"`
	Reference     *string         `json:"reference"`
	WorkspaceName string          `json:"workspace_name"`
	WorkspaceID   string          `json:"workspace_id"`
	WorkflowType  string          `json:"workflow_type"`
	TotalJobs     int             `json:"total_jobs"`
	CompletedJobs int             `json:"completed_jobs"`
	FailedJobs    int             `json:"failed_jobs"`
	RunningJobs   int             `json:"running_jobs"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
	Error         *string         `json:"error"`
	Jobs          []*extralit.Job `json:"-"`
}

// workflowsOf groups a document's jobs by their group id, newest first.
func workflowsOf(jobs []*extralit.Job, w *extralit.Workspace, d *extralit.Document) []*Workflow {
	byGroup := map[string]*Workflow{}
	var out []*Workflow
	for _, j := range jobs {
		gid, _ := j.Meta["group_id"].(string)
		wf, ok := byGroup[gid]
		if !ok {
			wf = &Workflow{WorkflowID: gid, GroupID: gid, DocumentID: d.ID, Reference: d.Reference, WorkspaceName: w.Name,
				WorkspaceID: w.ID, WorkflowType: "pdf_processing", CreatedAt: j.CreatedAt, UpdatedAt: j.CreatedAt}
			byGroup[gid] = wf
			out = append(out, wf)
		}
		wf.Jobs = append(wf.Jobs, j)
	}
	for _, wf := range out {
		wf.summarise()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out
}

// summarise derives the status as the reference does: any failed job →
// failed; all finished → completed; any started → running; else pending.
func (wf *Workflow) summarise() {
	wf.TotalJobs = len(wf.Jobs)
	for _, j := range wf.Jobs {
		if j.CreatedAt.Before(wf.CreatedAt) {
			wf.CreatedAt = j.CreatedAt
		}
		if j.EndedAt != nil && j.EndedAt.After(wf.UpdatedAt) {
			wf.UpdatedAt = *j.EndedAt
		}
		switch j.Status {
		case extralit.JobFinished:
			wf.CompletedJobs++
		case extralit.JobFailed:
			wf.FailedJobs++
			if j.Error != "" {
				e := j.Error
				wf.Error = &e
			}
		case extralit.JobStarted:
			wf.RunningJobs++
		}
	}
	switch {
	case wf.FailedJobs > 0:
		wf.Status = "failed"
	case wf.TotalJobs > 0 && wf.CompletedJobs == wf.TotalJobs:
		wf.Status = "completed"
	case wf.RunningJobs > 0:
		wf.Status = "running"
	default:
		wf.Status = "pending"
	}
	if wf.TotalJobs > 0 {
		wf.Progress = float64(wf.CompletedJobs) / float64(wf.TotalJobs)
	}
}

// documentInWorkspace finds a document by id or reference in a workspace
// named workspaceName (any workspace when empty) and checks the actor.
func (s *Service) documentInWorkspace(ctx context.Context, actor *extralit.User, documentID, reference, workspaceName string) (*extralit.Document, *extralit.Workspace, error) {
	if err := requireOwnerOrAdmin(actor); err != nil {
		return nil, nil, err
	}
	var d *extralit.Document
	var err error
	switch {
	case documentID != "":
		d, err = s.store.DocumentByID(ctx, documentID)
	case reference != "" && workspaceName != "":
		w, werr := s.store.WorkspaceByName(ctx, workspaceName)
		if werr != nil {
			return nil, nil, werr
		}
		var ds []*extralit.Document
		ds, err = s.store.Documents(ctx, extralit.DocumentFilter{WorkspaceID: w.ID, Reference: reference, Limit: 1})
		if err == nil && len(ds) == 0 {
			err = extralit.Errorf(extralit.KindNotFound, "no document with reference %q in workspace %s", reference, workspaceName)
		}
		if err == nil {
			d = ds[0]
		}
	default:
		return nil, nil, extralit.Errorf(extralit.KindBadRequest, "give document_id, or reference with workspace_name")
	}
	if err != nil {
		return nil, nil, err
	}
	w, err := s.store.WorkspaceByID(ctx, d.WorkspaceID)
	if err != nil {
		return nil, nil, err
	}
	if workspaceName != "" && w.Name != workspaceName {
		return nil, nil, extralit.Errorf(extralit.KindNotFound, "document %s is not in workspace %s", d.ID, workspaceName)
	}
	if err := s.requireAdminMember(ctx, actor, w.ID); err != nil {
		return nil, nil, err
	}
	return d, w, nil
}

// DocumentWorkflows lists the workflows of a document, newest first.
func (s *Service) DocumentWorkflows(ctx context.Context, actor *extralit.User, documentID, reference, workspaceName string) ([]*Workflow, error) {
	d, w, err := s.documentInWorkspace(ctx, actor, documentID, reference, workspaceName)
	if err != nil {
		return nil, err
	}
	q, err := s.jobQueue()
	if err != nil {
		return nil, err
	}
	jobs, err := q.Jobs(ctx, extralit.JobFilter{DocumentID: d.ID, Limit: 1000})
	if err != nil {
		return nil, err
	}
	return workflowsOf(jobs, w, d), nil
}

// StartWorkflow starts processing a stored document. An existing workflow
// is a conflict unless force, which cancels its unfinished jobs first.
func (s *Service) StartWorkflow(ctx context.Context, actor *extralit.User, documentID, workspaceName string, force bool) (*Workflow, error) {
	d, w, err := s.documentInWorkspace(ctx, actor, documentID, "", workspaceName)
	if err != nil {
		return nil, err
	}
	q, err := s.jobQueue()
	if err != nil {
		return nil, err
	}
	if s.afterDocumentStored == nil {
		return nil, extralit.Errorf(extralit.KindUnavailable, "document processing is not configured on this server")
	}
	existing, err := q.Jobs(ctx, extralit.JobFilter{DocumentID: d.ID, Limit: 1000})
	if err != nil {
		return nil, err
	}
	if len(existing) > 0 && !force {
		return nil, extralit.Errorf(extralit.KindConflict, "document %s already has a workflow (%s); pass force to start a new one", d.ID, workflowsOf(existing, w, d)[0].Status)
	}
	for _, j := range existing {
		if !j.Status.Final() {
			if _, err := q.CancelJob(ctx, j.ID); err != nil && !extralit.IsKind(err, extralit.KindConflict) {
				return nil, fmt.Errorf("cancel job %s of the old workflow: %w", j.ID, err)
			}
		}
	}
	if err := s.store.InTx(ctx, func(tx extralit.Queries) error { return s.afterDocumentStored(ctx, tx, d) }); err != nil {
		return nil, err
	}
	wfs, err := s.DocumentWorkflows(ctx, actor, d.ID, "", "")
	if err != nil || len(wfs) == 0 {
		return nil, fmt.Errorf("read the new workflow: %w", err)
	}
	return wfs[0], nil
}

// RestartWorkflow runs the failed (or, unless failedOnly, all) jobs of the
// newest workflow of a document again.
func (s *Service) RestartWorkflow(ctx context.Context, actor *extralit.User, documentID string, failedOnly bool) (*Workflow, []string, error) {
	wfs, err := s.DocumentWorkflows(ctx, actor, documentID, "", "")
	if err != nil {
		return nil, nil, err
	}
	if len(wfs) == 0 {
		return nil, nil, extralit.Errorf(extralit.KindBadRequest, "document %s has no workflow to restart", documentID)
	}
	q, _ := s.jobQueue()
	var restarted []string
	for _, j := range wfs[0].Jobs {
		if j.Status == extralit.JobStarted || (failedOnly && j.Status != extralit.JobFailed) {
			continue
		}
		if _, err := q.RetryJob(ctx, j.ID); err != nil {
			return nil, nil, err
		}
		restarted = append(restarted, j.ID)
	}
	if len(restarted) == 0 {
		return nil, nil, extralit.Errorf(extralit.KindBadRequest, "nothing to restart: the workflow has no failed jobs")
	}
	wfs, err = s.DocumentWorkflows(ctx, actor, documentID, "", "")
	if err != nil {
		return nil, nil, err
	}
	return wfs[0], restarted, nil
}

// ListWorkflows lists the newest workflow of each document of a workspace
// (or of every workspace the actor administers), optionally by status.
func (s *Service) ListWorkflows(ctx context.Context, actor *extralit.User, workspaceName, status string, limit int) ([]*Workflow, error) {
	if err := requireOwnerOrAdmin(actor); err != nil {
		return nil, err
	}
	q, err := s.jobQueue()
	if err != nil {
		return nil, err
	}
	var ws []*extralit.Workspace
	if workspaceName != "" {
		w, err := s.store.WorkspaceByName(ctx, workspaceName)
		if err != nil {
			return nil, err
		}
		ws = []*extralit.Workspace{w}
	} else if ws, err = s.MyWorkspaces(ctx, actor); err != nil {
		return nil, err
	}
	var out []*Workflow
	for _, w := range ws {
		if err := s.requireAdminMember(ctx, actor, w.ID); err != nil {
			continue
		}
		jobs, err := q.Jobs(ctx, extralit.JobFilter{WorkspaceID: w.ID, Limit: 1000})
		if err != nil {
			return nil, err
		}
		byDoc := map[string][]*extralit.Job{}
		var order []string
		for _, j := range jobs {
			id, _ := j.Meta["document_id"].(string)
			if id == "" {
				continue
			}
			if _, seen := byDoc[id]; !seen {
				order = append(order, id)
			}
			byDoc[id] = append(byDoc[id], j)
		}
		for _, id := range order {
			d, err := s.store.DocumentByID(ctx, id)
			if err != nil {
				continue
			}
			wf := workflowsOf(byDoc[id], w, d)[0]
			if status == "" || wf.Status == status {
				out = append(out, wf)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
