package service_test

import (
	"context"
	"sync"
	"testing"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/service"
	"github.com/extralit/extralit-go/internal/store/storetest"
)

// recorder is an EventPublisher that remembers what was published and
// whether the transaction it ran in committed.
type recorder struct {
	mu     sync.Mutex
	events []extralit.WebhookEvent
}

func (r *recorder) Publish(ctx context.Context, q extralit.Queries, e extralit.WebhookEvent, data any) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
	return nil
}

func (r *recorder) Ping(context.Context, *extralit.Webhook, any) error { return nil }

func (r *recorder) count(e extralit.WebhookEvent) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, x := range r.events {
		if x == e {
			n++
		}
	}
	return n
}

func TestChangesPublishEvents(t *testing.T) {
	ctx := context.Background()
	svc, owner := newTestService(t, storetest.SQLiteURL(t), nil)
	rec := &recorder{}
	svc.SetEvents(rec)
	// Only events that some webhook listens to are published per record.
	if _, err := svc.CreateWebhook(ctx, owner, service.WebhookCreate{URL: "http://127.0.0.1:9/hook",
		Events: []extralit.WebhookEvent{extralit.EventRecordCreated, extralit.EventRecordCompleted}}); err != nil {
		t.Fatal(err)
	}
	w, _ := svc.CreateWorkspaceAsOperator(ctx, "lab", "")
	d, err := svc.CreateDataset(ctx, owner, service.DatasetCreate{Name: "d", WorkspaceID: w.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateField(ctx, owner, d.ID, service.FieldCreate{Name: "text", Title: "T", Settings: []byte(`{"type":"text"}`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateQuestion(ctx, owner, d.ID, service.QuestionCreate{Name: "q", Title: "Q", Settings: []byte(`{"type":"text"}`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.PublishDataset(ctx, owner, d.ID); err != nil {
		t.Fatal(err)
	}
	rs, err := svc.BulkRecords(ctx, owner, d.ID, []service.RecordInput{
		{Fields: map[string]any{"text": "a"}}, {Fields: map[string]any{"text": "b"}},
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateResponse(ctx, owner, rs[0].ID, extralit.ResponseSubmitted,
		map[string]extralit.ResponseValue{"q": {Value: "yes"}}); err != nil {
		t.Fatal(err)
	}
	// A refused bulk call publishes nothing.
	if _, err := svc.BulkRecords(ctx, owner, d.ID, []service.RecordInput{{Fields: map[string]any{"nope": "x"}}}, false); err == nil {
		t.Fatal("bulk with an unknown field succeeded")
	}
	for e, want := range map[extralit.WebhookEvent]int{
		extralit.EventDatasetCreated: 1, extralit.EventDatasetPublished: 1, extralit.EventRecordCreated: 2,
		extralit.EventRecordUpdated: 0, extralit.EventResponseCreated: 1, extralit.EventRecordCompleted: 1,
	} {
		if got := rec.count(e); got != want {
			t.Errorf("%s published %d times, want %d (all: %v)", e, got, want, rec.events)
		}
	}
}
