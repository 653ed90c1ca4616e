package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/service"
)

type responseJSON struct {
	ID         string                            `json:"id"`
	Values     map[string]extralit.ResponseValue `json:"values"`
	Status     string                            `json:"status"`
	RecordID   string                            `json:"record_id"`
	UserID     string                            `json:"user_id"`
	InsertedAt string                            `json:"inserted_at"`
	UpdatedAt  string                            `json:"updated_at"`
}

func toResponseJSON(r *extralit.Response) responseJSON {
	return responseJSON{r.ID, r.Values, string(r.Status), r.RecordID, r.UserID, formatTime(r.InsertedAt), formatTime(r.UpdatedAt)}
}

type suggestionJSON struct {
	ID         string  `json:"id"`
	QuestionID string  `json:"question_id"`
	Type       *string `json:"type"`
	Value      any     `json:"value"`
	Agent      *string `json:"agent"`
	Score      any     `json:"score"`
	InsertedAt string  `json:"inserted_at"`
	UpdatedAt  string  `json:"updated_at"`
}

func toSuggestionJSON(s *extralit.Suggestion) suggestionJSON {
	return suggestionJSON{s.ID, s.QuestionID, s.Type, s.Value, s.Agent, s.Score, formatTime(s.InsertedAt), formatTime(s.UpdatedAt)}
}

// recordJSON is a record; responses, suggestions and vectors appear only
// when they were asked for with include.
type recordJSON struct {
	ID          string               `json:"id"`
	Status      string               `json:"status"`
	Fields      map[string]any       `json:"fields"`
	Metadata    map[string]any       `json:"metadata"`
	ExternalID  *string              `json:"external_id"`
	Responses   []responseJSON       `json:"responses,omitempty"`
	Suggestions []suggestionJSON     `json:"suggestions,omitempty"`
	Vectors     map[string][]float32 `json:"vectors,omitempty"`
	DatasetID   string               `json:"dataset_id"`
	InsertedAt  string               `json:"inserted_at"`
	UpdatedAt   string               `json:"updated_at"`
}

func toRecordJSON(r *extralit.Record) any {
	j := recordJSON{ID: r.ID, Status: string(r.Status), Fields: r.Fields, Metadata: r.Metadata, ExternalID: r.ExternalID,
		Vectors: r.Vectors, DatasetID: r.DatasetID, InsertedAt: formatTime(r.InsertedAt), UpdatedAt: formatTime(r.UpdatedAt)}
	for _, x := range r.Responses {
		j.Responses = append(j.Responses, toResponseJSON(x))
	}
	for _, s := range r.Suggestions {
		j.Suggestions = append(j.Suggestions, toSuggestionJSON(s))
	}
	// Included but empty lists are sent as [] rather than left out.
	if r.Responses != nil || r.Suggestions != nil || r.Vectors != nil {
		m := map[string]any{}
		b, _ := json.Marshal(j)
		_ = json.Unmarshal(b, &m)
		if r.Responses != nil && len(r.Responses) == 0 {
			m["responses"] = []any{}
		}
		if r.Suggestions != nil && len(r.Suggestions) == 0 {
			m["suggestions"] = []any{}
		}
		if r.Vectors != nil && len(r.Vectors) == 0 {
			m["vectors"] = map[string]any{}
		}
		return m
	}
	return j
}

// parseInclude reads the repeatable include parameter.
func parseInclude(r *http.Request) (extralit.RecordInclude, error) {
	var inc extralit.RecordInclude
	for _, raw := range r.URL.Query()["include"] {
		if rest, ok := strings.CutPrefix(raw, "vectors:"); ok {
			if inc.AllVectors {
				return inc, extralit.Errorf(extralit.KindInvalid, "include either vectors or vectors:names, not both")
			}
			inc.Vectors = append(inc.Vectors, strings.Split(rest, ",")...)
			continue
		}
		for _, v := range strings.Split(raw, ",") {
			switch strings.TrimSpace(v) {
			case "responses":
				inc.Responses = true
			case "suggestions":
				inc.Suggestions = true
			case "vectors":
				if len(inc.Vectors) > 0 {
					return inc, extralit.Errorf(extralit.KindInvalid, "include either vectors or vectors:names, not both")
				}
				inc.AllVectors = true
			case "response_suggestions", "":
			default:
				return inc, extralit.Errorf(extralit.KindInvalid, "include=%q is not one of responses, suggestions, vectors, vectors:names", v)
			}
		}
	}
	return inc, nil
}

func pageParams(r *http.Request, defLimit, maxLimit int) (offset, limit int, err error) {
	q := r.URL.Query()
	offset, limit = 0, defLimit
	if v := q.Get("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			return 0, 0, extralit.Errorf(extralit.KindInvalid, "offset must be a whole number ≥ 0, got %q", v)
		}
	}
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > maxLimit {
			return 0, 0, extralit.Errorf(extralit.KindInvalid, "limit must be a whole number from 1 to %d, got %q", maxLimit, v)
		}
	}
	return offset, limit, nil
}

