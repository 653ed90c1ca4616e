package service

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/extralit/extralit-go/internal/extralit"
)

// ExternalSignIn is a person an OAuth provider vouched for.
type ExternalSignIn struct {
	// Provider and Subject name the person at the provider; Subject is the
	// provider's stable id, unchanged when they rename themselves.
	Provider string
	Subject  string
	Username string
	// FirstName defaults to the username.
	FirstName string
	// Role is given to a user created by this sign-in; later sign-ins keep
	// the stored role.
	Role extralit.Role
	// Workspaces are joined when the user is created; missing ones are
	// created.
	Workspaces []string
	// ClaimExisting lets this sign-in take over an existing account of the
	// same username that no provider has claimed yet.
	ClaimExisting bool
}

// externalLinkKey is the settings key that records which provider account
// a user belongs to ("provider:subject").
func externalLinkKey(userID string) string { return "oauth.account." + userID }

// SignInExternal returns the user for a provider sign-in, creating it on
// the first one: a random password nobody knows (so only the provider, or an
// API key, signs them in), the given role, and membership of the given
// workspaces. A username that belongs to a different provider account is
// refused, so a rename at a provider cannot hand over someone's account.
func (s *Service) SignInExternal(ctx context.Context, in ExternalSignIn) (*extralit.User, bool, error) {
	if in.Provider == "" || in.Subject == "" {
		return nil, false, extralit.Errorf(extralit.KindUnauthorized, "the sign-in provider did not say who signed in")
	}
	if err := extralit.ValidateUsername(in.Username); err != nil {
		return nil, false, extralit.Errorf(extralit.KindBadRequest, "your %s username cannot be used here: %s", in.Provider, extralit.ErrorMessage(err))
	}
	if in.Role == "" {
		in.Role = extralit.RoleAnnotator
	}
	if strings.TrimSpace(in.FirstName) == "" || utf8.RuneCountInString(in.FirstName) > extralit.MaxNameLength {
		in.FirstName = in.Username
	}
	link := in.Provider + ":" + in.Subject
	// A concurrent first sign-in of the same person loses the race to
	// create the user; the second pass then finds it.
	for range 2 {
		u, err := s.store.UserByUsername(ctx, in.Username)
		if err == nil {
			return s.claimExternal(ctx, u, in, link)
		}
		if !extralit.IsKind(err, extralit.KindNotFound) {
			return nil, false, err
		}
		u, err = s.createExternal(ctx, in, link)
		if extralit.IsKind(err, extralit.KindConflict) {
			continue
		}
		if err != nil {
			return nil, false, err
		}
		return u, true, nil
	}
	return nil, false, extralit.Errorf(extralit.KindConflict, "the account %q was being created by another sign-in; try again", in.Username)
}

// claimExternal checks that an existing user belongs to the provider
// account, linking it on its first provider sign-in where that is allowed.
func (s *Service) claimExternal(ctx context.Context, u *extralit.User, in ExternalSignIn, link string) (*extralit.User, bool, error) {
	stored, err := s.store.Setting(ctx, externalLinkKey(u.ID))
	if err != nil && !extralit.IsKind(err, extralit.KindNotFound) {
		return nil, false, err
	}
	if err == nil {
		if stored != link {
			return nil, false, accountTaken(in)
		}
		return u, false, nil
	}
	if !in.ClaimExisting {
		return nil, false, accountTaken(in)
	}
	stored, err = s.store.PutSettingIfAbsent(ctx, externalLinkKey(u.ID), link)
	if err != nil {
		return nil, false, fmt.Errorf("link user %s to %s: %w", u.ID, in.Provider, err)
	}
	if stored != link {
		return nil, false, accountTaken(in)
	}
	s.log.Info("existing user linked to a sign-in provider", "user_id", u.ID, "username", u.Username, "provider", in.Provider)
	return u, false, nil
}

func accountTaken(in ExternalSignIn) error {
	return &extralit.Error{Kind: extralit.KindConflict, Code: "oauth_account_conflict", Message: fmt.Sprintf(
		"an account named %q already exists and belongs to someone else (or was not created by signing in with %s); ask an owner of this server to sort it out",
		in.Username, in.Provider)}
}

// createExternal creates the user, its provider link and its memberships
// in one transaction.
func (s *Service) createExternal(ctx context.Context, in ExternalSignIn, link string) (*extralit.User, error) {
	password, err := RandomPassword()
	if err != nil {
		return nil, err
	}
	var created *CreatedUser
	err = s.store.InTx(ctx, func(q extralit.Queries) error {
		var err error
		created, err = s.createUser(ctx, q, UserCreate{
			Username: in.Username, FirstName: in.FirstName, Role: in.Role, Password: password,
		})
		if err != nil {
			return err
		}
		if _, err := q.PutSettingIfAbsent(ctx, externalLinkKey(created.ID), link); err != nil {
			return fmt.Errorf("link user %s to %s: %w", created.ID, in.Provider, err)
		}
		for _, name := range in.Workspaces {
			w, err := workspaceNamed(ctx, q, name)
			if err != nil {
				return err
			}
			if err := q.AddMember(ctx, w.ID, created.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.log.Info("user created by sign-in", "user_id", created.ID, "username", created.Username, "provider", in.Provider, "role", created.Role)
	return created.User, nil
}

// workspaceNamed returns the workspace called name, creating it if absent.
func workspaceNamed(ctx context.Context, q extralit.Queries, name string) (*extralit.Workspace, error) {
	w, err := q.WorkspaceByName(ctx, name)
	if !extralit.IsKind(err, extralit.KindNotFound) {
		return w, err
	}
	if err := extralit.ValidateWorkspaceName(name); err != nil {
		return nil, fmt.Errorf("allowed workspace %q: %w", name, err)
	}
	w = &extralit.Workspace{ID: newID(), Name: name}
	if err := q.CreateWorkspace(ctx, w); err != nil {
		return nil, err
	}
	return w, nil
}

// EnsureWorkspaces creates the named workspaces that do not exist yet, for
// the OAuth allowed workspaces at start.
func (s *Service) EnsureWorkspaces(ctx context.Context, names []string) error {
	for _, name := range names {
		if _, err := workspaceNamed(ctx, s.store, name); err != nil && !extralit.IsKind(err, extralit.KindConflict) {
			return fmt.Errorf("create workspace %q: %w", name, err)
		}
	}
	return nil
}
