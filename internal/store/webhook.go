package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/extralit/extralit-go/internal/extralit"
)

const webhookColumns = `id, url, secret, events, enabled, description, inserted_at, updated_at`

func scanWebhook(r rowScanner) (*extralit.Webhook, error) {
	var w extralit.Webhook
	var events string
	var desc sql.NullString
	if err := r.Scan(&w.ID, &w.URL, &w.Secret, &events, &w.Enabled, &desc, &w.InsertedAt, &w.UpdatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(events), &w.Events); err != nil {
		return nil, fmt.Errorf("webhook %s: stored events are not JSON: %w", w.ID, err)
	}
	if desc.Valid {
		w.Description = &desc.String
	}
	w.InsertedAt, w.UpdatedAt = w.InsertedAt.UTC(), w.UpdatedAt.UTC()
	return &w, nil
}

func eventsJSON(events []extralit.WebhookEvent) string {
	b, _ := json.Marshal(events) // a slice of strings always marshals
	return string(b)
}

// CreateWebhook inserts w, setting its timestamps.
func (q *queries) CreateWebhook(ctx context.Context, w *extralit.Webhook) error {
	w.InsertedAt = now()
	w.UpdatedAt = w.InsertedAt
	_, err := q.exec(ctx, `INSERT INTO webhooks (`+webhookColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		w.ID, w.URL, w.Secret, eventsJSON(w.Events), w.Enabled, w.Description, w.InsertedAt, w.UpdatedAt)
	if err != nil {
		return fmt.Errorf("create webhook %s: %w", w.URL, err)
	}
	return nil
}

// WebhookByID returns the webhook with the given id.
func (q *queries) WebhookByID(ctx context.Context, id string) (*extralit.Webhook, error) {
	return rowByID(ctx, q, "webhooks", webhookColumns, "webhook", id, scanWebhook)
}

func (q *queries) listWebhooks(ctx context.Context, query string, args ...any) ([]*extralit.Webhook, error) {
	return queryAll(ctx, q, "webhooks", scanWebhook, query, args...)
}

// Webhooks lists all webhooks by insertion time.
func (q *queries) Webhooks(ctx context.Context) ([]*extralit.Webhook, error) {
	return q.listWebhooks(ctx, `SELECT `+webhookColumns+` FROM webhooks ORDER BY inserted_at, id`)
}

// EnabledWebhooksFor lists the enabled webhooks subscribed to event. The
// events column is a small JSON list, so a LIKE on the quoted name narrows
// the rows and the exact check happens in Go.
func (q *queries) EnabledWebhooksFor(ctx context.Context, event extralit.WebhookEvent) ([]*extralit.Webhook, error) {
	pattern := `%"` + strings.NewReplacer("%", "", "_", "").Replace(string(event)) + `"%`
	if strings.ContainsAny(string(event), "%_") {
		pattern = "%"
	}
	all, err := q.listWebhooks(ctx, `SELECT `+webhookColumns+` FROM webhooks WHERE enabled = ? AND events LIKE ? ORDER BY inserted_at, id`, true, pattern)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, w := range all {
		if w.Subscribes(event) {
			out = append(out, w)
		}
	}
	return out, nil
}

// UpdateWebhook applies u to the webhook and returns it.
func (q *queries) UpdateWebhook(ctx context.Context, id string, u extralit.WebhookUpdate) (*extralit.Webhook, error) {
	w, err := q.WebhookByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if u.URL != nil {
		w.URL = *u.URL
	}
	if u.Events != nil {
		w.Events = u.Events
	}
	if u.Enabled != nil {
		w.Enabled = *u.Enabled
	}
	if u.Description != nil {
		w.Description = *u.Description
	}
	w.UpdatedAt = now()
	_, err = q.exec(ctx, `UPDATE webhooks SET url = ?, events = ?, enabled = ?, description = ?, updated_at = ? WHERE id = ?`,
		w.URL, eventsJSON(w.Events), w.Enabled, w.Description, w.UpdatedAt, id)
	if err != nil {
		return nil, fmt.Errorf("update webhook %s: %w", id, err)
	}
	return w, nil
}

// DeleteWebhook removes a webhook.
func (q *queries) DeleteWebhook(ctx context.Context, id string) error {
	res, err := q.exec(ctx, `DELETE FROM webhooks WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete webhook %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("webhook", id)
	}
	return nil
}
