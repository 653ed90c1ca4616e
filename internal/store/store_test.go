package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/store"
	"github.com/extralit/extralit-go/internal/store/storetest"
)

func TestStore(t *testing.T) {
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) extralit.Store { return e.open(t) })
		})
	}
}

func TestMigrateIsIdempotentAndVersioned(t *testing.T) {
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			s := e.open(t)
			ctx := context.Background()
			n, err := s.Migrate(ctx)
			if err != nil || n != 0 {
				t.Fatalf("second Migrate = %d, %v; want 0 applied", n, err)
			}
			ms, err := store.Migrations(s.Engine())
			if err != nil {
				t.Fatal(err)
			}
			v, err := s.SchemaVersion(ctx)
			if err != nil || v != len(ms) {
				t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, len(ms))
			}
		})
	}
}

func TestMigrateRefusesNewerDatabase(t *testing.T) {
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			s := e.open(t)
			ctx := context.Background()
			if _, err := s.DB().ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', CURRENT_TIMESTAMP)`); err != nil {
				t.Fatal(err)
			}
			_, err := s.Migrate(ctx)
			if err == nil || !strings.Contains(err.Error(), "9999") || !strings.Contains(err.Error(), "upgrade the binary") {
				t.Fatalf("Migrate on a newer database = %v; want a clear refusal naming version 9999", err)
			}
		})
	}
}

func TestMigrationsMatchAcrossEngines(t *testing.T) {
	lite, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].Version != pg[i].Version || lite[i].Name != pg[i].Name {
			t.Errorf("migration %d: sqlite %04d_%s, postgres %04d_%s", i, lite[i].Version, lite[i].Name, pg[i].Version, pg[i].Name)
		}
	}
}

func TestParseURL(t *testing.T) {
	tests := []struct {
		in         string
		wantEngine store.Engine
		wantPath   string
		wantErr    bool
	}{
		{"sqlite:///var/lib/x.db", store.SQLite, "/var/lib/x.db", false},
		{"sqlite+aiosqlite:///home/a/extralit.db?check_same_thread=False", store.SQLite, "/home/a/extralit.db", false},
		{"/tmp/y.db", store.SQLite, "/tmp/y.db", false},
		{"postgresql://u:p@localhost:5432/db", store.Postgres, "", false},
		{"postgresql+asyncpg://u:p@localhost/db", store.Postgres, "", false},
		{"mysql://x", "", "", true},
		{"", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			src, err := store.ParseURL(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseURL(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			}
			if src.Engine != tt.wantEngine || src.Path != tt.wantPath {
				t.Fatalf("ParseURL(%q) = %+v; want engine %q path %q", tt.in, src, tt.wantEngine, tt.wantPath)
			}
		})
	}
}
