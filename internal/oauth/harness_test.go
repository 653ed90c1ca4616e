package oauth_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/extralit/extralit-go/internal/httpapi"
	"github.com/extralit/extralit-go/internal/oauth"
	"github.com/extralit/extralit-go/internal/oauth/oauthtest"
	"github.com/extralit/extralit-go/internal/service"
	"github.com/extralit/extralit-go/internal/store/storetest"
)

// The people the test provider knows. Both shapes (Hugging Face and
// GitHub) serve the same people.
var people = []oauthtest.User{
	{ID: 1001, Username: "space-owner", Name: "Space Owner", Orgs: []string{"lab"}},
	{ID: 1002, Username: "ana", Name: "Ana Annotator", Orgs: []string{"lab", "other-org"}},
	{ID: 1003, Username: "outsider", Name: "Out Sider", Orgs: []string{"elsewhere"}},
	{ID: 1004, Username: "seeded", Name: "Seeded Account"},
}

const (
	clientID     = "extralit-test-client"
	clientSecret = "extralit-test-secret"
)

// clock is a test clock that can be moved forward.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// env is an Extralit API with the OAuth routes over a real database, and a
// real provider process on 127.0.0.1 that both providers point at.
type env struct {
	t        *testing.T
	srv      *httptest.Server
	svc      *service.Service
	provider string // the test provider's base URL
	clock    *clock
}

// newEnv starts a server with the Hugging Face and GitHub providers, both
// pointed at one test provider process. edit may change the configuration.
func newEnv(t *testing.T, dbURL string, edit func(*oauth.Config)) *env {
	t.Helper()
	ctx := context.Background()
	base := oauthtest.Start(t, oauthtest.Config{Clients: []oauthtest.Client{{ID: clientID, Secret: clientSecret}}, Users: people})
	st := storetest.OpenMigrated(t, dbURL)
	auth, err := service.NewAuth(ctx, st, service.AuthConfig{BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	svc := service.New(st, auth, log)
	cfg := oauth.Config{
		AllowedWorkspaces: []string{"extralit", "shared"},
		OwnerUsername:     "space-owner",
		Providers: []oauth.ProviderConfig{
			{Name: oauth.HuggingFace, ClientID: clientID, ClientSecret: clientSecret,
				AuthorizeURL: base + "/oauth/authorize", TokenURL: base + "/oauth/token", UserinfoURL: base + "/oauth/userinfo"},
			{Name: oauth.GitHub, ClientID: clientID, ClientSecret: clientSecret,
				AuthorizeURL: base + "/login/oauth/authorize", TokenURL: base + "/login/oauth/access_token", APIURL: base + "/api"},
		},
	}
	if edit != nil {
		edit(&cfg)
	}
	if err := oauth.Normalize(&cfg); err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: time.Now()}
	signIn := oauth.New(cfg, svc, log, oauth.Options{Now: clk.Now})
	if err := signIn.Start(ctx); err != nil {
		t.Fatal(err)
	}
	api := httpapi.New(svc, log, httpapi.Options{Version: "test", Settings: signIn.Settings})
	signIn.Register(api)
	e := &env{t: t, svc: svc, provider: base, clock: clk}
	e.srv = httptest.NewServer(api)
	t.Cleanup(e.srv.Close)
	return e
}

// browser is a cookie-keeping client that does not follow redirects, so
// each step of the flow can be checked.
type browser struct {
	t      *testing.T
	client *http.Client
}

func (e *env) newBrowser() *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return &browser{t: e.t, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// answer is a response with its body read.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.body, &m); err != nil {
		t.Fatalf("body is not a JSON object (status %d): %v\n%s", a.status, err, a.body)
	}
	return m
}

// code returns the error code of an error answer.
func (a answer) code(t *testing.T) string {
	t.Helper()
	c, _ := a.json(t)["code"].(string)
	return c
}

