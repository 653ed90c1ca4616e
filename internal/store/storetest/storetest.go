// Package storetest is the conformance suite for extralit.Store
// implementations: every engine's tests call Run, so that SQLite and
// PostgreSQL are held to the same behaviour.
package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/extralit"
)

// OpenFunc returns a fresh, migrated, empty store for one test.
type OpenFunc func(t *testing.T) extralit.Store

// Run runs the whole suite against the stores open returns.
func Run(t *testing.T, open OpenFunc) {
	t.Run("Users", func(t *testing.T) { testUsers(t, open(t)) })
	t.Run("UserConflicts", func(t *testing.T) { testUserConflicts(t, open(t)) })
	t.Run("Workspaces", func(t *testing.T) { testWorkspaces(t, open(t)) })
	t.Run("Members", func(t *testing.T) { testMembers(t, open(t)) })
	t.Run("Settings", func(t *testing.T) { testSettings(t, open(t)) })
	t.Run("TransactionRollsBack", func(t *testing.T) { testTxRollback(t, open(t)) })
	t.Run("Webhooks", func(t *testing.T) { testWebhooks(t, open(t)) })
	t.Run("RecordsStayInTheirDataset", func(t *testing.T) { testRecordsStayInTheirDataset(t, open(t)) })
	t.Run("Outbox", func(t *testing.T) { testOutbox(t, open(t)) })
}

// NewUser returns a valid user with the given name and role, not yet stored.
func NewUser(username string, role extralit.Role) *extralit.User {
	return &extralit.User{
		ID: uuid.NewString(), FirstName: username, Username: username, Role: role,
		PasswordHash: "hash-" + username, APIKeyHash: "key-" + username,
	}
}

// MustCreateUser stores a new user and fails the test on error.
func MustCreateUser(t *testing.T, q extralit.Queries, username string, role extralit.Role) *extralit.User {
	t.Helper()
	u := NewUser(username, role)
	if err := q.CreateUser(context.Background(), u); err != nil {
		t.Fatalf("CreateUser(%s): %v", username, err)
	}
	return u
}

// MustCreateWorkspace stores a new workspace and fails the test on error.
func MustCreateWorkspace(t *testing.T, q extralit.Queries, name string) *extralit.Workspace {
	t.Helper()
	w := &extralit.Workspace{ID: uuid.NewString(), Name: name}
	if err := q.CreateWorkspace(context.Background(), w); err != nil {
		t.Fatalf("CreateWorkspace(%s): %v", name, err)
	}
	return w
}

func wantKind(t *testing.T, err error, kind extralit.Kind) {
	t.Helper()
	if got := extralit.ErrorKind(err); got != kind {
		t.Fatalf("error = %v (kind %q), want kind %q", err, got, kind)
	}
}

