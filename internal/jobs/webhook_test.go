package jobs_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/jobs"
	"github.com/extralit/extralit-go/internal/store/storetest"
)

// delivery is one request a test receiver got.
type delivery struct {
	header http.Header
	body   []byte
}

// receiver records deliveries and answers with the statuses in plan, then 204.
type receiver struct {
	mu   sync.Mutex
	got  []delivery
	plan []int
	srv  *httptest.Server
}

func newReceiver(t *testing.T, plan ...int) *receiver {
	t.Helper()
	r := &receiver{plan: plan}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, delivery{req.Header.Clone(), body})
		status := http.StatusNoContent
		if n := len(r.got); n <= len(r.plan) {
			status = r.plan[n-1]
		}
		r.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) deliveries() []delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]delivery(nil), r.got...)
}

// verify checks a delivery the way a Standard Webhooks receiver does,
// written here from the specification rather than with the code under test.
func verify(t *testing.T, secret string, d delivery) {
	t.Helper()
	id, ts, sig := d.header.Get("webhook-id"), d.header.Get("webhook-timestamp"), d.header.Get("webhook-signature")
	if !strings.HasPrefix(id, "msg_") || ts == "" || !strings.HasPrefix(sig, "v1,") {
		t.Fatalf("headers id=%q timestamp=%q signature=%q", id, ts, sig)
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || time.Since(time.Unix(sec, 0)).Abs() > time.Minute {
		t.Fatalf("webhook-timestamp %q is not a current unix time", ts)
	}
	key, _ := base64.StdEncoding.DecodeString(secret)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "." + string(d.body)))
	if want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)); sig != want {
		t.Fatalf("signature %s, want %s", sig, want)
	}
	if d.header.Get("Content-Type") != "application/json" {
		t.Fatalf("content type %q", d.header.Get("Content-Type"))
	}
}

func createWebhook(t *testing.T, b bundle, url string, events ...extralit.WebhookEvent) *extralit.Webhook {
	t.Helper()
	key := make([]byte, 64)
	for i := range key {
		key[i] = byte(i * 7)
	}
	h := &extralit.Webhook{ID: uuid.NewString(), URL: url, Secret: base64.StdEncoding.EncodeToString(key), Events: events, Enabled: true}
	if err := b.st.CreateWebhook(context.Background(), h); err != nil {
		t.Fatal(err)
	}
	return h
}

func publish(t *testing.T, b bundle, event extralit.WebhookEvent, data any, commit bool) {
	t.Helper()
	rollback := errors.New("roll back")
	err := b.st.InTx(context.Background(), func(q extralit.Queries) error {
		if err := b.hooks.Publish(context.Background(), q, event, data); err != nil {
			return err
		}
		if !commit {
			return rollback
		}
		return nil
	})
	if commit && err != nil || !commit && !errors.Is(err, rollback) {
		t.Fatalf("publish: %v", err)
	}
}

func waitDeliveries(t *testing.T, r *receiver, n int) []delivery {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if got := r.deliveries(); len(got) >= n {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("receiver got %d deliveries, want %d", len(r.deliveries()), n)
	return nil
}

func TestWebhookDeliveryIsSigned(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			b := setup(t, e, []time.Duration{50 * time.Millisecond})
			r := newReceiver(t)
			h := createWebhook(t, b, r.srv.URL, extralit.EventDatasetCreated)
			other := newReceiver(t)
			createWebhook(t, b, other.srv.URL, extralit.EventRecordDeleted)

			publish(t, b, extralit.EventDatasetCreated, map[string]any{"id": "rolled-back"}, false)
			publish(t, b, extralit.EventDatasetCreated, map[string]any{"id": "ds-1", "name": "papers"}, true)
			waitDeliveries(t, r, 1)
			time.Sleep(300 * time.Millisecond) // a delivery of the rolled back event would have arrived by now
			got := r.deliveries()
			if len(got) != 1 {
				t.Fatalf("receiver got %d deliveries, want only the committed one", len(got))
			}
			verify(t, h.Secret, got[0])
			var body struct {
				Type      string         `json:"type"`
				Version   int            `json:"version"`
				Timestamp string         `json:"timestamp"`
				Data      map[string]any `json:"data"`
			}
			if err := json.Unmarshal(got[0].body, &body); err != nil {
				t.Fatal(err)
			}
			if body.Type != "dataset.created" || body.Version != 1 || body.Data["id"] != "ds-1" || !strings.HasSuffix(body.Timestamp, "Z") {
				t.Fatalf("body = %s", got[0].body)
			}
			if n := len(other.deliveries()); n != 0 {
				t.Fatalf("a webhook not subscribed to the event got %d deliveries", n)
			}
			if err := b.hooks.Ping(context.Background(), h, map[string]any{"agent": "test"}); err != nil {
				t.Fatalf("Ping: %v", err)
			}
			ping := waitDeliveries(t, r, 2)[1]
			verify(t, h.Secret, ping)
			if !strings.Contains(string(ping.body), `"type":"ping"`) {
				t.Fatalf("ping body = %s", ping.body)
			}
		})
	}
}

