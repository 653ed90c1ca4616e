package config_test

import (
	"testing"

	"github.com/extralit/extralit-go/internal/config"
)

func TestDeployFromEnv(t *testing.T) {
	tests := []struct {
		name      string
		env       map[string]string
		dbURL     string
		onSpace   bool
		temporary bool
		subdomain string
		author    string
	}{
		{name: "outside a Space", env: map[string]string{}, onSpace: false, temporary: false},
		{name: "Space without storage", env: map[string]string{"SPACE_ID": "ada/lab", "SPACE_HOST": "ada-lab.hf.space"},
			onSpace: true, temporary: true, subdomain: "ada-lab", author: "ada"},
		{name: "Space with /data", env: map[string]string{"SPACE_ID": "ada/lab", "PERSISTANT_STORAGE_ENABLED": "true"},
			onSpace: true, temporary: false, author: "ada"},
		{name: "Space with PostgreSQL", env: map[string]string{"SPACE_ID": "ada/lab"}, dbURL: "postgresql://db/x",
			onSpace: true, temporary: false, author: "ada"},
		{name: "Space with SQLite URL", env: map[string]string{"SPACE_ID": "ada/lab"}, dbURL: "sqlite:///tmp/x.db",
			onSpace: true, temporary: true, author: "ada"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := config.DeployFromEnv(func(k string) string { return tt.env[k] })
			c := config.Default()
			c.DatabaseURL = tt.dbURL
			if got := d.Space.OnSpace(); got != tt.onSpace {
				t.Errorf("OnSpace() = %v, want %v", got, tt.onSpace)
			}
			if got := d.TemporaryStorage(c); got != tt.temporary {
				t.Errorf("TemporaryStorage() = %v, want %v", got, tt.temporary)
			}
			if d.Space.Subdomain != tt.subdomain || d.Space.Author != tt.author {
				t.Errorf("subdomain, author = %q, %q; want %q, %q", d.Space.Subdomain, d.Space.Author, tt.subdomain, tt.author)
			}
		})
	}
}
