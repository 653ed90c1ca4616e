package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/service"
)

// DefaultStateTTL is how long a started sign-in may take.
const DefaultStateTTL = 10 * time.Minute

// Router is where the routes go and how their errors are written: the
// httpapi.API satisfies it.
type Router interface {
	Handle(pattern string, h http.Handler)
	WriteError(w http.ResponseWriter, r *http.Request, err error)
}

// Options tunes a Server.
type Options struct {
	// BasePath is the server's base URL path ("/" by default); the web UI's
	// callback page is BasePath + "oauth/{provider}/callback".
	BasePath string
	// HTTPClient talks to the providers; default a client with a 15 s
	// timeout.
	HTTPClient *http.Client
	// StateTTL is how long a started sign-in may take (DefaultStateTTL).
	StateTTL time.Duration
	// Now is the clock (time.Now); tests move it forward.
	Now func() time.Time
}

// Server serves the OAuth routes.
type Server struct {
	cfg       Config
	providers map[string]*Provider
	names     []string // configured providers, in configuration order
	svc       *service.Service
	log       *slog.Logger
	opts      Options
}

// New returns the routes for cfg's providers (which Load has validated).
func New(cfg Config, svc *service.Service, log *slog.Logger, opts Options) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.BasePath == "" {
		opts.BasePath = "/"
	}
	if !strings.HasSuffix(opts.BasePath, "/") {
		opts.BasePath += "/"
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	if opts.StateTTL == 0 {
		opts.StateTTL = DefaultStateTTL
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{cfg: cfg, providers: map[string]*Provider{}, svc: svc, log: log, opts: opts}
	for _, p := range cfg.Providers {
		s.providers[p.Name] = newProvider(p)
		s.names = append(s.names, p.Name)
	}
	return s
}

// Register adds the OAuth routes to r.
func (s *Server) Register(r Router) {
	wrap := func(h func(w http.ResponseWriter, req *http.Request) error) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if err := h(w, req); err != nil {
				r.WriteError(w, req, err)
			}
		})
	}
	r.Handle("GET /api/v1/oauth2/providers", wrap(s.listProviders))
	r.Handle("GET /api/v1/oauth2/providers/{provider}/authentication", wrap(s.authenticate))
	r.Handle("GET /api/v1/oauth2/providers/{provider}/access-token", wrap(s.accessToken))
}

// Start creates the allowed workspaces that do not exist yet.
func (s *Server) Start(ctx context.Context) error {
	if len(s.providers) == 0 {
		return nil
	}
	return s.svc.EnsureWorkspaces(ctx, s.cfg.AllowedWorkspaces)
}

// Settings is what GET /api/v1/settings says about sign-in providers.
func (s *Server) Settings(context.Context) map[string]any {
	list := make([]map[string]any, 0, len(s.names))
	for _, name := range s.names {
		p := s.providers[name]
		list = append(list, map[string]any{"name": p.Name, "display_name": p.DisplayName, "enabled": true, "icon": p.Icon})
	}
	return map[string]any{"oauth_providers": list}
}

