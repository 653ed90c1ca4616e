package service

import (
	"context"

	"github.com/extralit/extralit-go/internal/extralit"
)

// forbidden is the error of every denied request: the same text whatever
// was denied, as the reference does.
func forbidden() error {
	return &extralit.Error{Kind: extralit.KindForbidden, Message: "Operation not allowed"}
}

// requireOwner allows only owners.
func requireOwner(actor *extralit.User) error {
	if actor == nil || actor.Role != extralit.RoleOwner {
		return forbidden()
	}
	return nil
}

// isMember reports whether actor belongs to the workspace; owners count as
// members of every workspace.
func (s *Service) isMember(ctx context.Context, actor *extralit.User, workspaceID string) (bool, error) {
	if actor.Role == extralit.RoleOwner {
		return true, nil
	}
	return s.store.IsMember(ctx, workspaceID, actor.ID)
}

// requireMember allows owners and members of the workspace.
func (s *Service) requireMember(ctx context.Context, actor *extralit.User, workspaceID string) error {
	ok, err := s.isMember(ctx, actor, workspaceID)
	if err != nil {
		return err
	}
	if !ok {
		return forbidden()
	}
	return nil
}

// requireAdminMember allows owners, and admins who belong to the workspace.
func (s *Service) requireAdminMember(ctx context.Context, actor *extralit.User, workspaceID string) error {
	switch actor.Role {
	case extralit.RoleOwner:
		return nil
	case extralit.RoleAdmin:
		return s.requireMember(ctx, actor, workspaceID)
	}
	return forbidden()
}
