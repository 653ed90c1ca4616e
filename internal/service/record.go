package service

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/extralit"
)

// BulkRecords creates or updates up to 500 records of a published dataset
// in one transaction: records are matched by external_id, then by id; any
// invalid item refuses the whole call and nothing is written. With
// createOnly, matching records are a conflict.
func (s *Service) BulkRecords(ctx context.Context, actor *extralit.User, datasetID string, items []RecordInput, createOnly bool) ([]*extralit.Record, error) {
	d, err := s.datasetForAdmin(ctx, actor, datasetID)
	if err != nil {
		return nil, err
	}
	if d.Status != extralit.DatasetReady {
		return nil, extralit.Errorf(extralit.KindInvalid, "Records cannot be added to a non published dataset")
	}
	if len(items) == 0 || len(items) > extralit.MaxBulkRecords {
		return nil, extralit.Errorf(extralit.KindInvalid, "a bulk call takes 1 to %d records, got %d", extralit.MaxBulkRecords, len(items))
	}
	sc, err := s.Schema(ctx, s.store, d)
	if err != nil {
		return nil, err
	}
	p := parseSchema(sc)
	existing, err := s.matchRecords(ctx, d.ID, items)
	if err != nil {
		return nil, err
	}
	users := map[string]bool{}
	seenExternal := map[string]int{}
	out := make([]*extralit.Record, len(items))
	var inserts []*extralit.Record
	t := now()
	for i, in := range items {
		rec := existing[i]
		if in.ExternalID != nil {
			if j, dup := seenExternal[*in.ExternalID]; dup {
				return nil, extralit.Errorf(extralit.KindInvalid, "records at positions %d and %d have the same external_id %q", j, i, *in.ExternalID)
			}
			seenExternal[*in.ExternalID] = i
		}
		if rec != nil && createOnly {
			return nil, wrapPos(i, extralit.Errorf(extralit.KindConflict, "a record with this id or external_id already exists"))
		}
		if rec == nil {
			fields, err := p.validateFields(in.Fields, false)
			if err != nil {
				return nil, wrapPos(i, err)
			}
			rec = &extralit.Record{ID: extralit.NewRowID(), DatasetID: d.ID, Fields: fields, ExternalID: in.ExternalID,
				Status: extralit.RecordPending, InsertedAt: t.Add(time.Duration(i) * time.Microsecond)}
			if in.ID != nil {
				id, err := uuid.Parse(*in.ID)
				if err != nil {
					return nil, wrapPos(i, extralit.Errorf(extralit.KindInvalid, "id %q is not a UUID", *in.ID))
				}
				rec.ID = id.String()
			}
			if in.MetadataSet {
				rec.Metadata = in.Metadata
			}
			inserts = append(inserts, rec)
		} else if in.FieldsSet {
			fields, err := p.validateFields(in.Fields, false)
			if err != nil {
				return nil, wrapPos(i, err)
			}
			rec.Fields = fields
		}
		if rec != nil && in.MetadataSet {
			rec.Metadata = in.Metadata
		}
		if err := p.validateMetadata(rec.Metadata); err != nil {
			return nil, wrapPos(i, err)
		}
		if err := p.validateVectors(in.Vectors); err != nil {
			return nil, wrapPos(i, err)
		}
		for _, sg := range in.Suggestions {
			if err := p.validateSuggestion(sg, rec.Fields); err != nil {
				return nil, wrapPos(i, err)
			}
		}
		respUsers := map[string]bool{}
		for _, r := range in.Responses {
			if respUsers[r.UserID] {
				return nil, wrapPos(i, extralit.Errorf(extralit.KindInvalid, "user %s has more than one response", r.UserID))
			}
			respUsers[r.UserID] = true
			users[r.UserID] = true
			if err := p.validateResponse(r.Status, r.Values, rec.Fields); err != nil {
				return nil, wrapPos(i, err)
			}
		}
		out[i] = rec
	}
	for id := range users {
		if _, err := uuid.Parse(id); err != nil {
			return nil, extralit.Errorf(extralit.KindInvalid, "response user_id %q is not a UUID", id)
		}
		if _, err := s.store.UserByID(ctx, id); err != nil {
			if extralit.IsKind(err, extralit.KindNotFound) {
				return nil, extralit.Errorf(extralit.KindInvalid, "user_id=%s used in a response does not exist", id)
			}
			return nil, err
		}
	}
	isNew := make(map[string]bool, len(inserts))
	for _, r := range inserts {
		isNew[r.ID] = true
	}
	err = s.store.InTx(ctx, func(q extralit.Queries) error {
		var suggestions []*extralit.Suggestion
		if err := q.InsertRecords(ctx, inserts); err != nil {
			return err
		}
		for i, in := range items {
			rec := out[i]
			if !isNew[rec.ID] {
				if err := q.UpdateRecord(ctx, rec); err != nil {
					return err
				}
			}
			if err := s.writeRelated(ctx, q, p, rec, in); err != nil {
				return wrapPos(i, err)
			}
			for _, sg := range in.Suggestions {
				suggestions = append(suggestions, &extralit.Suggestion{RecordID: rec.ID, QuestionID: sg.QuestionID,
					Value: sg.Value, Score: sg.Score, Agent: sg.Agent, Type: sg.Type})
			}
		}
		if err := q.UpsertSuggestions(ctx, suggestions); err != nil {
			return err
		}
		if err := s.refreshRecordStatuses(ctx, q, d, out); err != nil {
			return err
		}
		var created, updated []any
		for _, rec := range out {
			if isNew[rec.ID] {
				created = append(created, recordEvent(rec))
			} else {
				updated = append(updated, recordEvent(rec))
			}
		}
		if err := s.publishEach(ctx, q, extralit.EventRecordCreated, created); err != nil {
			return err
		}
		if err := s.publishEach(ctx, q, extralit.EventRecordUpdated, updated); err != nil {
			return err
		}
		if s.outbox {
			// In outbox mode the index change commits with the records.
			if err := s.indexRecords(ctx, q, p, recordIDs(out)); err != nil {
				return err
			}
		}
		return q.TouchDataset(ctx, d.ID, t)
	})
	if err != nil {
		return nil, err
	}
	if s.outbox {
		return out, nil
	}
	// Index after the commit, so that the database's write lock is not
	// held while the engine analyses text: concurrent bulk calls then
	// overlap. The database is the source of truth; if indexing fails the
	// records are stored and `extralit reindex` repairs the index.
	known, reload := writtenState(out, items, isNew)
	if err := s.indexWritten(ctx, s.store, p, known, reload); err != nil {
		return nil, fmt.Errorf("records stored but not indexed (run `extralit reindex`): %w", err)
	}
	return out, nil
}

