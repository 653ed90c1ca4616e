package oauth_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/oauth"
	"github.com/extralit/extralit-go/internal/service"
	"github.com/extralit/extralit-go/internal/store/storetest"
)

// forEngine runs fn on SQLite and, when TEST_POSTGRES_URL is set,
// PostgreSQL; newURL gives a fresh empty database each call.
func forEngine(t *testing.T, fn func(t *testing.T, newURL func(t *testing.T) string)) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) { fn(t, eng.URL) })
	}
}

// memberships lists the names of the workspaces a user is a member of.
func (e *env) memberships(userID string) []string {
	e.t.Helper()
	ws, err := e.svc.Store().WorkspacesOfUser(context.Background(), userID)
	if err != nil {
		e.t.Fatal(err)
	}
	var names []string
	for _, w := range ws {
		names = append(names, w.Name)
	}
	slices.Sort(names)
	return names
}

func (e *env) userCount() int {
	e.t.Helper()
	n, err := e.svc.Store().CountUsers(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// TestSignInCreatesUserOnce runs the whole redirect → consent → callback →
// token flow for both provider shapes: the first sign-in creates the user
// with the role rule and the allowed workspaces, the token is a working
// bearer token, and later sign-ins find the same user.
func TestSignInCreatesUserOnce(t *testing.T) {
	forEngine(t, func(t *testing.T, newURL func(t *testing.T) string) {
		for _, tc := range []struct {
			provider, user string
			wantRole       extralit.Role
		}{
			{oauth.HuggingFace, "space-owner", extralit.RoleOwner},
			{oauth.HuggingFace, "ana", extralit.RoleAnnotator},
			// USERNAME names a Hugging Face account: a GitHub login of the
			// same name is someone else and gets no owner rights.
			{oauth.GitHub, "space-owner", extralit.RoleAnnotator},
			{oauth.GitHub, "ana", extralit.RoleAnnotator},
		} {
			t.Run(tc.provider+"/"+tc.user, func(t *testing.T) {
				e := newEnv(t, newURL(t), nil)
				before := e.userCount()
				first := e.me(e.mustSignIn(tc.provider, tc.user))
				if first["username"] != tc.user || first["role"] != string(tc.wantRole) {
					t.Fatalf("first sign-in: username %v role %v, want %s %s", first["username"], first["role"], tc.user, tc.wantRole)
				}
				if got := e.userCount(); got != before+1 {
					t.Fatalf("users after first sign-in = %d, want %d", got, before+1)
				}
				if got, want := e.memberships(first["id"].(string)), []string{"extralit", "shared"}; !slices.Equal(got, want) {
					t.Fatalf("workspaces = %q, want %q", got, want)
				}
				again := e.me(e.mustSignIn(tc.provider, tc.user))
				if again["id"] != first["id"] {
					t.Fatalf("second sign-in gave user %v, want the same user %v", again["id"], first["id"])
				}
				if got := e.userCount(); got != before+1 {
					t.Fatalf("users after second sign-in = %d, want still %d", got, before+1)
				}
			})
		}
	})
}

// TestSignInAnswersLikePasswordLogin checks the answer carries the same
// kind of tokens as POST /api/v1/token: an access token for the API and a
// refresh token that POST /api/v1/token/refresh accepts.
func TestSignInAnswersLikePasswordLogin(t *testing.T) {
	e := newEnv(t, storetest.SQLiteURL(t), nil)
	a := e.signIn(e.newBrowser(), oauth.HuggingFace, "ana")
	if a.status != http.StatusOK {
		t.Fatalf("status %d\n%s", a.status, a.body)
	}
	body := a.json(t)
	if body["token_type"] != "bearer" {
		t.Fatalf("token_type = %v, want bearer", body["token_type"])
	}
	refresh, _ := body["refresh_token"].(string)
	if refresh == "" {
		t.Fatalf("no refresh_token in %s", a.body)
	}
	if cc := a.header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("Cache-Control = %q, want no-store on a token answer", cc)
	}
	res, err := http.Post(e.srv.URL+"/api/v1/token/refresh", "application/json", strings.NewReader(`{"refresh_token":"`+refresh+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var refreshed struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&refreshed); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("refresh: status %d, decode error %v", res.StatusCode, err)
	}
	if me := e.me(refreshed.AccessToken); me["username"] != "ana" {
		t.Fatalf("refreshed token is for %v, want ana", me["username"])
	}
}

// TestOAuthUserCanUseAPIKey checks the SDK path: a user created by signing
// in has no usable password, renews their API key (as the UI's user
// settings do) and then authenticates with it.
func TestOAuthUserCanUseAPIKey(t *testing.T) {
	e := newEnv(t, storetest.SQLiteURL(t), nil)
	tok := e.mustSignIn(oauth.GitHub, "ana")
	a := e.api(http.MethodPost, "/api/v1/me/api-key", tok, "")
	if a.status != http.StatusOK && a.status != http.StatusCreated {
		t.Fatalf("POST /me/api-key: status %d\n%s", a.status, a.body)
	}
	key, _ := a.json(t)["api_key"].(string)
	if key == "" {
		t.Fatalf("no api_key in %s", a.body)
	}
	me := e.api(http.MethodGet, "/api/v1/me", "", key)
	if me.status != http.StatusOK || me.json(t)["username"] != "ana" {
		t.Fatalf("GET /me with the API key: status %d\n%s", me.status, me.body)
	}
	// The generated password is unknown, so a password login fails.
	login := e.newBrowser().do(http.MethodPost, e.srv.URL+"/api/v1/token",
		map[string][]string{"username": {"ana"}, "password": {"12345678"}}, nil)
	if login.status != http.StatusUnauthorized {
		t.Fatalf("password login of an OAuth user: status %d, want 401", login.status)
	}
}

// TestExistingAccounts covers accounts that exist before the first
// sign-in: Hugging Face may claim an unclaimed account of its username
// (the Space owner seeded at start), GitHub may not, and once claimed an
// account belongs to that provider account only.
func TestExistingAccounts(t *testing.T) {
	forEngine(t, func(t *testing.T, newURL func(t *testing.T) string) {
		e := newEnv(t, newURL(t), nil)
		ctx := context.Background()
		seeded, err := e.svc.CreateUserAsOperator(ctx, service.UserCreate{Username: "seeded", Role: extralit.RoleOwner, Password: "seeded-password"})
		if err != nil {
			t.Fatal(err)
		}
		gh := e.signIn(e.newBrowser(), oauth.GitHub, "seeded")
		if gh.status != http.StatusConflict || gh.code(t) != "oauth_account_conflict" {
			t.Fatalf("GitHub sign-in onto an unclaimed account: status %d code %q, want 409 oauth_account_conflict\n%s", gh.status, gh.code(t), gh.body)
		}
		me := e.me(e.mustSignIn(oauth.HuggingFace, "seeded"))
		if me["id"] != seeded.ID || me["role"] != "owner" {
			t.Fatalf("Hugging Face sign-in onto the seeded account gave %v (%v), want %s (owner)", me["id"], me["role"], seeded.ID)
		}
		// Claimed by Hugging Face: a GitHub login of the same name is
		// still refused.
		gh = e.signIn(e.newBrowser(), oauth.GitHub, "seeded")
		if gh.status != http.StatusConflict {
			t.Fatalf("GitHub sign-in onto a Hugging Face account: status %d, want 409\n%s", gh.status, gh.body)
		}
		// An account created by GitHub is refused to Hugging Face's
		// same-named user.
		e.mustSignIn(oauth.GitHub, "ana")
		hf := e.signIn(e.newBrowser(), oauth.HuggingFace, "ana")
		if hf.status != http.StatusConflict || !strings.Contains(string(hf.body), "ana") {
			t.Fatalf("Hugging Face sign-in onto a GitHub account: status %d, want 409 naming the account\n%s", hf.status, hf.body)
		}
	})
}

// TestStateIsBoundToTheBrowser checks login CSRF defences: a tampered
// state, a callback in a browser that did not start the sign-in, and an
// expired state are refused with messages a person can act on, and no user
// is created.
func TestStateIsBoundToTheBrowser(t *testing.T) {
	for _, provider := range []string{oauth.HuggingFace, oauth.GitHub} {
		t.Run(provider, func(t *testing.T) {
			e := newEnv(t, storetest.SQLiteURL(t), nil)
			before := e.userCount()

			b := e.newBrowser()
			cb := e.consent(b, e.startSignIn(b, provider), "ana", "approve").Query()
			tampered := cb
			tampered.Set("state", cb.Get("state")+"x")
			a := e.finish(b, provider, tampered)
			if a.status != http.StatusBadRequest || a.code(t) != "oauth_state_mismatch" {
				t.Fatalf("tampered state: status %d code %q, want 400 oauth_state_mismatch\n%s", a.status, a.code(t), a.body)
			}

			// The victim's browser never started a sign-in: the attacker's
			// code and state are refused.
			b = e.newBrowser()
			cb = e.consent(b, e.startSignIn(b, provider), "outsider", "approve").Query()
			a = e.finish(e.newBrowser(), provider, cb)
			if a.status != http.StatusBadRequest || a.code(t) != "oauth_state_missing" || !strings.Contains(a.json(t)["message"].(string), "start the sign-in again") {
				t.Fatalf("callback in another browser: status %d\n%s", a.status, a.body)
			}

			b = e.newBrowser()
			auth := e.startSignIn(b, provider)
			e.clock.Advance(oauth.DefaultStateTTL + time.Second)
			cb = e.consent(b, auth, "ana", "approve").Query()
			a = e.finish(b, provider, cb)
			if a.status != http.StatusBadRequest || a.code(t) != "oauth_state_expired" {
				t.Fatalf("expired state: status %d code %q, want 400 oauth_state_expired\n%s", a.status, a.code(t), a.body)
			}
			if got := e.userCount(); got != before {
				t.Fatalf("refused sign-ins created users: %d, want %d", got, before)
			}
		})
	}
}

// TestReplayedCodeRefused replays a callback that already signed someone
// in, with the browser's state cookie put back: the provider refuses the
// used code, and without the cookie the state check refuses it first.
func TestReplayedCodeRefused(t *testing.T) {
	for _, provider := range []string{oauth.HuggingFace, oauth.GitHub} {
		t.Run(provider, func(t *testing.T) {
			e := newEnv(t, storetest.SQLiteURL(t), nil)
			b := e.newBrowser()
			cb := e.consent(b, e.startSignIn(b, provider), "ana", "approve")
			cookies := b.client.Jar.Cookies(cb)
			if len(cookies) == 0 {
				t.Fatalf("no state cookie was set for %s", cb)
			}
			if a := e.finish(b, provider, cb.Query()); a.status != http.StatusOK {
				t.Fatalf("first use: status %d\n%s", a.status, a.body)
			}
			a := e.finish(b, provider, cb.Query())
			if a.status != http.StatusBadRequest || a.code(t) != "oauth_state_missing" {
				t.Fatalf("replay after the cookie was spent: status %d code %q, want 400 oauth_state_missing", a.status, a.code(t))
			}
			for _, c := range cookies {
				c.Path = "/"
			}
			b.client.Jar.SetCookies(cb, cookies)
			a = e.finish(b, provider, cb.Query())
			if a.status != http.StatusUnauthorized || a.code(t) != "oauth_code_rejected" {
				t.Fatalf("replayed code with the cookie restored: status %d code %q, want 401 oauth_code_rejected\n%s", a.status, a.code(t), a.body)
			}
		})
	}
}

// TestDeniedConsent checks a person who declines at the provider is told
// so and not signed in.
func TestDeniedConsent(t *testing.T) {
	e := newEnv(t, storetest.SQLiteURL(t), nil)
	before := e.userCount()
	b := e.newBrowser()
	cb := e.consent(b, e.startSignIn(b, oauth.HuggingFace), "ana", "deny")
	if cb.Query().Get("error") != "access_denied" {
		t.Fatalf("provider's deny redirect = %s, want error=access_denied", cb)
	}
	a := e.finish(b, oauth.HuggingFace, cb.Query())
	if a.status != http.StatusForbidden || a.code(t) != "oauth_access_denied" || !strings.Contains(a.json(t)["message"].(string), "approve") {
		t.Fatalf("denied consent: status %d\n%s", a.status, a.body)
	}
	if e.userCount() != before {
		t.Fatal("a denied sign-in created a user")
	}
}

// TestHuggingFaceOrgRule checks that with allowed_orgs only members of
// those orgs sign in.
func TestHuggingFaceOrgRule(t *testing.T) {
	e := newEnv(t, storetest.SQLiteURL(t), func(c *oauth.Config) { c.Providers[0].AllowedOrgs = []string{"LAB"} })
	a := e.signIn(e.newBrowser(), oauth.HuggingFace, "outsider")
	if a.status != http.StatusForbidden || a.code(t) != "oauth_org_not_allowed" || !strings.Contains(string(a.body), "LAB") {
		t.Fatalf("non-member: status %d\n%s", a.status, a.body)
	}
	if me := e.me(e.mustSignIn(oauth.HuggingFace, "ana")); me["username"] != "ana" {
		t.Fatalf("member signed in as %v", me["username"])
	}
}

// TestUnknownProvider checks the 404 names the providers that are
// configured, on both routes.
func TestUnknownProvider(t *testing.T) {
	e := newEnv(t, storetest.SQLiteURL(t), func(c *oauth.Config) { c.Providers = c.Providers[:1] })
	for _, path := range []string{"/api/v1/oauth2/providers/github/authentication", "/api/v1/oauth2/providers/github/access-token?code=x&state=y"} {
		a := e.newBrowser().get(e.srv.URL + path)
		if a.status != http.StatusNotFound || a.code(t) != "oauth_provider_not_configured" ||
			!strings.Contains(a.json(t)["message"].(string), "configured: huggingface") {
			t.Fatalf("GET %s: status %d\n%s", path, a.status, a.body)
		}
	}
}

// TestAuthenticationRedirect checks what the browser is sent to the
// provider with: a fresh state, a PKCE S256 challenge, the callback page,
// and a state cookie that is HttpOnly and SameSite=Lax (Secure and
// __Host- over https).
func TestAuthenticationRedirect(t *testing.T) {
	e := newEnv(t, storetest.SQLiteURL(t), nil)
	b := e.newBrowser()
	auth := e.startSignIn(b, oauth.HuggingFace)
	q := auth.Query()
	if q.Get("client_id") != clientID || q.Get("response_type") != "code" || q.Get("scope") != "openid profile" {
		t.Fatalf("authorize query = %v", q)
	}
	if q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" {
		t.Fatalf("no PKCE S256 challenge in %v", q)
	}
	if want := e.srv.URL + "/oauth/huggingface/callback"; q.Get("redirect_uri") != want {
		t.Fatalf("redirect_uri = %q, want %q", q.Get("redirect_uri"), want)
	}
	if second := e.startSignIn(e.newBrowser(), oauth.HuggingFace).Query().Get("state"); second == q.Get("state") || len(second) < 32 {
		t.Fatalf("states %q and %q: want fresh, long random states", q.Get("state"), second)
	}

	for _, tc := range []struct {
		name   string
		header http.Header
		want   []string
		absent []string
	}{
		{"http", nil, []string{"extralit_oauth2_huggingface=", "HttpOnly", "SameSite=Lax", "Max-Age="}, []string{"Secure", "__Host-"}},
		{"https behind a proxy", http.Header{"X-Forwarded-Proto": {"https"}}, []string{"__Host-extralit_oauth2_huggingface=", "HttpOnly", "Secure", "SameSite=Lax", "Path=/"}, nil},
	} {
		a := e.newBrowser().do(http.MethodGet, e.srv.URL+"/api/v1/oauth2/providers/huggingface/authentication?prompt=consent", nil, tc.header)
		c := a.header.Get("Set-Cookie")
		for _, w := range tc.want {
			if !strings.Contains(c, w) {
				t.Errorf("%s: Set-Cookie %q lacks %q", tc.name, c, w)
			}
		}
		for _, w := range tc.absent {
			if strings.Contains(c, w) {
				t.Errorf("%s: Set-Cookie %q has %q", tc.name, c, w)
			}
		}
		if !strings.Contains(a.header.Get("Location"), "prompt=consent") {
			t.Errorf("%s: extra query parameter not forwarded: %s", tc.name, a.header.Get("Location"))
		}
	}
}

