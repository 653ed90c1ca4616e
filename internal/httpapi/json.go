package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/extralit"
)

// timeLayout is how the reference writes datetimes: naive UTC, microseconds.
const timeLayout = "2006-01-02T15:04:05.000000"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// decodeJSON reads a JSON object into dst, refusing unknown keys, trailing
// data and bodies over limit bytes. Keys the SDK sends that have no meaning
// here are declared in the request types with the ignored type.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, dst any) error {
	body := http.MaxBytesReader(w, r.Body, limit)
	data, err := io.ReadAll(body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return extralit.Errorf(extralit.KindTooLarge, "request body is larger than the limit of %d bytes", limit)
		}
		return extralit.Errorf(extralit.KindBadRequest, "read request body: %v", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return extralit.Errorf(extralit.KindInvalid, "request body is empty: a JSON object is required")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return extralit.Errorf(extralit.KindInvalid, "request body has data after the JSON value")
	}
	return nil
}

// jsonError turns a decoding error into a message that names the problem.
func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var ve *extralit.Error
	switch {
	case errors.As(err, &ve):
		return ve
	case errors.As(err, &syntax):
		return extralit.Errorf(extralit.KindInvalid, "request body is not valid JSON (at byte %d): %v", syntax.Offset, syntax)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return extralit.Errorf(extralit.KindInvalid, "request body must be a JSON %s, got %s", goTypeName(typ.Type.Kind().String()), typ.Value)
		}
		return extralit.Errorf(extralit.KindInvalid, "field %q must be %s, got %s", field, goTypeName(typ.Type.String()), typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return extralit.Errorf(extralit.KindInvalid, "unknown field %s in request body", strings.TrimPrefix(err.Error(), "json: unknown field "))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return extralit.Errorf(extralit.KindInvalid, "request body is truncated JSON")
	}
	return extralit.Errorf(extralit.KindInvalid, "request body: %v", err)
}

func goTypeName(t string) string {
	switch {
	case strings.Contains(t, "string"):
		return "a string"
	case strings.Contains(t, "int"), strings.Contains(t, "float"):
		return "a number"
	case strings.Contains(t, "bool"):
		return "true or false"
	case strings.HasPrefix(t, "[]"), strings.Contains(t, "slice"):
		return "a list"
	case strings.Contains(t, "map"), strings.Contains(t, "struct"):
		return "an object"
	}
	return t
}

// ignored accepts and drops any JSON value: for keys the SDK sends that
// carry nothing the server uses (inserted_at, updated_at, …).
type ignored struct{}

// UnmarshalJSON accepts anything.
func (*ignored) UnmarshalJSON([]byte) error { return nil }

// optional is a JSON value that records whether it was present and whether
// it was null, for PATCH bodies where "absent" and "null" differ.
type optional[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// UnmarshalJSON records presence and nullness.
func (o *optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(bytes.TrimSpace(b)) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

// notNull fails when a key that may not be null was sent as null.
func notNull[T any](name string, o optional[T]) error {
	if o.Set && o.Null {
		return extralit.Errorf(extralit.KindInvalid, "field %q may not be null", name)
	}
	return nil
}

// pathID reads a UUID path parameter.
func pathID(r *http.Request, name string) (string, error) {
	raw := r.PathValue(name)
	id, err := uuid.Parse(raw)
	if err != nil {
		return "", extralit.Errorf(extralit.KindInvalid, "path parameter %s=%q is not a valid UUID", name, raw)
	}
	return id.String(), nil
}

func uuidString(field, raw string) (string, error) {
	id, err := uuid.Parse(raw)
	if err != nil {
		return "", extralit.Errorf(extralit.KindInvalid, "field %q: %q is not a valid UUID", field, raw)
	}
	return id.String(), nil
}
