package main

import (
	"encoding/json"
	"net/http"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/httpapi"
	"github.com/extralit/extralit-go/internal/jobs"
	"github.com/extralit/extralit-go/internal/service"
)

// registerTestJobRoutes adds, only when EXTRALIT_TEST_JOBS=1, two owner-only
// routes the process tests and the benchmark use to make the server enqueue
// work: POST /api/v1/_test/jobs {kind, args, meta, count} and
// POST /api/v1/_test/events {event, data} (published as the service would,
// inside a transaction). They do not exist in normal runs.
func registerTestJobRoutes(api *httpapi.API, svc *service.Service, c *jobs.Client, enabled bool) {
	if !enabled || c == nil {
		return
	}
	owner := func(w http.ResponseWriter, r *http.Request, dst any) bool {
		actor, err := api.Authenticate(r)
		if err == nil && actor.Role != extralit.RoleOwner {
			err = extralit.Errorf(extralit.KindForbidden, "Operation not allowed")
		}
		if err == nil {
			if derr := json.NewDecoder(r.Body).Decode(dst); derr != nil {
				err = extralit.Errorf(extralit.KindInvalid, "request body: %v", derr)
			}
		}
		if err != nil {
			api.WriteError(w, r, err)
			return false
		}
		return true
	}
	api.Handle("POST /api/v1/_test/jobs", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Kind  string          `json:"kind"`
			Args  json.RawMessage `json:"args"`
			Meta  map[string]any  `json:"meta"`
			Count int             `json:"count"`
		}
		if !owner(w, r, &in) {
			return
		}
		if in.Count > 1 {
			args := make([]any, in.Count)
			for i := range args {
				args[i] = in.Args
			}
			if err := c.InsertMany(r.Context(), in.Kind, args, jobs.InsertOptions{Meta: in.Meta}); err != nil {
				api.WriteError(w, r, extralit.Errorf(extralit.KindInvalid, "%v", err))
				return
			}
			w.WriteHeader(http.StatusCreated)
			return
		}
		id, err := c.Insert(r.Context(), in.Kind, in.Args, jobs.InsertOptions{Meta: in.Meta})
		if err != nil {
			api.WriteError(w, r, extralit.Errorf(extralit.KindInvalid, "%v", err))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]any{"id": id})
	}))
	api.Handle("POST /api/v1/_test/events", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Event extralit.WebhookEvent `json:"event"`
			Data  any                   `json:"data"`
		}
		if !owner(w, r, &in) {
			return
		}
		err := svc.Store().InTx(r.Context(), func(q extralit.Queries) error {
			return svc.Publish(r.Context(), q, in.Event, in.Data)
		})
		if err != nil {
			api.WriteError(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
}
