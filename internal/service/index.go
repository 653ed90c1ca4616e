package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/search"
)

var allIncludes = extralit.RecordInclude{Responses: true, Suggestions: true, AllVectors: true}

// indexRecords writes the current state of the given records to the
// search index. It runs inside the write transaction, so a failure rolls
// the write back and the database and index do not drift apart. In
// outbox mode it queues the records in the outbox through q instead.
func (s *Service) indexRecords(ctx context.Context, q extralit.Queries, p *parsedSchema, ids []string) error {
	return s.indexWritten(ctx, q, p, nil, ids)
}

// indexWritten indexes records whose full state (with responses,
// suggestions and vectors) is in memory, and those read back by ID, in one
// index write.
func (s *Service) indexWritten(ctx context.Context, q extralit.Queries, p *parsedSchema, known []*extralit.Record, ids []string) error {
	if len(known)+len(ids) == 0 {
		return nil
	}
	if s.outbox {
		return s.queueIndex(ctx, q, p.Dataset.ID, extralit.OutboxUpsert, append(recordIDs(known), ids...))
	}
	rs := known
	if len(ids) > 0 {
		loaded, err := q.RecordsByIDs(ctx, p.Dataset.ID, ids, allIncludes)
		if err != nil {
			return err
		}
		rs = append(rs[:len(rs):len(rs)], loaded...)
	}
	docs := make([]search.Document, len(rs))
	for i, r := range rs {
		docs[i] = p.document(r)
	}
	if err := s.index.Upsert(ctx, p.Dataset.ID, docs); err != nil {
		return searchError("index records", err)
	}
	return nil
}

// reindexDataset indexes a dataset's records in batches of 500, in record
// ID order, starting after the given ID, calling batch after each.
func (s *Service) reindexDataset(ctx context.Context, q extralit.Queries, p *parsedSchema, after string, batch func(indexed int, after string)) error {
	if after == "" {
		after = "00000000-0000-0000-0000-000000000000"
	}
	indexed := 0
	for {
		ids, err := q.RecordIDs(ctx, p.Dataset.ID, after, 500)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		if err := s.indexRecords(ctx, q, p, ids); err != nil {
			return err
		}
		after = ids[len(ids)-1]
		indexed += len(ids)
		if batch != nil {
			batch(indexed, after)
		}
	}
}

// ReindexOptions control Reindex.
type ReindexOptions struct {
	// DatasetID limits the rebuild to one dataset; empty means every
	// published dataset.
	DatasetID string
	// Skip, when set, leaves out the datasets it returns true for (those a
	// resumed rebuild already finished).
	Skip func(d *extralit.Dataset) bool
	// ResumeAfter maps a dataset ID to the last record ID indexed by an
	// interrupted rebuild: that dataset keeps its index and continues after
	// the record instead of starting afresh.
	ResumeAfter map[string]string
	// Batch is called after each batch with the records indexed so far in
	// this run and the last record ID, which is where a resumed run starts.
	Batch func(d *extralit.Dataset, indexed int, after string)
	// Done is called after each dataset with its index's document count.
	Done func(d *extralit.Dataset, records int)
}

// Reindex rebuilds the search index of one dataset (or all when id is
// empty) from the database, calling progress after each dataset.
func (s *Service) Reindex(ctx context.Context, datasetID string, progress func(d *extralit.Dataset, records int)) error {
	return s.ReindexWith(ctx, ReindexOptions{DatasetID: datasetID, Done: progress})
}

// ReindexWith rebuilds search indexes from the database as o says.
func (s *Service) ReindexWith(ctx context.Context, o ReindexOptions) error {
	var ds []*extralit.Dataset
	if o.DatasetID != "" {
		d, err := s.store.DatasetByID(ctx, o.DatasetID)
		if err != nil {
			return err
		}
		ds = []*extralit.Dataset{d}
	} else {
		var err error
		if ds, err = s.store.Datasets(ctx, nil); err != nil {
			return err
		}
	}
	for _, d := range ds {
		if d.Status != extralit.DatasetReady || (o.Skip != nil && o.Skip(d)) {
			continue
		}
		sc, err := s.Schema(ctx, s.store, d)
		if err != nil {
			return err
		}
		after, resume := o.ResumeAfter[d.ID]
		if resume {
			// Keep what the interrupted run indexed; the mapping may have
			// gained names since.
			err := s.index.UpdateMapping(ctx, d.ID, searchMapping(sc))
			if errors.Is(err, search.ErrIndexNotFound) {
				resume, after = false, ""
			} else if err != nil {
				return searchError("update mapping", err)
			}
		}
		if !resume {
			if err := s.index.DeleteIndex(ctx, d.ID); err != nil && !errors.Is(err, search.ErrIndexNotFound) {
				return searchError("drop index", err)
			}
			if err := s.index.CreateIndex(ctx, d.ID, searchMapping(sc)); err != nil {
				return searchError("create index", err)
			}
		}
		var batch func(int, string)
		if o.Batch != nil {
			batch = func(n int, last string) { o.Batch(d, n, last) }
		}
		if err := s.reindexDataset(ctx, s.store, parseSchema(sc), after, batch); err != nil {
			return fmt.Errorf("reindex dataset %s: %w", d.Name, err)
		}
		if o.Done != nil {
			n, _ := s.index.Count(ctx, d.ID)
			o.Done(d, n)
		}
	}
	return nil
}

