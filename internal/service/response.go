package service

import (
	"context"

	"github.com/extralit/extralit-go/internal/extralit"
)

// saveResponse writes a response of the actor (or updates one) and keeps
// the record's status and index in step, in one transaction.
func (s *Service) saveResponse(ctx context.Context, r *extralit.Record, p *parsedSchema, resp *extralit.Response) error {
	if err := p.validateResponse(resp.Status, resp.Values, r.Fields); err != nil {
		return err
	}
	event := extralit.EventResponseUpdated
	if resp.ID == "" {
		event = extralit.EventResponseCreated
	}
	return s.store.InTx(ctx, func(q extralit.Queries) error {
		if err := q.UpsertResponse(ctx, resp); err != nil {
			return err
		}
		if err := s.Publish(ctx, q, event, responseEvent(resp, r.DatasetID)); err != nil {
			return err
		}
		if err := q.AddDatasetUser(ctx, r.DatasetID, resp.UserID); err != nil {
			return err
		}
		if err := s.refreshStatuses(ctx, q, p.Dataset, []string{r.ID}); err != nil {
			return err
		}
		if err := q.TouchDataset(ctx, r.DatasetID, now()); err != nil {
			return err
		}
		return s.indexRecords(ctx, q, p, []string{r.ID})
	})
}

// CreateResponse adds the actor's response to a record; a second one is a conflict.
func (s *Service) CreateResponse(ctx context.Context, actor *extralit.User, recordID string, status extralit.ResponseStatus, values map[string]extralit.ResponseValue) (*extralit.Response, error) {
	r, p, err := s.recordFor(ctx, actor, recordID, false, extralit.RecordInclude{Responses: true})
	if err != nil {
		return nil, err
	}
	for _, x := range r.Responses {
		if x.UserID == actor.ID {
			return nil, extralit.Errorf(extralit.KindConflict, "Response already exists for record with id `%s` and by user with id `%s`", r.ID, actor.ID)
		}
	}
	resp := &extralit.Response{RecordID: r.ID, UserID: actor.ID, Values: values, Status: status}
	return resp, s.saveResponse(ctx, r, p, resp)
}

// responseFor loads a response and checks the actor may change it: its
// author, owners, and admins of the workspace.
func (s *Service) responseFor(ctx context.Context, actor *extralit.User, id string) (*extralit.Response, *extralit.Record, *parsedSchema, error) {
	resp, err := s.store.ResponseByID(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	r, p, err := s.recordFor(ctx, actor, resp.RecordID, false, extralit.RecordInclude{})
	if err != nil {
		return nil, nil, nil, err
	}
	if resp.UserID != actor.ID {
		if err := s.requireAdminMember(ctx, actor, p.Dataset.WorkspaceID); err != nil {
			return nil, nil, nil, err
		}
	}
	return resp, r, p, nil
}

// UpdateResponse replaces a response's values and status.
func (s *Service) UpdateResponse(ctx context.Context, actor *extralit.User, id string, status extralit.ResponseStatus, values map[string]extralit.ResponseValue) (*extralit.Response, error) {
	resp, r, p, err := s.responseFor(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	resp.Status, resp.Values = status, values
	return resp, s.saveResponse(ctx, r, p, resp)
}

// DeleteResponse removes a response.
func (s *Service) DeleteResponse(ctx context.Context, actor *extralit.User, id string) (*extralit.Response, error) {
	resp, r, p, err := s.responseFor(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(q extralit.Queries) error {
		if err := q.DeleteResponse(ctx, id); err != nil {
			return err
		}
		if err := s.Publish(ctx, q, extralit.EventResponseDeleted, responseEvent(resp, r.DatasetID)); err != nil {
			return err
		}
		if err := s.refreshStatuses(ctx, q, p.Dataset, []string{r.ID}); err != nil {
			return err
		}
		return s.indexRecords(ctx, q, p, []string{r.ID})
	})
	return resp, err
}

// BulkResponseItem is one response of POST /me/responses/bulk.
type BulkResponseItem struct {
	RecordID string
	Status   extralit.ResponseStatus
	Values   map[string]extralit.ResponseValue
}

// BulkResponseResult is the outcome of one bulk item.
type BulkResponseResult struct {
	Response *extralit.Response
	Err      error
}

// BulkMyResponses creates or updates the actor's responses on many
// records; each item succeeds or fails on its own, as in the reference.
func (s *Service) BulkMyResponses(ctx context.Context, actor *extralit.User, items []BulkResponseItem) ([]BulkResponseResult, error) {
	if len(items) == 0 || len(items) > 100 {
		return nil, extralit.Errorf(extralit.KindInvalid, "give 1 to 100 responses, got %d", len(items))
	}
	out := make([]BulkResponseResult, len(items))
	for i, it := range items {
		r, p, err := s.recordFor(ctx, actor, it.RecordID, false, extralit.RecordInclude{Responses: true})
		if err != nil {
			out[i].Err = err
			continue
		}
		resp := &extralit.Response{RecordID: r.ID, UserID: actor.ID, Values: it.Values, Status: it.Status}
		for _, x := range r.Responses {
			if x.UserID == actor.ID {
				resp.ID = x.ID
			}
		}
		if err := s.saveResponse(ctx, r, p, resp); err != nil {
			out[i].Err = err
			continue
		}
		out[i].Response = resp
	}
	return out, nil
}
