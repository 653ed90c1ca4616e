package oauth_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/extralit/extralit-go/internal/config"
	"github.com/extralit/extralit-go/internal/oauth"
)

// settings returns a config with the home path in a temporary folder.
func settings(t *testing.T, o config.OAuth) *config.Config {
	t.Helper()
	c := config.Default()
	c.HomePath = t.TempDir()
	c.OAuth = o
	return &c
}

func find(t *testing.T, c oauth.Config, name string) oauth.ProviderConfig {
	t.Helper()
	for _, p := range c.Providers {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("provider %s not configured; have %+v", name, c.Providers)
	return oauth.ProviderConfig{}
}

func TestLoadFromEnvironment(t *testing.T) {
	c, err := oauth.Load(settings(t, config.OAuth{
		HuggingFaceID: "hf-id", HuggingFaceSecret: "hf-secret", HuggingFaceOrgs: []string{"lab"},
		GitHubID: "gh-id", GitHubSecret: "gh-secret", OwnerUsername: "boss",
	}))
	if err != nil {
		t.Fatal(err)
	}
	hf, gh := find(t, c, oauth.HuggingFace), find(t, c, oauth.GitHub)
	if hf.ClientID != "hf-id" || hf.ClientSecret != "hf-secret" || hf.Scope != "openid profile" ||
		hf.AuthorizeURL != "https://huggingface.co/oauth/authorize" || hf.TokenURL != "https://huggingface.co/oauth/token" ||
		hf.UserinfoURL != "https://huggingface.co/oauth/userinfo" || !slices.Equal(hf.AllowedOrgs, []string{"lab"}) {
		t.Fatalf("huggingface = %+v", hf)
	}
	if gh.ClientID != "gh-id" || gh.AuthorizeURL != "https://github.com/login/oauth/authorize" ||
		gh.TokenURL != "https://github.com/login/oauth/access_token" || gh.APIURL != "https://api.github.com" {
		t.Fatalf("github = %+v", gh)
	}
	if !*hf.PKCE || !*gh.PKCE || !*hf.ClaimExistingUsers || *gh.ClaimExistingUsers {
		t.Fatalf("defaults: pkce %v/%v claim %v/%v, want PKCE on both and claims for huggingface only",
			*hf.PKCE, *gh.PKCE, *hf.ClaimExistingUsers, *gh.ClaimExistingUsers)
	}
	if c.OwnerUsername != "boss" || len(c.AllowedWorkspaces) != 0 {
		t.Fatalf("owner %q workspaces %q", c.OwnerUsername, c.AllowedWorkspaces)
	}
}

// TestLoadOnASpace checks the variables a Space with hf_oauth: true
// injects are enough, with the redirect URL derived from SPACE_HOST.
func TestLoadOnASpace(t *testing.T) {
	s := settings(t, config.OAuth{
		SpaceClientID: "space-id", SpaceClientSecret: "space-secret", SpaceScopes: "openid profile email",
		SpaceProviderURL: "https://hf.example/", SpaceHost: "me-extralit.hf.space", OwnerUsername: "me",
	})
	c, err := oauth.Load(s)
	if err != nil {
		t.Fatal(err)
	}
	hf := find(t, c, oauth.HuggingFace)
	if hf.ClientID != "space-id" || hf.ClientSecret != "space-secret" || hf.Scope != "openid profile email" {
		t.Fatalf("credentials = %+v", hf)
	}
	if hf.AuthorizeURL != "https://hf.example/oauth/authorize" || hf.TokenURL != "https://hf.example/oauth/token" ||
		hf.UserinfoURL != "https://hf.example/oauth/userinfo" {
		t.Fatalf("endpoints = %+v", hf)
	}
	if hf.RedirectURI != "https://me-extralit.hf.space/oauth/huggingface/callback" {
		t.Fatalf("redirect = %q", hf.RedirectURI)
	}
	if !slices.Equal(c.AllowedWorkspaces, []string{s.SeedWorkspace}) {
		t.Fatalf("allowed workspaces = %q, want the Space's workspace %q", c.AllowedWorkspaces, s.SeedWorkspace)
	}
	// Explicit OAUTH2_HUGGINGFACE_* win over the Space's variables.
	s.OAuth.HuggingFaceID, s.OAuth.HuggingFaceSecret = "own-app", "own-secret"
	c, err = oauth.Load(s)
	if err != nil {
		t.Fatal(err)
	}
	if hf := find(t, c, oauth.HuggingFace); hf.ClientID != "own-app" || hf.RedirectURI != "" {
		t.Fatalf("with an own app: %+v", hf)
	}
}

func TestLoadFile(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "reference.oauth.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := settings(t, config.OAuth{GitHubID: "gh-id", GitHubSecret: "gh-secret", HuggingFaceID: "env-id"})
	if err := os.WriteFile(filepath.Join(s.HomePath, ".oauth.yaml"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := oauth.Load(s)
	if err != nil {
		t.Fatal(err)
	}
	if hf := find(t, c, oauth.HuggingFace); hf.ClientID != "file-id" || !slices.Equal(hf.AllowedOrgs, []string{"lab"}) {
		t.Fatalf("the file's values must win over the environment: %+v", hf)
	}
	find(t, c, oauth.GitHub)
	if !slices.Equal(c.AllowedWorkspaces, []string{"argilla", "extralit"}) {
		t.Fatalf("allowed workspaces = %q", c.AllowedWorkspaces)
	}
}

func TestLoadWithoutProviders(t *testing.T) {
	c, err := oauth.Load(settings(t, config.OAuth{}))
	if err != nil || len(c.Providers) != 0 {
		t.Fatalf("Load() = %+v, %v; want no providers and no error", c, err)
	}
}

// TestLoadErrors checks each mistake is reported with what to fix.
func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		env        config.OAuth
		explicit   string
		want       string
	}{
		{name: "misspelt key", file: "providers:\n  - name: github\n    client_ide: x\n", want: "client_ide"},
		{name: "unknown provider", file: "providers:\n  - name: gitlab\n    client_id: a\n    client_secret: b\n", want: `"gitlab" is not supported: use huggingface or github`},
		{name: "no secret", env: config.OAuth{GitHubID: "id"}, want: "github has no client_secret: set it in .oauth.yaml or OAUTH2_GITHUB_CLIENT_SECRET"},
		{name: "no id", env: config.OAuth{HuggingFaceSecret: "s"}, want: "OAUTH2_HUGGINGFACE_CLIENT_ID"},
		{name: "twice", file: "providers:\n  - name: github\n  - name: github\n", want: "configured twice"},
		{name: "bad url", file: "providers:\n  - name: github\n    client_id: a\n    client_secret: b\n    token_url: ftp://x\n", want: `token_url "ftp://x" is not an http(s) URL`},
		{name: "orgs on github", file: "providers:\n  - name: github\n    client_id: a\n    client_secret: b\n    allowed_orgs: [x]\n", want: "allowed_orgs is supported only for huggingface"},
		{name: "unnamed workspace", file: "allowed_workspaces:\n  - name: ''\n", want: "allowed_workspaces[0] has no name"},
		{name: "missing named file", explicit: "does-not-exist.yaml", want: "EXTRALIT_AUTH_OAUTH_CFG"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := settings(t, tc.env)
			if tc.file != "" {
				if err := os.WriteFile(filepath.Join(s.HomePath, ".oauth.yaml"), []byte(tc.file), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if tc.explicit != "" {
				s.OAuth.ConfigFile = filepath.Join(s.HomePath, tc.explicit)
			}
			_, err := oauth.Load(s)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load() error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}
