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
	metadata       []search.Values // by metadata ordinal (see schema)
	suggestions    []*suggestion   // by question ordinal
	responses      []response
}

type suggestion struct {
	value  search.Values
	scores []float64
	agent  string
	kind   string // the suggestion's type: model, human or selection
}

type response struct {
	user   string
	status string
	values []search.Values // by question ordinal
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
		vals, err := search.MetadataValues(p, v)
		if err != nil {
			return nil, fmt.Errorf("%w: record %s: %w", search.ErrInvalidDocument, d.ID, err)
		}
		if r.metadata == nil {
			r.metadata = make([]search.Values, sc.nMeta)
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
		r.suggestions[sc.questions[q.Name]] = &suggestion{value: search.AnswerValues(q, s.Value), scores: scores, agent: s.Agent, kind: s.Type}
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
			if vals := search.AnswerValues(q, v); vals.Strings != nil || vals.Numbers != nil {
				if out.values == nil {
					out.values = make([]search.Values, sc.nQuestion)
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
