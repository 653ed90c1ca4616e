package service

import (
	"github.com/google/uuid"

	"context"
	"fmt"

	"github.com/extralit/extralit-go/internal/extralit"
)

// Seed describes the first owner created when the database has no users.
type Seed struct {
	Username  string
	FirstName string
	Password  string
	APIKey    string
	Workspace string
}

// SeedResult reports what EnsureFirstOwner did. Generated secrets are
// returned so the caller can show them once; they are never logged.
type SeedResult struct {
	Created           bool
	User              *extralit.User
	Workspace         *extralit.Workspace
	Password          string
	APIKey            string
	PasswordGenerated bool
	APIKeyGenerated   bool
}

// QuickstartSeed is the reference's well-known account, used only behind the
// explicit --quickstart flag.
var QuickstartSeed = Seed{Username: "extralit", Password: "12345678", APIKey: "extralit.apikey", Workspace: "extralit"}

// EnsureFirstOwner creates an owner and a workspace with the owner in it
// when there are no users yet; with users present it does nothing. Missing
// passwords and API keys are generated.
func (s *Service) EnsureFirstOwner(ctx context.Context, seed Seed) (SeedResult, error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil {
		return SeedResult{}, err
	}
	if n > 0 {
		return SeedResult{}, nil
	}
	res := SeedResult{Created: true, Password: seed.Password, APIKey: seed.APIKey}
	if seed.Username == "" {
		seed.Username = "extralit"
	}
	if res.Password == "" {
		if res.Password, err = RandomPassword(); err != nil {
			return SeedResult{}, err
		}
		res.PasswordGenerated = true
	}
	if res.APIKey == "" {
		if res.APIKey, _, err = NewAPIKey(); err != nil {
			return SeedResult{}, err
		}
		res.APIKeyGenerated = true
	}
	err = s.store.InTx(ctx, func(q extralit.Queries) error {
		created, err := s.createUser(ctx, q, UserCreate{
			Username: seed.Username, FirstName: seed.FirstName, Role: extralit.RoleOwner,
			Password: res.Password, APIKey: res.APIKey,
		})
		if err != nil {
			return fmt.Errorf("create the first owner %q: %w", seed.Username, err)
		}
		res.User = created.User
		if seed.Workspace == "" {
			return nil
		}
		w, err := q.WorkspaceByName(ctx, seed.Workspace)
		if extralit.IsKind(err, extralit.KindNotFound) {
			if err := extralit.ValidateWorkspaceName(seed.Workspace); err != nil {
				return err
			}
			w = &extralit.Workspace{ID: newID(), Name: seed.Workspace}
			err = q.CreateWorkspace(ctx, w)
		}
		if err != nil {
			return fmt.Errorf("create the first workspace %q: %w", seed.Workspace, err)
		}
		res.Workspace = w
		return q.AddMember(ctx, w.ID, created.ID)
	})
	if err != nil {
		return SeedResult{}, err
	}
	return res, nil
}

func newID() string { return uuid.NewString() }
