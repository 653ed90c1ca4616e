package service

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/extralit"
)

// UserCreate is the input of CreateUser.
type UserCreate struct {
	ID        string
	FirstName string
	LastName  *string
	Username  string
	Role      extralit.Role
	Password  string
	// APIKey, when set, becomes the user's key; otherwise one is generated.
	APIKey string
}

// CreatedUser is a new user together with the plaintext API key, which is
// shown only this once.
type CreatedUser struct {
	*extralit.User
	APIKey string
}

func (in *UserCreate) normalize() error {
	in.FirstName = strings.TrimSpace(in.FirstName)
	in.Username = strings.TrimSpace(in.Username)
	if in.Role == "" {
		in.Role = extralit.RoleAnnotator
	}
	if in.FirstName == "" {
		in.FirstName = in.Username
	}
	if in.ID != "" {
		id, err := uuid.Parse(in.ID)
		if err != nil {
			return extralit.Errorf(extralit.KindInvalid, "id %q is not a UUID", in.ID)
		}
		in.ID = id.String()
	}
	if err := extralit.ValidateUsername(in.Username); err != nil {
		return err
	}
	if err := extralit.ValidatePersonName("first_name", in.FirstName); err != nil {
		return err
	}
	if in.LastName != nil {
		if err := extralit.ValidatePersonName("last_name", *in.LastName); err != nil {
			return err
		}
	}
	if !in.Role.Valid() {
		return extralit.Errorf(extralit.KindInvalid, "role %q is not one of owner, admin, annotator", in.Role)
	}
	if err := extralit.ValidatePassword(in.Password); err != nil {
		return err
	}
	if in.APIKey != "" && len(in.APIKey) < 8 {
		return extralit.Errorf(extralit.KindInvalid, "an API key must be at least 8 characters")
	}
	return nil
}

// CreateUser adds a user; only owners may. The API key is returned once.
func (s *Service) CreateUser(ctx context.Context, actor *extralit.User, in UserCreate) (*CreatedUser, error) {
	if err := requireOwner(actor); err != nil {
		return nil, err
	}
	return s.createUser(ctx, s.store, in)
}

// CreateUserAsOperator adds a user without a calling user, for the command
// line and first-start seeding.
func (s *Service) CreateUserAsOperator(ctx context.Context, in UserCreate) (*CreatedUser, error) {
	return s.createUser(ctx, s.store, in)
}

func (s *Service) createUser(ctx context.Context, q extralit.Queries, in UserCreate) (*CreatedUser, error) {
	if err := in.normalize(); err != nil {
		return nil, err
	}
	hash, err := s.auth.HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	key := in.APIKey
	if key == "" {
		if key, _, err = NewAPIKey(); err != nil {
			return nil, err
		}
	}
	u := &extralit.User{
		ID: in.ID, FirstName: in.FirstName, LastName: in.LastName, Username: in.Username, Role: in.Role,
		PasswordHash: hash, APIKeyHash: HashAPIKey(key),
	}
	if u.ID == "" {
		u.ID = uuid.NewString()
	}
	if err := q.CreateUser(ctx, u); err != nil {
		if extralit.IsKind(err, extralit.KindConflict) && strings.Contains(err.Error(), "username") {
			return nil, extralit.Errorf(extralit.KindConflict, "User with username `%s` already exists", u.Username)
		}
		return nil, err
	}
	s.log.Info("user created", "user_id", u.ID, "username", u.Username, "role", u.Role)
	return &CreatedUser{User: u, APIKey: key}, nil
}

// User returns a user by id; only owners may look others up.
func (s *Service) User(ctx context.Context, actor *extralit.User, id string) (*extralit.User, error) {
	if err := requireOwner(actor); err != nil {
		return nil, err
	}
	return s.store.UserByID(ctx, id)
}

// Users lists every user; owners only.
func (s *Service) Users(ctx context.Context, actor *extralit.User) ([]*extralit.User, error) {
	if err := requireOwner(actor); err != nil {
		return nil, err
	}
	return s.store.Users(ctx)
}

// UserChanges is the input of UpdateUser; nil fields stay unchanged.
type UserChanges struct {
	FirstName *string
	LastName  **string
	Username  *string
	Role      *extralit.Role
	Password  *string
}

