package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/extralit/extralit-go/internal/extralit"
)

// outboxChunk bounds the rows of one multi-row INSERT or IN list, well
// under both engines' limits on bound parameters.
const outboxChunk = 200

// AddOutbox records pending index changes of one dataset's records.
func (q *queries) AddOutbox(ctx context.Context, datasetID string, op extralit.OutboxOp, recordIDs []string) error {
	if op != extralit.OutboxUpsert && op != extralit.OutboxDelete {
		return fmt.Errorf("outbox op %q is not upsert or delete", op)
	}
	t := now()
	for start := 0; start < len(recordIDs); start += outboxChunk {
		ids := recordIDs[start:min(start+outboxChunk, len(recordIDs))]
		var b strings.Builder
		b.WriteString(`INSERT INTO search_outbox (dataset_id, record_id, op, inserted_at) VALUES `)
		args := make([]any, 0, 4*len(ids))
		for i, id := range ids {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?)")
			args = append(args, datasetID, id, string(op), t)
		}
		if _, err := q.exec(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("write %d search outbox rows of dataset %s: %w", len(ids), datasetID, err)
		}
	}
	if q.d.engine == Postgres && len(recordIDs) > 0 {
		// Delivered when the transaction commits, and not at all if it
		// rolls back; see ListenOutbox.
		if _, err := q.exec(ctx, `SELECT pg_notify('`+outboxChannelPrefix+`' || current_schema(), '')`); err != nil {
			return fmt.Errorf("notify the search outbox: %w", err)
		}
	}
	return nil
}

// PendingOutbox returns up to limit entries, oldest first, without those
// of the datasets in except.
func (q *queries) PendingOutbox(ctx context.Context, limit int, except []string) ([]extralit.OutboxEntry, error) {
	where := ""
	args := make([]any, 0, len(except)+1)
	if len(except) > 0 {
		where = `WHERE dataset_id NOT IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(except)), ", ") + `) `
		for _, d := range except {
			args = append(args, d)
		}
	}
	args = append(args, limit)
	rows, err := q.query(ctx, `SELECT seq, dataset_id, record_id, op FROM search_outbox `+where+`ORDER BY seq LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("read the search outbox: %w", err)
	}
	defer rows.Close()
	var out []extralit.OutboxEntry
	for rows.Next() {
		var e extralit.OutboxEntry
		var op string
		if err := rows.Scan(&e.Seq, &e.DatasetID, &e.RecordID, &op); err != nil {
			return nil, fmt.Errorf("read a search outbox row: %w", err)
		}
		e.Op = extralit.OutboxOp(op)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the search outbox: %w", err)
	}
	return out, nil
}

// RemoveOutbox deletes exactly the entries with these sequence numbers
// (never a range: an entry with a smaller number may commit later).
func (q *queries) RemoveOutbox(ctx context.Context, seqs []int64) error {
	for start := 0; start < len(seqs); start += outboxChunk {
		part := seqs[start:min(start+outboxChunk, len(seqs))]
		args := make([]any, len(part))
		for i, s := range part {
			args[i] = s
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ")
		if _, err := q.exec(ctx, `DELETE FROM search_outbox WHERE seq IN (`+marks+`)`, args...); err != nil {
			return fmt.Errorf("remove %d applied search outbox rows: %w", len(part), err)
		}
	}
	return nil
}

// OutboxLastSeq returns the largest pending sequence number, 0 when none.
func (q *queries) OutboxLastSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := q.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM search_outbox`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("read the search outbox: %w", translate(err))
	}
	return seq, nil
}

// CountOutbox counts pending entries numbered up to upTo.
func (q *queries) CountOutbox(ctx context.Context, upTo int64) (int, error) {
	var n int
	if err := q.queryRow(ctx, `SELECT COUNT(*) FROM search_outbox WHERE seq <= ?`, upTo).Scan(&n); err != nil {
		return 0, fmt.Errorf("count the search outbox: %w", translate(err))
	}
	return n, nil
}