func TestWebhookRetriesWithTheSameMessageID(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			b := setup(t, e, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond})
			r := newReceiver(t, 500, 503)
			h := createWebhook(t, b, r.srv.URL, extralit.EventRecordCreated)
			start := time.Now()
			publish(t, b, extralit.EventRecordCreated, map[string]any{"id": "r1"}, true)
			got := waitDeliveries(t, r, 3)
			if elapsed := time.Since(start); elapsed < 300*time.Millisecond {
				t.Fatalf("three attempts took %v; the 100 ms and 200 ms backoff was not applied", elapsed)
			}
			for _, d := range got {
				verify(t, h.Secret, d)
				if d.header.Get("webhook-id") != got[0].header.Get("webhook-id") {
					t.Fatalf("retries changed webhook-id: %s vs %s", d.header.Get("webhook-id"), got[0].header.Get("webhook-id"))
				}
			}
			js, _ := b.c.Jobs(context.Background(), extralit.JobFilter{Kinds: []string{jobs.WebhookKindName}})
			if len(js) != 1 {
				t.Fatalf("delivery jobs = %d, want 1", len(js))
			}
			j := waitStatus(t, b.c, js[0].ID, extralit.JobFinished)
			if j.Attempt != 3 || len(j.Errors) != 2 || !strings.Contains(j.Errors[0].Error, "500") {
				t.Fatalf("delivery job = %+v; want finished on attempt 3 after two errors", j)
			}
		})
	}
}

func TestWebhookToADownReceiverFailsAfterItsRetries(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			b := setup(t, e, []time.Duration{50 * time.Millisecond, 50 * time.Millisecond, 50 * time.Millisecond})
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			url := "http://" + l.Addr().String() + "/hook"
			l.Close() // nothing listens there now
			createWebhook(t, b, url, extralit.EventResponseCreated)
			publish(t, b, extralit.EventResponseCreated, map[string]any{"id": "x"}, true)
			deadline := time.Now().Add(15 * time.Second)
			for time.Now().Before(deadline) {
				js, _ := b.c.Jobs(context.Background(), extralit.JobFilter{Kinds: []string{jobs.WebhookKindName}})
				if len(js) == 1 && js[0].Status == extralit.JobFailed {
					if js[0].Attempt != 4 || len(js[0].Errors) != 4 || !strings.Contains(js[0].Error, "connection refused") {
						t.Fatalf("failed delivery = %+v; want 4 attempts ending in connection refused", js[0])
					}
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
			t.Fatal("delivery to a down receiver did not end failed")
		})
	}
}

func TestSignWebhookMatchesTheStandardExample(t *testing.T) {
	// The example of the Standard Webhooks specification (its README's
	// "Signature scheme" section): secret, id, timestamp, body and signature.
	sig, err := jobs.SignWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
		[]byte(`{"test": 2432232314}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; sig != want {
		t.Fatalf("SignWebhook = %s, want %s", sig, want)
	}
	if _, err := jobs.SignWebhook("not base64!", "m", 1, nil); err == nil || !strings.Contains(err.Error(), "base64") {
		t.Fatalf("bad secret = %v; want a base64 error", err)
	}
}