func testUsers(t *testing.T, s extralit.Store) {
	ctx := context.Background()
	last := "Curie"
	u := NewUser("marie", extralit.RoleAdmin)
	u.LastName = &last
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	if u.InsertedAt.IsZero() || !u.InsertedAt.Equal(u.UpdatedAt) {
		t.Fatalf("timestamps not set: %v %v", u.InsertedAt, u.UpdatedAt)
	}
	got, err := s.UserByID(ctx, u.ID)
	if err != nil {
		t.Fatalf("UserByID: %v", err)
	}
	if got.Username != "marie" || got.Role != extralit.RoleAdmin || got.LastName == nil || *got.LastName != "Curie" ||
		!got.InsertedAt.Equal(u.InsertedAt) || got.APIKeyHash != u.APIKeyHash {
		t.Fatalf("UserByID = %+v, want %+v", got, u)
	}
	if got, err := s.UserByUsername(ctx, "MARIE"); err != nil || got.ID != u.ID {
		t.Fatalf("UserByUsername(MARIE) = %v, %v; want %s", got, err, u.ID)
	}
	if got, err := s.UserByAPIKeyHash(ctx, "key-marie"); err != nil || got.ID != u.ID {
		t.Fatalf("UserByAPIKeyHash = %v, %v", got, err)
	}
	_, err = s.UserByAPIKeyHash(ctx, "nope")
	wantKind(t, err, extralit.KindNotFound)
	_, err = s.UserByID(ctx, uuid.NewString())
	wantKind(t, err, extralit.KindNotFound)

	MustCreateUser(t, s, "pierre", extralit.RoleAnnotator)
	users, err := s.Users(ctx)
	if err != nil || len(users) != 2 || users[0].Username != "marie" || users[1].Username != "pierre" {
		t.Fatalf("Users = %v, %v; want marie, pierre", users, err)
	}
	if n, err := s.CountUsers(ctx); err != nil || n != 2 {
		t.Fatalf("CountUsers = %d, %v; want 2", n, err)
	}

	newName, role, noLast := "Maria", extralit.RoleOwner, (*string)(nil)
	upd, err := s.UpdateUser(ctx, u.ID, extralit.UserUpdate{FirstName: &newName, Role: &role, LastName: &noLast})
	if err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	if upd.FirstName != "Maria" || upd.Role != extralit.RoleOwner || upd.LastName != nil || upd.Username != "marie" {
		t.Fatalf("UpdateUser = %+v", upd)
	}
	if !upd.UpdatedAt.After(u.UpdatedAt) && !upd.UpdatedAt.Equal(u.UpdatedAt) {
		t.Fatalf("updated_at went back: %v < %v", upd.UpdatedAt, u.UpdatedAt)
	}
	_, err = s.UpdateUser(ctx, uuid.NewString(), extralit.UserUpdate{FirstName: &newName})
	wantKind(t, err, extralit.KindNotFound)

	if err := s.DeleteUser(ctx, u.ID); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}
	wantKind(t, s.DeleteUser(ctx, u.ID), extralit.KindNotFound)
	_, err = s.UserByID(ctx, u.ID)
	wantKind(t, err, extralit.KindNotFound)
}

func testUserConflicts(t *testing.T, s extralit.Store) {
	ctx := context.Background()
	MustCreateUser(t, s, "ada", extralit.RoleAnnotator)
	dup := NewUser("ADA", extralit.RoleAnnotator)
	wantKind(t, s.CreateUser(ctx, dup), extralit.KindConflict)
	sameKey := NewUser("grace", extralit.RoleAnnotator)
	sameKey.APIKeyHash = "key-ada"
	wantKind(t, s.CreateUser(ctx, sameKey), extralit.KindConflict)
	other := MustCreateUser(t, s, "alan", extralit.RoleAnnotator)
	taken := "ada"
	_, err := s.UpdateUser(ctx, other.ID, extralit.UserUpdate{Username: &taken})
	wantKind(t, err, extralit.KindConflict)
	if n, _ := s.CountUsers(ctx); n != 2 {
		t.Fatalf("after conflicts CountUsers = %d, want 2", n)
	}
}

func testWorkspaces(t *testing.T, s extralit.Store) {
	ctx := context.Background()
	a := MustCreateWorkspace(t, s, "alpha")
	MustCreateWorkspace(t, s, "beta")
	wantKind(t, s.CreateWorkspace(ctx, &extralit.Workspace{ID: uuid.NewString(), Name: "alpha"}), extralit.KindConflict)
	if got, err := s.WorkspaceByName(ctx, "alpha"); err != nil || got.ID != a.ID || !got.InsertedAt.Equal(a.InsertedAt) {
		t.Fatalf("WorkspaceByName = %+v, %v", got, err)
	}
	if got, err := s.WorkspaceByID(ctx, a.ID); err != nil || got.Name != "alpha" {
		t.Fatalf("WorkspaceByID = %+v, %v", got, err)
	}
	_, err := s.WorkspaceByName(ctx, "gamma")
	wantKind(t, err, extralit.KindNotFound)
	ws, err := s.Workspaces(ctx)
	if err != nil || len(ws) != 2 || ws[0].Name != "alpha" || ws[1].Name != "beta" {
		t.Fatalf("Workspaces = %v, %v", ws, err)
	}
	if err := s.DeleteWorkspace(ctx, a.ID); err != nil {
		t.Fatalf("DeleteWorkspace: %v", err)
	}
	wantKind(t, s.DeleteWorkspace(ctx, a.ID), extralit.KindNotFound)
}

