package service

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/extralit"
)

// SetEvents gives the service the publisher that turns domain events into
// webhook deliveries. Call it while wiring, before serving.
func (s *Service) SetEvents(p extralit.EventPublisher) { s.hooks = p }

// Publish announces a change to the webhooks subscribed to event, inside
// the transaction q that makes the change: deliveries are enqueued only if
// it commits. data is the changed entity as the API shows it. Without a
// publisher it does nothing.
func (s *Service) Publish(ctx context.Context, q extralit.Queries, event extralit.WebhookEvent, data any) error {
	if s.hooks == nil {
		return nil
	}
	return s.hooks.Publish(ctx, q, event, data)
}

// WebhookCreate is what a new webhook needs.
type WebhookCreate struct {
	URL         string
	Events      []extralit.WebhookEvent
	Description *string
}

func newWebhookSecret() (string, error) {
	b := make([]byte, 64)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate webhook secret: %w", err)
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

// CreateWebhook adds an enabled webhook with a new signing secret; owners only.
func (s *Service) CreateWebhook(ctx context.Context, actor *extralit.User, in WebhookCreate) (*extralit.Webhook, error) {
	if err := requireOwner(actor); err != nil {
		return nil, err
	}
	if err := extralit.ValidateWebhookURL(in.URL); err != nil {
		return nil, err
	}
	if err := extralit.ValidateWebhookEvents(in.Events); err != nil {
		return nil, err
	}
	if err := extralit.ValidateWebhookDescription(in.Description); err != nil {
		return nil, err
	}
	secret, err := newWebhookSecret()
	if err != nil {
		return nil, err
	}
	w := &extralit.Webhook{ID: uuid.NewString(), URL: in.URL, Secret: secret, Events: in.Events, Enabled: true, Description: in.Description}
	if err := s.store.CreateWebhook(ctx, w); err != nil {
		return nil, err
	}
	s.log.Info("webhook created", "webhook_id", w.ID, "url", w.URL)
	return w, nil
}

// Webhooks lists every webhook; owners only.
func (s *Service) Webhooks(ctx context.Context, actor *extralit.User) ([]*extralit.Webhook, error) {
	if err := requireOwner(actor); err != nil {
		return nil, err
	}
	return s.store.Webhooks(ctx)
}

// UpdateWebhook changes a webhook; owners only.
func (s *Service) UpdateWebhook(ctx context.Context, actor *extralit.User, id string, u extralit.WebhookUpdate) (*extralit.Webhook, error) {
	if err := requireOwner(actor); err != nil {
		return nil, err
	}
	if u.URL != nil {
		if err := extralit.ValidateWebhookURL(*u.URL); err != nil {
			return nil, err
		}
	}
	if u.Events != nil {
		if err := extralit.ValidateWebhookEvents(u.Events); err != nil {
			return nil, err
		}
	}
	if u.Description != nil {
		if err := extralit.ValidateWebhookDescription(*u.Description); err != nil {
			return nil, err
		}
	}
	return s.store.UpdateWebhook(ctx, id, u)
}

// DeleteWebhook removes a webhook and returns it; owners only.
func (s *Service) DeleteWebhook(ctx context.Context, actor *extralit.User, id string) (*extralit.Webhook, error) {
	if err := requireOwner(actor); err != nil {
		return nil, err
	}
	var w *extralit.Webhook
	err := s.store.InTx(ctx, func(q extralit.Queries) error {
		var err error
		if w, err = q.WebhookByID(ctx, id); err != nil {
			return err
		}
		return q.DeleteWebhook(ctx, id)
	})
	if err != nil {
		return nil, err
	}
	s.log.Info("webhook deleted", "webhook_id", w.ID)
	return w, nil
}

// PingWebhook sends a "ping" event to a webhook now; owners only. A
// receiver that cannot be reached is reported as KindUnavailable.
func (s *Service) PingWebhook(ctx context.Context, actor *extralit.User, id, version string) error {
	if err := requireOwner(actor); err != nil {
		return err
	}
	w, err := s.store.WebhookByID(ctx, id)
	if err != nil {
		return err
	}
	if s.hooks == nil {
		return extralit.Errorf(extralit.KindUnavailable, "webhook delivery is not configured on this server")
	}
	if err := s.hooks.Ping(ctx, w, map[string]any{"agent": "extralit-server", "version": version}); err != nil {
		return extralit.Errorf(extralit.KindUnavailable, "ping to %s failed: %v", w.URL, err)
	}
	return nil
}