func (a *API) recordRoutes() {
	m := a.mux
	m.Handle("GET /api/v1/datasets/{dataset_id}/records", a.authed(a.listRecords))
	m.Handle("DELETE /api/v1/datasets/{dataset_id}/records", a.authed(a.deleteRecords))
	m.Handle("POST /api/v1/datasets/{dataset_id}/records/bulk", a.authed(a.bulkCreateRecords))
	m.Handle("PUT /api/v1/datasets/{dataset_id}/records/bulk", a.authed(a.bulkUpsertRecords))
	m.Handle("POST /api/v1/datasets/{dataset_id}/records/search", a.authed(a.searchRecords(false)))
	m.Handle("POST /api/v1/me/datasets/{dataset_id}/records/search", a.authed(a.searchRecords(true)))
	m.Handle("GET /api/v1/records/{record_id}", a.authed(byID("record_id", a.svc.Record, toRecordJSON)))
	m.Handle("PATCH /api/v1/records/{record_id}", a.authed(a.updateRecord))
	m.Handle("DELETE /api/v1/records/{record_id}", a.authed(byID("record_id", a.svc.DeleteRecord, toRecordJSON)))
	m.Handle("POST /api/v1/records/{record_id}/responses", a.authed(a.createResponse))
	m.Handle("GET /api/v1/records/{record_id}/suggestions", a.authed(listByID("record_id", a.svc.Suggestions, toSuggestionJSON)))
	m.Handle("PUT /api/v1/records/{record_id}/suggestions", a.authed(a.upsertSuggestion))
	m.Handle("DELETE /api/v1/records/{record_id}/suggestions", a.authed(a.deleteSuggestions))
	m.Handle("DELETE /api/v1/suggestions/{id}", a.authed(byID("id", a.svc.DeleteSuggestion, toSuggestionJSON)))
	m.Handle("PUT /api/v1/responses/{id}", a.authed(a.updateResponse))
	m.Handle("DELETE /api/v1/responses/{id}", a.authed(byID("id", a.svc.DeleteResponse, toResponseJSON)))
	m.Handle("POST /api/v1/me/responses/bulk", a.authed(a.bulkMyResponses))
}

func recordsJSON(rs []*extralit.Record) []any {
	out := make([]any, len(rs))
	for i, r := range rs {
		out[i] = toRecordJSON(r)
	}
	return out
}

func (a *API) listRecords(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, offset, limit, inc, err := recordPage(r)
	if err != nil {
		return err
	}
	rs, total, err := a.svc.ListRecords(r.Context(), actor, id, offset, limit, inc)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": recordsJSON(rs), "total": total})
	return nil
}

func (a *API) bulkRecords(w http.ResponseWriter, r *http.Request, actor *extralit.User, createOnly bool) error {
	id, err := pathID(r, "dataset_id")
	if err != nil {
		return err
	}
	var in struct {
		Items []recordWriteJSON `json:"items"`
	}
	if err := decodeJSON(w, r, a.opts.MaxJSONBodyBytes, &in); err != nil {
		return err
	}
	inputs := make([]service.RecordInput, len(in.Items))
	for i, it := range in.Items {
		if inputs[i], err = it.input(); err != nil {
			return extralit.Errorf(extralit.KindInvalid, "record at position %d is not valid because %s", i, extralit.ErrorMessage(err))
		}
	}
	rs, err := a.svc.BulkRecords(r.Context(), actor, id, inputs, createOnly)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if createOnly {
		status = http.StatusCreated
	}
	writeJSON(w, status, map[string]any{"items": recordsJSON(rs)})
	return nil
}

func (a *API) bulkCreateRecords(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	return a.bulkRecords(w, r, actor, true)
}

func (a *API) bulkUpsertRecords(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	return a.bulkRecords(w, r, actor, false)
}

func (a *API) deleteRecords(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "dataset_id")
	if err != nil {
		return err
	}
	ids, err := queryIDs(r, "ids")
	if err != nil {
		return err
	}
	if err := a.svc.DeleteRecords(r.Context(), actor, id, ids); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) updateRecord(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "record_id")
	if err != nil {
		return err
	}
	var in recordWriteJSON
	if err := decodeJSON(w, r, a.opts.MaxJSONBodyBytes, &in); err != nil {
		return err
	}
	input, err := in.input()
	if err != nil {
		return err
	}
	rec, err := a.svc.UpdateRecord(r.Context(), actor, id, input)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toRecordJSON(rec))
	return nil
}

// recordPage reads what the record list and search routes share: the
// dataset in the path, the page (offset, limit up to 1000, default 50)
// and the include parameter.
func recordPage(r *http.Request) (datasetID string, offset, limit int, inc extralit.RecordInclude, err error) {
	if datasetID, err = pathID(r, "dataset_id"); err != nil {
		return
	}
	if offset, limit, err = pageParams(r, 50, 1000); err != nil {
		return
	}
	inc, err = parseInclude(r)
	return
}
