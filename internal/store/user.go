package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/extralit/extralit-go/internal/extralit"
)

const userColumns = `id, first_name, last_name, username, role, password_hash, api_key_hash, inserted_at, updated_at`

type rowScanner interface{ Scan(dest ...any) error }

func scanUser(r rowScanner) (*extralit.User, error) {
	var u extralit.User
	var last sql.NullString
	var role string
	if err := r.Scan(&u.ID, &u.FirstName, &last, &u.Username, &role, &u.PasswordHash, &u.APIKeyHash, &u.InsertedAt, &u.UpdatedAt); err != nil {
		return nil, err
	}
	u.Role = extralit.Role(role)
	if last.Valid {
		u.LastName = &last.String
	}
	u.InsertedAt, u.UpdatedAt = u.InsertedAt.UTC(), u.UpdatedAt.UTC()
	return &u, nil
}

func notFound(what, id string) error {
	return extralit.Errorf(extralit.KindNotFound, "%s with id `%s` not found", what, id)
}

// CreateUser inserts u, setting its timestamps.
func (q *queries) CreateUser(ctx context.Context, u *extralit.User) error {
	u.InsertedAt = now()
	u.UpdatedAt = u.InsertedAt
	_, err := q.exec(ctx, `INSERT INTO users (`+userColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.FirstName, u.LastName, u.Username, string(u.Role), u.PasswordHash, u.APIKeyHash, u.InsertedAt, u.UpdatedAt)
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.Username, err)
	}
	return nil
}

func (q *queries) userWhere(ctx context.Context, what, key, where string, arg any) (*extralit.User, error) {
	u, err := scanUser(q.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, extralit.Errorf(extralit.KindNotFound, "user with %s `%s` not found", what, key)
	}
	if err != nil {
		return nil, fmt.Errorf("read user by %s: %w", what, translate(err))
	}
	return u, nil
}

// UserByID returns the user with the given id.
func (q *queries) UserByID(ctx context.Context, id string) (*extralit.User, error) {
	return q.userWhere(ctx, "id", id, `id = ?`, id)
}

// UserByUsername returns the user with the given username, ignoring case.
func (q *queries) UserByUsername(ctx context.Context, username string) (*extralit.User, error) {
	return q.userWhere(ctx, "username", username, `lower(username) = ?`, strings.ToLower(username))
}

// UserByAPIKeyHash returns the user whose API key hashes to hash.
func (q *queries) UserByAPIKeyHash(ctx context.Context, hash string) (*extralit.User, error) {
	return q.userWhere(ctx, "api key", "***", `api_key_hash = ?`, hash)
}

func (q *queries) listUsers(ctx context.Context, query string, args ...any) ([]*extralit.User, error) {
	return queryAll(ctx, q, "users", scanUser, query, args...)
}

// Users lists all users by insertion time.
func (q *queries) Users(ctx context.Context) ([]*extralit.User, error) {
	return q.listUsers(ctx, `SELECT `+userColumns+` FROM users ORDER BY inserted_at, id`)
}

// CountUsers returns the number of users.
func (q *queries) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := q.queryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// UpdateUser applies the non-nil fields of upd.
func (q *queries) UpdateUser(ctx context.Context, id string, upd extralit.UserUpdate) (*extralit.User, error) {
	sets := []string{"updated_at = ?"}
	args := []any{now()}
	add := func(col string, v any) {
		sets = append(sets, col+" = ?")
		args = append(args, v)
	}
	if upd.FirstName != nil {
		add("first_name", *upd.FirstName)
	}
	if upd.LastName != nil {
		add("last_name", *upd.LastName)
	}
	if upd.Username != nil {
		add("username", *upd.Username)
	}
	if upd.Role != nil {
		add("role", string(*upd.Role))
	}
	if upd.PasswordHash != nil {
		add("password_hash", *upd.PasswordHash)
	}
	if upd.APIKeyHash != nil {
		add("api_key_hash", *upd.APIKeyHash)
	}
	args = append(args, id)
	res, err := q.exec(ctx, `UPDATE users SET `+strings.Join(sets, ", ")+` WHERE id = ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("update user %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, notFound("user", id)
	}
	return q.UserByID(ctx, id)
}

// DeleteUser removes the user; memberships go with it.
func (q *queries) DeleteUser(ctx context.Context, id string) error {
	res, err := q.exec(ctx, `DELETE FROM users WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete user %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("user", id)
	}
	return nil
}