// TestProvidersAndSettings checks the provider list and what
// GET /api/v1/settings tells the sign-in page.
func TestProvidersAndSettings(t *testing.T) {
	e := newEnv(t, storetest.SQLiteURL(t), nil)
	list := e.newBrowser().get(e.srv.URL + "/api/v1/oauth2/providers").json(t)
	items, _ := list["items"].([]any)
	if len(items) != 2 || items[0].(map[string]any)["name"] != "huggingface" || items[1].(map[string]any)["name"] != "github" {
		t.Fatalf("providers = %v", list)
	}
	settings := e.newBrowser().get(e.srv.URL + "/api/v1/settings").json(t)
	ps, _ := settings["oauth_providers"].([]any)
	if len(ps) != 2 {
		t.Fatalf("settings oauth_providers = %v", settings["oauth_providers"])
	}
	hf := ps[0].(map[string]any)
	if hf["name"] != "huggingface" || hf["display_name"] != "Hugging Face" || hf["enabled"] != true || hf["icon"] != "huggingface" {
		t.Fatalf("huggingface entry = %v", hf)
	}
	// Start created the allowed workspaces before anyone signed in.
	for _, name := range []string{"extralit", "shared"} {
		if _, err := e.svc.Store().WorkspaceByName(context.Background(), name); err != nil {
			t.Errorf("allowed workspace %q: %v", name, err)
		}
	}
}

