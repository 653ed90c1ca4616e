package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/extralit/extralit-go/internal/search"
)

// Upsert checks every document against the dataset's mapping, then indexes
// them with the bulk API in batches of Options.BatchSize, each refreshed as
// Options.Refresh says. A document that does not fit the mapping fails the
// call before anything is written. A batch the cluster refuses fails the
// call; batches before it stay written (the service rewrites them all on
// retry, and `extralit reindex` rebuilds the index from the database).
func (e *Engine) Upsert(ctx context.Context, datasetID string, docs []search.Document) error {
	if err := e.check(); err != nil {
		return err
	}
	m, err := e.Mapping(ctx, datasetID)
	if err != nil {
		return err
	}
	lines := make([][]byte, 0, len(docs))
	for _, d := range docs {
		src, err := source(m, datasetID, d)
		if err != nil {
			return err
		}
		b, err := json.Marshal(src)
		if err != nil {
			return fmt.Errorf("encode record %s: %w", d.ID, err)
		}
		action, _ := json.Marshal(map[string]any{"index": map[string]string{"_id": d.ID}})
		lines = append(lines, append(append(append(action, '\n'), b...), '\n'))
	}
	return e.bulk(ctx, datasetID, lines)
}

// Delete removes the documents with the given IDs; unknown IDs are ignored.
func (e *Engine) Delete(ctx context.Context, datasetID string, ids []string) error {
	if err := e.check(); err != nil {
		return err
	}
	if _, err := e.Mapping(ctx, datasetID); err != nil {
		return err
	}
	lines := make([][]byte, 0, len(ids))
	for _, id := range ids {
		action, _ := json.Marshal(map[string]any{"delete": map[string]string{"_id": id}})
		lines = append(lines, append(action, '\n'))
	}
	return e.bulk(ctx, datasetID, lines)
}

// bulkAnswer is the part of a bulk answer that reports failures.
type bulkAnswer struct {
	Errors bool `json:"errors"`
	Items  []map[string]struct {
		ID     string `json:"_id"`
		Status int    `json:"status"`
		Error  *struct {
			Type   string `json:"type"`
			Reason string `json:"reason"`
		} `json:"error"`
	} `json:"items"`
}

func (e *Engine) bulk(ctx context.Context, datasetID string, lines [][]byte) error {
	path := indexPath(datasetID) + "/_bulk?refresh=" + url.QueryEscape(e.o.Refresh)
	for start := 0; start < len(lines); start += e.o.BatchSize {
		end := min(start+e.o.BatchSize, len(lines))
		var buf bytes.Buffer
		for _, l := range lines[start:end] {
			buf.Write(l)
		}
		var ans bulkAnswer
		if err := e.c.do(ctx, "POST", path, buf.Bytes(), &ans); err != nil {
			return fmt.Errorf("bulk write to %s (items %d to %d of %d): %w", IndexName(datasetID), start, end-1, len(lines), err)
		}
		if !ans.Errors {
			continue
		}
		for _, item := range ans.Items {
			for op, r := range item {
				if r.Error == nil || (op == "delete" && r.Status == 404) {
					continue
				}
				err := translate(&apiError{Status: r.Status, Type: r.Error.Type, Reason: r.Error.Reason})
				var ae *apiError
				if errors.As(err, &ae) && (ae.Type == "mapper_parsing_exception" || ae.Type == "document_parsing_exception" ||
					ae.Type == "illegal_argument_exception") {
					err = fmt.Errorf("%w: record %s: the search cluster refused it: %s", search.ErrInvalidDocument, r.ID, ae.Reason)
				}
				return fmt.Errorf("bulk %s of record %s in %s: %w", op, r.ID, IndexName(datasetID), err)
			}
		}
	}
	return nil
}
