package httpapi

import (
	"encoding/json"
	"net/http"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/service"
)

type datasetJSON struct {
	ID                     string                `json:"id"`
	Name                   string                `json:"name"`
	Guidelines             *string               `json:"guidelines"`
	AllowExtraMetadata     bool                  `json:"allow_extra_metadata"`
	Status                 string                `json:"status"`
	Distribution           extralit.Distribution `json:"distribution"`
	Metadata               json.RawMessage       `json:"metadata"`
	Mapping                json.RawMessage       `json:"mapping"`
	WorkspaceID            string                `json:"workspace_id"`
	CurrentSchemaVersionID *string               `json:"current_schema_version_id"`
	LastActivityAt         string                `json:"last_activity_at"`
	InsertedAt             string                `json:"inserted_at"`
	UpdatedAt              string                `json:"updated_at"`
}

func toDatasetJSON(d *extralit.Dataset) datasetJSON {
	j := datasetJSON{ID: d.ID, Name: d.Name, Guidelines: d.Guidelines, AllowExtraMetadata: d.AllowExtraMetadata,
		Status: string(d.Status), Distribution: d.Distribution, Metadata: d.Metadata, WorkspaceID: d.WorkspaceID,
		LastActivityAt: formatTime(d.LastActivityAt), InsertedAt: formatTime(d.InsertedAt), UpdatedAt: formatTime(d.UpdatedAt),
		Mapping: json.RawMessage("null")}
	if len(j.Metadata) == 0 {
		j.Metadata = json.RawMessage("null")
	} else {
		var m struct {
			Mapping json.RawMessage `json:"mapping"`
		}
		if json.Unmarshal(d.Metadata, &m) == nil && len(m.Mapping) > 0 {
			j.Mapping = m.Mapping
		}
	}
	return j
}

func (a *API) datasetRoutes() {
	m := a.mux
	m.Handle("GET /api/v1/me/datasets", a.authed(a.listMyDatasets))
	m.Handle("POST /api/v1/datasets", a.authed(a.createDataset))
	m.Handle("GET /api/v1/datasets/{dataset_id}", a.authed(byID("dataset_id", a.svc.Dataset, toDatasetJSON)))
	m.Handle("PATCH /api/v1/datasets/{dataset_id}", a.authed(a.updateDataset))
	m.Handle("DELETE /api/v1/datasets/{dataset_id}", a.authed(byID("dataset_id", a.svc.DeleteDataset, toDatasetJSON)))
	m.Handle("PUT /api/v1/datasets/{dataset_id}/publish", a.authed(byID("dataset_id", a.svc.PublishDataset, toDatasetJSON)))
	m.Handle("GET /api/v1/datasets/{dataset_id}/progress", a.authed(a.datasetProgress))
	m.Handle("GET /api/v1/datasets/{dataset_id}/users/progress", a.authed(a.usersProgress))
	m.Handle("GET /api/v1/me/datasets/{dataset_id}/metrics", a.authed(a.myDatasetMetrics))
	m.Handle("POST /api/v1/datasets/{dataset_id}/exports", a.authed(a.exportDataset))
	m.Handle("POST /api/v1/datasets/{dataset_id}/imports", a.authed(a.importDataset))
	a.settingsRoutes()
	a.recordRoutes()
}