// writtenState splits a bulk write's records into those whose whole
// stored state the call itself knows (new records: their responses,
// suggestions and vectors are exactly the input's) and the IDs of those
// that must be read back (updated records keep what the input left out).
// Reading every record back cost a tenth of a bulk call.
func writtenState(out []*extralit.Record, items []RecordInput, isNew map[string]bool) (known []*extralit.Record, reload []string) {
	for i, rec := range out {
		in := items[i]
		if !isNew[rec.ID] || !distinctQuestions(in.Suggestions) {
			reload = append(reload, rec.ID)
			continue
		}
		r := *rec // the caller returns rec without its includes
		for _, sg := range in.Suggestions {
			r.Suggestions = append(r.Suggestions, &extralit.Suggestion{RecordID: r.ID, QuestionID: sg.QuestionID,
				Value: sg.Value, Score: sg.Score, Agent: sg.Agent, Type: sg.Type})
		}
		for _, resp := range in.Responses {
			r.Responses = append(r.Responses, &extralit.Response{RecordID: r.ID, UserID: resp.UserID,
				Values: resp.Values, Status: resp.Status})
		}
		r.Vectors = in.Vectors
		known = append(known, &r)
	}
	return known, reload
}

// distinctQuestions reports whether no two suggestions answer the same
// question (two would be one upserted row, not two).
func distinctQuestions(sgs []SuggestionInput) bool {
	for i := range sgs {
		for j := i + 1; j < len(sgs); j++ {
			if sgs[i].QuestionID == sgs[j].QuestionID {
				return false
			}
		}
	}
	return true
}

