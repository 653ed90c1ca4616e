package httpapi

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/extralit/extralit-go/internal/extralit"
)

// statusOf is the one table from error kinds to HTTP statuses.
var statusOf = map[extralit.Kind]int{
	extralit.KindInvalid:      http.StatusUnprocessableEntity,
	extralit.KindBadRequest:   http.StatusBadRequest,
	extralit.KindUnauthorized: http.StatusUnauthorized,
	extralit.KindForbidden:    http.StatusForbidden,
	extralit.KindNotFound:     http.StatusNotFound,
	extralit.KindConflict:     http.StatusConflict,
	extralit.KindTooLarge:     http.StatusRequestEntityTooLarge,
	extralit.KindUnavailable:  http.StatusServiceUnavailable,
	extralit.KindInternal:     http.StatusInternalServerError,
}

// legacyCodes are the reference's error class names for the statuses whose
// body keeps the old {"detail": {"code", "params"}} shape.
var legacyCodes = map[extralit.Kind]string{
	extralit.KindUnauthorized: "argilla.api.errors::UnauthorizedError",
	extralit.KindForbidden:    "argilla.api.errors::ForbiddenOperationError",
}

// writeError answers with the status and body of err. Errors that are not
// domain errors are logged with detail and shown as "Internal error.".
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	kind := extralit.ErrorKind(err)
	status := statusOf[kind]
	msg := extralit.ErrorMessage(err)
	if kind == extralit.KindInternal {
		log.Error("request failed", "method", r.Method, "path", r.URL.Path, "request_id", requestID(r.Context()), "err", err)
	}
	var body any = map[string]any{"detail": msg}
	var e *extralit.Error
	if errors.As(err, &e) && e.Code != "" {
		body = map[string]any{"code": e.Code, "message": msg}
	} else if code, ok := legacyCodes[kind]; ok {
		body = map[string]any{"detail": map[string]any{"code": code, "params": map[string]any{"detail": msg}}}
	}
	if kind == extralit.KindUnauthorized {
		w.Header().Set("WWW-Authenticate", "Bearer")
	}
	writeJSON(w, status, body)
}
