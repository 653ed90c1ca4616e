// Package oauthtest is a small OAuth 2.0 / OpenID Connect provider for
// tests: an authorize endpoint with a consent form (approve or deny), a
// token endpoint with single-use codes, client authentication and PKCE
// (S256) verification, Hugging Face's OpenID userinfo (with orgs) and
// GitHub's GET /user. cmd/testprovider runs it as its own process; Start
// builds and starts that process for a test.
package oauthtest

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Config is the provider's registered clients and people.
type Config struct {
	Clients []Client `json:"clients"`
	Users   []User   `json:"users"`
	// CodeTTL is how long an authorization code is valid; default a minute.
	CodeTTL time.Duration `json:"code_ttl"`
}

// Client is a registered OAuth application.
type Client struct {
	ID     string `json:"id"`
	Secret string `json:"secret"`
}

// User is a person who can sign in at the provider.
type User struct {
	// ID is the stable id: the OpenID sub, and GitHub's numeric id.
	ID       int64    `json:"id"`
	Username string   `json:"username"`
	Name     string   `json:"name"`
	Orgs     []string `json:"orgs"`
}

// Provider is the provider's HTTP handler.
type Provider struct {
	cfg     Config
	mux     *http.ServeMux
	mu      sync.Mutex
	pending map[string]authRequest // consent form id → request
	codes   map[string]*grant
	tokens  map[string]User
}

// authRequest is an authorize request waiting for consent.
type authRequest struct {
	ClientID, RedirectURI, State, Scope, Challenge string
}

// grant is an issued authorization code.
type grant struct {
	authRequest
	User    User
	Expires time.Time
	Used    bool
	Token   string // the access token issued for it, revoked on replay
}

// New returns a provider for cfg.
func New(cfg Config) *Provider {
	if cfg.CodeTTL == 0 {
		cfg.CodeTTL = time.Minute
	}
	p := &Provider{cfg: cfg, mux: http.NewServeMux(), pending: map[string]authRequest{},
		codes: map[string]*grant{}, tokens: map[string]User{}}
	p.mux.HandleFunc("GET /oauth/authorize", p.authorize)
	p.mux.HandleFunc("POST /oauth/consent", p.consent)
	p.mux.HandleFunc("POST /oauth/token", p.token)
	// GitHub's paths for the same two steps.
	p.mux.HandleFunc("GET /login/oauth/authorize", p.authorize)
	p.mux.HandleFunc("POST "+gitHubTokenPath, p.token)
	p.mux.HandleFunc("GET /oauth/userinfo", p.userinfo)
	p.mux.HandleFunc("GET /api/user", p.githubUser)
	return p
}

// ServeHTTP serves the provider's endpoints.
func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.mux.ServeHTTP(w, r) }

func (p *Provider) client(id string) (Client, bool) {
	for _, c := range p.cfg.Clients {
		if c.ID == id {
			return c, true
		}
	}
	return Client{}, false
}

func (p *Provider) user(username string) (User, bool) {
	for _, u := range p.cfg.Users {
		if u.Username == username {
			return u, true
		}
	}
	return User{}, false
}

func random() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

var consentPage = template.Must(template.New("consent").Parse(`<!doctype html>
<title>Authorize {{.ClientID}}</title>
<form method="post" action="/oauth/consent">
<input type="hidden" name="request" value="{{.Request}}">
<label>Sign in as <input name="user"></label>
<button name="decision" value="approve">Approve</button>
<button name="decision" value="deny">Deny</button>
</form>
`))

// authorize checks the request and shows the consent form.
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if _, ok := p.client(q.Get("client_id")); !ok {
		http.Error(w, "unknown client_id", http.StatusBadRequest)
		return
	}
	if q.Get("response_type") != "code" || q.Get("redirect_uri") == "" || q.Get("state") == "" {
		http.Error(w, "response_type=code, redirect_uri and state are required", http.StatusBadRequest)
		return
	}
	if q.Get("code_challenge") != "" && q.Get("code_challenge_method") != "S256" {
		http.Error(w, "only the S256 code_challenge_method is supported", http.StatusBadRequest)
		return
	}
	id := random()
	p.mu.Lock()
	p.pending[id] = authRequest{ClientID: q.Get("client_id"), RedirectURI: q.Get("redirect_uri"),
		State: q.Get("state"), Scope: q.Get("scope"), Challenge: q.Get("code_challenge")}
	p.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = consentPage.Execute(w, map[string]string{"ClientID": q.Get("client_id"), "Request": id})
}

