package oauth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// flowState is what the browser keeps between the redirect to the provider
// and the callback, in an HttpOnly cookie. It binds the state parameter to
// the browser that started the sign-in.
type flowState struct {
	State    string `json:"s"`
	Verifier string `json:"v,omitempty"` // PKCE code verifier
	Redirect string `json:"r"`           // the redirect URI sent, needed again for the exchange
	Expires  int64  `json:"e"`           // Unix seconds
}

// cookieName is the state cookie of a provider. Over https the __Host-
// prefix makes browsers refuse the cookie from sibling subdomains, so
// another Space cannot plant a state of its own.
func cookieName(provider string, secure bool) string {
	if secure {
		return "__Host-extralit_oauth2_" + provider
	}
	return "extralit_oauth2_" + provider
}

// isHTTPS reports whether the browser reached us over https, directly or
// through a proxy (Spaces terminate TLS in front of the app).
func isHTTPS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

func randomString(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("read random bytes: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// setStateCookie stores st for the provider, living a little longer than
// the state so that a late callback is told "expired" rather than "missing".
func setStateCookie(w http.ResponseWriter, r *http.Request, provider string, st flowState, ttl time.Duration) error {
	data, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encode sign-in state: %w", err)
	}
	secure := isHTTPS(r)
	http.SetCookie(w, &http.Cookie{
		Name:     cookieName(provider, secure),
		Value:    base64.RawURLEncoding.EncodeToString(data),
		Path:     "/",
		MaxAge:   int((ttl + 10*time.Minute).Seconds()),
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// clearStateCookie deletes the provider's state cookie: a state is good
// for one callback only.
func clearStateCookie(w http.ResponseWriter, r *http.Request, provider string) {
	secure := isHTTPS(r)
	http.SetCookie(w, &http.Cookie{
		Name: cookieName(provider, secure), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	})
}

// readStateCookie returns the stored state; ok is false when there is none
// or it cannot be read.
func readStateCookie(r *http.Request, provider string) (st flowState, ok bool) {
	c, err := r.Cookie(cookieName(provider, isHTTPS(r)))
	if err != nil || c.Value == "" {
		return flowState{}, false
	}
	data, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil || json.Unmarshal(data, &st) != nil || st.State == "" {
		return flowState{}, false
	}
	return st, true
}

// sameState compares states in constant time.
func sameState(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