func (s *Server) listProviders(w http.ResponseWriter, r *http.Request) error {
	items := make([]map[string]any, 0, len(s.names))
	for _, name := range s.names {
		items = append(items, map[string]any{"name": name, "display_name": s.providers[name].DisplayName})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

// provider returns the named provider, or a 404 that lists the configured
// ones.
func (s *Server) provider(r *http.Request) (*Provider, error) {
	name := r.PathValue("provider")
	if p, ok := s.providers[name]; ok {
		return p, nil
	}
	configured := "none is configured (set OAUTH2_HUGGINGFACE_CLIENT_ID/SECRET, OAUTH2_GITHUB_CLIENT_ID/SECRET or .oauth.yaml)"
	if len(s.names) > 0 {
		configured = "configured: " + strings.Join(s.names, ", ")
	}
	return nil, &extralit.Error{Kind: extralit.KindNotFound, Code: "oauth_provider_not_configured",
		Message: fmt.Sprintf("sign-in provider %q is not configured on this server; %s", name, configured)}
}

// reservedParams are the authorize parameters this server sets; the
// caller's query may not override them.
var reservedParams = []string{"client_id", "redirect_uri", "response_type", "scope", "state",
	"code_challenge", "code_challenge_method", "access_type"}

// authenticate starts a sign-in: a fresh state and PKCE verifier go into a
// cookie, and the browser is sent to the provider (303, as the reference).
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.provider(r)
	if err != nil {
		return err
	}
	state, err := randomString(32)
	if err != nil {
		return err
	}
	st := flowState{State: state, Redirect: s.redirectURI(r, p), Expires: s.opts.Now().Add(s.opts.StateTTL).Unix()}
	var opts []oauth2.AuthCodeOption
	if *p.PKCE {
		st.Verifier = oauth2.GenerateVerifier()
		opts = append(opts, oauth2.S256ChallengeOption(st.Verifier))
	}
	for k, vs := range r.URL.Query() {
		if !slices.Contains(reservedParams, k) && len(vs) > 0 {
			opts = append(opts, oauth2.SetAuthURLParam(k, vs[0]))
		}
	}
	if err := setStateCookie(w, r, p.Name, st, s.opts.StateTTL); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, p.config(st.Redirect).AuthCodeURL(state, opts...), http.StatusSeeOther)
	return nil
}

// redirectURI is where the provider sends the browser back: the configured
// URI, else the web UI's callback page on the host the browser used.
func (s *Server) redirectURI(r *http.Request, p *Provider) string {
	if p.RedirectURI != "" {
		return p.RedirectURI
	}
	scheme := "http"
	if isHTTPS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host + s.opts.BasePath + "oauth/" + p.Name + "/callback"
}

// accessToken finishes a sign-in: it checks the state against the
// browser's cookie, exchanges the code and answers with a bearer token.
func (s *Server) accessToken(w http.ResponseWriter, r *http.Request) error {
	p, err := s.provider(r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		clearStateCookie(w, r, p.Name)
		return providerError(p, e, q.Get("error_description"))
	}
	code, state := q.Get("code"), q.Get("state")
	if code == "" || state == "" {
		return extralit.Errorf(extralit.KindBadRequest,
			"the query parameters code and state are both required (the provider's callback carries them)")
	}
	st, err := s.checkState(r, p, state)
	if err != nil {
		return err
	}
	// The state is spent whatever happens next.
	clearStateCookie(w, r, p.Name)

	ctx := context.WithValue(r.Context(), oauth2.HTTPClient, s.opts.HTTPClient)
	var opts []oauth2.AuthCodeOption
	if st.Verifier != "" {
		opts = append(opts, oauth2.VerifierOption(st.Verifier))
	}
	tok, err := p.config(st.Redirect).Exchange(ctx, code, opts...)
	if err != nil {
		return s.exchangeError(p, err)
	}
	id, err := p.identity(ctx, p.config(st.Redirect).Client(ctx, tok))
	if err != nil {
		return err
	}
	if err := checkOrgs(p, id); err != nil {
		return err
	}
	u, created, err := s.svc.SignInExternal(r.Context(), s.signIn(p, id))
	if err != nil {
		return err
	}
	s.log.Info("signed in with provider", "provider", p.Name, "username", u.Username, "user_id", u.ID, "created", created)
	tokens, err := s.svc.Auth().IssueTokens(u, true)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, tokens)
	return nil
}

// signIn turns an identity into the service's input: the role and the
// workspaces a new user gets.
func (s *Server) signIn(p *Provider, id Identity) service.ExternalSignIn {
	in := service.ExternalSignIn{
		Provider: p.Name, Subject: id.Subject, Username: id.Username, FirstName: id.Name,
		Role: extralit.RoleAnnotator, Workspaces: s.cfg.AllowedWorkspaces, ClaimExisting: *p.ClaimExistingUsers,
	}
	// USERNAME names an account of a provider whose usernames this server
	// trusts (the Space owner on Hugging Face); a same-named account at
	// another provider is someone else.
	if s.cfg.OwnerUsername != "" && *p.ClaimExistingUsers && strings.EqualFold(id.Username, s.cfg.OwnerUsername) {
		in.Role = extralit.RoleOwner
	}
	return in
}

