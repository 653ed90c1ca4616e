package extralit

import (
	"context"
	"regexp"
	"time"
)

// Workspace groups datasets and documents, and the people who work on them.
type Workspace struct {
	ID         string
	Name       string
	InsertedAt time.Time
	UpdatedAt  time.Time
}

// workspaceNamePattern is the reference's rule: names double as storage
// prefixes, so they follow S3 bucket naming, except that upper-case letters
// are accepted for compatibility with older SDK users.
var workspaceNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`)

// ValidateWorkspaceName checks a workspace name.
func ValidateWorkspaceName(name string) error {
	if name == "" {
		return Errorf(KindInvalid, "workspace name must not be empty")
	}
	if len(name) > 63 {
		return Errorf(KindInvalid, "workspace name must be at most 63 characters, got %d", len(name))
	}
	if !workspaceNamePattern.MatchString(name) {
		return Errorf(KindInvalid, "workspace name %q must start with a letter or digit and contain only letters, digits, '.', '_' and '-'", name)
	}
	return nil
}

// WorkspaceStore persists workspaces and their members.
type WorkspaceStore interface {
	// CreateWorkspace inserts w. KindConflict if the name or id is taken.
	CreateWorkspace(ctx context.Context, w *Workspace) error
	// WorkspaceByID returns KindNotFound if absent.
	WorkspaceByID(ctx context.Context, id string) (*Workspace, error)
	// WorkspaceByName returns KindNotFound if absent.
	WorkspaceByName(ctx context.Context, name string) (*Workspace, error)
	// Workspaces lists all workspaces by insertion time.
	Workspaces(ctx context.Context) ([]*Workspace, error)
	// DeleteWorkspace removes the workspace. KindNotFound.
	DeleteWorkspace(ctx context.Context, id string) error
	// WorkspacesOfUser lists the workspaces the user is a member of.
	WorkspacesOfUser(ctx context.Context, userID string) ([]*Workspace, error)
	// AddMember adds the user to the workspace. KindConflict if already a member.
	AddMember(ctx context.Context, workspaceID, userID string) error
	// RemoveMember removes the user. KindNotFound if not a member.
	RemoveMember(ctx context.Context, workspaceID, userID string) error
	// IsMember reports whether the user belongs to the workspace.
	IsMember(ctx context.Context, workspaceID, userID string) (bool, error)
	// Members lists the users of a workspace.
	Members(ctx context.Context, workspaceID string) ([]*User, error)
}
