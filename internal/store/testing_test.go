package store_test

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/store"
)

// openSQLite returns a migrated store on a fresh SQLite file.
func openSQLite(t *testing.T) *store.Store {
	t.Helper()
	return openMigrated(t, "sqlite://"+filepath.Join(t.TempDir(), "extralit.db"))
}

// postgresURL returns TEST_POSTGRES_URL pointed at a fresh schema of its
// own, dropped when the test ends, or skips when the variable is unset.
func postgresURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv("TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("TEST_POSTGRES_URL is not set: PostgreSQL store tests skipped (the CI script sets it)")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open %s: %v", base, err)
	}
	t.Cleanup(func() { admin.Close() })
	schema := "t_" + strings.ReplaceAll(uuid.NewString(), "-", "")[:16]
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse TEST_POSTGRES_URL: %v", err)
	}
	qs := u.Query()
	qs.Set("search_path", schema)
	u.RawQuery = qs.Encode()
	return u.String()
}

func openMigrated(t *testing.T, rawURL string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), rawURL)
	if err != nil {
		t.Fatalf("open %s: %v", rawURL, err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

// engines lists the engines to run a test on.
func engines() []struct {
	name string
	open func(t *testing.T) *store.Store
} {
	return []struct {
		name string
		open func(t *testing.T) *store.Store
	}{
		{"sqlite", openSQLite},
		{"postgres", func(t *testing.T) *store.Store { return openMigrated(t, postgresURL(t)) }},
	}
}
