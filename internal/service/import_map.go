package service

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/extralit/extralit-go/internal/extralit"
)

// The targets a column can be mapped to.
const (
	targetField           = "field"
	targetMetadata        = "metadata"
	targetSuggestion      = "suggestion"
	targetSuggestionScore = "suggestion_score"
	targetSuggestionAgent = "suggestion_agent"
	targetID              = "id"
	targetExternalID      = "external_id"
	targetResponses       = "responses"
	targetIgnore          = "ignore"
)

// importTarget says where a column's values go.
type importTarget struct {
	kind string
	name string // the field, metadata property or question
}

// importMapping maps columns to targets for one dataset.
type importMapping struct {
	p        *parsedSchema
	explicit map[string]importTarget
}

// newImportMapping checks an explicit mapping (column → "field:NAME",
// "metadata:NAME", "suggestion:QUESTION", "suggestion_score:QUESTION",
// "suggestion_agent:QUESTION", "id", "external_id", "responses" or
// "ignore") against the dataset.
func newImportMapping(p *parsedSchema, raw map[string]string) (*importMapping, error) {
	m := &importMapping{p: p, explicit: map[string]importTarget{}}
	for col, spec := range raw {
		kind, name, _ := strings.Cut(strings.TrimSpace(spec), ":")
		t := importTarget{kind: kind, name: name}
		var bad string
		switch kind {
		case targetField:
			if _, ok := p.fields[name]; !ok {
				bad = fmt.Sprintf("the dataset has no field %q", name)
			}
		case targetMetadata:
			if _, ok := p.metadata[name]; !ok {
				bad = fmt.Sprintf("the dataset has no metadata property %q", name)
			}
		case targetSuggestion, targetSuggestionScore, targetSuggestionAgent:
			if _, ok := p.questionName[name]; !ok {
				bad = fmt.Sprintf("the dataset has no question %q", name)
			}
		case targetID, targetExternalID, targetResponses, targetIgnore:
			if name != "" {
				bad = fmt.Sprintf("%s takes no name", kind)
			}
		default:
			bad = "a target is field:NAME, metadata:NAME, suggestion:QUESTION, suggestion_score:QUESTION, suggestion_agent:QUESTION, id, external_id, responses or ignore"
		}
		if bad != "" {
			return nil, extralit.Errorf(extralit.KindInvalid, "mapping of column %q to %q: %s", col, spec, bad)
		}
		m.explicit[col] = t
	}
	return m, nil
}

// target returns where a column goes: the explicit mapping, else the
// column's name as our exports write it or as a field, metadata property
// or question of the dataset.
func (m *importMapping) target(col string) (importTarget, bool) {
	if t, ok := m.explicit[col]; ok {
		return t, true
	}
	p := m.p
	switch col {
	case "id", "external_id", "responses":
		return importTarget{kind: col}, true
	case "status", "inserted_at", "updated_at":
		return importTarget{kind: targetIgnore}, true // derived by the server
	}
	if _, ok := p.fields[col]; ok {
		return importTarget{kind: targetField, name: col}, true
	}
	if name, ok := strings.CutPrefix(col, "metadata."); ok {
		if _, ok := p.metadata[name]; ok {
			return importTarget{kind: targetMetadata, name: name}, true
		}
	}
	if _, ok := p.metadata[col]; ok {
		return importTarget{kind: targetMetadata, name: col}, true
	}
	if q, ok := strings.CutSuffix(col, ".suggestion.score"); ok && p.questionName[q] != nil {
		return importTarget{kind: targetSuggestionScore, name: q}, true
	}
	if q, ok := strings.CutSuffix(col, ".suggestion.agent"); ok && p.questionName[q] != nil {
		return importTarget{kind: targetSuggestionAgent, name: q}, true
	}
	if q, ok := strings.CutSuffix(col, ".suggestion"); ok && p.questionName[q] != nil {
		return importTarget{kind: targetSuggestion, name: q}, true
	}
	if p.questionName[col] != nil {
		return importTarget{kind: targetSuggestion, name: col}, true
	}
	return importTarget{}, false
}

