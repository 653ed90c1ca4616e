package main_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/extralit/extralit-go/internal/oauth/oauthtest"
)

// signInThroughProvider plays the browser: the server's authentication
// route, the provider's consent page approved as user, and the web UI's
// callback call to the access-token route. It returns that last answer.
func signInThroughProvider(t *testing.T, server, providerBase, provider, user string) (int, map[string]any) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := b.Get(server + "/api/v1/oauth2/providers/" + provider + "/authentication")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("authentication: %d", res.StatusCode)
	}
	authorize := res.Header.Get("Location")
	res, err = b.Get(authorize)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`name="request" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("no consent form at %s:\n%s", authorize, page)
	}
	res, err = b.PostForm(providerBase+"/oauth/consent", url.Values{"request": {string(m[1])}, "user": {user}, "decision": {"approve"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	cb, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	res, err = b.Get(server + "/api/v1/oauth2/providers/" + provider + "/access-token?" + cb.RawQuery)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(res.Body).Decode(&body)
	return res.StatusCode, body
}

func bearerMe(t *testing.T, server, token string) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, server+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(res.Body).Decode(&m)
	return m
}

// TestSpaceOAuthSignIn starts the real binary with only what a Hugging Face
// Space with hf_oauth: true injects (the provider URL pointed at the test
// provider process), plus GitHub from an .oauth.yaml: the Space owner
// signs into the account seeded at start as owner, another person becomes
// an annotator in the Space's workspace, and GitHub sign-in works too.
func TestSpaceOAuthSignIn(t *testing.T) {
	provider := oauthtest.Start(t, oauthtest.Config{
		Clients: []oauthtest.Client{{ID: "space-client", Secret: "space-secret"}, {ID: "gh-client", Secret: "gh-secret"}},
		Users:   []oauthtest.User{{ID: 1, Username: "space-owner", Name: "Owner"}, {ID: 2, Username: "ana", Name: "Ana"}},
	})
	home := t.TempDir()
	yaml := fmt.Sprintf("providers:\n  - name: github\n    client_id: gh-client\n    client_secret: gh-secret\n"+
		"    authorize_url: %[1]s/login/oauth/authorize\n    token_url: %[1]s/login/oauth/access_token\n    api_url: %[1]s/api\n", provider)
	if err := os.WriteFile(filepath.Join(home, ".oauth.yaml"), []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	_, server, out := startServer(t, home, []string{
		"OAUTH_CLIENT_ID=space-client", "OAUTH_CLIENT_SECRET=space-secret", "OAUTH_SCOPES=openid profile",
		"OPENID_PROVIDER_URL=" + provider, "SPACE_HOST=me-extralit.hf.space", "USERNAME=space-owner", "WORKSPACE=extralit",
	})

	res, err := http.Get(server + "/api/v1/settings")
	if err != nil {
		t.Fatal(err)
	}
	var settings struct {
		Providers []struct{ Name string } `json:"oauth_providers"`
	}
	_ = json.NewDecoder(res.Body).Decode(&settings)
	res.Body.Close()
	if len(settings.Providers) != 2 || settings.Providers[0].Name != "github" || settings.Providers[1].Name != "huggingface" {
		t.Fatalf("settings oauth_providers = %+v\n%s", settings.Providers, out)
	}

	for _, tc := range []struct{ provider, user, role string }{
		{"huggingface", "space-owner", "owner"},
		{"huggingface", "ana", "annotator"},
	} {
		status, body := signInThroughProvider(t, server, provider, tc.provider, tc.user)
		if status != http.StatusOK {
			t.Fatalf("%s sign-in as %s: %d %v\n%s", tc.provider, tc.user, status, body, out)
		}
		me := bearerMe(t, server, body["access_token"].(string))
		if me["username"] != tc.user || me["role"] != tc.role {
			t.Fatalf("%s sign-in as %s gave %v", tc.provider, tc.user, me)
		}
		if tc.role == "annotator" {
			req, _ := http.NewRequest(http.MethodGet, server+"/api/v1/me/workspaces", nil)
			req.Header.Set("Authorization", "Bearer "+body["access_token"].(string))
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var ws struct{ Items []struct{ Name string } }
			_ = json.NewDecoder(res.Body).Decode(&ws)
			res.Body.Close()
			if len(ws.Items) != 1 || ws.Items[0].Name != "extralit" {
				t.Fatalf("%s's workspaces = %+v, want the Space's workspace extralit", tc.user, ws.Items)
			}
		}
	}
	// The GitHub user "ana" is not the Hugging Face user "ana" who now
	// owns that name.
	if status, body := signInThroughProvider(t, server, provider, "github", "ana"); status != http.StatusConflict {
		t.Fatalf("GitHub sign-in as an HF user's name: %d %v", status, body)
	}
	if strings.Contains(out.String(), "space-secret") {
		t.Fatalf("the client secret was logged:\n%s", out)
	}
}
