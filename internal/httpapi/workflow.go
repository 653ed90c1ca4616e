package httpapi

import (
	"net/http"
	"strconv"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/service"
)

type workflowJSON struct {
	*service.Workflow
	CreatedAt string    `json:"created_at"`
	UpdatedAt string    `json:"updated_at"`
	Jobs      []jobJSON `json:"jobs"`
}

func toWorkflowJSON(wf *service.Workflow) workflowJSON {
	return workflowJSON{Workflow: wf, CreatedAt: formatTime(wf.CreatedAt), UpdatedAt: formatTime(wf.UpdatedAt), Jobs: mapJSON(wf.Jobs, toJobJSON)}
}

func workflowsJSON(wfs []*service.Workflow) []workflowJSON { return mapJSON(wfs, toWorkflowJSON) }

func (a *API) workflowRoutes() {
	m := a.mux
	m.Handle("POST /api/v1/workflows/start", a.authed(a.startWorkflow))
	m.Handle("GET /api/v1/workflows/status", a.authed(a.workflowStatus))
	m.Handle("POST /api/v1/workflows/restart", a.authed(a.restartWorkflow))
	m.Handle("GET /api/v1/workflows/{$}", a.authed(a.listWorkflows))
}

func startResponse(wf *service.Workflow, restarted []string) map[string]any {
	return map[string]any{"workflow_id": wf.WorkflowID, "document_id": wf.DocumentID, "group_id": wf.GroupID,
		"status": wf.Status, "reference": wf.Reference, "restarted_jobs": restarted}
}

func (a *API) startWorkflow(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	var in struct {
		DocumentID    string  `json:"document_id"`
		WorkspaceName string  `json:"workspace_name"`
		Reference     *string `json:"reference"`
		Force         bool    `json:"force"`
		Wait          ignored `json:"wait"`
		Timeout       ignored `json:"timeout"`
		LayoutParser  ignored `json:"layout_parser"`
	}
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	id, err := uuidString("document_id", in.DocumentID)
	if err != nil {
		return err
	}
	wf, err := a.svc.StartWorkflow(r.Context(), actor, id, in.WorkspaceName, in.Force)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, startResponse(wf, nil))
	return nil
}

func (a *API) workflowStatus(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	q := r.URL.Query()
	id := q.Get("document_id")
	if id != "" {
		var err error
		if id, err = uuidString("document_id", id); err != nil {
			return err
		}
	}
	wfs, err := a.svc.DocumentWorkflows(r.Context(), actor, id, q.Get("reference"), q.Get("workspace_name"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, workflowsJSON(wfs))
	return nil
}

func (a *API) restartWorkflow(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	in := struct {
		DocumentID string `json:"document_id"`
		FailedOnly *bool  `json:"failed_only"`
	}{}
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	id, err := uuidString("document_id", in.DocumentID)
	if err != nil {
		return err
	}
	failedOnly := in.FailedOnly == nil || *in.FailedOnly
	wf, restarted, err := a.svc.RestartWorkflow(r.Context(), actor, id, failedOnly)
	if err != nil {
		return err
	}
	resp := startResponse(wf, restarted)
	resp["status"] = "running"
	writeJSON(w, http.StatusOK, resp)
	return nil
}

func (a *API) listWorkflows(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	q := r.URL.Query()
	limit := 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return extralit.Errorf(extralit.KindInvalid, "limit must be from 1 to 1000")
		}
		limit = n
	}
	wfs, err := a.svc.ListWorkflows(r.Context(), actor, q.Get("workspace_name"), q.Get("status_filter"), limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, workflowsJSON(wfs))
	return nil
}
