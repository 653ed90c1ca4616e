package service

import (
	"context"

	"github.com/extralit/extralit-go/internal/extralit"
)

// Webhook payloads name the changed entity and what it belongs to; a
// receiver that needs more reads it through the API. (The reference sends
// the whole entity; ids keep events small for bulk writes of 500 records.)

func datasetEvent(d *extralit.Dataset) map[string]any {
	return map[string]any{"id": d.ID, "name": d.Name, "workspace_id": d.WorkspaceID, "status": d.Status}
}

func recordEvent(r *extralit.Record) map[string]any {
	return map[string]any{"id": r.ID, "dataset_id": r.DatasetID, "external_id": r.ExternalID, "status": r.Status}
}

func responseEvent(r *extralit.Response, datasetID string) map[string]any {
	return map[string]any{"id": r.ID, "record_id": r.RecordID, "dataset_id": datasetID, "user_id": r.UserID, "status": r.Status}
}

// publishEach publishes one event per item, after checking once that some
// webhook listens, so that bulk writes without subscribers pay one query.
func (s *Service) publishEach(ctx context.Context, q extralit.Queries, event extralit.WebhookEvent, items []any) error {
	if s.hooks == nil || len(items) == 0 {
		return nil
	}
	subs, err := q.EnabledWebhooksFor(ctx, event)
	if err != nil || len(subs) == 0 {
		return err
	}
	for _, it := range items {
		if err := s.Publish(ctx, q, event, it); err != nil {
			return err
		}
	}
	return nil
}
