package oauth

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/extralit/extralit-go/internal/config"
)

// The providers this package knows.
const (
	HuggingFace = "huggingface"
	GitHub      = "github"
)

// Default endpoints of the real providers.
const (
	huggingFaceBase = "https://huggingface.co"
	gitHubAuthURL   = "https://github.com/login/oauth/authorize"
	gitHubTokenURL  = "https://github.com/login/oauth/access_token"
	gitHubAPIURL    = "https://api.github.com"
)

// Config is every configured provider and where their users go.
type Config struct {
	Providers []ProviderConfig
	// AllowedWorkspaces are the workspaces a user joins on first sign-in;
	// missing ones are created at start.
	AllowedWorkspaces []string
	// OwnerUsername becomes owner on first sign-in through a provider that
	// may claim existing usernames (Hugging Face: the Space owner).
	OwnerUsername string
}

// ProviderConfig is one provider, as .oauth.yaml spells it. Endpoint fields
// default to the real provider's; tests point them at a local provider.
type ProviderConfig struct {
	Name         string   `yaml:"name"`
	DisplayName  string   `yaml:"display_name"`
	Icon         string   `yaml:"icon"`
	ClientID     string   `yaml:"client_id"`
	ClientSecret string   `yaml:"client_secret"`
	Scope        string   `yaml:"scope"`
	RedirectURI  string   `yaml:"redirect_uri"`
	AuthorizeURL string   `yaml:"authorize_url"`
	TokenURL     string   `yaml:"token_url"`
	UserinfoURL  string   `yaml:"userinfo_url"` // Hugging Face (OpenID Connect userinfo)
	APIURL       string   `yaml:"api_url"`      // GitHub REST API base
	AllowedOrgs  []string `yaml:"allowed_orgs"` // Hugging Face: only members of these orgs may sign in
	// PKCE sends an S256 code challenge; default true (both providers
	// support it).
	PKCE *bool `yaml:"pkce"`
	// ClaimExistingUsers lets a sign-in take over an existing account of
	// the same username that no provider has claimed yet (such as the
	// owner created at first start). Default true for Hugging Face, whose
	// usernames the Space settings name, and false for GitHub, so that a
	// GitHub login cannot take over a Hugging Face user's account.
	ClaimExistingUsers *bool `yaml:"claim_existing_users"`
	// Accepted for compatibility with the reference's file; unused.
	SyncUser any `yaml:"sync_user"`
}

// fileShape is the .oauth.yaml document.
type fileShape struct {
	Providers         []ProviderConfig `yaml:"providers"`
	AllowedWorkspaces []struct {
		Name string `yaml:"name"`
	} `yaml:"allowed_workspaces"`
	// Accepted for compatibility with the reference's file; unused.
	ExtraBackends     any `yaml:"extra_backends"`
	AllowHTTPRedirect any `yaml:"allow_http_redirect"`
}

// ParseFile reads an .oauth.yaml document. Unknown keys are refused, so a
// misspelt key is reported instead of ignored.
func ParseFile(data []byte) (Config, error) {
	var f fileShape
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	// An empty document decodes as io.EOF: no providers.
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return Config{}, fmt.Errorf("parse: %w", err)
	}
	c := Config{Providers: f.Providers}
	for i, w := range f.AllowedWorkspaces {
		if strings.TrimSpace(w.Name) == "" {
			return Config{}, fmt.Errorf("allowed_workspaces[%d] has no name", i)
		}
		c.AllowedWorkspaces = append(c.AllowedWorkspaces, strings.TrimSpace(w.Name))
	}
	return c, nil
}

// Load builds the provider configuration from the .oauth.yaml file the
// settings name (an absent default file is fine) and the environment, and
// validates it. No providers at all is a valid, empty configuration.
func Load(c *config.Config) (Config, error) {
	path, explicit := c.OAuthConfigFile()
	var out Config
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		if out, err = ParseFile(data); err != nil {
			return Config{}, fmt.Errorf("OAuth providers file %s: %w", path, err)
		}
	case errors.Is(err, fs.ErrNotExist) && !explicit:
	default:
		return Config{}, fmt.Errorf("read OAuth providers file (EXTRALIT_AUTH_OAUTH_CFG): %w", err)
	}
	out.OwnerUsername = c.OAuth.OwnerUsername
	spaceDefaults := mergeEnv(&out, c.OAuth)
	if spaceDefaults && len(out.AllowedWorkspaces) == 0 && c.SeedWorkspace != "" {
		// On a Space the reference's template lets users into the one
		// workspace the Space starts with.
		out.AllowedWorkspaces = []string{c.SeedWorkspace}
	}
	if err := Normalize(&out); err != nil {
		return Config{}, err
	}
	return out, nil
}

