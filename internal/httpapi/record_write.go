package httpapi

import (
	"encoding/json"
	"math"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/service"
)

// recordWriteJSON is one record of a bulk write or a PATCH. The SDK sends
// its whole model; server-derived keys are accepted and ignored.
type recordWriteJSON struct {
	ID          *string                        `json:"id"`
	ExternalID  optional[json.RawMessage]      `json:"external_id"`
	Fields      optional[map[string]any]       `json:"fields"`
	Metadata    optional[map[string]any]       `json:"metadata"`
	Vectors     optional[map[string][]float64] `json:"vectors"`
	Responses   []responseWriteJSON            `json:"responses"`
	Suggestions []suggestionWriteJSON          `json:"suggestions"`
	Status      ignored                        `json:"status"`
	InsertedAt  ignored                        `json:"inserted_at"`
	UpdatedAt   ignored                        `json:"updated_at"`
	DatasetID   ignored                        `json:"dataset_id"`
	Reference   ignored                        `json:"reference"`
}

type responseWriteJSON struct {
	Values     map[string]extralit.ResponseValue `json:"values"`
	Status     string                            `json:"status"`
	UserID     string                            `json:"user_id"`
	ID         ignored                           `json:"id"`
	RecordID   ignored                           `json:"record_id"`
	InsertedAt ignored                           `json:"inserted_at"`
	UpdatedAt  ignored                           `json:"updated_at"`
}

type suggestionWriteJSON struct {
	QuestionID   string  `json:"question_id"`
	Value        any     `json:"value"`
	Score        any     `json:"score"`
	Agent        *string `json:"agent"`
	Type         *string `json:"type"`
	ID           ignored `json:"id"`
	QuestionName ignored `json:"question_name"`
	InsertedAt   ignored `json:"inserted_at"`
	UpdatedAt    ignored `json:"updated_at"`
}

func (s suggestionWriteJSON) input() (service.SuggestionInput, error) {
	qid, err := uuidString("question_id", s.QuestionID)
	if err != nil {
		return service.SuggestionInput{}, err
	}
	return service.SuggestionInput{QuestionID: qid, Value: s.Value, Score: s.Score, Agent: s.Agent, Type: s.Type}, nil
}

func (rw recordWriteJSON) input() (service.RecordInput, error) {
	in := service.RecordInput{ID: rw.ID, FieldsSet: rw.Fields.Set && !rw.Fields.Null, Fields: rw.Fields.Value,
		MetadataSet: rw.Metadata.Set, Metadata: rw.Metadata.Value}
	if rw.ExternalID.Set && !rw.ExternalID.Null {
		// The SDK sends ids as strings; numbers are accepted and kept as text.
		var s string
		if err := json.Unmarshal(rw.ExternalID.Value, &s); err != nil {
			var n json.Number
			if err := json.Unmarshal(rw.ExternalID.Value, &n); err != nil {
				return in, extralit.Errorf(extralit.KindInvalid, "external_id must be a string")
			}
			s = n.String()
		}
		in.ExternalID = &s
	}
	if rw.Vectors.Set && !rw.Vectors.Null {
		in.Vectors = make(map[string][]float32, len(rw.Vectors.Value))
		for name, v := range rw.Vectors.Value {
			f := make([]float32, len(v))
			for i, x := range v {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					return in, extralit.Errorf(extralit.KindInvalid, "vector %q has a value that is not a finite number", name)
				}
				f[i] = float32(x)
			}
			in.Vectors[name] = f
		}
	}
	for _, r := range rw.Responses {
		uid, err := uuidString("user_id", r.UserID)
		if err != nil {
			return in, err
		}
		in.Responses = append(in.Responses, service.ResponseInput{UserID: uid, Values: r.Values, Status: extralit.ResponseStatus(r.Status)})
	}
	for _, s := range rw.Suggestions {
		si, err := s.input()
		if err != nil {
			return in, err
		}
		in.Suggestions = append(in.Suggestions, si)
	}
	return in, nil
}
