package oauthtest_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"

	"github.com/extralit/extralit-go/internal/oauth/oauthtest"
)

var requestField = regexp.MustCompile(`name="request" value="([^"]+)"`)

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// code runs authorize and an approving consent and returns the code.
func code(t *testing.T, base, challenge string) string {
	t.Helper()
	q := url.Values{"client_id": {"c"}, "response_type": {"code"}, "redirect_uri": {"http://app/cb"}, "state": {"s1"}}
	if challenge != "" {
		q.Set("code_challenge", challenge)
		q.Set("code_challenge_method", "S256")
	}
	res, err := http.Get(base + "/oauth/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	page, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	m := requestField.FindStringSubmatch(string(page))
	if m == nil {
		t.Fatalf("no consent form: %s", page)
	}
	res, err = noRedirects.PostForm(base+"/oauth/consent", url.Values{"request": {m[1]}, "user": {"ana"}, "decision": {"approve"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" || loc.Query().Get("state") != "s1" {
		t.Fatalf("consent redirect = %q", res.Header.Get("Location"))
	}
	return loc.Query().Get("code")
}

func exchange(t *testing.T, base string, form url.Values) (int, map[string]any) {
	t.Helper()
	res, err := http.PostForm(base+"/oauth/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(res.Body).Decode(&body)
	return res.StatusCode, body
}

// TestProviderRefusesWhatARealProviderRefuses checks the token endpoint's
// rules that the sign-in tests rely on.
func TestProviderRefusesWhatARealProviderRefuses(t *testing.T) {
	srv := httptest.NewServer(oauthtest.New(oauthtest.Config{
		Clients: []oauthtest.Client{{ID: "c", Secret: "s"}},
		Users:   []oauthtest.User{{ID: 7, Username: "ana", Name: "Ana"}},
	}))
	defer srv.Close()
	verifier := "a-long-enough-verifier-for-the-test-0123456789"
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	good := func(c string) url.Values {
		return url.Values{"grant_type": {"authorization_code"}, "code": {c}, "redirect_uri": {"http://app/cb"},
			"client_id": {"c"}, "client_secret": {"s"}, "code_verifier": {verifier}}
	}
	for _, tc := range []struct {
		name   string
		change func(url.Values)
		status int
		err    string
	}{
		{"wrong verifier", func(f url.Values) { f.Set("code_verifier", "other") }, 400, "invalid_grant"},
		{"no verifier", func(f url.Values) { f.Del("code_verifier") }, 400, "invalid_grant"},
		{"wrong secret", func(f url.Values) { f.Set("client_secret", "x") }, 401, "invalid_client"},
		{"other redirect", func(f url.Values) { f.Set("redirect_uri", "http://evil/cb") }, 400, "invalid_grant"},
		{"unknown code", func(f url.Values) { f.Set("code", "nope") }, 400, "invalid_grant"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := good(code(t, srv.URL, challenge))
			tc.change(form)
			status, body := exchange(t, srv.URL, form)
			if status != tc.status || body["error"] != tc.err {
				t.Fatalf("status %d body %v, want %d %s", status, body, tc.status, tc.err)
			}
		})
	}
	t.Run("single use", func(t *testing.T) {
		form := good(code(t, srv.URL, challenge))
		status, body := exchange(t, srv.URL, form)
		if status != 200 || body["access_token"] == nil {
			t.Fatalf("first exchange: %d %v", status, body)
		}
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/oauth/userinfo", nil)
		req.Header.Set("Authorization", "Bearer "+body["access_token"].(string))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var info map[string]any
		_ = json.NewDecoder(res.Body).Decode(&info)
		res.Body.Close()
		if info["preferred_username"] != "ana" || info["sub"] != "7" {
			t.Fatalf("userinfo = %v", info)
		}
		if status, body := exchange(t, srv.URL, form); status != 400 || body["error"] != "invalid_grant" {
			t.Fatalf("second exchange: %d %v, want 400 invalid_grant", status, body)
		}
		// The replay revoked the token the code gave.
		res, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("userinfo after replay: %d, want 401", res.StatusCode)
		}
	})
}
