package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/extralit/extralit-go/internal/extralit"
)

const recordColumns = `id, dataset_id, fields, metadata, external_id, status, inserted_at, updated_at`

func scanRecord(r rowScanner) (*extralit.Record, error) {
	var rec extralit.Record
	var fields string
	var metadata, external sql.NullString
	var status string
	if err := r.Scan(&rec.ID, &rec.DatasetID, &fields, &metadata, &external, &status, &rec.InsertedAt, &rec.UpdatedAt); err != nil {
		return nil, err
	}
	rec.Status = extralit.RecordStatus(status)
	if err := json.Unmarshal([]byte(fields), &rec.Fields); err != nil {
		return nil, fmt.Errorf("record %s: bad fields: %w", rec.ID, err)
	}
	if metadata.Valid {
		if err := json.Unmarshal([]byte(metadata.String), &rec.Metadata); err != nil {
			return nil, fmt.Errorf("record %s: bad metadata: %w", rec.ID, err)
		}
	}
	if external.Valid {
		rec.ExternalID = &external.String
	}
	rec.InsertedAt, rec.UpdatedAt = rec.InsertedAt.UTC(), rec.UpdatedAt.UTC()
	return &rec, nil
}

func (q *queries) scanRecords(ctx context.Context, query string, args ...any) ([]*extralit.Record, error) {
	return queryAll(ctx, q, "records", scanRecord, query, args...)
}

// chunks splits ids so that IN lists stay well below parameter limits.
func chunks(ids []string, size int) [][]string {
	var out [][]string
	for len(ids) > size {
		out = append(out, ids[:size])
		ids = ids[size:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// RecordsByIDs loads records in the order of ids, skipping missing ones.
func (q *queries) RecordsByIDs(ctx context.Context, datasetID string, ids []string, inc extralit.RecordInclude) ([]*extralit.Record, error) {
	byID := make(map[string]*extralit.Record, len(ids))
	for _, c := range chunks(ids, 500) {
		rs, err := q.scanRecords(ctx, `SELECT `+recordColumns+` FROM records WHERE id IN (`+placeholders(len(c))+`) AND `+notIndexed("dataset_id")+` = ?`,
			append(anys(c), datasetID)...)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			byID[r.ID] = r
		}
	}
	out := make([]*extralit.Record, 0, len(byID))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r)
		}
	}
	return out, q.loadIncludes(ctx, out, inc)
}