// TestAccessTokenNeedsCodeAndState checks a callback without its query.
func TestAccessTokenNeedsCodeAndState(t *testing.T) {
	e := newEnv(t, storetest.SQLiteURL(t), nil)
	a := e.newBrowser().get(e.srv.URL + "/api/v1/oauth2/providers/github/access-token")
	if a.status != http.StatusBadRequest || !strings.Contains(string(a.body), "code and state") {
		t.Fatalf("status %d\n%s", a.status, a.body)
	}
}

// TestConcurrentFirstSignIn checks that two first sign-ins of one person
// at once (two tabs) end with one user, both answered with it.
func TestConcurrentFirstSignIn(t *testing.T) {
	forEngine(t, func(t *testing.T, newURL func(t *testing.T) string) {
		e := newEnv(t, newURL(t), nil)
		before := e.userCount()
		const n = 4
		ids := make(chan string, n)
		errs := make(chan error, n)
		for range n {
			go func() {
				u, _, err := e.svc.SignInExternal(context.Background(), service.ExternalSignIn{
					Provider: oauth.GitHub, Subject: "42", Username: "twin", Role: extralit.RoleAnnotator, Workspaces: []string{"extralit"},
				})
				if err != nil {
					errs <- err
					return
				}
				ids <- u.ID
			}()
		}
		var got []string
		for range n {
			select {
			case err := <-errs:
				t.Fatalf("concurrent sign-in: %v", err)
			case id := <-ids:
				got = append(got, id)
			}
		}
		if distinct := slices.Compact(slices.Sorted(slices.Values(got))); len(distinct) != 1 {
			t.Fatalf("concurrent first sign-ins gave users %q, want one", got)
		}
		if e.userCount() != before+1 {
			t.Fatalf("users = %d, want %d", e.userCount(), before+1)
		}
	})
}

