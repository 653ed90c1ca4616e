package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/extralit/extralit-go/internal/extralit"
)

// loadIncludes fills the responses, suggestions and vectors asked for.
func (q *queries) loadIncludes(ctx context.Context, rs []*extralit.Record, inc extralit.RecordInclude) error {
	if len(rs) == 0 {
		return nil
	}
	byID := make(map[string]*extralit.Record, len(rs))
	ids := make([]string, len(rs))
	for i, r := range rs {
		byID[r.ID] = r
		ids[i] = r.ID
	}
	if inc.Responses {
		for _, r := range rs {
			r.Responses = []*extralit.Response{}
		}
		if err := q.eachResponse(ctx, ids, func(resp *extralit.Response) {
			r := byID[resp.RecordID]
			r.Responses = append(r.Responses, resp)
		}); err != nil {
			return err
		}
	}
	if inc.Suggestions {
		for _, r := range rs {
			r.Suggestions = []*extralit.Suggestion{}
		}
		if err := q.eachSuggestion(ctx, ids, func(s *extralit.Suggestion) {
			r := byID[s.RecordID]
			r.Suggestions = append(r.Suggestions, s)
		}); err != nil {
			return err
		}
	}
	if inc.AllVectors || len(inc.Vectors) > 0 {
		want := map[string]bool{}
		for _, n := range inc.Vectors {
			want[n] = true
		}
		for _, r := range rs {
			r.Vectors = map[string][]float32{}
		}
		for _, c := range chunks(ids, 500) {
			rows, err := q.query(ctx, `SELECT v.record_id, s.name, v.value FROM vectors v JOIN vectors_settings s ON s.id = v.vector_settings_id
				WHERE v.record_id IN (`+placeholders(len(c))+`)`, anys(c)...)
			if err != nil {
				return fmt.Errorf("load vectors: %w", err)
			}
			for rows.Next() {
				var recordID, name string
				var value []byte
				if err := rows.Scan(&recordID, &name, &value); err != nil {
					rows.Close()
					return err
				}
				if inc.AllVectors || want[name] {
					byID[recordID].Vectors[name] = decodeVector(value)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
	}
	return nil
}

const responseColumns = `id, record_id, user_id, "values", status, inserted_at, updated_at`

func scanResponse(r rowScanner) (*extralit.Response, error) {
	var x extralit.Response
	var values sql.NullString
	var status string
	if err := r.Scan(&x.ID, &x.RecordID, &x.UserID, &values, &status, &x.InsertedAt, &x.UpdatedAt); err != nil {
		return nil, err
	}
	x.Status = extralit.ResponseStatus(status)
	if values.Valid {
		if err := json.Unmarshal([]byte(values.String), &x.Values); err != nil {
			return nil, fmt.Errorf("response %s: bad values: %w", x.ID, err)
		}
	}
	x.InsertedAt, x.UpdatedAt = x.InsertedAt.UTC(), x.UpdatedAt.UTC()
	return &x, nil
}

func (q *queries) eachResponse(ctx context.Context, recordIDs []string, fn func(*extralit.Response)) error {
	for _, c := range chunks(recordIDs, 500) {
		rows, err := q.query(ctx, `SELECT `+responseColumns+` FROM responses WHERE record_id IN (`+placeholders(len(c))+`) ORDER BY inserted_at, id`, anys(c)...)
		if err != nil {
			return fmt.Errorf("load responses: %w", err)
		}
		for rows.Next() {
			x, err := scanResponse(rows)
			if err != nil {
				rows.Close()
				return err
			}
			fn(x)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// UpsertResponse inserts or replaces the (record, user) response; r.ID and
// r.InsertedAt are set to the stored row's.
func (q *queries) UpsertResponse(ctx context.Context, r *extralit.Response) error {
	t := now()
	if r.ID == "" {
		r.ID = newUUID()
	}
	var values *string
	if r.Values != nil {
		var err error
		if values, err = extralit.JSONValue(r.Values); err != nil {
			return err
		}
	}
	row := q.queryRow(ctx, `INSERT INTO responses (`+responseColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (record_id, user_id) DO UPDATE SET "values" = excluded."values", status = excluded.status, updated_at = excluded.updated_at
		RETURNING id, inserted_at, updated_at`, r.ID, r.RecordID, r.UserID, values, string(r.Status), t, t)
	if err := row.Scan(&r.ID, &r.InsertedAt, &r.UpdatedAt); err != nil {
		return fmt.Errorf("store response: %w", translate(err))
	}
	r.InsertedAt, r.UpdatedAt = r.InsertedAt.UTC(), r.UpdatedAt.UTC()
	return nil
}

// ResponseByID returns a response.
func (q *queries) ResponseByID(ctx context.Context, id string) (*extralit.Response, error) {
	return rowByID(ctx, q, "responses", responseColumns, "Response", id, scanResponse)
}

// DeleteResponse removes a response.
func (q *queries) DeleteResponse(ctx context.Context, id string) error {
	return q.settingsDelete(ctx, "responses", "Response", id)
}

// CountSubmitted counts a record's submitted responses.
func (q *queries) CountSubmitted(ctx context.Context, recordID string) (int, error) {
	var n int
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM responses WHERE record_id = ? AND status = 'submitted'`, recordID).Scan(&n)
	return n, translate(err)
}

const suggestionColumns = `id, record_id, question_id, value, score, agent, type, inserted_at, updated_at`

func scanSuggestion(r rowScanner) (*extralit.Suggestion, error) {
	var s extralit.Suggestion
	var value string
	var score, agent, typ sql.NullString
	if err := r.Scan(&s.ID, &s.RecordID, &s.QuestionID, &value, &score, &agent, &typ, &s.InsertedAt, &s.UpdatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(value), &s.Value); err != nil {
		return nil, fmt.Errorf("suggestion %s: bad value: %w", s.ID, err)
	}
	if score.Valid {
		if err := json.Unmarshal([]byte(score.String), &s.Score); err != nil {
			return nil, fmt.Errorf("suggestion %s: bad score: %w", s.ID, err)
		}
	}
	if agent.Valid {
		s.Agent = &agent.String
	}
	if typ.Valid {
		s.Type = &typ.String
	}
	s.InsertedAt, s.UpdatedAt = s.InsertedAt.UTC(), s.UpdatedAt.UTC()
	return &s, nil
}

func (q *queries) eachSuggestion(ctx context.Context, recordIDs []string, fn func(*extralit.Suggestion)) error {
	for _, c := range chunks(recordIDs, 500) {
		rows, err := q.query(ctx, `SELECT `+suggestionColumns+` FROM suggestions WHERE record_id IN (`+placeholders(len(c))+`) ORDER BY inserted_at, id`, anys(c)...)
		if err != nil {
			return fmt.Errorf("load suggestions: %w", err)
		}
		for rows.Next() {
			s, err := scanSuggestion(rows)
			if err != nil {
				rows.Close()
				return err
			}
			fn(s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// UpsertSuggestion inserts or replaces the (record, question) suggestion.
func (q *queries) UpsertSuggestion(ctx context.Context, s *extralit.Suggestion) (bool, error) {
	t := now()
	value, err := json.Marshal(s.Value)
	if err != nil {
		return false, fmt.Errorf("encode suggestion value: %w", err)
	}
	score, err := extralit.JSONValue(s.Score)
	if err != nil {
		return false, err
	}
	var existing string
	err = q.queryRow(ctx, `SELECT id FROM suggestions WHERE record_id = ? AND question_id = ?`, s.RecordID, s.QuestionID).Scan(&existing)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if s.ID == "" {
			s.ID = newUUID()
		}
		s.InsertedAt, s.UpdatedAt = t, t
		_, err = q.exec(ctx, `INSERT INTO suggestions (`+suggestionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.ID, s.RecordID, s.QuestionID, string(value), score, s.Agent, s.Type, t, t)
		if err != nil {
			return false, fmt.Errorf("insert suggestion: %w", err)
		}
		return true, nil
	case err != nil:
		return false, fmt.Errorf("find suggestion: %w", translate(err))
	}
	s.ID, s.UpdatedAt = existing, t
	_, err = q.exec(ctx, `UPDATE suggestions SET value = ?, score = ?, agent = ?, type = ?, updated_at = ? WHERE id = ?`,
		string(value), score, s.Agent, s.Type, t, existing)
	if err != nil {
		return false, fmt.Errorf("update suggestion: %w", err)
	}
	return false, q.queryRow(ctx, `SELECT inserted_at FROM suggestions WHERE id = ?`, existing).Scan(&s.InsertedAt)
}

// SuggestionByID returns a suggestion.
func (q *queries) SuggestionByID(ctx context.Context, id string) (*extralit.Suggestion, error) {
	return rowByID(ctx, q, "suggestions", suggestionColumns, "Suggestion", id, scanSuggestion)
}

// DeleteSuggestions removes suggestions of a record.
func (q *queries) DeleteSuggestions(ctx context.Context, recordID string, ids []string) error {
	for _, c := range chunks(ids, 500) {
		if _, err := q.exec(ctx, `DELETE FROM suggestions WHERE record_id = ? AND id IN (`+placeholders(len(c))+`)`,
			append([]any{recordID}, anys(c)...)...); err != nil {
			return fmt.Errorf("delete suggestions: %w", err)
		}
	}
	return nil
}

// DatasetProgress counts a dataset's records and completed records.
func (q *queries) DatasetProgress(ctx context.Context, datasetID string) (total, completed int, err error) {
	err = q.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END), 0) FROM records WHERE dataset_id = ?`,
		datasetID).Scan(&total, &completed)
	return total, completed, translate(err)
}

// UserResponseCounts counts responses per user, response status and record status.
func (q *queries) UserResponseCounts(ctx context.Context, datasetID string) ([]extralit.UserResponseCount, error) {
	rows, err := q.query(ctx, `SELECT u.id, u.username, r.status, x.status, COUNT(*) FROM responses x
		JOIN records r ON r.id = x.record_id JOIN users u ON u.id = x.user_id
		WHERE r.dataset_id = ? GROUP BY u.id, u.username, r.status, x.status ORDER BY u.username`, datasetID)
	if err != nil {
		return nil, fmt.Errorf("count responses: %w", err)
	}
	defer rows.Close()
	var out []extralit.UserResponseCount
	for rows.Next() {
		var c extralit.UserResponseCount
		var rs, xs string
		if err := rows.Scan(&c.UserID, &c.Username, &rs, &xs, &c.Count); err != nil {
			return nil, err
		}
		c.RecordStatus, c.Status = extralit.RecordStatus(rs), extralit.ResponseStatus(xs)
		out = append(out, c)
	}
	return out, rows.Err()
}

// UpsertSuggestions writes many suggestions with multi-row statements; a
// suggestion for a (record, question) that has one replaces it.
func (q *queries) UpsertSuggestions(ctx context.Context, ss []*extralit.Suggestion) error {
	t := now()
	const perStatement = 100
	for start := 0; start < len(ss); start += perStatement {
		end := min(start+perStatement, len(ss))
		var sb strings.Builder
		sb.WriteString(`INSERT INTO suggestions (` + suggestionColumns + `) VALUES `)
		args := make([]any, 0, 9*(end-start))
		for i, s := range ss[start:end] {
			value, err := json.Marshal(s.Value)
			if err != nil {
				return fmt.Errorf("encode suggestion value: %w", err)
			}
			score, err := extralit.JSONValue(s.Score)
			if err != nil {
				return err
			}
			if s.ID == "" {
				s.ID = newUUID()
			}
			s.InsertedAt, s.UpdatedAt = t, t
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, s.ID, s.RecordID, s.QuestionID, string(value), score, s.Agent, s.Type, t, t)
		}
		sb.WriteString(` ON CONFLICT (record_id, question_id) DO UPDATE SET value = excluded.value, score = excluded.score,
			agent = excluded.agent, type = excluded.type, updated_at = excluded.updated_at`)
		if _, err := q.exec(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("upsert suggestions: %w", err)
		}
	}
	return nil
}
