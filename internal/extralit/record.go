package extralit

import (
	"context"
	"encoding/json"
	"time"
)

// RecordStatus is pending until enough responses are submitted.
type RecordStatus string

// The record statuses.
const (
	RecordPending   RecordStatus = "pending"
	RecordCompleted RecordStatus = "completed"
)

// ResponseStatus is the state of one user's response.
type ResponseStatus string

// The response statuses.
const (
	ResponseDraft     ResponseStatus = "draft"
	ResponseSubmitted ResponseStatus = "submitted"
	ResponseDiscarded ResponseStatus = "discarded"
)

// Valid reports whether s is a known response status.
func (s ResponseStatus) Valid() bool {
	return s == ResponseDraft || s == ResponseSubmitted || s == ResponseDiscarded
}

// Record is one item to annotate.
type Record struct {
	ID         string
	DatasetID  string
	Fields     map[string]any
	Metadata   map[string]any // nil when absent
	ExternalID *string
	Status     RecordStatus
	InsertedAt time.Time
	UpdatedAt  time.Time

	// Loaded on request only.
	Responses   []*Response
	Suggestions []*Suggestion
	Vectors     map[string][]float32
}

// Response is one user's answers to a record's questions.
type Response struct {
	ID         string
	RecordID   string
	UserID     string
	Values     map[string]ResponseValue // nil for a discarded response without values
	Status     ResponseStatus
	InsertedAt time.Time
	UpdatedAt  time.Time
}

// ResponseValue wraps one answer as the wire does: {"value": v}.
type ResponseValue struct {
	Value any `json:"value"`
}

// Suggestion is a proposed answer to one question of a record.
type Suggestion struct {
	ID         string
	RecordID   string
	QuestionID string
	Value      any
	Score      any // nil, a number, or a list of numbers
	Agent      *string
	Type       *string
	InsertedAt time.Time
	UpdatedAt  time.Time
}

// Vector is one embedding of a record.
type Vector struct {
	RecordID         string
	VectorSettingsID string
	Value            []float32
}

// RecordInclude says which related entities to load with records.
type RecordInclude struct {
	Responses   bool
	Suggestions bool
	// Vectors lists the vector settings names to load; AllVectors loads all.
	AllVectors bool
	Vectors    []string
}

// RecordStore persists records and what hangs off them.
type RecordStore interface {
	// RecordsByIDs loads records of a dataset (missing ids are skipped) in
	// the order of ids.
	RecordsByIDs(ctx context.Context, datasetID string, ids []string, inc RecordInclude) ([]*Record, error)
	// RecordsByExternalIDs returns the dataset's records with those external ids.
	RecordsByExternalIDs(ctx context.Context, datasetID string, externalIDs []string) ([]*Record, error)
	RecordByID(ctx context.Context, id string, inc RecordInclude) (*Record, error)
	// Records lists a dataset's records by insertion order.
	Records(ctx context.Context, datasetID string, offset, limit int, inc RecordInclude) ([]*Record, int, error)
	// RecordIDs lists every record id of a dataset, for reindexing.
	RecordIDs(ctx context.Context, datasetID string, afterID string, limit int) ([]string, error)
	InsertRecords(ctx context.Context, rs []*Record) error
	UpdateRecord(ctx context.Context, r *Record) error
	DeleteRecords(ctx context.Context, datasetID string, ids []string) error
	SetRecordStatus(ctx context.Context, id string, status RecordStatus) error
	// RecomputeStatuses sets every record of a dataset to completed when it
	// has at least minSubmitted submitted responses, else pending.
	RecomputeStatuses(ctx context.Context, datasetID string, minSubmitted int) error
	// SubmittedCounts returns the number of submitted responses per record.
	SubmittedCounts(ctx context.Context, recordIDs []string) (map[string]int, error)

	UpsertResponse(ctx context.Context, r *Response) error
	ResponseByID(ctx context.Context, id string) (*Response, error)
	DeleteResponse(ctx context.Context, id string) error
	// CountSubmitted returns the number of submitted responses of a record.
	CountSubmitted(ctx context.Context, recordID string) (int, error)

	// UpsertSuggestion inserts or replaces the suggestion for (record,
	// question) and reports whether it was new.
	UpsertSuggestion(ctx context.Context, s *Suggestion) (bool, error)
	// UpsertSuggestions inserts or replaces many suggestions in few statements.
	UpsertSuggestions(ctx context.Context, ss []*Suggestion) error
	SuggestionByID(ctx context.Context, id string) (*Suggestion, error)
	DeleteSuggestions(ctx context.Context, recordID string, ids []string) error

	UpsertVector(ctx context.Context, v *Vector) error

	// DatasetProgress counts records by status.
	DatasetProgress(ctx context.Context, datasetID string) (total, completed int, err error)
	// UserResponseCounts counts a dataset's responses by user and status,
	// split by record status.
	UserResponseCounts(ctx context.Context, datasetID string) ([]UserResponseCount, error)
	AddDatasetUser(ctx context.Context, datasetID, userID string) error
	// EachRecordMetadata calls fn with each record's metadata.
	EachRecordMetadata(ctx context.Context, datasetID string, fn func(map[string]any)) error
}

// UserResponseCount is one row of per-user progress.
type UserResponseCount struct {
	UserID       string
	Username     string
	RecordStatus RecordStatus
	Status       ResponseStatus
	Count        int
}

// JSONValue marshals v for storage; nil stays SQL NULL.
func JSONValue(v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	s := string(b)
	return &s, nil
}