// mergeEnv fills in and adds providers from the environment. It reports
// whether the Hugging Face provider came from a Space's injected variables.
func mergeEnv(c *Config, env config.OAuth) (space bool) {
	hf := c.provider(HuggingFace)
	if env.HuggingFaceID != "" || env.HuggingFaceSecret != "" {
		if hf == nil {
			hf = c.add(HuggingFace)
		}
		setIfEmpty(&hf.ClientID, env.HuggingFaceID)
		setIfEmpty(&hf.ClientSecret, env.HuggingFaceSecret)
	}
	if env.SpaceClientID != "" && (hf == nil || hf.ClientID == "") {
		if hf == nil {
			hf = c.add(HuggingFace)
		}
		space = true
		hf.ClientID = env.SpaceClientID
		setIfEmpty(&hf.ClientSecret, env.SpaceClientSecret)
		setIfEmpty(&hf.Scope, env.SpaceScopes)
		if base := strings.TrimRight(env.SpaceProviderURL, "/"); base != "" {
			setIfEmpty(&hf.AuthorizeURL, base+"/oauth/authorize")
			setIfEmpty(&hf.TokenURL, base+"/oauth/token")
			setIfEmpty(&hf.UserinfoURL, base+"/oauth/userinfo")
		}
		if env.SpaceHost != "" {
			setIfEmpty(&hf.RedirectURI, "https://"+env.SpaceHost+"/oauth/huggingface/callback")
		}
	}
	if hf != nil {
		setIfEmpty(&hf.Scope, env.HuggingFaceScope)
		if len(hf.AllowedOrgs) == 0 {
			hf.AllowedOrgs = env.HuggingFaceOrgs
		}
	}
	if env.GitHubID != "" || env.GitHubSecret != "" {
		gh := c.provider(GitHub)
		if gh == nil {
			gh = c.add(GitHub)
		}
		setIfEmpty(&gh.ClientID, env.GitHubID)
		setIfEmpty(&gh.ClientSecret, env.GitHubSecret)
		setIfEmpty(&gh.Scope, env.GitHubScope)
	}
	return space
}

func setIfEmpty(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

func (c *Config) provider(name string) *ProviderConfig {
	for i := range c.Providers {
		if c.Providers[i].Name == name {
			return &c.Providers[i]
		}
	}
	return nil
}

func (c *Config) add(name string) *ProviderConfig {
	c.Providers = append(c.Providers, ProviderConfig{Name: name})
	return &c.Providers[len(c.Providers)-1]
}

// Normalize checks every provider of c and fills in the defaults. Load
// calls it; a Config built in code must go through it before New.
func Normalize(c *Config) error {
	seen := map[string]bool{}
	for i := range c.Providers {
		p := &c.Providers[i]
		p.Name = strings.ToLower(strings.TrimSpace(p.Name))
		if seen[p.Name] {
			return fmt.Errorf("OAuth provider %q is configured twice", p.Name)
		}
		seen[p.Name] = true
	}
	for i := range c.Providers {
		if err := c.Providers[i].normalize(); err != nil {
			return err
		}
	}
	return nil
}

func (p *ProviderConfig) normalize() error {
	yes, no := true, false
	switch p.Name {
	case HuggingFace:
		setIfEmpty(&p.DisplayName, "Hugging Face")
		setIfEmpty(&p.Icon, "huggingface")
		setIfEmpty(&p.Scope, "openid profile")
		setIfEmpty(&p.AuthorizeURL, huggingFaceBase+"/oauth/authorize")
		setIfEmpty(&p.TokenURL, huggingFaceBase+"/oauth/token")
		setIfEmpty(&p.UserinfoURL, huggingFaceBase+"/oauth/userinfo")
		if p.ClaimExistingUsers == nil {
			p.ClaimExistingUsers = &yes
		}
	case GitHub:
		if len(p.AllowedOrgs) > 0 {
			return fmt.Errorf("OAuth provider github: allowed_orgs is supported only for huggingface")
		}
		setIfEmpty(&p.DisplayName, "GitHub")
		setIfEmpty(&p.Icon, "github")
		setIfEmpty(&p.AuthorizeURL, gitHubAuthURL)
		setIfEmpty(&p.TokenURL, gitHubTokenURL)
		setIfEmpty(&p.APIURL, gitHubAPIURL)
		if p.ClaimExistingUsers == nil {
			p.ClaimExistingUsers = &no
		}
	case "":
		return fmt.Errorf("an OAuth provider has no name: use %s or %s", HuggingFace, GitHub)
	default:
		return fmt.Errorf("OAuth provider %q is not supported: use %s or %s", p.Name, HuggingFace, GitHub)
	}
	if p.PKCE == nil {
		p.PKCE = &yes
	}
	if p.ClientID == "" {
		return fmt.Errorf("OAuth provider %s has no client_id: set it in .oauth.yaml or OAUTH2_%s_CLIENT_ID",
			p.Name, strings.ToUpper(p.Name))
	}
	if p.ClientSecret == "" {
		return fmt.Errorf("OAuth provider %s has no client_secret: set it in .oauth.yaml or OAUTH2_%s_CLIENT_SECRET",
			p.Name, strings.ToUpper(p.Name))
	}
	for _, u := range []struct{ key, val string }{
		{"authorize_url", p.AuthorizeURL}, {"token_url", p.TokenURL}, {"userinfo_url", p.UserinfoURL},
		{"api_url", p.APIURL}, {"redirect_uri", p.RedirectURI},
	} {
		if u.val == "" {
			continue
		}
		parsed, err := url.Parse(u.val)
		if err != nil || (parsed.Scheme != "https" && parsed.Scheme != "http") || parsed.Host == "" {
			return fmt.Errorf("OAuth provider %s: %s %q is not an http(s) URL", p.Name, u.key, u.val)
		}
	}
	p.AllowedOrgs = slices.DeleteFunc(p.AllowedOrgs, func(s string) bool { return strings.TrimSpace(s) == "" })
	return nil
}