// RecordsByExternalIDs returns the dataset's records with those external ids.
func (q *queries) RecordsByExternalIDs(ctx context.Context, datasetID string, externalIDs []string) ([]*extralit.Record, error) {
	var out []*extralit.Record
	for _, c := range chunks(externalIDs, 500) {
		rs, err := q.scanRecords(ctx, `SELECT `+recordColumns+` FROM records WHERE dataset_id = ? AND external_id IN (`+placeholders(len(c))+`)`,
			append([]any{datasetID}, anys(c)...)...)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

// RecordByID returns a record of any dataset.
func (q *queries) RecordByID(ctx context.Context, id string, inc extralit.RecordInclude) (*extralit.Record, error) {
	r, err := rowByID(ctx, q, "records", recordColumns, "Record", id, scanRecord)
	if err != nil {
		return nil, err
	}
	return r, q.loadIncludes(ctx, []*extralit.Record{r}, inc)
}

// Records lists a dataset's records in insertion order with the total.
func (q *queries) Records(ctx context.Context, datasetID string, offset, limit int, inc extralit.RecordInclude) ([]*extralit.Record, int, error) {
	var total int
	if err := q.queryRow(ctx, `SELECT COUNT(*) FROM records WHERE dataset_id = ?`, datasetID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count records: %w", translate(err))
	}
	rs, err := q.scanRecords(ctx, `SELECT `+recordColumns+` FROM records WHERE dataset_id = ? ORDER BY inserted_at, id LIMIT ? OFFSET ?`,
		datasetID, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	if rs == nil {
		rs = []*extralit.Record{}
	}
	return rs, total, q.loadIncludes(ctx, rs, inc)
}

// RecordIDs pages through a dataset's record ids in id order.
func (q *queries) RecordIDs(ctx context.Context, datasetID, afterID string, limit int) ([]string, error) {
	rows, err := q.query(ctx, `SELECT id FROM records WHERE dataset_id = ? AND id > ? ORDER BY id LIMIT ?`, datasetID, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("list record ids: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func recordArgs(r *extralit.Record) ([]any, error) {
	fields, err := json.Marshal(r.Fields)
	if err != nil {
		return nil, fmt.Errorf("encode record fields: %w", err)
	}
	var metadata *string
	if r.Metadata != nil {
		if metadata, err = extralit.JSONValue(r.Metadata); err != nil {
			return nil, fmt.Errorf("encode record metadata: %w", err)
		}
	}
	return []any{r.ID, r.DatasetID, string(fields), metadata, r.ExternalID, string(r.Status), r.InsertedAt, r.UpdatedAt}, nil
}

// InsertRecords inserts records in multi-row statements.
func (q *queries) InsertRecords(ctx context.Context, rs []*extralit.Record) error {
	t := now()
	const perStatement = 100
	for start := 0; start < len(rs); start += perStatement {
		end := min(start+perStatement, len(rs))
		var sb strings.Builder
		sb.WriteString(`INSERT INTO records (` + recordColumns + `) VALUES `)
		args := make([]any, 0, 8*(end-start))
		for i, r := range rs[start:end] {
			if r.InsertedAt.IsZero() {
				r.InsertedAt = t
			}
			r.UpdatedAt = t
			a, err := recordArgs(r)
			if err != nil {
				return err
			}
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, a...)
		}
		if _, err := q.exec(ctx, sb.String(), args...); err != nil {
			if extralit.IsKind(err, extralit.KindConflict) {
				return extralit.Errorf(extralit.KindConflict, "a record with the same id or external_id already exists in the dataset")
			}
			return fmt.Errorf("insert records: %w", err)
		}
	}
	return nil
}

// UpdateRecord writes a record's fields, metadata and status.
func (q *queries) UpdateRecord(ctx context.Context, r *extralit.Record) error {
	r.UpdatedAt = now()
	a, err := recordArgs(r)
	if err != nil {
		return err
	}
	res, err := q.exec(ctx, `UPDATE records SET fields = ?, metadata = ?, external_id = ?, status = ?, updated_at = ? WHERE id = ?`,
		a[2], a[3], a[4], a[5], r.UpdatedAt, r.ID)
	if err != nil {
		return fmt.Errorf("update record %s: %w", r.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("Record", r.ID)
	}
	return nil
}

// DeleteRecords removes records of a dataset.
func (q *queries) DeleteRecords(ctx context.Context, datasetID string, ids []string) error {
	for _, c := range chunks(ids, 500) {
		if _, err := q.exec(ctx, `DELETE FROM records WHERE id IN (`+placeholders(len(c))+`) AND `+notIndexed("dataset_id")+` = ?`,
			append(anys(c), datasetID)...); err != nil {
			return fmt.Errorf("delete records: %w", err)
		}
	}
	return nil
}

// SetRecordStatus writes a record's status.
func (q *queries) SetRecordStatus(ctx context.Context, id string, status extralit.RecordStatus) error {
	_, err := q.exec(ctx, `UPDATE records SET status = ? WHERE id = ?`, string(status), id)
	return err
}

// encodeVector packs floats little-endian, 4 bytes each.
func encodeVector(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return b
}

func decodeVector(b []byte) []float32 {
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v
}

// UpsertVector stores a record's vector in one space.
func (q *queries) UpsertVector(ctx context.Context, v *extralit.Vector) error {
	_, err := q.exec(ctx, `INSERT INTO vectors (record_id, vector_settings_id, value) VALUES (?, ?, ?)
		ON CONFLICT (record_id, vector_settings_id) DO UPDATE SET value = excluded.value`,
		v.RecordID, v.VectorSettingsID, encodeVector(v.Value))
	if err != nil {
		return fmt.Errorf("store vector of record %s: %w", v.RecordID, err)
	}
	return nil
}

// AddDatasetUser remembers that a user answered in a dataset.
func (q *queries) AddDatasetUser(ctx context.Context, datasetID, userID string) error {
	_, err := q.exec(ctx, `INSERT INTO datasets_users (dataset_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, datasetID, userID)
	return err
}

func newUUID() string { return extralit.NewRowID() }

// RecomputeStatuses derives every record's status from its submitted responses.
func (q *queries) RecomputeStatuses(ctx context.Context, datasetID string, minSubmitted int) error {
	_, err := q.exec(ctx, `UPDATE records SET status = CASE WHEN (SELECT COUNT(*) FROM responses x
		WHERE x.record_id = records.id AND x.status = 'submitted') >= ? THEN 'completed' ELSE 'pending' END
		WHERE dataset_id = ?`, minSubmitted, datasetID)
	if err != nil {
		return fmt.Errorf("recompute record statuses: %w", err)
	}
	return nil
}

// SubmittedCounts counts submitted responses per record.
func (q *queries) SubmittedCounts(ctx context.Context, recordIDs []string) (map[string]int, error) {
	out := make(map[string]int, len(recordIDs))
	for _, c := range chunks(recordIDs, 500) {
		rows, err := q.query(ctx, `SELECT record_id, COUNT(*) FROM responses WHERE status = 'submitted' AND record_id IN (`+
			placeholders(len(c))+`) GROUP BY record_id`, anys(c)...)
		if err != nil {
			return nil, fmt.Errorf("count submitted responses: %w", err)
		}
		for rows.Next() {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// EachRecordMetadata calls fn with the metadata of every record of a
// dataset that has any, for computing metadata metrics.
func (q *queries) EachRecordMetadata(ctx context.Context, datasetID string, fn func(map[string]any)) error {
	rows, err := q.query(ctx, `SELECT metadata FROM records WHERE dataset_id = ? AND metadata IS NOT NULL`, datasetID)
	if err != nil {
		return fmt.Errorf("read record metadata: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return err
		}
		var m map[string]any
		if json.Unmarshal([]byte(raw), &m) == nil {
			fn(m)
		}
	}
	return rows.Err()
}
