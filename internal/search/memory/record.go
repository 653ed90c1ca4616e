package memory

import (
	"fmt"
	"math"

	"github.com/extralit/extralit-go/internal/search"
)

// record is one indexed record: the values filters and sorts read. Text is
// not kept here: it lives in the posting lists, and each field's length in
// words in textLen, by the field's ordinal (fieldText.ord).
type record struct {
	id, externalID string
	status         string
	inserted       int64 // UnixNano; see hasInserted
	updated        int64
	hasInserted    bool
	hasUpdated     bool
	textLen        []int32
	metadata       []values      // by metadata ordinal (see schema)
	suggestions    []*suggestion // by question ordinal
	responses      []response
}

// values are the values of one scope of a record: strings for keyword
// scopes, numbers for numeric ones.
type values struct {
	strs []string
	nums []float64
}

type suggestion struct {
	value  values
	scores []float64
	agent  string
	kind   string // the suggestion's type: model, human or selection
}

type response struct {
	user   string
	status string
	values []values // by question ordinal
}

// schema is a dataset's mapping with an ordinal for each metadata property
// and question, so that records keep their values in slices. A name keeps
// its ordinal while the mapping has it; a dropped name's ordinal is never
// reused, so values written under it can never resurface.
type schema struct {
	m         search.Mapping
	meta      map[string]int
	questions map[string]int
	nMeta     int
	nQuestion int
}

func newSchema(m search.Mapping) *schema {
	sc := &schema{meta: map[string]int{}, questions: map[string]int{}}
	sc.set(m)
	return sc
}

// set changes the mapping to m, giving new names ordinals and forgetting
// dropped ones.
func (sc *schema) set(m search.Mapping) {
	sc.m = m
	for name := range sc.meta {
		if _, ok := m.MetadataProperty(name); !ok {
			delete(sc.meta, name)
		}
	}
	for name := range sc.questions {
		if _, ok := m.Question(name); !ok {
			delete(sc.questions, name)
		}
	}
	for _, p := range m.Metadata {
		if _, ok := sc.meta[p.Name]; !ok {
			sc.meta[p.Name] = sc.nMeta
			sc.nMeta++
		}
	}
	for _, q := range m.Questions {
		if _, ok := sc.questions[q.Name]; !ok {
			sc.questions[q.Name] = sc.nQuestion
			sc.nQuestion++
		}
	}
}

// at returns vs[i], or no values when vs is shorter.
func at[T any](vs []T, i int) T {
	if i < 0 || i >= len(vs) {
		var zero T
		return zero
	}
	return vs[i]
}

// newRecord checks d against m, as the on-disk engine does, and converts it.
// Errors wrap search.ErrInvalidDocument and name the record.
func newRecord(sc *schema, d search.Document) (*record, error) {
	m := sc.m
	if d.ID == "" {
		return nil, fmt.Errorf("%w: a document without an ID", search.ErrInvalidDocument)
	}
	r := &record{id: d.ID, externalID: d.ExternalID, status: string(d.Status)}
	if !d.InsertedAt.IsZero() {
		r.inserted, r.hasInserted = d.InsertedAt.UnixNano(), true
	}
	if !d.UpdatedAt.IsZero() {
		r.updated, r.hasUpdated = d.UpdatedAt.UnixNano(), true
	}
	if (r.hasInserted && !timeFits(d.InsertedAt.Year())) || (r.hasUpdated && !timeFits(d.UpdatedAt.Year())) {
		return nil, fmt.Errorf("%w: record %s: times must lie between 1678 and 2262", search.ErrInvalidDocument, d.ID)
	}
	for _, p := range m.Metadata {
		v, ok := d.Metadata[p.Name]
		if !ok || v == nil {
			continue
		}
		vals, err := metadataValues(p, v)
		if err != nil {
			return nil, fmt.Errorf("%w: record %s: %w", search.ErrInvalidDocument, d.ID, err)
		}
		if r.metadata == nil {
			r.metadata = make([]values, sc.nMeta)
		}
		r.metadata[sc.meta[p.Name]] = vals
	}
	for _, s := range d.Suggestions {
		q, ok := m.Question(s.Question)
		if !ok {
			continue
		}
		if r.suggestions == nil {
			r.suggestions = make([]*suggestion, sc.nQuestion)
		}
		var scores []float64
		for _, sc := range s.Score {
			if !math.IsNaN(sc) && !math.IsInf(sc, 0) {
				scores = append(scores, sc)
			}
		}
		r.suggestions[sc.questions[q.Name]] = &suggestion{value: answerValues(q, s.Value), scores: scores, agent: s.Agent, kind: s.Type}
	}
	for _, resp := range d.Responses {
		if resp.UserID == "" {
			return nil, fmt.Errorf("%w: record %s: a response without a user ID", search.ErrInvalidDocument, d.ID)
		}
		out := response{user: resp.UserID, status: string(resp.Status)}
		for name, v := range resp.Values {
			q, ok := m.Question(name)
			if !ok {
				continue
			}
			if vals := answerValues(q, v); vals.strs != nil || vals.nums != nil {
				if out.values == nil {
					out.values = make([]values, sc.nQuestion)
				}
				out.values[sc.questions[q.Name]] = vals
			}
		}
		r.responses = append(r.responses, out)
	}
	if err := m.CheckVectors(d); err != nil {
		return nil, err
	}
	return r, nil
}

// timeFits reports whether a year is representable in Unix nanoseconds.
func timeFits(year int) bool { return year > 1677 && year < 2262 }

// metadataValues converts a metadata value by its property's type.
func metadataValues(p search.MetadataProperty, v any) (values, error) {
	if p.Type == search.MetadataTerms {
		switch v := v.(type) {
		case string:
			return values{strs: []string{v}}, nil
		case []string:
			return values{strs: v}, nil
		case []any:
			strs := make([]string, 0, len(v))
			for _, s := range v {
				str, ok := s.(string)
				if !ok {
					return values{}, fmt.Errorf("terms metadata %q: want strings, got %T in a list", p.Name, s)
				}
				strs = append(strs, str)
			}
			return values{strs: strs}, nil
		}
		return values{}, fmt.Errorf("terms metadata %q: want a string, got %T", p.Name, v)
	}
	f, ok := search.Number(v)
	if !ok {
		return values{}, fmt.Errorf("%s metadata %q: want a number, got %T", p.Type, p.Name, v)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return values{}, fmt.Errorf("%s metadata %q: want a finite number, got %v", p.Type, p.Name, f)
	}
	if p.Type == search.MetadataInteger && f != math.Trunc(f) {
		return values{}, fmt.Errorf("integer metadata %q: want a whole number, got %v", p.Name, f)
	}
	return values{nums: []float64{f}}, nil
}

// answerValues converts a response or suggestion value by its question's
// kind. Values that do not fit the kind are dropped rather than rejected:
// the service validated them against the question, and the index keeps
// only what filters and sorts use.
func answerValues(q search.Question, v any) values {
	switch q.Type.ValueKind() {
	case search.ValueNumber:
		if f, ok := search.Number(v); ok && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return values{nums: []float64{f}}
		}
	case search.ValueKeyword:
		switch v := v.(type) {
		case string:
			return values{strs: []string{v}}
		case []string:
			return values{strs: v}
		case []any:
			var strs []string
			for _, s := range v {
				if str, ok := s.(string); ok {
					strs = append(strs, str)
				}
			}
			return values{strs: strs}
		}
	}
	return values{}
}
