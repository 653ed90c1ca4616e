package service_test

import (
	"context"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/memory"
	"github.com/extralit/extralit-go/internal/service"
	"github.com/extralit/extralit-go/internal/store/storetest"
)

// newTestService opens a migrated database at dbURL and a service on it
// with an embedded index (wrapped by wrap, when given) and an owner.
func newTestService(t *testing.T, dbURL string, wrap func(search.Index) search.Index) (*service.Service, *extralit.User) {
	t.Helper()
	ctx := context.Background()
	st := storetest.OpenMigrated(t, dbURL)
	auth, err := service.NewAuth(ctx, st, service.AuthConfig{BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(st, auth, nil)
	// The default engine; the on-disk one is proved by its own suite and
	// by the outbox tests.
	bl := memory.New()
	t.Cleanup(func() { bl.Close() })
	var idx search.Index = bl
	if wrap != nil {
		idx = wrap(bl)
	}
	svc.SetIndex(idx)
	owner, err := svc.CreateUserAsOperator(ctx, service.UserCreate{Username: "o", Password: "o-password", Role: extralit.RoleOwner})
	if err != nil {
		t.Fatal(err)
	}
	return svc, owner.User
}