// TestProviderFailures checks failures that are not the person's doing
// are told apart: the server's own client secret refused (an
// administrator must act) and a provider that does not answer.
func TestProviderFailures(t *testing.T) {
	closed := "http://127.0.0.1:1" // nothing listens on port 1
	for _, tc := range []struct {
		name     string
		provider string
		edit     func(*oauth.Config)
		status   int
		code     string
	}{
		{"wrong secret, huggingface", oauth.HuggingFace, func(c *oauth.Config) { c.Providers[0].ClientSecret = "wrong" }, http.StatusServiceUnavailable, "oauth_misconfigured"},
		{"wrong secret, github", oauth.GitHub, func(c *oauth.Config) { c.Providers[1].ClientSecret = "wrong" }, http.StatusServiceUnavailable, "oauth_misconfigured"},
		{"token endpoint down", oauth.GitHub, func(c *oauth.Config) { c.Providers[1].TokenURL = closed + "/token" }, http.StatusServiceUnavailable, "oauth_provider_unavailable"},
		{"userinfo down", oauth.HuggingFace, func(c *oauth.Config) { c.Providers[0].UserinfoURL = closed + "/userinfo" }, http.StatusServiceUnavailable, "oauth_provider_unavailable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, storetest.SQLiteURL(t), tc.edit)
			before := e.userCount()
			a := e.signIn(e.newBrowser(), tc.provider, "ana")
			if a.status != tc.status || a.code(t) != tc.code {
				t.Fatalf("status %d code %q, want %d %s\n%s", a.status, a.code(t), tc.status, tc.code, a.body)
			}
			if e.userCount() != before {
				t.Fatal("a failed sign-in created a user")
			}
		})
	}
}

// TestGarbageStateCookie checks an unreadable cookie counts as no sign-in
// started, not as an internal error.
func TestGarbageStateCookie(t *testing.T) {
	e := newEnv(t, storetest.SQLiteURL(t), nil)
	b := e.newBrowser()
	cb := e.consent(b, e.startSignIn(b, oauth.HuggingFace), "ana", "approve")
	for _, value := range []string{"bm90LWpzb24" /* base64 of not-json */, "not*base64", "e30" /* {} */} {
		a := e.newBrowser().do(http.MethodGet, e.srv.URL+"/api/v1/oauth2/providers/huggingface/access-token?"+cb.RawQuery, nil,
			http.Header{"Cookie": {"extralit_oauth2_huggingface=" + value}})
		if a.status != http.StatusBadRequest || a.code(t) != "oauth_state_missing" {
			t.Fatalf("cookie %q: status %d, want 400 oauth_state_missing\n%s", value, a.status, a.body)
		}
	}
	if a := e.finish(b, oauth.HuggingFace, cb.Query()); a.status != http.StatusOK {
		t.Fatalf("the real browser's sign-in after the garbage attempts: status %d\n%s", a.status, a.body)
	}
}
