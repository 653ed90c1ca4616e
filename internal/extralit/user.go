package extralit

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a user may do. Owners may do everything; admins manage the
// workspaces they belong to; annotators answer records.
type Role string

// The roles, from most to least powerful.
const (
	RoleOwner     Role = "owner"
	RoleAdmin     Role = "admin"
	RoleAnnotator Role = "annotator"
)

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	switch r {
	case RoleOwner, RoleAdmin, RoleAnnotator:
		return true
	}
	return false
}

// User is a person or a program that signs in.
type User struct {
	ID           string
	FirstName    string
	LastName     *string
	Username     string
	Role         Role
	PasswordHash string
	// APIKeyHash is the SHA-256 of the user's API key; the key itself is
	// never stored.
	APIKeyHash string
	InsertedAt time.Time
	UpdatedAt  time.Time
}

// Limits on user fields, as the reference server enforces them.
const (
	MinPasswordLength = 8
	MaxPasswordLength = 100
	MaxNameLength     = 200
)

var usernamePattern = regexp.MustCompile(`^[A-Za-z0-9_.@+-]+$`)

// ValidateUsername checks a username: 1 to 200 characters of letters, digits
// and `_ . @ + -`.
func ValidateUsername(username string) error {
	if username == "" {
		return Errorf(KindInvalid, "username must not be empty")
	}
	if utf8.RuneCountInString(username) > MaxNameLength {
		return Errorf(KindInvalid, "username must be at most %d characters", MaxNameLength)
	}
	if !usernamePattern.MatchString(username) {
		return Errorf(KindInvalid, "username %q may contain only letters, digits and _ . @ + -", username)
	}
	return nil
}

// ValidatePassword checks a password's length.
func ValidatePassword(password string) error {
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLength || n > MaxPasswordLength {
		return Errorf(KindInvalid, "password must be %d to %d characters long", MinPasswordLength, MaxPasswordLength)
	}
	return nil
}

// ValidatePersonName checks a first or last name after trimming spaces.
func ValidatePersonName(what, name string) error {
	if strings.TrimSpace(name) == "" {
		return Errorf(KindInvalid, "%s must not be empty", what)
	}
	if utf8.RuneCountInString(name) > MaxNameLength {
		return Errorf(KindInvalid, "%s must be at most %d characters", what, MaxNameLength)
	}
	return nil
}

// UserUpdate holds the changes to a user; nil fields stay as they are.
type UserUpdate struct {
	FirstName    *string
	LastName     **string
	Username     *string
	Role         *Role
	PasswordHash *string
	APIKeyHash   *string
}

// UserStore persists users.
type UserStore interface {
	// CreateUser inserts u. Returns KindConflict if the username or the API key is taken.
	CreateUser(ctx context.Context, u *User) error
	// UserByID returns KindNotFound if there is no such user.
	UserByID(ctx context.Context, id string) (*User, error)
	// UserByUsername matches case-insensitively; KindNotFound if absent.
	UserByUsername(ctx context.Context, username string) (*User, error)
	// UserByAPIKeyHash returns KindNotFound if no user has that key.
	UserByAPIKeyHash(ctx context.Context, hash string) (*User, error)
	// Users lists every user by insertion time.
	Users(ctx context.Context) ([]*User, error)
	// CountUsers returns how many users exist.
	CountUsers(ctx context.Context) (int, error)
	// UpdateUser applies upd and returns the user as stored. KindNotFound, KindConflict.
	UpdateUser(ctx context.Context, id string, upd UserUpdate) (*User, error)
	// DeleteUser removes the user and their memberships. KindNotFound.
	DeleteUser(ctx context.Context, id string) error
}
