package oauth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/oauth2"

	"github.com/extralit/extralit-go/internal/extralit"
)

// Identity is who a provider says signed in.
type Identity struct {
	// Subject is the provider's stable id of the person (OpenID sub, or
	// GitHub's numeric id), unchanged by renames.
	Subject  string
	Username string
	Name     string
	Picture  string
	// Orgs are the person's organisations' usernames (Hugging Face).
	Orgs []string
}

// Provider is one configured sign-in provider.
type Provider struct {
	ProviderConfig
	oauth *oauth2.Config
}

// newProvider builds a provider from its normalized configuration.
func newProvider(c ProviderConfig) *Provider {
	return &Provider{ProviderConfig: c, oauth: &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		Endpoint:     oauth2.Endpoint{AuthURL: c.AuthorizeURL, TokenURL: c.TokenURL},
		Scopes:       strings.Fields(strings.ReplaceAll(c.Scope, ",", " ")),
	}}
}

// config returns the oauth2 configuration with the redirect URL of one flow.
func (p *Provider) config(redirect string) *oauth2.Config {
	c := *p.oauth
	c.RedirectURL = redirect
	return &c
}

// identity asks the provider who owns token.
func (p *Provider) identity(ctx context.Context, client *http.Client) (Identity, error) {
	switch p.Name {
	case HuggingFace:
		return p.huggingFaceIdentity(ctx, client)
	case GitHub:
		return p.gitHubIdentity(ctx, client)
	}
	return Identity{}, fmt.Errorf("provider %q has no identity lookup", p.Name)
}

// huggingFaceIdentity reads the OpenID Connect userinfo with Hugging Face's
// orgs extension.
func (p *Provider) huggingFaceIdentity(ctx context.Context, client *http.Client) (Identity, error) {
	var info struct {
		Sub               string `json:"sub"`
		PreferredUsername string `json:"preferred_username"`
		Name              string `json:"name"`
		Picture           string `json:"picture"`
		Orgs              []struct {
			Sub               string `json:"sub"`
			PreferredUsername string `json:"preferred_username"`
		} `json:"orgs"`
	}
	if err := getJSON(ctx, client, p.UserinfoURL, &info); err != nil {
		return Identity{}, err
	}
	id := Identity{Subject: info.Sub, Username: info.PreferredUsername, Name: info.Name, Picture: info.Picture}
	for _, o := range info.Orgs {
		id.Orgs = append(id.Orgs, o.PreferredUsername)
	}
	return id, nil
}

// gitHubIdentity reads GitHub's GET /user.
func (p *Provider) gitHubIdentity(ctx context.Context, client *http.Client) (Identity, error) {
	var u struct {
		ID        int64  `json:"id"`
		Login     string `json:"login"`
		Name      string `json:"name"`
		AvatarURL string `json:"avatar_url"`
	}
	if err := getJSON(ctx, client, strings.TrimRight(p.APIURL, "/")+"/user", &u); err != nil {
		return Identity{}, err
	}
	id := Identity{Username: u.Login, Name: u.Name, Picture: u.AvatarURL}
	if u.ID != 0 {
		id.Subject = strconv.FormatInt(u.ID, 10)
	}
	return id, nil
}

// getJSON fetches url with the token-carrying client and decodes its JSON.
func getJSON(ctx context.Context, client *http.Client, url string, dst any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("build request to %s: %w", url, err)
	}
	req.Header.Set("Accept", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return &extralit.Error{Kind: extralit.KindUnavailable, Code: "oauth_provider_unavailable",
			Message: "the sign-in provider did not answer; try again later"}
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("read %s: %w", url, err)
	}
	if res.StatusCode != http.StatusOK {
		return &extralit.Error{Kind: extralit.KindUnauthorized, Code: "oauth_profile_refused",
			Message: fmt.Sprintf("the sign-in provider refused to tell who signed in (%s); start the sign-in again", res.Status)}
	}
	if err := json.Unmarshal(body, dst); err != nil {
		return fmt.Errorf("decode the profile from %s: %w", url, err)
	}
	return nil
}
