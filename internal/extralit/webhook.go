package extralit

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// WebhookEvent names a change that webhooks can subscribe to.
type WebhookEvent string

// The events of the reference, and "ping" for test deliveries.
const (
	EventDatasetCreated   WebhookEvent = "dataset.created"
	EventDatasetUpdated   WebhookEvent = "dataset.updated"
	EventDatasetDeleted   WebhookEvent = "dataset.deleted"
	EventDatasetPublished WebhookEvent = "dataset.published"
	EventRecordCreated    WebhookEvent = "record.created"
	EventRecordUpdated    WebhookEvent = "record.updated"
	EventRecordDeleted    WebhookEvent = "record.deleted"
	EventRecordCompleted  WebhookEvent = "record.completed"
	EventResponseCreated  WebhookEvent = "response.created"
	EventResponseUpdated  WebhookEvent = "response.updated"
	EventResponseDeleted  WebhookEvent = "response.deleted"
	EventPing             WebhookEvent = "ping"
)

// WebhookEvents lists the events a webhook may subscribe to.
var WebhookEvents = []WebhookEvent{
	EventDatasetCreated, EventDatasetUpdated, EventDatasetDeleted, EventDatasetPublished,
	EventRecordCreated, EventRecordUpdated, EventRecordDeleted, EventRecordCompleted,
	EventResponseCreated, EventResponseUpdated, EventResponseDeleted,
}

// Webhook is an HTTP endpoint that receives signed events.
type Webhook struct {
	ID  string
	URL string
	// Secret is the base64 of 64 random bytes; the Standard Webhooks
	// signing key.
	Secret      string
	Events      []WebhookEvent
	Enabled     bool
	Description *string
	InsertedAt  time.Time
	UpdatedAt   time.Time
}

// Subscribes reports whether the webhook wants the event.
func (w *Webhook) Subscribes(e WebhookEvent) bool {
	for _, x := range w.Events {
		if x == e {
			return true
		}
	}
	return false
}

// WebhookUpdate is a partial update; nil fields are left unchanged.
type WebhookUpdate struct {
	URL         *string
	Events      []WebhookEvent
	Enabled     *bool
	Description **string
}

// ValidateWebhookURL checks that u is an absolute http or https URL.
func ValidateWebhookURL(u string) error {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return Errorf(KindInvalid, "webhook url %q must be an absolute http:// or https:// URL", u)
	}
	if len(u) > 2048 {
		return Errorf(KindInvalid, "webhook url must be at most 2048 characters")
	}
	return nil
}

// ValidateWebhookEvents checks a subscription list: at least one event,
// each known, none twice.
func ValidateWebhookEvents(events []WebhookEvent) error {
	if len(events) == 0 {
		return Errorf(KindInvalid, "webhook events must list at least one event")
	}
	seen := map[WebhookEvent]bool{}
	for _, e := range events {
		known := false
		for _, k := range WebhookEvents {
			known = known || k == e
		}
		if !known {
			names := make([]string, len(WebhookEvents))
			for i, k := range WebhookEvents {
				names[i] = string(k)
			}
			return Errorf(KindInvalid, "webhook event %q is not one of %s", e, strings.Join(names, ", "))
		}
		if seen[e] {
			return Errorf(KindInvalid, "webhook event %q is listed twice", e)
		}
		seen[e] = true
	}
	return nil
}

// ValidateWebhookDescription checks an optional description (1 to 1000
// characters when given).
func ValidateWebhookDescription(d *string) error {
	if d != nil && (len(*d) < 1 || len(*d) > 1000) {
		return Errorf(KindInvalid, "webhook description must be 1 to 1000 characters, got %d", len(*d))
	}
	return nil
}

// WebhookStore persists webhooks.
type WebhookStore interface {
	// CreateWebhook inserts w, setting its timestamps.
	CreateWebhook(ctx context.Context, w *Webhook) error
	// WebhookByID returns KindNotFound if absent.
	WebhookByID(ctx context.Context, id string) (*Webhook, error)
	// Webhooks lists all webhooks by insertion time.
	Webhooks(ctx context.Context) ([]*Webhook, error)
	// EnabledWebhooksFor lists the enabled webhooks subscribed to event.
	EnabledWebhooksFor(ctx context.Context, event WebhookEvent) ([]*Webhook, error)
	// UpdateWebhook applies u and returns the result; KindNotFound.
	UpdateWebhook(ctx context.Context, id string, u WebhookUpdate) (*Webhook, error)
	// DeleteWebhook removes a webhook; KindNotFound.
	DeleteWebhook(ctx context.Context, id string) error
}

// EventPublisher delivers domain events to webhooks. Publish runs inside
// the caller's transaction (q), so an event is sent only if the change it
// describes commits.
type EventPublisher interface {
	Publish(ctx context.Context, q Queries, event WebhookEvent, data any) error
	// Ping sends a "ping" event carrying data to w now; an error means the
	// receiver could not be reached or answered with an error status.
	Ping(ctx context.Context, w *Webhook, data any) error
}