func (a *API) listMyDatasets(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	wsID := r.URL.Query().Get("workspace_id")
	ds, err := a.svc.MyDatasets(r.Context(), actor, wsID, r.URL.Query().Get("name"))
	if err != nil {
		return err
	}
	items := make([]datasetJSON, 0, len(ds))
	for _, d := range ds {
		if st := r.URL.Query().Get("status"); st != "" && string(d.Status) != st {
			continue
		}
		items = append(items, toDatasetJSON(d))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

// datasetWriteJSON is POST and PATCH /datasets. The SDK sends its whole
// model; keys that the server derives are accepted and ignored.
type datasetWriteJSON struct {
	Name               optional[string]                `json:"name"`
	Guidelines         optional[string]                `json:"guidelines"`
	AllowExtraMetadata optional[bool]                  `json:"allow_extra_metadata"`
	Distribution       optional[extralit.Distribution] `json:"distribution"`
	Metadata           optional[json.RawMessage]       `json:"metadata"`
	WorkspaceID        optional[string]                `json:"workspace_id"`
	ID                 ignored                         `json:"id"`
	Status             ignored                         `json:"status"`
	Mapping            ignored                         `json:"mapping"`
	InsertedAt         ignored                         `json:"inserted_at"`
	UpdatedAt          ignored                         `json:"updated_at"`
	LastActivityAt     ignored                         `json:"last_activity_at"`
	Workspace          ignored                         `json:"workspace"`
}

func (a *API) createDataset(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	var in datasetWriteJSON
	if err := decodeJSON(w, r, 1<<20, &in); err != nil {
		return err
	}
	if !in.Name.Set || in.Name.Null {
		return extralit.Errorf(extralit.KindInvalid, "field \"name\" is required")
	}
	if !in.WorkspaceID.Set || in.WorkspaceID.Null {
		return extralit.Errorf(extralit.KindInvalid, "field \"workspace_id\" is required")
	}
	c := service.DatasetCreate{Name: in.Name.Value, WorkspaceID: in.WorkspaceID.Value}
	if in.Guidelines.Set && !in.Guidelines.Null {
		c.Guidelines = &in.Guidelines.Value
	}
	if in.AllowExtraMetadata.Set && !in.AllowExtraMetadata.Null {
		c.AllowExtraMetadata = &in.AllowExtraMetadata.Value
	}
	if in.Distribution.Set && !in.Distribution.Null {
		c.Distribution = &in.Distribution.Value
	}
	if in.Metadata.Set && !in.Metadata.Null {
		c.Metadata = in.Metadata.Value
	}
	d, err := a.svc.CreateDataset(r.Context(), actor, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toDatasetJSON(d))
	return nil
}

func (a *API) updateDataset(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "dataset_id")
	if err != nil {
		return err
	}
	var in datasetWriteJSON
	if err := decodeJSON(w, r, 1<<20, &in); err != nil {
		return err
	}
	if err := notNull("name", in.Name); err != nil {
		return err
	}
	if err := notNull("allow_extra_metadata", in.AllowExtraMetadata); err != nil {
		return err
	}
	var upd service.DatasetUpdate
	if in.Name.Set {
		upd.Name = &in.Name.Value
	}
	if in.Guidelines.Set {
		var g *string
		if !in.Guidelines.Null {
			g = &in.Guidelines.Value
		}
		upd.Guidelines = &g
	}
	if in.AllowExtraMetadata.Set {
		upd.AllowExtraMetadata = &in.AllowExtraMetadata.Value
	}
	// The SDK sends "distribution": null when unchanged; treat it as absent.
	if in.Distribution.Set && !in.Distribution.Null {
		upd.Distribution = &in.Distribution.Value
	}
	if in.Metadata.Set {
		raw := in.Metadata.Value
		if in.Metadata.Null {
			raw = nil
		}
		upd.Metadata = &raw
	}
	d, err := a.svc.UpdateDataset(r.Context(), actor, id, upd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toDatasetJSON(d))
	return nil
}

func (a *API) datasetProgress(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "dataset_id")
	if err != nil {
		return err
	}
	p, err := a.svc.DatasetProgress(r.Context(), actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (a *API) usersProgress(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "dataset_id")
	if err != nil {
		return err
	}
	p, err := a.svc.UsersProgress(r.Context(), actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": p})
	return nil
}

func (a *API) myDatasetMetrics(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "dataset_id")
	if err != nil {
		return err
	}
	m, err := a.svc.MyDatasetMetrics(r.Context(), actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"responses": m})
	return nil
}

// exportDataset starts writing the dataset's records to a JSONL, CSV or Parquet
// file; the answer is the background job (202).
func (a *API) exportDataset(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "dataset_id")
	if err != nil {
		return err
	}
	var in struct {
		Format string `json:"format"`
	}
	if err := decodeJSON(w, r, 4<<10, &in); err != nil {
		return err
	}
	job, err := a.svc.RequestExport(r.Context(), actor, id, in.Format)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, toJobJSON(job))
	return nil
}
