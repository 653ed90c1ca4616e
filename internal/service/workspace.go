package service

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/extralit"
)

// CreateWorkspace adds a workspace; owners and admins may. The creating
// admin is not made a member, as in the reference.
func (s *Service) CreateWorkspace(ctx context.Context, actor *extralit.User, name, id string) (*extralit.Workspace, error) {
	if actor.Role != extralit.RoleOwner && actor.Role != extralit.RoleAdmin {
		return nil, forbidden()
	}
	return s.CreateWorkspaceAsOperator(ctx, name, id)
}

// CreateWorkspaceAsOperator adds a workspace from the command line.
func (s *Service) CreateWorkspaceAsOperator(ctx context.Context, name, id string) (*extralit.Workspace, error) {
	name = strings.TrimSpace(name)
	if err := extralit.ValidateWorkspaceName(name); err != nil {
		return nil, err
	}
	w := &extralit.Workspace{ID: uuid.NewString(), Name: name}
	if id != "" {
		parsed, err := uuid.Parse(id)
		if err != nil {
			return nil, extralit.Errorf(extralit.KindInvalid, "id %q is not a UUID", id)
		}
		w.ID = parsed.String()
	}
	if err := s.store.CreateWorkspace(ctx, w); err != nil {
		return nil, err
	}
	s.log.Info("workspace created", "workspace_id", w.ID, "name", w.Name)
	return w, nil
}

// Workspace returns a workspace the actor belongs to.
func (s *Service) Workspace(ctx context.Context, actor *extralit.User, id string) (*extralit.Workspace, error) {
	w, err := s.store.WorkspaceByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.requireMember(ctx, actor, w.ID); err != nil {
		return nil, err
	}
	return w, nil
}

// MyWorkspaces lists every workspace for owners, and the member workspaces
// for everyone else.
func (s *Service) MyWorkspaces(ctx context.Context, actor *extralit.User) ([]*extralit.Workspace, error) {
	if actor.Role == extralit.RoleOwner {
		return s.store.Workspaces(ctx)
	}
	return s.store.WorkspacesOfUser(ctx, actor.ID)
}

// DeleteWorkspace removes a workspace; owners only.
func (s *Service) DeleteWorkspace(ctx context.Context, actor *extralit.User, id string) (*extralit.Workspace, error) {
	if err := requireOwner(actor); err != nil {
		return nil, err
	}
	return s.DeleteWorkspaceAsOperator(ctx, id)
}

// DeleteWorkspaceAsOperator removes a workspace from the command line.
func (s *Service) DeleteWorkspaceAsOperator(ctx context.Context, id string) (*extralit.Workspace, error) {
	var w *extralit.Workspace
	err := s.store.InTx(ctx, func(q extralit.Queries) error {
		var err error
		if w, err = q.WorkspaceByID(ctx, id); err != nil {
			return err
		}
		n, err := q.CountDatasets(ctx, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return extralit.Errorf(extralit.KindConflict, "Cannot delete the workspace %s: it still has %d dataset(s); delete them first", w.Name, n)
		}
		return q.DeleteWorkspace(ctx, id)
	})
	if err != nil {
		return nil, err
	}
	s.log.Info("workspace deleted", "workspace_id", w.ID, "name", w.Name)
	return w, nil
}

// WorkspaceMembers lists a workspace's users; owners, and admins who belong.
func (s *Service) WorkspaceMembers(ctx context.Context, actor *extralit.User, workspaceID string) ([]*extralit.User, error) {
	if _, err := s.store.WorkspaceByID(ctx, workspaceID); err != nil {
		return nil, err
	}
	if err := s.requireAdminMember(ctx, actor, workspaceID); err != nil {
		return nil, err
	}
	return s.store.Members(ctx, workspaceID)
}

// AddWorkspaceMember adds a user to a workspace; owners only.
func (s *Service) AddWorkspaceMember(ctx context.Context, actor *extralit.User, workspaceID, userID string) (*extralit.User, error) {
	if err := requireOwner(actor); err != nil {
		return nil, err
	}
	return s.AddWorkspaceMemberAsOperator(ctx, workspaceID, userID)
}

// AddWorkspaceMemberAsOperator adds a user to a workspace from the command line.
func (s *Service) AddWorkspaceMemberAsOperator(ctx context.Context, workspaceID, userID string) (*extralit.User, error) {
	if _, err := s.store.WorkspaceByID(ctx, workspaceID); err != nil {
		return nil, err
	}
	u, err := s.store.UserByID(ctx, userID)
	if extralit.IsKind(err, extralit.KindNotFound) {
		return nil, extralit.Errorf(extralit.KindInvalid, "User with id `%s` not found", userID)
	}
	if err != nil {
		return nil, err
	}
	if err := s.store.AddMember(ctx, workspaceID, userID); err != nil {
		return nil, err
	}
	return u, nil
}

// RemoveWorkspaceMember removes a user from a workspace; owners, and admins
// who belong to it.
func (s *Service) RemoveWorkspaceMember(ctx context.Context, actor *extralit.User, workspaceID, userID string) (*extralit.User, error) {
	if _, err := s.store.WorkspaceByID(ctx, workspaceID); err != nil {
		return nil, err
	}
	if err := s.requireAdminMember(ctx, actor, workspaceID); err != nil {
		return nil, err
	}
	u, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if err := s.store.RemoveMember(ctx, workspaceID, userID); err != nil {
		return nil, err
	}
	return u, nil
}
