package extralit

import (
	"errors"
	"fmt"
)

// Kind classifies an error so that the HTTP layer can choose a status code
// and a client can act on it. The list is append-only.
type Kind string

// The kinds of error. Each maps to one HTTP status in the httpapi package.
const (
	KindInvalid      Kind = "invalid"      // the request is well-formed but its values are wrong (422)
	KindBadRequest   Kind = "bad_request"  // the request cannot be acted on as sent (400)
	KindUnauthorized Kind = "unauthorized" // no valid credentials (401)
	KindForbidden    Kind = "forbidden"    // valid credentials without the right (403)
	KindNotFound     Kind = "not_found"    // the entity does not exist, or is hidden from the caller (404)
	KindConflict     Kind = "conflict"     // the request clashes with the stored state (409)
	KindTooLarge     Kind = "too_large"    // the request body is over a limit (413)
	KindUnavailable  Kind = "unavailable"  // a dependency is down; retrying later may work (503)
	KindInternal     Kind = "internal"     // a bug or an unexpected failure (500)
)

// Error is an error with a kind and a message meant for the API user.
// Anything that is not an *Error is treated as KindInternal and its text is
// never shown to users.
type Error struct {
	Kind    Kind
	Message string
	// Code is an optional machine-readable code, such as "missing_vector".
	Code string
}

// Error returns the user-facing message.
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error of the given kind with a formatted message.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// ErrorKind unwraps err and returns its kind; errors that are not *Error are
// KindInternal, and a nil error has no kind.
func ErrorKind(err error) Kind {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// ErrorMessage unwraps err and returns the message safe to show to a user.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// IsKind reports whether err is an *Error of the given kind.
func IsKind(err error, kind Kind) bool {
	return ErrorKind(err) == kind
}
