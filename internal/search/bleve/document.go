package bleve

import (
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/extralit/extralit-go/internal/search"
)

// The Bleve field names of a record. Documents are built by hand (Bleve's
// IndexAdvanced) instead of through a reflective mapping: it indexes only
// what queries use, with the options each field needs, and is about twice
// as fast as mapping a map[string]any.
//
// A name is a fixed prefix plus a user-chosen name, so names never collide:
// the prefix says which kind of value follows.
const (
	fID         = "id"
	fExternalID = "external_id"
	fStatus     = "status"
	fInsertedAt = "inserted_at"
	fUpdatedAt  = "updated_at"
	fVectors    = "v"        // names of the vector spaces the record has
	fResponded  = "r.user"   // IDs of users who responded
	fAnyStatus  = "r.status" // every response status, whoever responded
	// fDefaultOrder sorts by inserted_at, then ID.
	fDefaultOrder = "o._default"
)

func fieldText(name string) string          { return "f." + name }
func fieldMetadata(name string) string      { return "m." + name }
func fieldSuggestion(q, prop string) string { return "s." + q + "." + prop }
func fieldAnyResponse(q string) string      { return "r.q." + q }
func fieldUserStatus(user string) string    { return "r.u." + user + ".status" }
func fieldUserResponse(user, q string) string {
	return "r.u." + user + ".q." + q
}

const (
	// Keywords are filtered and sorted, never scored: doc values for
	// sorting, no frequencies or norms.
	keywordOptions = index.IndexField | index.DocValues | index.SkipFreqNorm
	// Text is scored with BM25, which needs frequencies and norms; no term
	// vectors (no highlighting or phrase queries) and nothing stored.
	textOptions = index.IndexField
)

// builder turns search.Documents into Bleve documents for one mapping.
type builder struct {
	m        search.Mapping
	analyzer analysis.Analyzer
}

func (b *builder) build(d search.Document) (*document.Document, error) {
	if d.ID == "" {
		return nil, fmt.Errorf("%w: a document without an ID", search.ErrInvalidDocument)
	}
	doc := document.NewDocument(d.ID)
	keyword(doc, fID, d.ID)
	if d.ExternalID != "" {
		keyword(doc, fExternalID, d.ExternalID)
	}
	if d.Status != "" {
		keyword(doc, fStatus, string(d.Status))
	}
	if err := dates(doc, d); err != nil {
		return nil, err
	}
	for _, f := range b.m.Fields {
		v, ok := d.Fields[f.Name]
		if !ok || !f.Searchable() || v == "" {
			continue
		}
		doc.AddField(document.NewTextFieldCustom(fieldText(f.Name), nil, []byte(v), textOptions, b.analyzer))
	}
	for _, p := range b.m.Metadata {
		v, ok := d.Metadata[p.Name]
		if !ok || v == nil {
			continue
		}
		if err := metadata(doc, p, v); err != nil {
			return nil, fmt.Errorf("%w: record %s: %w", search.ErrInvalidDocument, d.ID, err)
		}
	}
	for _, s := range d.Suggestions {
		q, ok := b.m.Question(s.Question)
		if !ok {
			continue
		}
		value(doc, fieldSuggestion(q.Name, search.PropValue), q, s.Value)
		for _, sc := range s.Score {
			number(doc, fieldSuggestion(q.Name, search.PropScore), sc)
		}
		if s.Agent != "" {
			keyword(doc, fieldSuggestion(q.Name, search.PropAgent), s.Agent)
		}
		if s.Type != "" {
			keyword(doc, fieldSuggestion(q.Name, search.PropType), s.Type)
		}
	}
	for _, r := range d.Responses {
		if r.UserID == "" {
			return nil, fmt.Errorf("%w: record %s: a response without a user ID", search.ErrInvalidDocument, d.ID)
		}
		keyword(doc, fResponded, r.UserID)
		keyword(doc, fAnyStatus, string(r.Status))
		keyword(doc, fieldUserStatus(r.UserID), string(r.Status))
		for name, v := range r.Values {
			q, ok := b.m.Question(name)
			if !ok {
				continue
			}
			value(doc, fieldAnyResponse(q.Name), q, v)
			value(doc, fieldUserResponse(r.UserID, q.Name), q, v)
		}
	}
	if err := b.m.CheckVectors(d); err != nil {
		return nil, err
	}
	for name := range d.Vectors {
		keyword(doc, fVectors, name)
	}
	return doc, nil
}

func keyword(doc *document.Document, name, v string) {
	// A nil analyzer indexes the whole value as one term.
	doc.AddField(document.NewTextFieldCustom(name, nil, []byte(v), keywordOptions, nil))
}

// number indexes v for equality, ranges and sorting (see numeric.go).
func number(doc *document.Document, name string, v float64) {
	addKey(doc, name, floatKey(v))
}

// timeFits reports whether t is representable in Unix nanoseconds.
func timeFits(t time.Time) bool {
	return t.Year() > 1677 && t.Year() < 2262
}

func dates(doc *document.Document, d search.Document) error {
	if !d.InsertedAt.IsZero() && !timeFits(d.InsertedAt) || !d.UpdatedAt.IsZero() && !timeFits(d.UpdatedAt) {
		return fmt.Errorf("%w: record %s: times must lie between 1678 and 2262", search.ErrInvalidDocument, d.ID)
	}
	for _, f := range []struct {
		name string
		t    time.Time
	}{{fInsertedAt, d.InsertedAt}, {fUpdatedAt, d.UpdatedAt}} {
		if f.t.IsZero() {
			continue
		}
		addKey(doc, f.name, timeKey(f.t))
	}
	// The default order (inserted_at, then ID) is one key, so the most
	// common listing reads one doc value per record.
	var at time.Time
	if !d.InsertedAt.IsZero() {
		at = d.InsertedAt
	}
	keyword(doc, fDefaultOrder, levelTerm(0, timeKey(at))+d.ID)
	return nil
}

// metadata indexes a metadata value by its property's type.
func metadata(doc *document.Document, p search.MetadataProperty, v any) error {
	vals, err := search.MetadataValues(p, v)
	if err != nil {
		return err
	}
	add(doc, fieldMetadata(p.Name), vals)
	return nil
}

// add indexes values under name: strings as keywords, numbers as keys.
func add(doc *document.Document, name string, vals search.Values) {
	for _, s := range vals.Strings {
		keyword(doc, name, s)
	}
	for _, f := range vals.Numbers {
		number(doc, name, f)
	}
}

// value indexes a response or suggestion value by its question's kind
// (see search.AnswerValues).
func value(doc *document.Document, name string, q search.Question, v any) {
	add(doc, name, search.AnswerValues(q, v))
}
