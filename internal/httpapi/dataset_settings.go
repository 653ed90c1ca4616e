package httpapi

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/service"
)

type fieldJSON struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Title       string          `json:"title"`
	Required    bool            `json:"required"`
	Description *string         `json:"description"`
	Settings    json.RawMessage `json:"settings"`
	DatasetID   string          `json:"dataset_id"`
	InsertedAt  string          `json:"inserted_at"`
	UpdatedAt   string          `json:"updated_at"`
}

func toFieldJSON(f *extralit.Field) fieldJSON {
	return fieldJSON{f.ID, f.Name, f.Title, f.Required, f.Description, f.Settings, f.DatasetID, formatTime(f.InsertedAt), formatTime(f.UpdatedAt)}
}

type questionJSON struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Title       string          `json:"title"`
	Description *string         `json:"description"`
	Required    bool            `json:"required"`
	Settings    json.RawMessage `json:"settings"`
	DatasetID   string          `json:"dataset_id"`
	InsertedAt  string          `json:"inserted_at"`
	UpdatedAt   string          `json:"updated_at"`
}

func toQuestionJSON(q *extralit.Question) questionJSON {
	return questionJSON{q.ID, q.Name, q.Title, q.Description, q.Required, q.Settings, q.DatasetID, formatTime(q.InsertedAt), formatTime(q.UpdatedAt)}
}

type metadataJSON struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	Title                string          `json:"title"`
	Settings             json.RawMessage `json:"settings"`
	VisibleForAnnotators bool            `json:"visible_for_annotators"`
	DatasetID            string          `json:"dataset_id"`
	InsertedAt           string          `json:"inserted_at"`
	UpdatedAt            string          `json:"updated_at"`
}

func toMetadataJSON(m *extralit.MetadataProperty) metadataJSON {
	return metadataJSON{m.ID, m.Name, m.Title, m.Settings, m.VisibleForAnnotators, m.DatasetID, formatTime(m.InsertedAt), formatTime(m.UpdatedAt)}
}

type vectorSettingsJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Title      string `json:"title"`
	Dimensions int    `json:"dimensions"`
	DatasetID  string `json:"dataset_id"`
	InsertedAt string `json:"inserted_at"`
	UpdatedAt  string `json:"updated_at"`
}

func toVectorSettingsJSON(v *extralit.VectorSettings) vectorSettingsJSON {
	return vectorSettingsJSON{v.ID, v.Name, v.Title, v.Dimensions, v.DatasetID, formatTime(v.InsertedAt), formatTime(v.UpdatedAt)}
}

func items[T, J any](xs []T, conv func(T) J) map[string]any {
	return map[string]any{"items": mapJSON(xs, conv)}
}

// mapJSON converts each of xs to its JSON shape; an empty list stays a
// list ([]), never null.
func mapJSON[T, J any](xs []T, conv func(T) J) []J {
	out := make([]J, len(xs))
	for i, x := range xs {
		out[i] = conv(x)
	}
	return out
}

// sdkModelKeys are the keys every SDK settings model dump carries that the
// server sets itself.
type sdkModelKeys struct {
	ID         ignored `json:"id"`
	InsertedAt ignored `json:"inserted_at"`
	UpdatedAt  ignored `json:"updated_at"`
	DatasetID  ignored `json:"dataset_id"`
}