// checkColumns refuses a file with a column that maps nowhere, or a
// mapping that names a column the file lacks.
func (m *importMapping) checkColumns(rows []fileRow) error {
	cols := map[string]bool{}
	for _, r := range rows {
		for c := range r.cells {
			cols[c] = true
		}
	}
	var unknown []string
	for c := range cols {
		if c == "fields" || c == "metadata" || c == "suggestions" {
			if _, explicit := m.explicit[c]; !explicit {
				continue // our JSON Lines export's nested objects
			}
		}
		if _, ok := m.target(c); !ok {
			unknown = append(unknown, c)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return extralit.Errorf(extralit.KindInvalid, "column %q matches no field, metadata property or question of the dataset: "+
			"give a mapping for it (for example {%q: \"ignore\"})", unknown[0], unknown[0])
	}
	for c := range m.explicit {
		if !cols[c] {
			return extralit.Errorf(extralit.KindInvalid, "the mapping names column %q, which the file does not have", c)
		}
	}
	return nil
}

// rowError is a problem with one row of the file.
func rowError(row int, format string, args ...any) error {
	return extralit.Errorf(extralit.KindInvalid, "row %d: %s", row, fmt.Sprintf(format, args...))
}

// record turns one row into a record input.
func (m *importMapping) record(r fileRow) (RecordInput, error) {
	in := RecordInput{Fields: map[string]any{}, Metadata: map[string]any{}}
	suggestions := map[string]*SuggestionInput{}
	suggestion := func(q string) *SuggestionInput {
		if suggestions[q] == nil {
			suggestions[q] = &SuggestionInput{QuestionID: m.p.questionName[q].ID}
		}
		return suggestions[q]
	}
	cols := make([]string, 0, len(r.cells))
	for c := range r.cells {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	for _, col := range cols {
		v := r.cells[col]
		if v == nil {
			continue
		}
		if err := m.nested(r, col, v, &in, suggestion); err != nil {
			return in, err
		}
		t, ok := m.target(col)
		if !ok {
			continue // a nested object handled above
		}
		var err error
		switch t.kind {
		case targetIgnore:
		case targetID, targetExternalID:
			s := scalarText(v)
			if s == "" {
				continue
			}
			if t.kind == targetID {
				in.ID = &s
			} else {
				in.ExternalID = &s
			}
		case targetField:
			in.Fields[t.name], err = m.fieldValue(r, t.name, v)
		case targetMetadata:
			in.Metadata[t.name], err = m.metadataValue(r, t.name, v)
		case targetSuggestion:
			suggestion(t.name).Value, err = m.suggestionValue(r, t.name, v)
		case targetSuggestionScore:
			suggestion(t.name).Score, err = decodeText(r, v, true)
			if _, isText := suggestion(t.name).Score.(string); isText && err == nil {
				err = rowError(r.num, "the score of suggestion %q is %q, not a number or a list of numbers", t.name, v)
			}
		case targetSuggestionAgent:
			if a := scalarText(v); a != "" {
				suggestion(t.name).Agent = &a
			}
		case targetResponses:
			in.Responses, err = responsesValue(r, v)
		}
		if err != nil {
			return in, err
		}
	}
	in.FieldsSet = len(in.Fields) > 0
	in.MetadataSet = len(in.Metadata) > 0
	qs := make([]string, 0, len(suggestions))
	for q := range suggestions {
		qs = append(qs, q)
	}
	sort.Strings(qs)
	for _, q := range qs {
		if sg := suggestions[q]; sg.Value != nil {
			in.Suggestions = append(in.Suggestions, *sg)
		}
	}
	return in, nil
}

// nested reads the "fields", "metadata" and "suggestions" objects of our
// JSON Lines export.
func (m *importMapping) nested(r fileRow, col string, v any, in *RecordInput, suggestion func(string) *SuggestionInput) error {
	if _, explicit := m.explicit[col]; explicit || r.text {
		return nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		if col == "fields" || col == "metadata" || col == "suggestions" {
			return rowError(r.num, "%s must be an object", col)
		}
		return nil
	}
	for name, x := range obj {
		switch col {
		case "fields":
			if _, ok := m.p.fields[name]; !ok {
				return rowError(r.num, "the dataset has no field %q", name)
			}
			in.Fields[name] = x
		case "metadata":
			if _, ok := m.p.metadata[name]; !ok {
				return rowError(r.num, "the dataset has no metadata property %q", name)
			}
			if x != nil {
				in.Metadata[name] = x
			}
		case "suggestions":
			if m.p.questionName[name] == nil {
				return rowError(r.num, "the dataset has no question %q", name)
			}
			sg, ok := x.(map[string]any)
			if !ok {
				return rowError(r.num, "suggestion %q must be an object with a value", name)
			}
			s := suggestion(name)
			s.Value, s.Score = sg["value"], sg["score"]
			if a, ok := sg["agent"].(string); ok {
				s.Agent = &a
			}
			if t, ok := sg["type"].(string); ok {
				s.Type = &t
			}
		}
	}
	return nil
}

// scalarText is a value as text: strings as they are, whole numbers
// without a decimal point.
func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// decodeText parses a text cell holding JSON (a list, an object, a number
// when numeric is set); other text stays as it is. Typed values pass.
func decodeText(r fileRow, v any, numeric bool) (any, error) {
	s, ok := v.(string)
	if !ok || !r.text {
		return v, nil
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return nil, nil
	}
	if strings.HasPrefix(t, "[") || strings.HasPrefix(t, "{") || numeric {
		var x any
		if err := json.Unmarshal([]byte(t), &x); err == nil {
			return x, nil
		}
	}
	return s, nil
}

func (m *importMapping) fieldValue(r fileRow, name string, v any) (any, error) {
	if m.p.fields[name].Type == "text" {
		if _, ok := v.(string); !ok {
			return scalarText(v), nil
		}
		return v, nil
	}
	return decodeText(r, v, false)
}

func (m *importMapping) metadataValue(r fileRow, name string, v any) (any, error) {
	switch m.p.metadata[name].Type {
	case "integer", "float":
		if s, ok := v.(string); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil {
				return nil, rowError(r.num, "metadata %q is %q, not a number", name, s)
			}
			return f, nil
		}
		return v, nil
	}
	return decodeText(r, v, false)
}

func (m *importMapping) suggestionValue(r fileRow, question string, v any) (any, error) {
	q := m.p.questionName[question]
	switch m.p.qsettings[q.ID].Type {
	case "text", "label_selection":
		return v, nil
	case "rating":
		return decodeText(r, v, true)
	}
	return decodeText(r, v, false)
}

func responsesValue(r fileRow, v any) ([]ResponseInput, error) {
	var raw []byte
	if s, ok := v.(string); ok {
		raw = []byte(s)
	} else {
		raw, _ = json.Marshal(v)
	}
	var rs []exportResponse
	if err := json.Unmarshal(raw, &rs); err != nil {
		return nil, rowError(r.num, "responses must be a JSON list of {user_id, status, values}: %v", err)
	}
	out := make([]ResponseInput, 0, len(rs))
	for _, x := range rs {
		out = append(out, ResponseInput{UserID: x.UserID, Status: x.Status, Values: x.Values})
	}
	return out, nil
}
