package search

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// RecordStatus is the status of a record, computed by the service from its
// responses and the dataset's distribution settings.
type RecordStatus string

// The record statuses.
const (
	RecordPending   RecordStatus = "pending"
	RecordCompleted RecordStatus = "completed"
)

// ResponseStatus is the status of one annotator's response to a record.
type ResponseStatus string

// The response statuses. ResponsePending exists only as a filter value: it
// selects records the caller has not responded to.
const (
	ResponseDraft     ResponseStatus = "draft"
	ResponseSubmitted ResponseStatus = "submitted"
	ResponseDiscarded ResponseStatus = "discarded"
	ResponsePending   ResponseStatus = "pending"
)

// Document is one record as an engine indexes it. Upsert replaces the whole
// document, so a Document always carries the record's complete state.
type Document struct {
	// ID is the record's UUID; it identifies the document in its index.
	ID string
	// DatasetID is the record's dataset; it must match the index written to.
	DatasetID string
	// ExternalID is the caller's own identifier for the record, or empty.
	ExternalID string
	// Status is the record status.
	Status RecordStatus
	// Fields holds the record's field values by field name, as the text to
	// search: text fields their text, chat fields their messages' contents
	// (one per line, without the JSON around them), custom and table fields
	// their JSON text. Image fields and names the Mapping does not list are
	// not indexed.
	Fields map[string]string
	// Metadata holds the record's metadata by property name: strings (or
	// lists of strings) for terms properties, whole numbers for integer
	// properties, numbers for float properties. Keys the Mapping does not
	// declare are ignored, as the reference server does.
	Metadata map[string]any
	// Responses are the annotators' responses, at most one per user.
	Responses []Response
	// Suggestions are the model suggestions, at most one per question.
	Suggestions []Suggestion
	// Vectors holds the record's embeddings by vector settings name.
	Vectors map[string][]float32
	// InsertedAt is when the record was created; it orders results by
	// default.
	InsertedAt time.Time
	// UpdatedAt is when the record last changed.
	UpdatedAt time.Time
}

// Response is one annotator's response to a record.
type Response struct {
	// UserID is the annotator's user ID.
	UserID string
	// Status is draft, submitted or discarded.
	Status ResponseStatus
	// Values holds the answer to each question by question name, already
	// unwrapped from the wire's {"value": v} envelope: a string for text and
	// label questions, a number for rating, a list of strings for multi-label.
	// Values of other question types are kept by the engine's caller only.
	Values map[string]any
}

// Suggestion is a model's (or a human's) suggested answer to one question.
type Suggestion struct {
	// Question is the question's name.
	Question string
	// Value is the suggested answer, typed like Response values.
	Value any
	// Score is the suggestion's confidence: nil when absent, one element for
	// a single score, one per value for a list value.
	Score []float64
	// Agent names who or what made the suggestion, or is empty.
	Agent string
	// Type is model, human or selection, or empty.
	Type string
}

// Number converts a metadata, response or suggestion value to a float64:
// Go's numeric types and json.Number convert, anything else does not.
func Number(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case int32:
		return float64(v), true
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		return f, err == nil
	}
	return 0, false
}

// CheckVectors reports the first of d's vectors that does not fit m: one in
// an unknown space, of the wrong length, or holding a value that is not
// finite. The error wraps ErrInvalidDocument and names the record.
func (m Mapping) CheckVectors(d Document) error {
	for name, v := range d.Vectors {
		vs, ok := m.VectorSettings(name)
		if !ok {
			return fmt.Errorf("%w: record %s: unknown vector settings %q", ErrInvalidDocument, d.ID, name)
		}
		if len(v) != vs.Dimensions {
			return fmt.Errorf("%w: record %s: vector %q needs %d dimensions, got %d",
				ErrInvalidDocument, d.ID, name, vs.Dimensions, len(v))
		}
		for _, x := range v {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return fmt.Errorf("%w: record %s: vector %q holds %v", ErrInvalidDocument, d.ID, name, x)
			}
		}
	}
	return nil
}