func (a *API) settingsRoutes() {
	m := a.mux
	m.Handle("GET /api/v1/datasets/{dataset_id}/fields", a.authed(listByID("dataset_id", a.svc.Fields, toFieldJSON)))
	m.Handle("POST /api/v1/datasets/{dataset_id}/fields", a.authed(a.createField))
	m.Handle("PATCH /api/v1/fields/{id}", a.authed(patchSettings(a.svc.UpdateField, toFieldJSON)))
	m.Handle("DELETE /api/v1/fields/{id}", a.authed(byID("id", a.svc.DeleteField, toFieldJSON)))
	m.Handle("GET /api/v1/datasets/{dataset_id}/questions", a.authed(listByID("dataset_id", a.svc.Questions, toQuestionJSON)))
	m.Handle("POST /api/v1/datasets/{dataset_id}/questions", a.authed(a.createQuestion))
	m.Handle("PATCH /api/v1/questions/{id}", a.authed(patchSettings(a.svc.UpdateQuestion, toQuestionJSON)))
	m.Handle("DELETE /api/v1/questions/{id}", a.authed(byID("id", a.svc.DeleteQuestion, toQuestionJSON)))
	m.Handle("GET /api/v1/me/datasets/{dataset_id}/metadata-properties", a.authed(listByID("dataset_id", a.svc.MetadataProperties, toMetadataJSON)))
	m.Handle("POST /api/v1/datasets/{dataset_id}/metadata-properties", a.authed(a.createMetadata))
	m.Handle("PATCH /api/v1/metadata-properties/{id}", a.authed(a.updateMetadata))
	m.Handle("GET /api/v1/metadata-properties/{id}/metrics", a.authed(byID("id", a.svc.MetadataPropertyMetrics,
		func(m *service.MetadataMetrics) *service.MetadataMetrics { return m })))
	m.Handle("DELETE /api/v1/metadata-properties/{id}", a.authed(byID("id", a.svc.DeleteMetadataProperty, toMetadataJSON)))
	m.Handle("GET /api/v1/datasets/{dataset_id}/vectors-settings", a.authed(listByID("dataset_id", a.svc.VectorSettingsList, toVectorSettingsJSON)))
	m.Handle("POST /api/v1/datasets/{dataset_id}/vectors-settings", a.authed(a.createVectorSettings))
	m.Handle("PATCH /api/v1/vectors-settings/{id}", a.authed(a.updateVectorSettings))
	m.Handle("DELETE /api/v1/vectors-settings/{id}", a.authed(byID("id", a.svc.DeleteVectorSettings, toVectorSettingsJSON)))
}

func (a *API) createField(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "dataset_id")
	if err != nil {
		return err
	}
	var in struct {
		sdkModelKeys
		Name        string          `json:"name"`
		Title       *string         `json:"title"`
		Required    *bool           `json:"required"`
		Description *string         `json:"description"`
		Settings    json.RawMessage `json:"settings"`
	}
	if err := decodeJSON(w, r, 1<<20, &in); err != nil {
		return err
	}
	c := service.FieldCreate{Name: in.Name, Title: titleOr(in.Name, in.Title), Required: in.Required, Description: in.Description, Settings: in.Settings}
	f, err := a.svc.CreateField(r.Context(), actor, id, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toFieldJSON(f))
	return nil
}

// settingsPatchJSON is the PATCH body of fields and questions; the SDK
// sends its whole model, so name, required and type are accepted and
// ignored.
type settingsPatchJSON struct {
	sdkModelKeys
	Title         optional[string]          `json:"title"`
	Description   optional[string]          `json:"description"`
	Settings      optional[json.RawMessage] `json:"settings"`
	Name          ignored                   `json:"name"`
	Required      ignored                   `json:"required"`
	PanderaSchema ignored                   `json:"pandera_schema"`
}

func (p settingsPatchJSON) parts() (*string, *string, json.RawMessage, error) {
	for name, o := range map[string]optional[string]{"title": p.Title} {
		if err := notNull(name, o); err != nil {
			return nil, nil, nil, err
		}
	}
	if err := notNull("settings", p.Settings); err != nil {
		return nil, nil, nil, err
	}
	var title, desc *string
	if p.Title.Set {
		title = &p.Title.Value
	}
	if p.Description.Set && !p.Description.Null {
		desc = &p.Description.Value
	}
	return title, desc, p.Settings.Value, nil
}