// UpdateUser changes a user; owners only.
func (s *Service) UpdateUser(ctx context.Context, actor *extralit.User, id string, in UserChanges) (*extralit.User, error) {
	if err := requireOwner(actor); err != nil {
		return nil, err
	}
	return s.UpdateUserAsOperator(ctx, id, in)
}

// UpdateUserAsOperator changes a user from the command line.
func (s *Service) UpdateUserAsOperator(ctx context.Context, id string, in UserChanges) (*extralit.User, error) {
	var upd extralit.UserUpdate
	if in.FirstName != nil {
		v := strings.TrimSpace(*in.FirstName)
		if err := extralit.ValidatePersonName("first_name", v); err != nil {
			return nil, err
		}
		upd.FirstName = &v
	}
	if in.LastName != nil {
		if *in.LastName != nil {
			if err := extralit.ValidatePersonName("last_name", **in.LastName); err != nil {
				return nil, err
			}
		}
		upd.LastName = in.LastName
	}
	if in.Username != nil {
		v := strings.TrimSpace(*in.Username)
		if err := extralit.ValidateUsername(v); err != nil {
			return nil, err
		}
		upd.Username = &v
	}
	if in.Role != nil {
		if !in.Role.Valid() {
			return nil, extralit.Errorf(extralit.KindInvalid, "role %q is not one of owner, admin, annotator", *in.Role)
		}
		upd.Role = in.Role
	}
	if in.Password != nil {
		if err := extralit.ValidatePassword(*in.Password); err != nil {
			return nil, err
		}
		h, err := s.auth.HashPassword(*in.Password)
		if err != nil {
			return nil, err
		}
		upd.PasswordHash = &h
	}
	u, err := s.store.UpdateUser(ctx, id, upd)
	if extralit.IsKind(err, extralit.KindConflict) && upd.Username != nil {
		return nil, extralit.Errorf(extralit.KindConflict, "User with username `%s` already exists", *upd.Username)
	}
	return u, err
}

// DeleteUser removes a user; owners only, and not themselves.
func (s *Service) DeleteUser(ctx context.Context, actor *extralit.User, id string) (*extralit.User, error) {
	if err := requireOwner(actor); err != nil {
		return nil, err
	}
	if actor.ID == id {
		return nil, extralit.Errorf(extralit.KindBadRequest, "you cannot delete your own user")
	}
	return s.DeleteUserAsOperator(ctx, id)
}

// DeleteUserAsOperator removes a user from the command line.
func (s *Service) DeleteUserAsOperator(ctx context.Context, id string) (*extralit.User, error) {
	var u *extralit.User
	err := s.store.InTx(ctx, func(q extralit.Queries) error {
		var err error
		if u, err = q.UserByID(ctx, id); err != nil {
			return err
		}
		return q.DeleteUser(ctx, id)
	})
	if err != nil {
		return nil, err
	}
	s.log.Info("user deleted", "user_id", u.ID, "username", u.Username)
	return u, nil
}

// RegenerateAPIKey gives a user a new API key and returns it once. Users may
// renew their own key; owners anyone's.
func (s *Service) RegenerateAPIKey(ctx context.Context, actor *extralit.User, id string) (*CreatedUser, error) {
	if actor.ID != id {
		if err := requireOwner(actor); err != nil {
			return nil, err
		}
	}
	return s.RegenerateAPIKeyAsOperator(ctx, id)
}

// RegenerateAPIKeyAsOperator renews a user's key from the command line.
func (s *Service) RegenerateAPIKeyAsOperator(ctx context.Context, id string) (*CreatedUser, error) {
	key, hash, err := NewAPIKey()
	if err != nil {
		return nil, err
	}
	u, err := s.store.UpdateUser(ctx, id, extralit.UserUpdate{APIKeyHash: &hash})
	if err != nil {
		return nil, err
	}
	s.log.Info("api key regenerated", "user_id", u.ID, "username", u.Username)
	return &CreatedUser{User: u, APIKey: key}, nil
}

// WorkspacesOfUser lists the workspaces of a user (all of them for an
// owner); owners only.
func (s *Service) WorkspacesOfUser(ctx context.Context, actor *extralit.User, id string) ([]*extralit.Workspace, error) {
	if err := requireOwner(actor); err != nil {
		return nil, err
	}
	u, err := s.store.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if u.Role == extralit.RoleOwner {
		return s.store.Workspaces(ctx)
	}
	return s.store.WorkspacesOfUser(ctx, id)
}