func testMembers(t *testing.T, s extralit.Store) {
	ctx := context.Background()
	w := MustCreateWorkspace(t, s, "lab")
	w2 := MustCreateWorkspace(t, s, "lab2")
	u := MustCreateUser(t, s, "bob", extralit.RoleAnnotator)
	v := MustCreateUser(t, s, "eve", extralit.RoleAnnotator)
	if err := s.AddMember(ctx, w.ID, u.ID); err != nil {
		t.Fatalf("AddMember: %v", err)
	}
	wantKind(t, s.AddMember(ctx, w.ID, u.ID), extralit.KindConflict)
	if err := s.AddMember(ctx, w.ID, v.ID); err != nil {
		t.Fatalf("AddMember: %v", err)
	}
	if err := s.AddMember(ctx, w2.ID, u.ID); err != nil {
		t.Fatalf("AddMember: %v", err)
	}
	if ok, err := s.IsMember(ctx, w.ID, u.ID); err != nil || !ok {
		t.Fatalf("IsMember = %v, %v; want true", ok, err)
	}
	if ok, err := s.IsMember(ctx, w2.ID, v.ID); err != nil || ok {
		t.Fatalf("IsMember(eve, lab2) = %v, %v; want false", ok, err)
	}
	members, err := s.Members(ctx, w.ID)
	if err != nil || len(members) != 2 || members[0].ID != u.ID || members[1].ID != v.ID {
		t.Fatalf("Members = %v, %v", members, err)
	}
	mine, err := s.WorkspacesOfUser(ctx, u.ID)
	if err != nil || len(mine) != 2 {
		t.Fatalf("WorkspacesOfUser = %v, %v; want 2", mine, err)
	}
	if err := s.RemoveMember(ctx, w.ID, u.ID); err != nil {
		t.Fatalf("RemoveMember: %v", err)
	}
	wantKind(t, s.RemoveMember(ctx, w.ID, u.ID), extralit.KindNotFound)
	// Deleting a user or a workspace takes its memberships with it.
	if err := s.DeleteUser(ctx, v.ID); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}
	if members, _ := s.Members(ctx, w.ID); len(members) != 0 {
		t.Fatalf("Members after deleting the user = %v, want none", members)
	}
	if err := s.DeleteWorkspace(ctx, w2.ID); err != nil {
		t.Fatalf("DeleteWorkspace: %v", err)
	}
	if mine, _ := s.WorkspacesOfUser(ctx, u.ID); len(mine) != 0 {
		t.Fatalf("WorkspacesOfUser after deleting the workspace = %v, want none", mine)
	}
}

func testSettings(t *testing.T, s extralit.Store) {
	ctx := context.Background()
	_, err := s.Setting(ctx, "auth_secret")
	wantKind(t, err, extralit.KindNotFound)
	v, err := s.PutSettingIfAbsent(ctx, "auth_secret", "first")
	if err != nil || v != "first" {
		t.Fatalf("PutSettingIfAbsent = %q, %v; want first", v, err)
	}
	v, err = s.PutSettingIfAbsent(ctx, "auth_secret", "second")
	if err != nil || v != "first" {
		t.Fatalf("second PutSettingIfAbsent = %q, %v; want the first value kept", v, err)
	}
}

func testTxRollback(t *testing.T, s extralit.Store) {
	ctx := context.Background()
	boom := errors.New("boom")
	err := s.InTx(ctx, func(q extralit.Queries) error {
		MustCreateWorkspace(t, q, "half")
		MustCreateUser(t, q, "half", extralit.RoleAnnotator)
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx = %v, want boom", err)
	}
	if _, err := s.WorkspaceByName(ctx, "half"); !extralit.IsKind(err, extralit.KindNotFound) {
		t.Fatalf("workspace survived a rolled back transaction: %v", err)
	}
	if n, _ := s.CountUsers(ctx); n != 0 {
		t.Fatalf("user survived a rolled back transaction: %d users", n)
	}
	err = s.InTx(ctx, func(q extralit.Queries) error {
		MustCreateWorkspace(t, q, "whole")
		return nil
	})
	if err != nil {
		t.Fatalf("InTx: %v", err)
	}
	if _, err := s.WorkspaceByName(ctx, "whole"); err != nil {
		t.Fatalf("committed workspace missing: %v", err)
	}
}
