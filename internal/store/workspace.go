package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/extralit"
)

const workspaceColumns = `id, name, inserted_at, updated_at`

func scanWorkspace(r rowScanner) (*extralit.Workspace, error) {
	var w extralit.Workspace
	if err := r.Scan(&w.ID, &w.Name, &w.InsertedAt, &w.UpdatedAt); err != nil {
		return nil, err
	}
	w.InsertedAt, w.UpdatedAt = w.InsertedAt.UTC(), w.UpdatedAt.UTC()
	return &w, nil
}

// CreateWorkspace inserts w, setting its timestamps.
func (q *queries) CreateWorkspace(ctx context.Context, w *extralit.Workspace) error {
	w.InsertedAt = now()
	w.UpdatedAt = w.InsertedAt
	_, err := q.exec(ctx, `INSERT INTO workspaces (`+workspaceColumns+`) VALUES (?, ?, ?, ?)`, w.ID, w.Name, w.InsertedAt, w.UpdatedAt)
	if err != nil {
		if extralit.IsKind(err, extralit.KindConflict) {
			return extralit.Errorf(extralit.KindConflict, "workspace with name `%s` already exists", w.Name)
		}
		return fmt.Errorf("create workspace %s: %w", w.Name, err)
	}
	return nil
}

func (q *queries) workspaceWhere(ctx context.Context, what, key, where string) (*extralit.Workspace, error) {
	w, err := scanWorkspace(q.queryRow(ctx, `SELECT `+workspaceColumns+` FROM workspaces WHERE `+where, key))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, extralit.Errorf(extralit.KindNotFound, "workspace with %s `%s` not found", what, key)
	}
	if err != nil {
		return nil, fmt.Errorf("read workspace by %s: %w", what, translate(err))
	}
	return w, nil
}

// WorkspaceByID returns the workspace with the given id.
func (q *queries) WorkspaceByID(ctx context.Context, id string) (*extralit.Workspace, error) {
	return q.workspaceWhere(ctx, "id", id, `id = ?`)
}

// WorkspaceByName returns the workspace with the given name.
func (q *queries) WorkspaceByName(ctx context.Context, name string) (*extralit.Workspace, error) {
	return q.workspaceWhere(ctx, "name", name, `name = ?`)
}

func (q *queries) listWorkspaces(ctx context.Context, query string, args ...any) ([]*extralit.Workspace, error) {
	return queryAll(ctx, q, "workspaces", scanWorkspace, query, args...)
}

// Workspaces lists all workspaces by insertion time.
func (q *queries) Workspaces(ctx context.Context) ([]*extralit.Workspace, error) {
	return q.listWorkspaces(ctx, `SELECT `+workspaceColumns+` FROM workspaces ORDER BY inserted_at, id`)
}

// WorkspacesOfUser lists the user's workspaces by insertion time.
func (q *queries) WorkspacesOfUser(ctx context.Context, userID string) ([]*extralit.Workspace, error) {
	return q.listWorkspaces(ctx, `SELECT w.id, w.name, w.inserted_at, w.updated_at FROM workspaces w
		JOIN workspaces_users wu ON wu.workspace_id = w.id WHERE wu.user_id = ? ORDER BY w.inserted_at, w.id`, userID)
}

// DeleteWorkspace removes a workspace and its memberships.
func (q *queries) DeleteWorkspace(ctx context.Context, id string) error {
	res, err := q.exec(ctx, `DELETE FROM workspaces WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete workspace %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("workspace", id)
	}
	return nil
}

// AddMember adds a user to a workspace.
func (q *queries) AddMember(ctx context.Context, workspaceID, userID string) error {
	t := now()
	_, err := q.exec(ctx, `INSERT INTO workspaces_users (id, workspace_id, user_id, inserted_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		uuid.NewString(), workspaceID, userID, t, t)
	if err != nil {
		if extralit.IsKind(err, extralit.KindConflict) {
			return extralit.Errorf(extralit.KindConflict, "user with id `%s` is already a member of workspace with id `%s`", userID, workspaceID)
		}
		return fmt.Errorf("add user %s to workspace %s: %w", userID, workspaceID, err)
	}
	return nil
}

// RemoveMember removes a user from a workspace.
func (q *queries) RemoveMember(ctx context.Context, workspaceID, userID string) error {
	res, err := q.exec(ctx, `DELETE FROM workspaces_users WHERE workspace_id = ? AND user_id = ?`, workspaceID, userID)
	if err != nil {
		return fmt.Errorf("remove user %s from workspace %s: %w", userID, workspaceID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return extralit.Errorf(extralit.KindNotFound, "user with id `%s` is not a member of workspace with id `%s`", userID, workspaceID)
	}
	return nil
}

// IsMember reports whether the user belongs to the workspace.
func (q *queries) IsMember(ctx context.Context, workspaceID, userID string) (bool, error) {
	var n int
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM workspaces_users WHERE workspace_id = ? AND user_id = ?`, workspaceID, userID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check membership: %w", translate(err))
	}
	return n > 0, nil
}

// Members lists a workspace's users by the time they joined.
func (q *queries) Members(ctx context.Context, workspaceID string) ([]*extralit.User, error) {
	return q.listUsers(ctx, `SELECT u.id, u.first_name, u.last_name, u.username, u.role, u.password_hash, u.api_key_hash, u.inserted_at, u.updated_at
		FROM users u JOIN workspaces_users wu ON wu.user_id = u.id WHERE wu.workspace_id = ? ORDER BY wu.inserted_at, u.id`, workspaceID)
}