// checkState checks the callback's state against the browser's cookie.
func (s *Server) checkState(r *http.Request, p *Provider, state string) (flowState, error) {
	st, ok := readStateCookie(r, p.Name)
	if !ok {
		return flowState{}, &extralit.Error{Kind: extralit.KindBadRequest, Code: "oauth_state_missing", Message: fmt.Sprintf(
			"no sign-in with %s was started in this browser, or it expired (the sign-in cookie is missing); start the sign-in again from the sign-in page",
			p.DisplayName)}
	}
	if !sameState(st.State, state) {
		return flowState{}, &extralit.Error{Kind: extralit.KindBadRequest, Code: "oauth_state_mismatch", Message: fmt.Sprintf(
			"the sign-in state does not match the one this browser started, so the sign-in was refused; start the sign-in with %s again",
			p.DisplayName)}
	}
	if s.opts.Now().Unix() > st.Expires {
		return flowState{}, &extralit.Error{Kind: extralit.KindBadRequest, Code: "oauth_state_expired", Message: fmt.Sprintf(
			"the sign-in with %s expired (it must finish within %s of starting); start the sign-in again",
			p.DisplayName, s.opts.StateTTL)}
	}
	return st, nil
}

// providerError explains an error the provider sent back to the callback.
func providerError(p *Provider, code, description string) error {
	if code == "access_denied" {
		return &extralit.Error{Kind: extralit.KindForbidden, Code: "oauth_access_denied", Message: fmt.Sprintf(
			"you did not allow this server to use your %s account, so you are not signed in; to sign in, start again and approve the request",
			p.DisplayName)}
	}
	msg := fmt.Sprintf("%s refused the sign-in (%s)", p.DisplayName, code)
	if description != "" {
		msg += ": " + description
	}
	return &extralit.Error{Kind: extralit.KindBadRequest, Code: "oauth_provider_error", Message: msg + "; start the sign-in again"}
}

// misconfigured are the token errors that mean the server's own client
// credentials are wrong (standard names and GitHub's).
var misconfigured = []string{"invalid_client", "unauthorized_client", "incorrect_client_credentials"}

// exchangeError explains a failed code exchange.
func (s *Server) exchangeError(p *Provider, err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		detail := re.ErrorCode
		if detail == "" && re.Response != nil {
			detail = re.Response.Status
		}
		if slices.Contains(misconfigured, re.ErrorCode) {
			s.log.Error("the provider refused this server's OAuth client credentials", "provider", p.Name, "error", re.ErrorCode)
			return &extralit.Error{Kind: extralit.KindUnavailable, Code: "oauth_misconfigured", Message: fmt.Sprintf(
				"%s refused this server's OAuth app credentials (%s); an administrator must fix the client id and secret",
				p.DisplayName, re.ErrorCode)}
		}
		return &extralit.Error{Kind: extralit.KindUnauthorized, Code: "oauth_code_rejected", Message: fmt.Sprintf(
			"%s refused the sign-in code (%s): it may have been used already or expired; start the sign-in again",
			p.DisplayName, detail)}
	}
	s.log.Warn("could not reach the sign-in provider", "provider", p.Name, "err", err)
	return &extralit.Error{Kind: extralit.KindUnavailable, Code: "oauth_provider_unavailable", Message: fmt.Sprintf(
		"could not reach %s to finish the sign-in; try again later", p.DisplayName)}
}

// checkOrgs enforces a provider's organisation rule.
func checkOrgs(p *Provider, id Identity) error {
	if len(p.AllowedOrgs) == 0 {
		return nil
	}
	for _, org := range id.Orgs {
		if slices.ContainsFunc(p.AllowedOrgs, func(a string) bool { return strings.EqualFold(a, org) }) {
			return nil
		}
	}
	return &extralit.Error{Kind: extralit.KindForbidden, Code: "oauth_org_not_allowed", Message: fmt.Sprintf(
		"only members of the %s organisation(s) %s may sign in here; if you are one, make sure you granted this app access to the organisation when signing in",
		p.DisplayName, strings.Join(p.AllowedOrgs, ", "))}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