func (b *browser) do(method, rawURL string, form url.Values, header http.Header) answer {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, rawURL, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return answer{status: res.StatusCode, header: res.Header, body: data}
}

func (b *browser) get(rawURL string) answer {
	b.t.Helper()
	return b.do(http.MethodGet, rawURL, nil, nil)
}

var requestField = regexp.MustCompile(`name="request" value="([^"]+)"`)

// startSignIn calls the authentication route and returns the provider's
// authorize URL it redirects to.
func (e *env) startSignIn(b *browser, provider string) *url.URL {
	e.t.Helper()
	a := b.get(e.srv.URL + "/api/v1/oauth2/providers/" + provider + "/authentication")
	if a.status != http.StatusSeeOther {
		e.t.Fatalf("authentication: status %d, want 303\n%s", a.status, a.body)
	}
	loc, err := url.Parse(a.header.Get("Location"))
	if err != nil {
		e.t.Fatal(err)
	}
	return loc
}

// consent shows the provider's consent page and answers it as user with
// decision ("approve" or "deny"); it returns the callback URL the provider
// sends the browser to (the web UI's page).
func (e *env) consent(b *browser, authorize *url.URL, user, decision string) *url.URL {
	e.t.Helper()
	page := b.get(authorize.String())
	if page.status != http.StatusOK {
		e.t.Fatalf("provider's authorize page: status %d\n%s", page.status, page.body)
	}
	m := requestField.FindSubmatch(page.body)
	if m == nil {
		e.t.Fatalf("no consent form on the provider's page:\n%s", page.body)
	}
	a := b.do(http.MethodPost, e.provider+"/oauth/consent", url.Values{"request": {string(m[1])}, "user": {user}, "decision": {decision}}, nil)
	if a.status != http.StatusFound {
		e.t.Fatalf("consent: status %d, want 302\n%s", a.status, a.body)
	}
	cb, err := url.Parse(a.header.Get("Location"))
	if err != nil {
		e.t.Fatal(err)
	}
	return cb
}

// finish does what the web UI's callback page does: it passes the
// callback's query to the access-token route.
func (e *env) finish(b *browser, provider string, query url.Values) answer {
	e.t.Helper()
	return b.get(e.srv.URL + "/api/v1/oauth2/providers/" + provider + "/access-token?" + query.Encode())
}

// signIn runs the whole flow as user and returns the access-token answer.
func (e *env) signIn(b *browser, provider, user string) answer {
	e.t.Helper()
	cb := e.consent(b, e.startSignIn(b, provider), user, "approve")
	return e.finish(b, provider, cb.Query())
}

// mustSignIn signs in and returns the bearer token.
func (e *env) mustSignIn(provider, user string) string {
	e.t.Helper()
	a := e.signIn(e.newBrowser(), provider, user)
	if a.status != http.StatusOK {
		e.t.Fatalf("sign in as %s with %s: status %d\n%s", user, provider, a.status, a.body)
	}
	tok, _ := a.json(e.t)["access_token"].(string)
	if tok == "" {
		e.t.Fatalf("no access_token in %s", a.body)
	}
	return tok
}

// api calls the Extralit API with a bearer token or an API key.
func (e *env) api(method, path, bearer, apiKey string) answer {
	e.t.Helper()
	h := http.Header{}
	if bearer != "" {
		h.Set("Authorization", "Bearer "+bearer)
	}
	if apiKey != "" {
		h.Set("X-Extralit-Api-Key", apiKey)
	}
	return e.newBrowser().do(method, e.srv.URL+path, nil, h)
}

// me returns GET /api/v1/me for a bearer token.
func (e *env) me(bearer string) map[string]any {
	e.t.Helper()
	a := e.api(http.MethodGet, "/api/v1/me", bearer, "")
	if a.status != http.StatusOK {
		e.t.Fatalf("GET /me: status %d\n%s", a.status, a.body)
	}
	return a.json(e.t)
}
