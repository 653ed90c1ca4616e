package httpapi

import (
	"net/http"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/service"
)

type responseBodyJSON struct {
	Values     map[string]extralit.ResponseValue `json:"values"`
	Status     string                            `json:"status"`
	UserID     ignored                           `json:"user_id"`
	ID         ignored                           `json:"id"`
	RecordID   ignored                           `json:"record_id"`
	InsertedAt ignored                           `json:"inserted_at"`
	UpdatedAt  ignored                           `json:"updated_at"`
}

func (a *API) createResponse(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "record_id")
	if err != nil {
		return err
	}
	var in responseBodyJSON
	if err := decodeJSON(w, r, 4<<20, &in); err != nil {
		return err
	}
	resp, err := a.svc.CreateResponse(r.Context(), actor, id, extralit.ResponseStatus(in.Status), in.Values)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toResponseJSON(resp))
	return nil
}

func (a *API) updateResponse(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in responseBodyJSON
	if err := decodeJSON(w, r, 4<<20, &in); err != nil {
		return err
	}
	resp, err := a.svc.UpdateResponse(r.Context(), actor, id, extralit.ResponseStatus(in.Status), in.Values)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toResponseJSON(resp))
	return nil
}

func (a *API) bulkMyResponses(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	var in struct {
		Items []struct {
			Values   map[string]extralit.ResponseValue `json:"values"`
			Status   string                            `json:"status"`
			RecordID string                            `json:"record_id"`
		} `json:"items"`
	}
	if err := decodeJSON(w, r, 16<<20, &in); err != nil {
		return err
	}
	items := make([]service.BulkResponseItem, len(in.Items))
	for i, it := range in.Items {
		rid, err := uuidString("record_id", it.RecordID)
		if err != nil {
			return err
		}
		items[i] = service.BulkResponseItem{RecordID: rid, Status: extralit.ResponseStatus(it.Status), Values: it.Values}
	}
	res, err := a.svc.BulkMyResponses(r.Context(), actor, items)
	if err != nil {
		return err
	}
	out := make([]map[string]any, len(res))
	for i, x := range res {
		if x.Err != nil {
			if extralit.ErrorKind(x.Err) == extralit.KindInternal {
				a.log.Error("bulk response item failed", "err", x.Err)
			}
			out[i] = map[string]any{"item": nil, "error": map[string]any{"detail": extralit.ErrorMessage(x.Err)}}
			continue
		}
		out[i] = map[string]any{"item": toResponseJSON(x.Response), "error": nil}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

func (a *API) upsertSuggestion(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "record_id")
	if err != nil {
		return err
	}
	var in suggestionWriteJSON
	if err := decodeJSON(w, r, 4<<20, &in); err != nil {
		return err
	}
	si, err := in.input()
	if err != nil {
		return err
	}
	sg, created, err := a.svc.UpsertSuggestion(r.Context(), actor, id, si)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, toSuggestionJSON(sg))
	return nil
}

func (a *API) deleteSuggestions(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "record_id")
	if err != nil {
		return err
	}
	ids, err := queryIDs(r, "ids")
	if err != nil {
		return err
	}
	if err := a.svc.DeleteSuggestions(r.Context(), actor, id, ids); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
