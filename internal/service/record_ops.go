package service

import (
	"context"

	"github.com/extralit/extralit-go/internal/extralit"
)

// recordFor loads a record, its dataset and schema, and checks membership
// (admin rights when admin is set).
func (s *Service) recordFor(ctx context.Context, actor *extralit.User, id string, admin bool, inc extralit.RecordInclude) (*extralit.Record, *parsedSchema, error) {
	r, err := s.store.RecordByID(ctx, id, inc)
	if err != nil {
		return nil, nil, err
	}
	var d *extralit.Dataset
	if admin {
		d, err = s.datasetForAdmin(ctx, actor, r.DatasetID)
	} else {
		d, err = s.datasetForMember(ctx, actor, r.DatasetID)
	}
	if err != nil {
		return nil, nil, err
	}
	sc, err := s.Schema(ctx, s.store, d)
	if err != nil {
		return nil, nil, err
	}
	return r, parseSchema(sc), nil
}

// Record returns one record with its responses, suggestions and vectors.
func (s *Service) Record(ctx context.Context, actor *extralit.User, id string) (*extralit.Record, error) {
	r, p, err := s.recordFor(ctx, actor, id, false, allIncludes)
	if err != nil {
		return nil, err
	}
	s.filterForActor(actor, p, []*extralit.Record{r})
	return r, nil
}

// filterForActor hides what annotators may not see: metadata of
// properties not visible to them, and other users' responses.
func (s *Service) filterForActor(actor *extralit.User, p *parsedSchema, rs []*extralit.Record) {
	if actor.Role != extralit.RoleAnnotator {
		return
	}
	for _, r := range rs {
		for k := range r.Metadata {
			if m, ok := p.metaProps[k]; ok && !m.VisibleForAnnotators {
				delete(r.Metadata, k)
			}
		}
		if r.Responses != nil {
			mine := r.Responses[:0]
			for _, resp := range r.Responses {
				if resp.UserID == actor.ID {
					mine = append(mine, resp)
				}
			}
			r.Responses = mine
		}
	}
}

// UpdateRecord changes one record (fields, metadata, suggestions, vectors).
func (s *Service) UpdateRecord(ctx context.Context, actor *extralit.User, id string, in RecordInput) (*extralit.Record, error) {
	r, _, err := s.recordFor(ctx, actor, id, true, extralit.RecordInclude{})
	if err != nil {
		return nil, err
	}
	rid := r.ID
	in.ID, in.ExternalID = &rid, nil
	if _, err := s.BulkRecords(ctx, actor, r.DatasetID, []RecordInput{in}, false); err != nil {
		return nil, err
	}
	return s.store.RecordByID(ctx, id, extralit.RecordInclude{Suggestions: true, Vectors: nil, AllVectors: in.Vectors != nil})
}

// DeleteRecord removes one record.
func (s *Service) DeleteRecord(ctx context.Context, actor *extralit.User, id string) (*extralit.Record, error) {
	r, _, err := s.recordFor(ctx, actor, id, true, extralit.RecordInclude{})
	if err != nil {
		return nil, err
	}
	return r, s.DeleteRecords(ctx, actor, r.DatasetID, []string{r.ID})
}

// DeleteRecords removes records of a dataset, at most 100 at once.
func (s *Service) DeleteRecords(ctx context.Context, actor *extralit.User, datasetID string, ids []string) error {
	if len(ids) == 0 || len(ids) > 100 {
		return extralit.Errorf(extralit.KindInvalid, "give 1 to 100 record ids to delete, got %d", len(ids))
	}
	d, err := s.datasetForAdmin(ctx, actor, datasetID)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(q extralit.Queries) error {
		deleted, err := q.RecordsByIDs(ctx, d.ID, ids, extralit.RecordInclude{})
		if err != nil {
			return err
		}
		if err := q.DeleteRecords(ctx, d.ID, ids); err != nil {
			return err
		}
		events := make([]any, len(deleted))
		for i, r := range deleted {
			events[i] = recordEvent(r)
		}
		if err := s.publishEach(ctx, q, extralit.EventRecordDeleted, events); err != nil {
			return err
		}
		if d.Status == extralit.DatasetReady && s.outbox {
			return s.queueIndex(ctx, q, d.ID, extralit.OutboxDelete, ids)
		}
		if d.Status == extralit.DatasetReady {
			if err := s.index.Delete(ctx, d.ID, ids); err != nil {
				return searchError("delete from index", err)
			}
		}
		return nil
	})
}

// ListRecords pages through a dataset's records (owners and admins).
func (s *Service) ListRecords(ctx context.Context, actor *extralit.User, datasetID string, offset, limit int, inc extralit.RecordInclude) ([]*extralit.Record, int, error) {
	if _, err := s.datasetForAdmin(ctx, actor, datasetID); err != nil {
		return nil, 0, err
	}
	return s.store.Records(ctx, datasetID, offset, limit, inc)
}

// Suggestions lists a record's suggestions.
func (s *Service) Suggestions(ctx context.Context, actor *extralit.User, recordID string) ([]*extralit.Suggestion, error) {
	r, _, err := s.recordFor(ctx, actor, recordID, false, extralit.RecordInclude{Suggestions: true})
	if err != nil {
		return nil, err
	}
	return r.Suggestions, nil
}

// UpsertSuggestion sets the suggestion of a record for a question and
// reports whether it is new.
func (s *Service) UpsertSuggestion(ctx context.Context, actor *extralit.User, recordID string, in SuggestionInput) (*extralit.Suggestion, bool, error) {
	r, p, err := s.recordFor(ctx, actor, recordID, true, extralit.RecordInclude{})
	if err != nil {
		return nil, false, err
	}
	if err := p.validateSuggestion(in, r.Fields); err != nil {
		return nil, false, err
	}
	sg := &extralit.Suggestion{RecordID: r.ID, QuestionID: in.QuestionID, Value: in.Value, Score: in.Score, Agent: in.Agent, Type: in.Type}
	var created bool
	err = s.store.InTx(ctx, func(q extralit.Queries) error {
		var err error
		if created, err = q.UpsertSuggestion(ctx, sg); err != nil {
			return err
		}
		return s.indexRecords(ctx, q, p, []string{r.ID})
	})
	return sg, created, err
}

// DeleteSuggestions removes suggestions of a record.
func (s *Service) DeleteSuggestions(ctx context.Context, actor *extralit.User, recordID string, ids []string) error {
	if len(ids) == 0 || len(ids) > 100 {
		return extralit.Errorf(extralit.KindInvalid, "give 1 to 100 suggestion ids to delete, got %d", len(ids))
	}
	r, p, err := s.recordFor(ctx, actor, recordID, true, extralit.RecordInclude{})
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(q extralit.Queries) error {
		if err := q.DeleteSuggestions(ctx, r.ID, ids); err != nil {
			return err
		}
		return s.indexRecords(ctx, q, p, []string{r.ID})
	})
}

// DeleteSuggestion removes one suggestion.
func (s *Service) DeleteSuggestion(ctx context.Context, actor *extralit.User, id string) (*extralit.Suggestion, error) {
	sg, err := s.store.SuggestionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return sg, s.DeleteSuggestions(ctx, actor, sg.RecordID, []string{sg.ID})
}
