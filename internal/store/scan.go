package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// rowByID reads the row of table with the given id through scan; a
// missing row is a not-found error naming kind (as the API shows it).
func rowByID[T any](ctx context.Context, q *queries, table, columns, kind, id string, scan func(rowScanner) (T, error)) (T, error) {
	v, err := scan(q.queryRow(ctx, `SELECT `+columns+` FROM `+table+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		var zero T
		return zero, notFound(kind, id)
	}
	if err != nil {
		var zero T
		return zero, fmt.Errorf("read %s %s: %w", strings.ToLower(kind), id, translate(err))
	}
	return v, nil
}

// queryAll runs query and scans every row through scan; what names the
// list in errors. No rows is an empty, non-nil slice.
func queryAll[T any](ctx context.Context, q *queries, what string, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", what, err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("scan %s: %w", what, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
