package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/extralit/extralit-go/internal/extralit"
)

// jobJSON is the reference's WorkflowJobResult, plus the queue's own
// fields (kind, queue, attempts, errors, created_at).
type jobJSON struct {
	ID           string          `json:"id"`
	Status       string          `json:"status"`
	Kind         string          `json:"kind"`
	Queue        string          `json:"queue"`
	DocumentID   any             `json:"document_id"`
	Reference    any             `json:"reference"`
	WorkspaceID  any             `json:"workspace_id"`
	WorkflowStep any             `json:"workflow_step"`
	GroupID      any             `json:"group_id,omitempty"`
	Progress     float64         `json:"progress"`
	Attempt      int             `json:"attempt"`
	MaxAttempts  int             `json:"max_attempts"`
	CreatedAt    string          `json:"created_at"`
	StartedAt    *string         `json:"started_at"`
	CompletedAt  *string         `json:"completed_at"`
	Error        *string         `json:"error"`
	Errors       []jobErrorJSON  `json:"errors"`
	Result       json.RawMessage `json:"result"`
	Meta         map[string]any  `json:"meta"`
}

type jobErrorJSON struct {
	Attempt int    `json:"attempt"`
	At      string `json:"at"`
	Error   string `json:"error"`
}

func toJobJSON(j *extralit.Job) jobJSON {
	meta := func(k string) any {
		if v, ok := j.Meta[k]; ok {
			return v
		}
		return nil
	}
	out := jobJSON{
		ID: j.ID, Status: string(j.Status), Kind: j.Kind, Queue: j.Queue,
		DocumentID: meta("document_id"), Reference: meta("reference"), WorkspaceID: meta("workspace_id"),
		WorkflowStep: meta("workflow_step"), GroupID: meta("group_id"),
		Progress: j.Progress, Attempt: j.Attempt, MaxAttempts: j.MaxAttempts,
		CreatedAt: formatTime(j.CreatedAt), Errors: []jobErrorJSON{}, Result: j.Result, Meta: j.Meta,
	}
	if out.Result == nil {
		out.Result = json.RawMessage("null")
	}
	if j.StartedAt != nil {
		s := formatTime(*j.StartedAt)
		out.StartedAt = &s
	}
	if j.EndedAt != nil {
		s := formatTime(*j.EndedAt)
		out.CompletedAt = &s
	}
	if j.Error != "" {
		out.Error = &j.Error
	}
	for _, e := range j.Errors {
		out.Errors = append(out.Errors, jobErrorJSON{Attempt: e.Attempt, At: formatTime(e.At), Error: e.Error})
	}
	return out
}

// jobRoutes registers the jobs API.
func (a *API) jobRoutes() {
	m := a.mux
	m.Handle("GET /api/v1/jobs/{$}", a.authed(a.listJobs))
	m.Handle("GET /api/v1/jobs", a.authed(a.listJobs))
	m.Handle("GET /api/v1/jobs/{job_id}", a.authed(a.getJob))
	m.Handle("POST /api/v1/jobs/{job_id}/cancel", a.authed(a.cancelJob))
	m.Handle("POST /api/v1/jobs/{job_id}/retry", a.authed(a.retryJob))
}

func (a *API) getJob(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	j, err := a.svc.Job(r.Context(), actor, r.PathValue("job_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toJobJSON(j))
	return nil
}

// listJobs answers GET /jobs/ with a bare array, as the reference does.
// Filters: workspace_id, document_id, reference, group_id, status, kind and
// queue (each may repeat or be comma-separated), and limit.
func (a *API) listJobs(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	qs := r.URL.Query()
	f := extralit.JobFilter{
		WorkspaceID: qs.Get("workspace_id"), DocumentID: qs.Get("document_id"),
		Reference: qs.Get("reference"), GroupID: qs.Get("group_id"),
		Kinds: listParam(qs["kind"]), Queues: listParam(qs["queue"]),
	}
	for _, s := range listParam(qs["status"]) {
		st, err := extralit.ParseJobStatus(s)
		if err != nil {
			return err
		}
		f.Statuses = append(f.Statuses, st)
	}
	if l := qs.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			return extralit.Errorf(extralit.KindInvalid, "limit must be a positive whole number, got %q", l)
		}
		f.Limit = n
	}
	js, err := a.svc.ListJobs(r.Context(), actor, f)
	if err != nil {
		return err
	}
	out := make([]jobJSON, len(js))
	for i, j := range js {
		out[i] = toJobJSON(j)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// listParam splits repeated and comma-separated query values.
func listParam(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func (a *API) cancelJob(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	j, err := a.svc.CancelJob(r.Context(), actor, r.PathValue("job_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toJobJSON(j))
	return nil
}

func (a *API) retryJob(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	j, err := a.svc.RetryJob(r.Context(), actor, r.PathValue("job_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toJobJSON(j))
	return nil
}