// searchError turns engine errors into domain errors.
func searchError(what string, err error) error {
	switch {
	case errors.Is(err, search.ErrInvalidQuery), errors.Is(err, search.ErrInvalidDocument):
		return &extralit.Error{Kind: extralit.KindInvalid, Message: strings.TrimPrefix(err.Error(), "search: ")}
	case errors.Is(err, search.ErrMissingVector):
		return &extralit.Error{Kind: extralit.KindInvalid, Code: "missing_vector", Message: err.Error()}
	case errors.Is(err, search.ErrIndexNotFound):
		return &extralit.Error{Kind: extralit.KindUnavailable, Message: "the dataset's search index is missing: run `extralit reindex`"}
	case errors.Is(err, search.ErrUnavailable):
		return &extralit.Error{Kind: extralit.KindUnavailable, Message: what + ": " + err.Error() +
			" (the database keeps every change: once the engine is back, `extralit reindex` repairs the index)"}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// document converts a record into what the search engine indexes.
func (p *parsedSchema) document(r *extralit.Record) search.Document {
	doc := search.Document{
		ID: r.ID, DatasetID: r.DatasetID, Status: search.RecordStatus(r.Status),
		Fields: map[string]string{}, Metadata: map[string]any{}, Vectors: r.Vectors,
		InsertedAt: r.InsertedAt, UpdatedAt: r.UpdatedAt,
	}
	if r.ExternalID != nil {
		doc.ExternalID = *r.ExternalID
	}
	for name, v := range r.Fields {
		switch x := v.(type) {
		case string:
			doc.Fields[name] = x
		case []any:
			if p.fields[name].Type == "chat" {
				// Chat messages are searched by what was said.
				var b strings.Builder
				for _, m := range x {
					if msg, ok := m.(map[string]any); ok {
						c, _ := msg["content"].(string)
						b.WriteString(c)
						b.WriteByte('\n')
					}
				}
				doc.Fields[name] = b.String()
				continue
			}
			raw, _ := json.Marshal(x)
			doc.Fields[name] = string(raw)
		default:
			b, _ := json.Marshal(x)
			doc.Fields[name] = string(b)
		}
	}
	for name, v := range r.Metadata {
		ms, ok := p.metadata[name]
		if !ok || v == nil {
			continue
		}
		switch ms.Type {
		case "terms":
			if list, ok := v.([]any); ok {
				strs := make([]string, len(list))
				for i, x := range list {
					strs[i] = fmt.Sprint(x)
				}
				doc.Metadata[name] = strs
			} else {
				doc.Metadata[name] = fmt.Sprint(v)
			}
		case "integer":
			if f, ok := v.(float64); ok {
				doc.Metadata[name] = int64(f)
			}
		case "float":
			if f, ok := v.(float64); ok {
				doc.Metadata[name] = f
			}
		}
	}
	for _, resp := range r.Responses {
		sr := search.Response{UserID: resp.UserID, Status: search.ResponseStatus(resp.Status), Values: map[string]any{}}
		for k, v := range resp.Values {
			sr.Values[k] = v.Value
		}
		doc.Responses = append(doc.Responses, sr)
	}
	for _, sg := range r.Suggestions {
		q, ok := p.questions[sg.QuestionID]
		if !ok {
			continue
		}
		ss := search.Suggestion{Question: q.Name, Value: sg.Value}
		switch sc := sg.Score.(type) {
		case float64:
			ss.Score = []float64{sc}
		case []any:
			for _, x := range sc {
				if f, ok := x.(float64); ok {
					ss.Score = append(ss.Score, f)
				}
			}
		}
		if sg.Agent != nil {
			ss.Agent = *sg.Agent
		}
		if sg.Type != nil {
			ss.Type = *sg.Type
		}
		doc.Suggestions = append(doc.Suggestions, ss)
	}
	return doc
}