// consent answers the form: approve issues a code, deny sends access_denied.
func (p *Provider) consent(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	req, ok := p.pending[r.FormValue("request")]
	delete(p.pending, r.FormValue("request"))
	p.mu.Unlock()
	if !ok {
		http.Error(w, "unknown or answered consent request", http.StatusBadRequest)
		return
	}
	back, err := url.Parse(req.RedirectURI)
	if err != nil {
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	}
	q := back.Query()
	q.Set("state", req.State)
	switch r.FormValue("decision") {
	case "approve":
		u, ok := p.user(r.FormValue("user"))
		if !ok {
			http.Error(w, "unknown user", http.StatusBadRequest)
			return
		}
		code := random()
		p.mu.Lock()
		p.codes[code] = &grant{authRequest: req, User: u, Expires: time.Now().Add(p.cfg.CodeTTL)}
		p.mu.Unlock()
		q.Set("code", code)
	case "deny":
		q.Set("error", "access_denied")
		q.Set("error_description", "The user denied the request")
	default:
		http.Error(w, "decision must be approve or deny", http.StatusBadRequest)
		return
	}
	back.RawQuery = q.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// gitHubTokenPath is GitHub's token endpoint, which answers differently.
const gitHubTokenPath = "/login/oauth/access_token"

// gitHubErrors are GitHub's names for the standard token errors.
var gitHubErrors = map[string]string{"invalid_grant": "bad_verification_code", "invalid_client": "incorrect_client_credentials"}

// tokenError answers a failed token request. On GitHub's path it does as
// GitHub does: status 200 with the error in the body, form-encoded unless
// JSON was asked for.
func tokenError(w http.ResponseWriter, r *http.Request, status int, code, description string) {
	if r.URL.Path == gitHubTokenPath {
		if c, ok := gitHubErrors[code]; ok {
			code = c
		}
		status = http.StatusOK
		if !strings.Contains(r.Header.Get("Accept"), "json") {
			w.Header().Set("Content-Type", "application/x-www-form-urlencoded")
			_, _ = w.Write([]byte(url.Values{"error": {code}, "error_description": {description}}.Encode()))
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": description})
}

// token exchanges a code: client authentication, single use, the same
// redirect_uri, and the PKCE verifier when a challenge was sent.
func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		tokenError(w, r, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	c, known := p.client(id)
	if !known || subtle.ConstantTimeCompare([]byte(c.Secret), []byte(secret)) != 1 {
		tokenError(w, r, http.StatusUnauthorized, "invalid_client", "client authentication failed")
		return
	}
	if r.PostForm.Get("grant_type") != "authorization_code" {
		tokenError(w, r, http.StatusBadRequest, "unsupported_grant_type", "only authorization_code")
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	g, ok := p.codes[r.PostForm.Get("code")]
	switch {
	case !ok:
		tokenError(w, r, http.StatusBadRequest, "invalid_grant", "unknown code")
		return
	case g.Used:
		// RFC 6749 §4.1.2: a replayed code revokes what it gave.
		delete(p.tokens, g.Token)
		tokenError(w, r, http.StatusBadRequest, "invalid_grant", "code already used")
		return
	case time.Now().After(g.Expires):
		tokenError(w, r, http.StatusBadRequest, "invalid_grant", "code expired")
		return
	case g.ClientID != id:
		tokenError(w, r, http.StatusBadRequest, "invalid_grant", "code issued to another client")
		return
	case g.RedirectURI != r.PostForm.Get("redirect_uri"):
		tokenError(w, r, http.StatusBadRequest, "invalid_grant", "redirect_uri differs from the authorize request")
		return
	}
	if g.Challenge != "" {
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		if base64.RawURLEncoding.EncodeToString(sum[:]) != g.Challenge {
			tokenError(w, r, http.StatusBadRequest, "invalid_grant", "code_verifier does not match the code_challenge")
			return
		}
	}
	g.Used = true
	g.Token = random()
	p.tokens[g.Token] = g.User
	if r.URL.Path == gitHubTokenPath && !strings.Contains(r.Header.Get("Accept"), "json") {
		// GitHub answers form-encoded unless asked for JSON.
		w.Header().Set("Content-Type", "application/x-www-form-urlencoded")
		_, _ = w.Write([]byte(url.Values{"access_token": {g.Token}, "token_type": {"bearer"}, "scope": {g.Scope}}.Encode()))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"access_token": g.Token, "token_type": "bearer", "expires_in": 3600, "scope": g.Scope})
}

func (p *Provider) bearer(w http.ResponseWriter, r *http.Request) (User, bool) {
	h := r.Header.Get("Authorization")
	const prefix = "Bearer "
	if len(h) > len(prefix) && (h[:len(prefix)] == prefix || h[:len(prefix)] == "bearer ") {
		p.mu.Lock()
		u, ok := p.tokens[h[len(prefix):]]
		p.mu.Unlock()
		if ok {
			return u, true
		}
	}
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	http.Error(w, `{"error":"invalid_token"}`, http.StatusUnauthorized)
	return User{}, false
}

// userinfo answers in Hugging Face's OpenID Connect shape.
func (p *Provider) userinfo(w http.ResponseWriter, r *http.Request) {
	u, ok := p.bearer(w, r)
	if !ok {
		return
	}
	orgs := []map[string]any{}
	for i, o := range u.Orgs {
		orgs = append(orgs, map[string]any{"sub": fmt.Sprintf("org-%d", i), "name": o, "preferred_username": o,
			"picture": "https://example.test/" + o + ".png", "isEnterprise": false})
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"sub": strconv.FormatInt(u.ID, 10), "preferred_username": u.Username, "name": u.Name,
		"picture": "https://example.test/" + u.Username + ".png", "profile": "https://example.test/" + u.Username,
		"isPro": false, "orgs": orgs,
	})
}

// githubUser answers in GitHub's GET /user shape.
func (p *Provider) githubUser(w http.ResponseWriter, r *http.Request) {
	u, ok := p.bearer(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"login": u.Username, "id": u.ID, "name": u.Name, "type": "User",
		"avatar_url": "https://example.test/" + u.Username + ".png",
	})
}
