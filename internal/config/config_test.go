package config_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/config"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestFromEnv(t *testing.T) {
	c, err := config.FromEnv(env(map[string]string{
		"EXTRALIT_PORT":            "7000",
		"EXTRALIT_HOME_PATH":       "/data",
		"EXTRALIT_MAX_UPLOAD_SIZE": "5MB",
		"USERNAME":                 "space-owner",
		"EXTRALIT_USERNAME":        "",
		"EXTRALIT_CORS_ORIGINS":    `["http://a", "http://b"]`,
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 7000 || c.HomePath != "/data" || c.MaxUploadBytes != 5<<20 || c.SeedUsername != "space-owner" {
		t.Fatalf("FromEnv = %+v", c)
	}
	if len(c.CORSOrigins) != 2 || c.CORSOrigins[1] != "http://b" {
		t.Fatalf("CORSOrigins = %q", c.CORSOrigins)
	}
	if got, want := c.Database(), "sqlite://"+filepath.Join("/data", "extralit.db"); got != want {
		t.Fatalf("Database() = %q, want %q", got, want)
	}
}

func TestFromEnvOAuth(t *testing.T) {
	c, err := config.FromEnv(env(map[string]string{
		"EXTRALIT_HOME_PATH":               "/data",
		"OAUTH2_HUGGINGFACE_CLIENT_ID":     "hf-id",
		"OAUTH2_HUGGINGFACE_CLIENT_SECRET": "hf-secret",
		"OAUTH2_HUGGINGFACE_ALLOWED_ORGS":  "lab-a, lab-b",
		"OAUTH2_GITHUB_CLIENT_ID":          "gh-id",
		"OAUTH2_GITHUB_CLIENT_SECRET":      "gh-secret",
		"OAUTH_CLIENT_ID":                  "space-id",
		"OAUTH_SCOPES":                     "openid profile",
		"OPENID_PROVIDER_URL":              "https://huggingface.co",
		"SPACE_HOST":                       "me-extralit.hf.space",
		"USERNAME":                         "space-owner",
	}))
	if err != nil {
		t.Fatal(err)
	}
	o := c.OAuth
	if o.HuggingFaceID != "hf-id" || o.HuggingFaceSecret != "hf-secret" || o.GitHubID != "gh-id" || o.GitHubSecret != "gh-secret" {
		t.Fatalf("provider credentials = %+v", o)
	}
	if len(o.HuggingFaceOrgs) != 2 || o.HuggingFaceOrgs[1] != "lab-b" {
		t.Fatalf("HuggingFaceOrgs = %q, want [lab-a lab-b]", o.HuggingFaceOrgs)
	}
	if o.SpaceClientID != "space-id" || o.SpaceScopes != "openid profile" || o.SpaceProviderURL != "https://huggingface.co" ||
		o.SpaceHost != "me-extralit.hf.space" || o.OwnerUsername != "space-owner" {
		t.Fatalf("Space settings = %+v", o)
	}
	if path, explicit := c.OAuthConfigFile(); path != filepath.Join("/data", ".oauth.yaml") || explicit {
		t.Fatalf("OAuthConfigFile() = %q, %v; want the home path's .oauth.yaml, not explicit", path, explicit)
	}
	c.OAuth.ConfigFile = "/etc/extralit/oauth.yaml"
	if path, explicit := c.OAuthConfigFile(); path != "/etc/extralit/oauth.yaml" || !explicit {
		t.Fatalf("OAuthConfigFile() = %q, %v; want the named file, explicit", path, explicit)
	}
}

func TestFromEnvRejectsBadValues(t *testing.T) {
	_, err := config.FromEnv(env(map[string]string{"EXTRALIT_PORT": "sixty", "EXTRALIT_MAX_UPLOAD_SIZE": "lots"}))
	if err == nil || !strings.Contains(err.Error(), "EXTRALIT_PORT") || !strings.Contains(err.Error(), "EXTRALIT_MAX_UPLOAD_SIZE") {
		t.Fatalf("FromEnv error = %v; want both bad variables named", err)
	}
}

func TestValidate(t *testing.T) {
	c := config.Default()
	c.LogFormat = "xml"
	if err := c.Validate(); err == nil {
		t.Fatal("Validate accepted log format xml")
	}
	c = config.Default()
	c.BaseURL = "extralit"
	if err := c.Validate(); err != nil || c.BaseURL != "/extralit/" {
		t.Fatalf("Validate: %v, BaseURL %q", err, c.BaseURL)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"10": 10, "1KB": 1024, "2 MiB": 2 << 20, "1g": 1 << 30} {
		if got, err := config.ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	if _, err := config.ParseSize("-1"); err == nil {
		t.Error("ParseSize(-1) accepted")
	}
}

func TestSearchEngine(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		engine  string
		url     string
		wantErr string
	}{
		{name: "default is embedded", env: nil, engine: config.SearchEmbedded},
		{name: "embedded on disk", env: map[string]string{"EXTRALIT_SEARCH_ENGINE": "embedded-disk"}, engine: config.SearchEmbeddedDisk},
		{name: "opensearch with a URL", env: map[string]string{"EXTRALIT_SEARCH_ENGINE": "opensearch",
			"EXTRALIT_ELASTICSEARCH": "https://os:9200", "EXTRALIT_ELASTICSEARCH_CA_PATH": "/ca.pem",
			"EXTRALIT_ELASTICSEARCH_API_KEY": "k"}, engine: config.SearchOpenSearch, url: "https://os:9200"},
		{name: "elasticsearch defaults to the reference's address", env: map[string]string{"EXTRALIT_SEARCH_ENGINE": "elasticsearch"},
			engine: config.SearchElasticsearch, url: "http://localhost:9200"},
		{name: "unknown engine lists the valid ones", env: map[string]string{"EXTRALIT_SEARCH_ENGINE": "solr"},
			wantErr: "use embedded, embedded-disk, elasticsearch or opensearch"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := config.FromEnv(env(tc.env))
			if err != nil {
				t.Fatal(err)
			}
			err = c.Validate()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Validate error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if c.SearchEngine != tc.engine || c.ElasticsearchURL != tc.url {
				t.Errorf("engine, URL = %q, %q; want %q, %q", c.SearchEngine, c.ElasticsearchURL, tc.engine, tc.url)
			}
		})
	}
}

func TestValidatePprofAddr(t *testing.T) {
	for _, tc := range []struct {
		addr string
		ok   bool
	}{
		{"", true},
		{"127.0.0.1:6060", true},
		{"localhost:0", true},
		{"[::1]:6060", true},
		{"0.0.0.0:6060", false},
		{":6060", false},
		{"10.0.0.5:6060", false},
		{"6060", false},
	} {
		c := config.Default()
		c.PprofAddr = tc.addr
		if err := c.Validate(); (err == nil) != tc.ok {
			t.Errorf("PprofAddr %q: Validate = %v, want ok=%v", tc.addr, err, tc.ok)
		}
	}
}

func TestFromEnvOutboxSettings(t *testing.T) {
	c, err := config.FromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.OutboxPollInterval != 250*time.Millisecond || c.ImportIndexTimeout != 2*time.Minute {
		t.Fatalf("defaults: outbox interval %v, import index timeout %v; want 250ms, 2m", c.OutboxPollInterval, c.ImportIndexTimeout)
	}
	c, err = config.FromEnv(env(map[string]string{"EXTRALIT_SEARCH_OUTBOX_INTERVAL": "50ms", "EXTRALIT_IMPORT_INDEX_TIMEOUT": "5s"}))
	if err != nil || c.OutboxPollInterval != 50*time.Millisecond || c.ImportIndexTimeout != 5*time.Second {
		t.Fatalf("FromEnv = %v, %v, %v; want 50ms, 5s", c.OutboxPollInterval, c.ImportIndexTimeout, err)
	}
	_, err = config.FromEnv(env(map[string]string{"EXTRALIT_IMPORT_INDEX_TIMEOUT": "soon"}))
	if err == nil || !strings.Contains(err.Error(), "EXTRALIT_IMPORT_INDEX_TIMEOUT") {
		t.Fatalf("a bad duration gave %v; want an error naming the variable", err)
	}
}

func TestKNNCandidates(t *testing.T) {
	c, err := config.FromEnv(env(map[string]string{"EXTRALIT_ELASTICSEARCH_KNN_CANDIDATES": "1000"}))
	if err != nil || c.ElasticsearchKNNCandidates != 1000 {
		t.Fatalf("FromEnv = %d, %v; want 1000", c.ElasticsearchKNNCandidates, err)
	}
	for _, v := range []string{"-1", "10001", "many"} {
		c, err := config.FromEnv(env(map[string]string{"EXTRALIT_ELASTICSEARCH_KNN_CANDIDATES": v}))
		if err == nil {
			err = c.Validate()
		}
		if err == nil || !strings.Contains(err.Error(), "EXTRALIT_ELASTICSEARCH_KNN_CANDIDATES") {
			t.Errorf("EXTRALIT_ELASTICSEARCH_KNN_CANDIDATES=%s gave %v; want an error naming it", v, err)
		}
	}
}
