package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/extralit/extralit-go/internal/extralit"
)

const datasetColumns = `id, name, guidelines, allow_extra_metadata, status, distribution, metadata, workspace_id, last_activity_at, inserted_at, updated_at`

func scanDataset(r rowScanner) (*extralit.Dataset, error) {
	var d extralit.Dataset
	var guidelines, metadata sql.NullString
	var dist, status string
	if err := r.Scan(&d.ID, &d.Name, &guidelines, &d.AllowExtraMetadata, &status, &dist, &metadata, &d.WorkspaceID,
		&d.LastActivityAt, &d.InsertedAt, &d.UpdatedAt); err != nil {
		return nil, err
	}
	d.Status = extralit.DatasetStatus(status)
	if guidelines.Valid {
		d.Guidelines = &guidelines.String
	}
	if metadata.Valid {
		d.Metadata = json.RawMessage(metadata.String)
	}
	if err := json.Unmarshal([]byte(dist), &d.Distribution); err != nil {
		return nil, fmt.Errorf("dataset %s: bad distribution: %w", d.ID, err)
	}
	d.LastActivityAt, d.InsertedAt, d.UpdatedAt = d.LastActivityAt.UTC(), d.InsertedAt.UTC(), d.UpdatedAt.UTC()
	return &d, nil
}

func rawOrNil(r json.RawMessage) *string {
	if len(r) == 0 || string(r) == "null" {
		return nil
	}
	s := string(r)
	return &s
}

// CreateDataset inserts d, setting its timestamps.
func (q *queries) CreateDataset(ctx context.Context, d *extralit.Dataset) error {
	d.InsertedAt = now()
	d.UpdatedAt, d.LastActivityAt = d.InsertedAt, d.InsertedAt
	dist, _ := json.Marshal(d.Distribution)
	_, err := q.exec(ctx, `INSERT INTO datasets (`+datasetColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.Name, d.Guidelines, d.AllowExtraMetadata, string(d.Status), string(dist), rawOrNil(d.Metadata), d.WorkspaceID,
		d.LastActivityAt, d.InsertedAt, d.UpdatedAt)
	if extralit.IsKind(err, extralit.KindConflict) {
		return extralit.Errorf(extralit.KindConflict, "Dataset with name `%s` already exists for workspace with id `%s`", d.Name, d.WorkspaceID)
	}
	if err != nil {
		return fmt.Errorf("create dataset %s: %w", d.Name, err)
	}
	return nil
}

// DatasetByID returns a dataset.
func (q *queries) DatasetByID(ctx context.Context, id string) (*extralit.Dataset, error) {
	return rowByID(ctx, q, "datasets", datasetColumns, "Dataset", id, scanDataset)
}

// Datasets lists the datasets of the given workspaces, all when nil.
func (q *queries) Datasets(ctx context.Context, workspaceIDs []string) ([]*extralit.Dataset, error) {
	query := `SELECT ` + datasetColumns + ` FROM datasets`
	var args []any
	if workspaceIDs != nil {
		if len(workspaceIDs) == 0 {
			return []*extralit.Dataset{}, nil
		}
		query += ` WHERE workspace_id IN (` + placeholders(len(workspaceIDs)) + `)`
		for _, id := range workspaceIDs {
			args = append(args, id)
		}
	}
	return queryAll(ctx, q, "datasets", scanDataset, query+` ORDER BY inserted_at, id`, args...)
}

// UpdateDataset writes d's mutable columns.
func (q *queries) UpdateDataset(ctx context.Context, d *extralit.Dataset) error {
	d.UpdatedAt = now()
	dist, _ := json.Marshal(d.Distribution)
	res, err := q.exec(ctx, `UPDATE datasets SET name = ?, guidelines = ?, allow_extra_metadata = ?, status = ?, distribution = ?,
		metadata = ?, updated_at = ? WHERE id = ?`,
		d.Name, d.Guidelines, d.AllowExtraMetadata, string(d.Status), string(dist), rawOrNil(d.Metadata), d.UpdatedAt, d.ID)
	if extralit.IsKind(err, extralit.KindConflict) {
		return extralit.Errorf(extralit.KindConflict, "Dataset with name `%s` already exists for workspace with id `%s`", d.Name, d.WorkspaceID)
	}
	if err != nil {
		return fmt.Errorf("update dataset %s: %w", d.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("Dataset", d.ID)
	}
	return nil
}

// DeleteDataset removes a dataset and everything in it.
func (q *queries) DeleteDataset(ctx context.Context, id string) error {
	res, err := q.exec(ctx, `DELETE FROM datasets WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete dataset %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("Dataset", id)
	}
	return nil
}

// CountDatasets counts a workspace's datasets.
func (q *queries) CountDatasets(ctx context.Context, workspaceID string) (int, error) {
	var n int
	if err := q.queryRow(ctx, `SELECT COUNT(*) FROM datasets WHERE workspace_id = ?`, workspaceID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count datasets: %w", translate(err))
	}
	return n, nil
}

// TouchDataset records activity on a dataset.
func (q *queries) TouchDataset(ctx context.Context, id string, at time.Time) error {
	_, err := q.exec(ctx, `UPDATE datasets SET last_activity_at = ? WHERE id = ?`, at.UTC().Truncate(time.Microsecond), id)
	return err
}

// notIndexed wraps a column so that no index on it is used: SQLite's
// planner, without statistics, prefers an index on dataset_id (which
// scans the whole dataset) to primary-key lookups for id IN (…), and
// loading a page of 50 search hits read every record of the dataset.
// The expression works on both engines.
func notIndexed(column string) string { return "(" + column + " || '')" }

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