func (a *API) createQuestion(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "dataset_id")
	if err != nil {
		return err
	}
	var in struct {
		sdkModelKeys
		Name          string          `json:"name"`
		Title         *string         `json:"title"`
		Description   *string         `json:"description"`
		Required      *bool           `json:"required"`
		Settings      json.RawMessage `json:"settings"`
		PanderaSchema ignored         `json:"pandera_schema"`
	}
	if err := decodeJSON(w, r, 4<<20, &in); err != nil {
		return err
	}
	c := service.QuestionCreate{Name: in.Name, Title: titleOr(in.Name, in.Title), Description: in.Description, Required: in.Required, Settings: in.Settings}
	q, err := a.svc.CreateQuestion(r.Context(), actor, id, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toQuestionJSON(q))
	return nil
}

func (a *API) createMetadata(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "dataset_id")
	if err != nil {
		return err
	}
	var in struct {
		sdkModelKeys
		Name                 string          `json:"name"`
		Title                *string         `json:"title"`
		Settings             json.RawMessage `json:"settings"`
		VisibleForAnnotators *bool           `json:"visible_for_annotators"`
	}
	if err := decodeJSON(w, r, 1<<20, &in); err != nil {
		return err
	}
	c := service.MetadataCreate{Name: in.Name, Title: titleOr(in.Name, in.Title), Settings: in.Settings, VisibleForAnnotators: in.VisibleForAnnotators}
	m, err := a.svc.CreateMetadataProperty(r.Context(), actor, id, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toMetadataJSON(m))
	return nil
}

func (a *API) updateMetadata(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		sdkModelKeys
		Title                optional[string] `json:"title"`
		VisibleForAnnotators optional[bool]   `json:"visible_for_annotators"`
		Name                 ignored          `json:"name"`
		Settings             ignored          `json:"settings"`
	}
	if err := decodeJSON(w, r, 1<<20, &in); err != nil {
		return err
	}
	if err := notNull("title", in.Title); err != nil {
		return err
	}
	var title *string
	var visible *bool
	if in.Title.Set {
		title = &in.Title.Value
	}
	if in.VisibleForAnnotators.Set && !in.VisibleForAnnotators.Null {
		visible = &in.VisibleForAnnotators.Value
	}
	m, err := a.svc.UpdateMetadataProperty(r.Context(), actor, id, title, visible)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toMetadataJSON(m))
	return nil
}

func (a *API) createVectorSettings(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "dataset_id")
	if err != nil {
		return err
	}
	var in struct {
		sdkModelKeys
		Name       string  `json:"name"`
		Title      *string `json:"title"`
		Dimensions int     `json:"dimensions"`
	}
	if err := decodeJSON(w, r, 1<<20, &in); err != nil {
		return err
	}
	v, err := a.svc.CreateVectorSettings(r.Context(), actor, id, in.Name, titleOr(in.Name, in.Title), in.Dimensions)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toVectorSettingsJSON(v))
	return nil
}

func (a *API) updateVectorSettings(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		sdkModelKeys
		Title      string  `json:"title"`
		Name       ignored `json:"name"`
		Dimensions ignored `json:"dimensions"`
	}
	if err := decodeJSON(w, r, 1<<20, &in); err != nil {
		return err
	}
	v, err := a.svc.UpdateVectorSettings(r.Context(), actor, id, in.Title)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toVectorSettingsJSON(v))
	return nil
}

// patchSettings builds the PATCH handler of fields and questions: both take
// a title, a description and settings, and answer with the entity.
func patchSettings[T, J any](call func(ctx context.Context, actor *extralit.User, id string, title, desc *string, settings json.RawMessage) (T, error), conv func(T) J) authedFunc {
	return func(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var in settingsPatchJSON
		if err := decodeJSON(w, r, 4<<20, &in); err != nil {
			return err
		}
		title, desc, settings, err := in.parts()
		if err != nil {
			return err
		}
		v, err := call(r.Context(), actor, id, title, desc, settings)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, conv(v))
		return nil
	}
}

// titleOr is the title given, or else the name: a setting created without
// a title shows its name, as in the reference.
func titleOr(name string, title *string) string {
	if title != nil {
		return *title
	}
	return name
}
