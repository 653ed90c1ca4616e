package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/extralit/extralit-go/internal/extralit"
)

// Setting returns the value stored under key.
func (q *queries) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := q.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", extralit.Errorf(extralit.KindNotFound, "setting %s is not set", key)
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, translate(err))
	}
	return v, nil
}

// PutSettingIfAbsent stores value unless key already has one, and returns
// the stored value. Two processes racing get the same answer.
func (q *queries) PutSettingIfAbsent(ctx context.Context, key, value string) (string, error) {
	if _, err := q.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, value); err != nil {
		return "", fmt.Errorf("store setting %s: %w", key, err)
	}
	return q.Setting(ctx, key)
}
