package storetest

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/extralit"
)

func testWebhooks(t *testing.T, s extralit.Store) {
	ctx := context.Background()
	desc := "lab pipeline"
	a := &extralit.Webhook{ID: uuid.NewString(), URL: "http://127.0.0.1:9/a", Secret: "c2VjcmV0",
		Events: []extralit.WebhookEvent{extralit.EventRecordCreated, extralit.EventDatasetCreated}, Enabled: true, Description: &desc}
	if err := s.CreateWebhook(ctx, a); err != nil {
		t.Fatalf("CreateWebhook: %v", err)
	}
	b := &extralit.Webhook{ID: uuid.NewString(), URL: "https://example.org/b", Secret: "c2VjcmV0Mg==",
		Events: []extralit.WebhookEvent{extralit.EventRecordCreated}, Enabled: false}
	if err := s.CreateWebhook(ctx, b); err != nil {
		t.Fatalf("CreateWebhook: %v", err)
	}
	got, err := s.WebhookByID(ctx, a.ID)
	if err != nil || got.URL != a.URL || got.Secret != a.Secret || len(got.Events) != 2 || got.Events[1] != extralit.EventDatasetCreated ||
		!got.Enabled || got.Description == nil || *got.Description != desc || !got.InsertedAt.Equal(a.InsertedAt) {
		t.Fatalf("WebhookByID = %+v, %v; want %+v", got, err, a)
	}
	_, err = s.WebhookByID(ctx, uuid.NewString())
	wantKind(t, err, extralit.KindNotFound)
	all, err := s.Webhooks(ctx)
	if err != nil || len(all) != 2 || all[0].ID != a.ID || all[1].ID != b.ID || all[1].Description != nil {
		t.Fatalf("Webhooks = %v, %v; want a then b", all, err)
	}

	// Only enabled webhooks subscribed to the event are delivered to.
	for _, c := range []struct {
		event extralit.WebhookEvent
		want  int
	}{{extralit.EventRecordCreated, 1}, {extralit.EventDatasetCreated, 1}, {extralit.EventRecordDeleted, 0}, {"record", 0}} {
		subs, err := s.EnabledWebhooksFor(ctx, c.event)
		if err != nil || len(subs) != c.want || (c.want == 1 && subs[0].ID != a.ID) {
			t.Fatalf("EnabledWebhooksFor(%s) = %v, %v; want %d (a)", c.event, subs, err, c.want)
		}
	}
	on := true
	var noDesc *string
	upd, err := s.UpdateWebhook(ctx, b.ID, extralit.WebhookUpdate{Enabled: &on, Description: &noDesc,
		Events: []extralit.WebhookEvent{extralit.EventRecordDeleted}})
	if err != nil || !upd.Enabled || upd.Events[0] != extralit.EventRecordDeleted || upd.URL != b.URL || upd.UpdatedAt.Before(b.UpdatedAt) {
		t.Fatalf("UpdateWebhook = %+v, %v", upd, err)
	}
	if subs, _ := s.EnabledWebhooksFor(ctx, extralit.EventRecordDeleted); len(subs) != 1 || subs[0].ID != b.ID {
		t.Fatalf("after enabling b, subscribers of record.deleted = %v", subs)
	}
	_, err = s.UpdateWebhook(ctx, uuid.NewString(), extralit.WebhookUpdate{Enabled: &on})
	wantKind(t, err, extralit.KindNotFound)
	if err := s.DeleteWebhook(ctx, a.ID); err != nil {
		t.Fatalf("DeleteWebhook: %v", err)
	}
	wantKind(t, s.DeleteWebhook(ctx, a.ID), extralit.KindNotFound)
}
