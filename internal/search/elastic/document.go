package elastic

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/extralit/extralit-go/internal/search"
)

// source builds the JSON source of d under mapping m. It checks d against m
// first: the error wraps search.ErrInvalidDocument and names the record.
func source(m search.Mapping, datasetID string, d search.Document) (map[string]any, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: record %s: %s", search.ErrInvalidDocument, d.ID, fmt.Sprintf(format, args...))
	}
	if d.ID == "" {
		return nil, fmt.Errorf("%w: a document without an ID", search.ErrInvalidDocument)
	}
	if d.DatasetID != "" && d.DatasetID != datasetID {
		return nil, bad("belongs to dataset %s, not %s", d.DatasetID, datasetID)
	}
	src := map[string]any{
		pID: d.ID, pStatus: string(d.Status),
		pInsertedAt: d.InsertedAt.UTC().Format(time.RFC3339Nano),
		pUpdatedAt:  d.UpdatedAt.UTC().Format(time.RFC3339Nano),
	}
	if d.ExternalID != "" {
		src[pExternalID] = d.ExternalID
	}
	fields := map[string]any{}
	for name, text := range d.Fields {
		if _, ok := m.Field(name); ok {
			fields[name] = text
		}
	}
	src["fields"] = fields

	metadata := map[string]any{}
	for name, v := range d.Metadata {
		p, ok := m.MetadataProperty(name)
		if !ok || v == nil {
			continue // undeclared metadata is ignored, as the reference does
		}
		val, err := metadataValue(p, v)
		if err != nil {
			return nil, bad("%v", err)
		}
		metadata[name] = val
	}
	src["metadata"] = metadata

	suggestions := map[string]any{}
	for _, s := range d.Suggestions {
		q, ok := m.Question(s.Question)
		if !ok {
			continue
		}
		o := map[string]any{}
		if s.Agent != "" {
			o["agent"] = s.Agent
		}
		if s.Type != "" {
			o["type"] = s.Type
		}
		if len(s.Score) > 0 {
			o["score"] = s.Score
		}
		if v := answer(q, s.Value); v != nil {
			o["value"] = v
		}
		suggestions[q.Name] = o
	}
	src["suggestions"] = suggestions

	responses := make([]any, 0, len(d.Responses))
	for _, r := range d.Responses {
		values := map[string]any{}
		for name, v := range r.Values {
			if q, ok := m.Question(name); ok {
				if a := answer(q, v); a != nil {
					values[name] = a
				}
			}
		}
		responses = append(responses, map[string]any{"user_id": r.UserID, "status": string(r.Status), "values": values})
	}
	src[pResponses] = responses

	vectors := map[string]any{}
	for name, v := range d.Vectors {
		vs, ok := m.VectorSettings(name)
		if !ok {
			return nil, bad("vector settings %q are not defined in the dataset", name)
		}
		if len(v) != vs.Dimensions {
			return nil, bad("vector %q has %d dimensions, want %d", name, len(v), vs.Dimensions)
		}
		zero := true
		for _, x := range v {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return nil, bad("vector %q holds %v", name, x)
			}
			zero = zero && x == 0
		}
		if zero {
			return nil, bad("vector %q is the zero vector, which has no direction", name)
		}
		vectors[name] = v
	}
	src["vectors"] = vectors
	return src, nil
}

// metadataValue checks a metadata value against its property's type.
func metadataValue(p search.MetadataProperty, v any) (any, error) {
	switch p.Type {
	case search.MetadataTerms:
		switch x := v.(type) {
		case string:
			return x, nil
		case []string:
			return x, nil
		case []any:
			out := make([]string, 0, len(x))
			for _, e := range x {
				s, ok := e.(string)
				if !ok {
					return nil, fmt.Errorf("terms metadata %q holds %v (%T), want strings", p.Name, e, e)
				}
				out = append(out, s)
			}
			return out, nil
		}
		return nil, fmt.Errorf("terms metadata %q is %v (%T), want a string or a list of strings", p.Name, v, v)
	case search.MetadataInteger:
		f, ok := search.Number(v)
		if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return nil, fmt.Errorf("integer metadata %q is %v (%T), want a whole number", p.Name, v, v)
		}
		return int64(f), nil
	default:
		f, ok := search.Number(v)
		if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("float metadata %q is %v (%T), want a number", p.Name, v, v)
		}
		return f, nil
	}
}

// answer returns the indexed form of a response or suggestion value, or nil
// when the question's values are not indexed or v does not fit.
func answer(q search.Question, v any) any {
	switch q.Type.ValueKind() {
	case search.ValueNumber:
		if f, ok := search.Number(v); ok && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f
		}
	case search.ValueKeyword:
		switch x := v.(type) {
		case string:
			return x
		case []string:
			return x
		case []any:
			out := make([]string, 0, len(x))
			for _, e := range x {
				out = append(out, scalar(e))
			}
			return out
		case nil:
			return nil
		default:
			return scalar(x)
		}
	}
	return nil
}

func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
