package search

import "time"

// Query is one search over a dataset's records. The zero Query matches every
// record, ordered by insertion time, and returns no items (Limit is 0).
type Query struct {
	// Text, when set, keeps records that contain every word of Text.Q and
	// orders them by relevance (BM25).
	Text *TextQuery
	// Vector, when set, orders records by cosine similarity to a vector and
	// keeps only records that have a vector in that space.
	Vector *VectorQuery
	// Filters are and-ed together. Each is a Terms or a Range.
	Filters []Filter
	// Sort orders the results; later entries break ties of earlier ones and
	// the record ID breaks any tie left. Empty means: by relevance or
	// similarity when Text or Vector is set, else by InsertedAt ascending.
	Sort []Sort
	// Offset is how many results to skip.
	Offset int
	// Limit is how many results to return at most; 0 returns only the total.
	Limit int
	// UserID is the caller. Response scopes filter and sort on the caller's
	// own responses; when empty they consider every user's responses.
	UserID string
}

// TextQuery is a full-text query.
type TextQuery struct {
	// Q holds the words to look for. Words are split on Unicode word
	// boundaries and matched case-insensitively; a record matches when each
	// word occurs in at least one of the searched fields. Q with no words
	// matches nothing.
	Q string
	// Field restricts the search to one field; empty searches every
	// searchable field.
	Field string
}

// SimilarityOrder says which end of the similarity ranking comes first.
type SimilarityOrder string

// The similarity orders. The empty order means MostSimilar.
const (
	MostSimilar  SimilarityOrder = "most_similar"
	LeastSimilar SimilarityOrder = "least_similar"
)

// VectorQuery is a similarity query. Exactly one of Value and RecordID is
// set.
//
// Every item's Score is (1 + cos(q, v)) / 2, in [0, 1], where v is the
// record's vector and q is the query vector for MostSimilar or its negation
// for LeastSimilar; items come in descending Score. That is Elasticsearch's
// cosine score, so engines agree on it.
type VectorQuery struct {
	// Name is the vector settings name.
	Name string
	// Value is the query vector.
	Value []float32
	// RecordID takes the query vector from that record, which is itself left
	// out of the results. A record without a vector in the space is
	// ErrMissingVector.
	RecordID string
	// Order is MostSimilar (default) or LeastSimilar.
	Order SimilarityOrder
}

// Entity names what a Scope points into.
type Entity string

// The scope entities.
const (
	EntityRecord     Entity = "record"
	EntityMetadata   Entity = "metadata"
	EntitySuggestion Entity = "suggestion"
	EntityResponse   Entity = "response"
)

// The properties a Scope may name. PropStatus serves record and response
// scopes, PropValue suggestion and response scopes.
const (
	PropID         = "id"
	PropExternalID = "external_id"
	PropInsertedAt = "inserted_at"
	PropUpdatedAt  = "updated_at"
	PropStatus     = "status"
	PropValue      = "value"
	PropScore      = "score"
	PropAgent      = "agent"
	PropType       = "type"
)

// Scope names what a filter or sort looks at.
//
//   - record: Property is id, external_id, inserted_at, updated_at or status.
//   - metadata: Name is the metadata property.
//   - suggestion: Name is the question; Property is value (default), score,
//     agent or type.
//   - response: with a Name, the response values to that question; without,
//     Property must be status. Responses are the caller's (Query.UserID).
type Scope struct {
	Entity   Entity
	Name     string
	Property string
}

// RecordScope returns the scope of a record property.
func RecordScope(property string) Scope {
	return Scope{Entity: EntityRecord, Property: property}
}

// MetadataScope returns the scope of a metadata property.
func MetadataScope(name string) Scope {
	return Scope{Entity: EntityMetadata, Name: name}
}

// SuggestionScope returns the scope of a property of the suggestion to a
// question.
func SuggestionScope(question, property string) Scope {
	return Scope{Entity: EntitySuggestion, Name: question, Property: property}
}

// ResponseValueScope returns the scope of the response values to a question.
func ResponseValueScope(question string) Scope {
	return Scope{Entity: EntityResponse, Name: question, Property: PropValue}
}

// ResponseStatusScope returns the scope of the response status.
func ResponseStatusScope() Scope {
	return Scope{Entity: EntityResponse, Property: PropStatus}
}

// Filter is a Terms or a Range filter.
type Filter interface {
	// FilterScope returns what the filter looks at.
	FilterScope() Scope
}

// Terms keeps records whose value in Scope equals one of Values. Values are
// strings as on the wire; for numeric scopes they must parse as numbers.
type Terms struct {
	Scope  Scope
	Values []string
}

// FilterScope returns t.Scope.
func (t Terms) FilterScope() Scope { return t.Scope }

// Range keeps records whose value in Scope lies within [GE, LE]; a nil bound
// is open. Numeric scopes take Number bounds, the record's inserted_at and
// updated_at take Time bounds.
type Range struct {
	Scope  Scope
	GE, LE *Bound
}

// FilterScope returns r.Scope.
func (r Range) FilterScope() Scope { return r.Scope }

// Bound is one end of a Range: a time when Time is set, else a number.
type Bound struct {
	Number float64
	Time   time.Time
}

// Num returns a numeric bound.
func Num(v float64) *Bound { return &Bound{Number: v} }

// At returns a time bound.
func At(t time.Time) *Bound { return &Bound{Time: t} }

// IsTime reports whether b is a time bound.
func (b Bound) IsTime() bool { return !b.Time.IsZero() }

// Sort is one ordering key.
type Sort struct {
	Scope Scope
	// Descending reverses the order. Records without a value sort last
	// either way.
	Descending bool
}

// Result is one page of search results.
type Result struct {
	// Total is the exact number of records matching the query.
	Total int
	// Items is the requested page, in order.
	Items []Hit
}

// Hit is one result.
type Hit struct {
	// ID is the record ID.
	ID string
	// Score is the relevance (text query) or similarity (vector query)
	// score, or nil when the query has neither.
	Score *float64
}
