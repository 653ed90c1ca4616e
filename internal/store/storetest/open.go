package storetest

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

// Engine is a database engine a test can run on.
type Engine struct {
	Name string
	// URL returns a database URL for a fresh, empty database, or skips.
	URL func(t *testing.T) string
}

// Engines lists SQLite always and PostgreSQL when TEST_POSTGRES_URL is set.
func Engines() []Engine {
	return []Engine{{"sqlite", func(t *testing.T) string { return SQLiteURL(t) }}, {"postgres", PostgresURL}}
}

// SQLiteURL returns the URL of a new SQLite file in a temporary folder.
func SQLiteURL(t testing.TB) string {
	t.Helper()
	return "sqlite://" + filepath.Join(t.TempDir(), "extralit.db")
}

// PostgresURL returns TEST_POSTGRES_URL pointed at a fresh schema of its
// own, dropped when the test ends, or skips the test when the variable is
// unset (CI always sets it).
func PostgresURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv("TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("TEST_POSTGRES_URL is not set: PostgreSQL variant skipped (the CI script sets it)")
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

// OpenMigrated opens the database at rawURL, migrates it, and closes it when
// the test ends.
func OpenMigrated(t testing.TB, rawURL string) *store.Store {
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