// matchRecords finds the stored record each item refers to, by external_id
// first and then by id.
func (s *Service) matchRecords(ctx context.Context, datasetID string, items []RecordInput) ([]*extralit.Record, error) {
	var externals, ids []string
	for _, in := range items {
		if in.ExternalID != nil {
			externals = append(externals, *in.ExternalID)
		}
		if in.ID != nil {
			if id, err := uuid.Parse(*in.ID); err == nil {
				ids = append(ids, id.String())
			}
		}
	}
	byExternal := map[string]*extralit.Record{}
	if len(externals) > 0 {
		rs, err := s.store.RecordsByExternalIDs(ctx, datasetID, externals)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			byExternal[*r.ExternalID] = r
		}
	}
	byID := map[string]*extralit.Record{}
	if len(ids) > 0 {
		rs, err := s.store.RecordsByIDs(ctx, datasetID, ids, extralit.RecordInclude{})
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			byID[r.ID] = r
		}
	}
	out := make([]*extralit.Record, len(items))
	for i, in := range items {
		if in.ExternalID != nil {
			out[i] = byExternal[*in.ExternalID]
		}
		if out[i] == nil && in.ID != nil {
			if id, err := uuid.Parse(*in.ID); err == nil {
				out[i] = byID[id.String()]
			}
		}
	}
	return out, nil
}

// writeRelated upserts a record's responses and vectors (suggestions are
// written for the whole batch at once by the caller).
func (s *Service) writeRelated(ctx context.Context, q extralit.Queries, p *parsedSchema, rec *extralit.Record, in RecordInput) error {
	for _, r := range in.Responses {
		if err := q.UpsertResponse(ctx, &extralit.Response{RecordID: rec.ID, UserID: r.UserID, Values: r.Values, Status: r.Status}); err != nil {
			return err
		}
		if err := q.AddDatasetUser(ctx, rec.DatasetID, r.UserID); err != nil {
			return err
		}
	}
	for name, v := range in.Vectors {
		if err := q.UpsertVector(ctx, &extralit.Vector{RecordID: rec.ID, VectorSettingsID: p.vectors[name].ID, Value: v}); err != nil {
			return err
		}
	}
	return nil
}

// refreshStatuses sets the status of the given records from their
// submitted responses and the dataset's distribution.
func (s *Service) refreshStatuses(ctx context.Context, q extralit.Queries, d *extralit.Dataset, ids []string) error {
	rs, err := q.RecordsByIDs(ctx, d.ID, ids, extralit.RecordInclude{})
	if err != nil {
		return err
	}
	return s.refreshRecordStatuses(ctx, q, d, rs)
}

// refreshRecordStatuses is refreshStatuses for records already in memory
// with their stored status (a bulk write has them; reading them back
// again cost a seventh of its time).
func (s *Service) refreshRecordStatuses(ctx context.Context, q extralit.Queries, d *extralit.Dataset, rs []*extralit.Record) error {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	counts, err := q.SubmittedCounts(ctx, ids)
	if err != nil {
		return err
	}
	var completed []any
	for _, r := range rs {
		want := extralit.RecordPending
		if counts[r.ID] >= d.Distribution.MinSubmitted {
			want = extralit.RecordCompleted
		}
		if r.Status != want {
			if err := q.SetRecordStatus(ctx, r.ID, want); err != nil {
				return err
			}
			r.Status = want
			if want == extralit.RecordCompleted {
				completed = append(completed, recordEvent(r))
			}
		}
	}
	return s.publishEach(ctx, q, extralit.EventRecordCompleted, completed)
}

// recomputeAllStatuses re-derives every record's status and reindexes.
func (s *Service) recomputeAllStatuses(ctx context.Context, q extralit.Queries, d *extralit.Dataset) error {
	if err := q.RecomputeStatuses(ctx, d.ID, d.Distribution.MinSubmitted); err != nil {
		return err
	}
	sc, err := s.Schema(ctx, q, d)
	if err != nil {
		return err
	}
	return s.reindexDataset(ctx, q, parseSchema(sc), "", nil)
}

func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

func recordIDs(rs []*extralit.Record) []string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}
