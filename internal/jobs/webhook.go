package jobs

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/extralit/extralit-go/internal/extralit"
)

// WebhookKindName is the job kind that delivers one event to one webhook.
const WebhookKindName = "webhook_delivery"

// DefaultWebhookDelays is the reference's retry schedule: three retries,
// 10 s, 60 s and 180 s after the failed attempts.
var DefaultWebhookDelays = []time.Duration{10 * time.Second, 60 * time.Second, 180 * time.Second}

// SignWebhook returns the Standard Webhooks signature header value for one
// message: "v1," and the base64 HMAC-SHA256 of "id.timestamp.body" under
// the secret's decoded bytes. A "whsec_" prefix on the secret is ignored,
// as the standardwebhooks libraries do.
func SignWebhook(secret, msgID string, timestamp int64, body []byte) (string, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return "", fmt.Errorf("webhook secret is not base64: %w", err)
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.", msgID, timestamp)
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// webhookArgs are a delivery job's arguments. The message id and timestamp
// are fixed when the event happens, so every retry carries the same
// webhook-id and receivers can drop duplicates.
type webhookArgs struct {
	WebhookID string                `json:"webhook_id"`
	Event     extralit.WebhookEvent `json:"event"`
	MessageID string                `json:"message_id"`
	Timestamp time.Time             `json:"timestamp"`
	Data      json.RawMessage       `json:"data"`
}

// eventBody is the JSON the receiver gets, as the reference sends it.
func eventBody(event extralit.WebhookEvent, at time.Time, data json.RawMessage) ([]byte, error) {
	return json.Marshal(map[string]any{
		"type": event, "version": 1, "timestamp": at.UTC().Format("2006-01-02T15:04:05.000000Z"), "data": data,
	})
}

func newMessageID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand never fails on Linux
	return "msg_" + base64.RawURLEncoding.EncodeToString(b)
}

// Webhooks delivers events to webhooks: it is the extralit.EventPublisher
// the service calls, and it provides the delivery job kind.
type Webhooks struct {
	store  extralit.WebhookStore
	http   *http.Client
	delays []time.Duration
	queue  *Client
}

var _ extralit.EventPublisher = (*Webhooks)(nil)

// NewWebhooks returns a publisher that reads webhooks from store and posts
// with a 5-second timeout, retrying on the given schedule (nil means
// DefaultWebhookDelays). Call Kind to register its job kind and Use to
// give it the queue to enqueue on.
func NewWebhooks(store extralit.WebhookStore, delays []time.Duration) *Webhooks {
	if len(delays) == 0 {
		delays = DefaultWebhookDelays
	}
	return &Webhooks{store: store, http: &http.Client{Timeout: 5 * time.Second}, delays: delays}
}

// Use sets the queue deliveries are enqueued on.
func (w *Webhooks) Use(c *Client) { w.queue = c }

// Kind is the delivery job kind: on the high queue, one attempt plus one
// retry per delay.
func (w *Webhooks) Kind() Kind {
	return Kind{
		Name: WebhookKindName, Queue: QueueHigh, Timeout: 30 * time.Second,
		MaxAttempts: len(w.delays) + 1, Backoff: ScheduleBackoff(w.delays), Work: w.work,
	}
}

// Publish enqueues one delivery job per enabled webhook subscribed to the
// event, inside the transaction q runs in.
func (w *Webhooks) Publish(ctx context.Context, q extralit.Queries, event extralit.WebhookEvent, data any) error {
	if w.queue == nil {
		return fmt.Errorf("publish %s: webhooks have no job queue", event)
	}
	subs, err := q.EnabledWebhooksFor(ctx, event)
	if err != nil || len(subs) == 0 {
		return err
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("publish %s: encode data: %w", event, err)
	}
	at := time.Now().UTC()
	for _, h := range subs {
		args := webhookArgs{WebhookID: h.ID, Event: event, MessageID: newMessageID(), Timestamp: at, Data: raw}
		if _, err := w.queue.InsertIn(ctx, q, WebhookKindName, args, InsertOptions{Meta: map[string]any{"webhook_id": h.ID, "event": string(event)}}); err != nil {
			return fmt.Errorf("publish %s to webhook %s: %w", event, h.ID, err)
		}
	}
	return nil
}

// Ping posts a "ping" event to the webhook now, as the reference does, and
// reports a receiver that cannot be reached or answers with an error.
func (w *Webhooks) Ping(ctx context.Context, h *extralit.Webhook, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("ping: encode data: %w", err)
	}
	return w.send(ctx, h, webhookArgs{WebhookID: h.ID, Event: extralit.EventPing, MessageID: newMessageID(), Timestamp: time.Now().UTC(), Data: raw})
}

func (w *Webhooks) work(ctx context.Context, j *Job) error {
	var args webhookArgs
	if err := j.Decode(&args); err != nil {
		return err
	}
	h, err := w.store.WebhookByID(ctx, args.WebhookID)
	if extralit.IsKind(err, extralit.KindNotFound) {
		return SetResult(ctx, map[string]any{"skipped": "the webhook was deleted"})
	}
	if err != nil {
		return err
	}
	if !h.Enabled {
		return SetResult(ctx, map[string]any{"skipped": "the webhook is disabled"})
	}
	if err := w.send(ctx, h, args); err != nil {
		return err
	}
	return SetResult(ctx, map[string]any{"delivered_to": h.URL})
}

// send posts one signed message and fails on a transport error or a
// status outside 2xx.
func (w *Webhooks) send(ctx context.Context, h *extralit.Webhook, args webhookArgs) error {
	body, err := eventBody(args.Event, args.Timestamp, args.Data)
	if err != nil {
		return fmt.Errorf("webhook %s: encode body: %w", h.ID, err)
	}
	ts := time.Now().Unix()
	sig, err := SignWebhook(h.Secret, args.MessageID, ts, body)
	if err != nil {
		return fmt.Errorf("webhook %s: %w", h.ID, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook %s: build request to %s: %w", h.ID, h.URL, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("webhook-id", args.MessageID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("webhook-signature", sig)
	res, err := w.http.Do(req)
	if err != nil {
		return fmt.Errorf("deliver %s to %s: %w", args.Event, h.URL, err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fmt.Errorf("deliver %s to %s: the receiver answered %s", args.Event, h.URL, res.Status)
	}
	return nil
}
