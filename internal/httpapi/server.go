// Package httpapi serves the REST API under /api/v1, wire-compatible with
// the extralit Python SDK. Handlers are grouped one resource per file; they
// decode requests, call the service and encode its answers, and return
// errors that one function turns into statuses and bodies.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/service"
)

// Options configures the API.
type Options struct {
	Version          string
	MaxJSONBodyBytes int64
	// MaxUploadBytes caps uploaded files (PDFs, files API); over it is a 413.
	MaxUploadBytes int64
	CORSOrigins    []string
	// Status adds engine details to /status (search, queues, storage).
	Status func(ctx context.Context) map[string]any
	// Settings adds keys to /settings (OAuth providers, Space details).
	Settings func(ctx context.Context) map[string]any
}

// API is the HTTP handler of /api.
type API struct {
	svc  *service.Service
	log  *slog.Logger
	opts Options
	mux  *http.ServeMux
}

// New returns the API handler.
func New(svc *service.Service, log *slog.Logger, opts Options) *API {
	if opts.MaxJSONBodyBytes == 0 {
		opts.MaxJSONBodyBytes = 64 << 20
	}
	a := &API{svc: svc, log: log, opts: opts, mux: http.NewServeMux()}
	a.routes()
	return a
}

// Handle registers an extra route (used by features wired in from outside
// this package, such as documents or OAuth).
func (a *API) Handle(pattern string, h http.Handler) { a.mux.Handle(pattern, h) }

// ServeHTTP serves a request through the middleware chain.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.middleware(a.mux).ServeHTTP(w, r)
}

// handlerFunc is a handler that returns its error instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// authedFunc is a handler that needs a signed-in user.
type authedFunc func(w http.ResponseWriter, r *http.Request, actor *extralit.User) error

func (a *API) public(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			writeError(w, r, a.log, err)
		}
	})
}

func (a *API) authed(h authedFunc) http.Handler {
	return a.public(func(w http.ResponseWriter, r *http.Request) error {
		actor, err := a.authenticate(r)
		if err != nil {
			return err
		}
		return h(w, r, actor)
	})
}

// authenticate resolves the caller from the request's credentials.
func (a *API) authenticate(r *http.Request) (*extralit.User, error) {
	key := r.Header.Get("X-Extralit-Api-Key")
	if key == "" {
		key = r.Header.Get("X-Argilla-Api-Key")
	}
	var bearer string
	if h := r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		bearer = strings.TrimSpace(h[7:])
	}
	return a.svc.Auth().Authenticate(r.Context(), key, bearer)
}

// Authenticate is authenticate for handlers outside this package.
func (a *API) Authenticate(r *http.Request) (*extralit.User, error) { return a.authenticate(r) }

// WriteError writes err as this API does, for handlers outside this package.
func (a *API) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	writeError(w, r, a.log, err)
}

func (a *API) routes() {
	m := a.mux
	m.Handle("GET /api/v1/version", a.public(a.getVersion))
	m.Handle("GET /api/v1/status", a.public(a.getStatus))
	m.Handle("GET /api/_info", a.public(a.getStatus))
	m.Handle("GET /api/v1/settings", a.public(a.getSettings))

	m.Handle("POST /api/v1/token", a.public(a.postToken))
	m.Handle("POST /api/v1/token/refresh", a.public(a.postTokenRefresh))

	m.Handle("GET /api/v1/me", a.authed(a.getMe))
	m.Handle("POST /api/v1/me/api-key", a.authed(a.postMyAPIKey))
	m.Handle("GET /api/v1/users", a.authed(a.listUsers))
	m.Handle("POST /api/v1/users", a.authed(a.createUser))
	m.Handle("GET /api/v1/users/{user_id}", a.authed(byID("user_id", a.svc.User, toUserJSON)))
	m.Handle("PATCH /api/v1/users/{user_id}", a.authed(a.updateUser))
	m.Handle("DELETE /api/v1/users/{user_id}", a.authed(byID("user_id", a.svc.DeleteUser, toUserJSON)))
	m.Handle("POST /api/v1/users/{user_id}/api-key", a.authed(a.postUserAPIKey))
	m.Handle("GET /api/v1/users/{user_id}/workspaces", a.authed(listByID("user_id", a.svc.WorkspacesOfUser, toWorkspaceJSON)))

	m.Handle("GET /api/v1/me/workspaces", a.authed(a.listMyWorkspaces))
	m.Handle("POST /api/v1/workspaces", a.authed(a.createWorkspace))
	m.Handle("GET /api/v1/workspaces/{workspace_id}", a.authed(byID("workspace_id", a.svc.Workspace, toWorkspaceJSON)))
	m.Handle("DELETE /api/v1/workspaces/{workspace_id}", a.authed(byID("workspace_id", a.svc.DeleteWorkspace, toWorkspaceJSON)))
	m.Handle("GET /api/v1/workspaces/{workspace_id}/users", a.authed(listByID("workspace_id", a.svc.WorkspaceMembers, toUserJSON)))
	m.Handle("POST /api/v1/workspaces/{workspace_id}/users", a.authed(a.addWorkspaceUser))
	m.Handle("DELETE /api/v1/workspaces/{workspace_id}/users/{user_id}", a.authed(a.removeWorkspaceUser))

	a.jobRoutes()
	a.webhookRoutes()
	a.datasetRoutes()
	a.documentRoutes()
	a.workflowRoutes()

	m.Handle("/api/", a.public(func(w http.ResponseWriter, r *http.Request) error {
		return extralit.Errorf(extralit.KindNotFound, "no route %s %s", r.Method, r.URL.Path)
	}))
}
