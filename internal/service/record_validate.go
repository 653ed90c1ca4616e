package service

import (
	"errors"
	"fmt"
	"math"

	"github.com/extralit/extralit-go/internal/extralit"
)

// RecordInput is one record of a bulk write, as sent.
type RecordInput struct {
	ID          *string
	ExternalID  *string
	Fields      map[string]any
	FieldsSet   bool
	Metadata    map[string]any
	MetadataSet bool
	Responses   []ResponseInput
	Suggestions []SuggestionInput
	Vectors     map[string][]float32
}

// ResponseInput is a response given with a record.
type ResponseInput struct {
	UserID string
	Values map[string]extralit.ResponseValue
	Status extralit.ResponseStatus
}

// SuggestionInput is a suggestion given with a record or on its own.
type SuggestionInput struct {
	QuestionID string
	Value      any
	Score      any
	Agent      *string
	Type       *string
}

func (p *parsedSchema) validateFields(fields map[string]any, partial bool) (map[string]any, error) {
	if !partial && len(fields) == 0 {
		return nil, extralit.Errorf(extralit.KindInvalid, "fields must not be empty")
	}
	out := make(map[string]any, len(fields))
	for name, v := range fields {
		fs, ok := p.fields[name]
		if !ok {
			return nil, extralit.Errorf(extralit.KindInvalid, "found fields values for non configured fields: [%q]", name)
		}
		if v == nil {
			continue
		}
		nv, err := extralit.NormalizeFieldValue(name, fs, v)
		if err != nil {
			return nil, err
		}
		out[name] = nv
	}
	if !partial {
		for _, f := range p.fieldOrder {
			if _, ok := out[f.Name]; f.Required && !ok {
				return nil, extralit.Errorf(extralit.KindInvalid, "missing required value for field: %q", f.Name)
			}
		}
	}
	return out, nil
}

func (p *parsedSchema) validateMetadata(md map[string]any) error {
	for k, v := range md {
		if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
			return extralit.Errorf(extralit.KindInvalid, "metadata %q must not be NaN or infinite", k)
		}
		ms, ok := p.metadata[k]
		if !ok {
			if !p.Dataset.AllowExtraMetadata {
				return extralit.Errorf(extralit.KindInvalid, "metadata property %q is not defined for this dataset, and it does not allow extra metadata", k)
			}
			continue
		}
		if err := extralit.ValidateMetadataValue(k, ms, v); err != nil {
			return err
		}
	}
	return nil
}

func (p *parsedSchema) validateVectors(vs map[string][]float32) error {
	for name, v := range vs {
		settings, ok := p.vectors[name]
		if !ok {
			return extralit.Errorf(extralit.KindInvalid, "vector with name %q does not exist for this dataset", name)
		}
		if len(v) != settings.Dimensions {
			return extralit.Errorf(extralit.KindInvalid, "vector %q has %d dimensions, the dataset expects %d", name, len(v), settings.Dimensions)
		}
	}
	return nil
}

// spanText returns the text a span question refers to in a record.
func (p *parsedSchema) spanText(qs extralit.QuestionSettings, fields map[string]any) string {
	if qs.Field == nil {
		return ""
	}
	s, _ := fields[*qs.Field].(string)
	return s
}

func (p *parsedSchema) validateSuggestion(in SuggestionInput, fields map[string]any) error {
	q, ok := p.questions[in.QuestionID]
	if !ok {
		return extralit.Errorf(extralit.KindInvalid, "question_id=%s does not exist in the dataset", in.QuestionID)
	}
	qs := p.qsettings[q.ID]
	if err := extralit.ValidateAnswer(q.Name, qs, in.Value, p.spanText(qs, fields)); err != nil {
		return fmt.Errorf("suggestion: %w", err)
	}
	if err := extralit.ValidateScore(q.Name, in.Value, in.Score); err != nil {
		return err
	}
	if in.Agent != nil {
		if err := extralit.ValidateAgent(*in.Agent); err != nil {
			return err
		}
	}
	if in.Type != nil && *in.Type != "model" && *in.Type != "human" && *in.Type != "selection" {
		return extralit.Errorf(extralit.KindInvalid, "suggestion type %q is not one of model, human, selection", *in.Type)
	}
	return nil
}

// validateResponse checks a response's status and values. Submitted
// responses must answer every required question.
func (p *parsedSchema) validateResponse(status extralit.ResponseStatus, values map[string]extralit.ResponseValue, fields map[string]any) error {
	if !status.Valid() {
		return extralit.Errorf(extralit.KindInvalid, "response status %q is not one of draft, submitted, discarded", status)
	}
	if values == nil && status != extralit.ResponseDiscarded {
		return extralit.Errorf(extralit.KindInvalid, "a %s response needs values", status)
	}
	for name, v := range values {
		q, ok := p.questionName[name]
		if !ok {
			return extralit.Errorf(extralit.KindInvalid, "found responses for non configured questions: [%q]", name)
		}
		qs := p.qsettings[q.ID]
		if err := extralit.ValidateAnswer(name, qs, v.Value, p.spanText(qs, fields)); err != nil {
			return err
		}
	}
	if status == extralit.ResponseSubmitted {
		for _, q := range p.Questions {
			if _, ok := values[q.Name]; q.Required && !ok {
				return extralit.Errorf(extralit.KindInvalid, "missing response value for required question with name=%q", q.Name)
			}
		}
	}
	return nil
}

func wrapPos(i int, err error) error {
	var e *extralit.Error
	if errors.As(err, &e) {
		return &extralit.Error{Kind: e.Kind, Message: fmt.Sprintf("record at position %d is not valid because %s", i, err.Error()), Code: e.Code}
	}
	return fmt.Errorf("record at position %d: %w", i, err)
}
