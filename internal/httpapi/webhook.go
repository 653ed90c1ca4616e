package httpapi

import (
	"net/http"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/service"
)

type webhookJSON struct {
	ID          string   `json:"id"`
	URL         string   `json:"url"`
	Secret      string   `json:"secret"`
	Events      []string `json:"events"`
	Enabled     bool     `json:"enabled"`
	Description *string  `json:"description"`
	InsertedAt  string   `json:"inserted_at"`
	UpdatedAt   string   `json:"updated_at"`
}

func toWebhookJSON(h *extralit.Webhook) webhookJSON {
	events := make([]string, len(h.Events))
	for i, e := range h.Events {
		events[i] = string(e)
	}
	return webhookJSON{ID: h.ID, URL: h.URL, Secret: h.Secret, Events: events, Enabled: h.Enabled,
		Description: h.Description, InsertedAt: formatTime(h.InsertedAt), UpdatedAt: formatTime(h.UpdatedAt)}
}

// webhookRoutes registers the webhooks API (owners only).
func (a *API) webhookRoutes() {
	m := a.mux
	m.Handle("GET /api/v1/webhooks", a.authed(a.listWebhooks))
	m.Handle("POST /api/v1/webhooks", a.authed(a.createWebhook))
	m.Handle("PATCH /api/v1/webhooks/{webhook_id}", a.authed(a.updateWebhook))
	m.Handle("DELETE /api/v1/webhooks/{webhook_id}", a.authed(a.deleteWebhook))
	m.Handle("POST /api/v1/webhooks/{webhook_id}/ping", a.authed(a.pingWebhook))
}

func (a *API) listWebhooks(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	hs, err := a.svc.Webhooks(r.Context(), actor)
	if err != nil {
		return err
	}
	items := make([]webhookJSON, len(hs))
	for i, h := range hs {
		items[i] = toWebhookJSON(h)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func toEvents(names []string) []extralit.WebhookEvent {
	out := make([]extralit.WebhookEvent, len(names))
	for i, n := range names {
		out[i] = extralit.WebhookEvent(n)
	}
	return out
}

func (a *API) createWebhook(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	var in struct {
		URL         string   `json:"url"`
		Events      []string `json:"events"`
		Description *string  `json:"description"`
	}
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	h, err := a.svc.CreateWebhook(r.Context(), actor, service.WebhookCreate{URL: in.URL, Events: toEvents(in.Events), Description: in.Description})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toWebhookJSON(h))
	return nil
}

func (a *API) updateWebhook(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "webhook_id")
	if err != nil {
		return err
	}
	var in struct {
		URL         optional[string]   `json:"url"`
		Events      optional[[]string] `json:"events"`
		Enabled     optional[bool]     `json:"enabled"`
		Description optional[string]   `json:"description"`
		// The SDK's update sends the whole model back; these are read-only.
		ID         ignored `json:"id"`
		Secret     ignored `json:"secret"`
		InsertedAt ignored `json:"inserted_at"`
		UpdatedAt  ignored `json:"updated_at"`
	}
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	if err := notNull("url", in.URL); err != nil {
		return err
	}
	if err := notNull("events", in.Events); err != nil {
		return err
	}
	if err := notNull("enabled", in.Enabled); err != nil {
		return err
	}
	var u extralit.WebhookUpdate
	if in.URL.Set {
		u.URL = &in.URL.Value
	}
	if in.Events.Set {
		u.Events = toEvents(in.Events.Value)
		if u.Events == nil {
			u.Events = []extralit.WebhookEvent{}
		}
	}
	if in.Enabled.Set {
		u.Enabled = &in.Enabled.Value
	}
	if in.Description.Set {
		var d *string
		if !in.Description.Null {
			d = &in.Description.Value
		}
		u.Description = &d
	}
	h, err := a.svc.UpdateWebhook(r.Context(), actor, id, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toWebhookJSON(h))
	return nil
}

func (a *API) deleteWebhook(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "webhook_id")
	if err != nil {
		return err
	}
	h, err := a.svc.DeleteWebhook(r.Context(), actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toWebhookJSON(h))
	return nil
}

func (a *API) pingWebhook(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "webhook_id")
	if err != nil {
		return err
	}
	if err := a.svc.PingWebhook(r.Context(), actor, id, a.opts.Version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
