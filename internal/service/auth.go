package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"

	"github.com/extralit/extralit-go/internal/extralit"
)

// authSecretSetting is the settings key of the persisted token secret.
const authSecretSetting = "auth.secret_key"

// Auth checks credentials and issues tokens.
type Auth struct {
	store      extralit.Store
	secret     []byte
	accessTTL  time.Duration
	refreshTTL time.Duration
	// bcryptCost is lowered only by tests.
	bcryptCost int
	// dummyHash is compared against when a username is unknown, so that a
	// failed login takes as long whether or not the name exists.
	dummyHash []byte
	now       func() time.Time
}

// AuthConfig configures NewAuth.
type AuthConfig struct {
	// Secret signs tokens; empty means the one persisted in the database,
	// generated on first use.
	Secret     string
	AccessTTL  time.Duration
	RefreshTTL time.Duration
	BcryptCost int
}

// NewAuth loads or creates the signing secret.
func NewAuth(ctx context.Context, store extralit.Store, cfg AuthConfig) (*Auth, error) {
	secret := cfg.Secret
	if secret == "" {
		generated, err := randomToken(48)
		if err != nil {
			return nil, err
		}
		secret, err = store.PutSettingIfAbsent(ctx, authSecretSetting, generated)
		if err != nil {
			return nil, fmt.Errorf("load token secret: %w", err)
		}
	}
	a := &Auth{store: store, secret: []byte(secret), accessTTL: cfg.AccessTTL, refreshTTL: cfg.RefreshTTL,
		bcryptCost: cfg.BcryptCost, now: time.Now}
	if a.accessTTL == 0 {
		a.accessTTL = 30 * time.Minute
	}
	if a.refreshTTL == 0 {
		a.refreshTTL = 30 * 24 * time.Hour
	}
	if a.bcryptCost == 0 {
		a.bcryptCost = bcrypt.DefaultCost
	}
	dummy, err := bcrypt.GenerateFromPassword([]byte("not-a-password"), a.bcryptCost)
	if err != nil {
		return nil, fmt.Errorf("prepare password checks: %w", err)
	}
	a.dummyHash = dummy
	return a, nil
}

// HashPassword returns the bcrypt hash of password.
func (a *Auth) HashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), a.bcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// NewAPIKey returns a fresh random API key and the hash to store.
func NewAPIKey() (key, hash string, err error) {
	key, err = randomToken(40)
	if err != nil {
		return "", "", err
	}
	return key, HashAPIKey(key), nil
}

// HashAPIKey returns the stored form of an API key. Keys are long random
// strings, so a plain SHA-256 is enough and keeps the lookup indexable.
func HashAPIKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// RandomPassword returns a strong random password for generated accounts.
func RandomPassword() (string, error) { return randomToken(18) }

func randomToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("read random bytes: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

var errBadCredentials = &extralit.Error{Kind: extralit.KindUnauthorized, Message: "Could not validate credentials"}

// UserByAPIKey returns the user owning key.
func (a *Auth) UserByAPIKey(ctx context.Context, key string) (*extralit.User, error) {
	if key == "" {
		return nil, errBadCredentials
	}
	u, err := a.store.UserByAPIKeyHash(ctx, HashAPIKey(key))
	if extralit.IsKind(err, extralit.KindNotFound) {
		return nil, errBadCredentials
	}
	return u, err
}

// Login checks a username and password. Both a wrong name and a wrong
// password give the same error, so accounts cannot be probed.
func (a *Auth) Login(ctx context.Context, username, password string) (*extralit.User, error) {
	u, err := a.store.UserByUsername(ctx, username)
	if extralit.IsKind(err, extralit.KindNotFound) {
		_ = bcrypt.CompareHashAndPassword(a.dummyHash, []byte(password))
		return nil, &extralit.Error{Kind: extralit.KindUnauthorized, Message: "Wrong username or password"}
	}
	if err != nil {
		return nil, err
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		return nil, &extralit.Error{Kind: extralit.KindUnauthorized, Message: "Wrong username or password"}
	}
	return u, nil
}

// Tokens is what a successful login returns.
type Tokens struct {
	AccessToken  string  `json:"access_token"`
	TokenType    string  `json:"token_type"`
	RefreshToken *string `json:"refresh_token"`
}

type claims struct {
	jwt.RegisteredClaims
	Identity string `json:"identity"`
	Username string `json:"username"`
	Name     string `json:"name,omitempty"`
	Role     string `json:"role,omitempty"`
	Type     string `json:"type"`
}

// IssueTokens returns an access token and, if withRefresh, a refresh token.
func (a *Auth) IssueTokens(u *extralit.User, withRefresh bool) (Tokens, error) {
	t := a.now()
	access, err := a.sign(claims{
		RegisteredClaims: jwt.RegisteredClaims{ExpiresAt: jwt.NewNumericDate(t.Add(a.accessTTL)), IssuedAt: jwt.NewNumericDate(t)},
		Identity:         u.ID, Username: u.Username, Name: u.FirstName, Role: string(u.Role), Type: "access",
	})
	if err != nil {
		return Tokens{}, err
	}
	out := Tokens{AccessToken: access, TokenType: "bearer"}
	if withRefresh {
		refresh, err := a.sign(claims{
			RegisteredClaims: jwt.RegisteredClaims{ExpiresAt: jwt.NewNumericDate(t.Add(a.refreshTTL)), IssuedAt: jwt.NewNumericDate(t)},
			Identity:         u.ID, Username: u.Username, Type: "refresh",
		})
		if err != nil {
			return Tokens{}, err
		}
		out.RefreshToken = &refresh
	}
	return out, nil
}

func (a *Auth) sign(c claims) (string, error) {
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(a.secret)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return s, nil
}

func (a *Auth) parse(token string) (*claims, error) {
	var c claims
	_, err := jwt.ParseWithClaims(token, &c, func(t *jwt.Token) (any, error) { return a.secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(a.now), jwt.WithExpirationRequired())
	if err != nil {
		return nil, errBadCredentials
	}
	return &c, nil
}

// UserByToken returns the user an access token was issued to. Unlike the
// reference, a refresh token is not accepted here.
func (a *Auth) UserByToken(ctx context.Context, token string) (*extralit.User, error) {
	c, err := a.parse(token)
	if err != nil {
		return nil, err
	}
	if c.Type != "access" {
		return nil, errBadCredentials
	}
	return a.userOfClaims(ctx, c)
}

func (a *Auth) userOfClaims(ctx context.Context, c *claims) (*extralit.User, error) {
	u, err := a.store.UserByUsername(ctx, c.Username)
	if extralit.IsKind(err, extralit.KindNotFound) {
		return nil, errBadCredentials
	}
	if err != nil {
		return nil, err
	}
	// A user deleted and re-created under the same name must not inherit
	// the old user's tokens.
	if c.Identity != "" && subtle.ConstantTimeCompare([]byte(c.Identity), []byte(u.ID)) != 1 {
		return nil, errBadCredentials
	}
	return u, nil
}

// Refresh exchanges a refresh token for a new access token.
func (a *Auth) Refresh(ctx context.Context, refreshToken string) (Tokens, error) {
	c, err := a.parse(refreshToken)
	if err != nil {
		return Tokens{}, err
	}
	if c.Type != "refresh" {
		return Tokens{}, &extralit.Error{Kind: extralit.KindUnauthorized, Message: "the token is not a refresh token"}
	}
	u, err := a.userOfClaims(ctx, c)
	if err != nil {
		return Tokens{}, err
	}
	return a.IssueTokens(u, false)
}

// ErrNoCredentials is returned when a request carries neither an API key
// nor a bearer token.
var ErrNoCredentials = &extralit.Error{Kind: extralit.KindUnauthorized, Message: "Could not validate credentials"}

// Authenticate resolves the caller from an API key and a bearer token. A
// valid API key wins over any bearer token (the SDK sends both to private
// Hugging Face Spaces); otherwise the bearer token decides.
func (a *Auth) Authenticate(ctx context.Context, apiKey, bearer string) (*extralit.User, error) {
	if apiKey != "" {
		u, err := a.UserByAPIKey(ctx, apiKey)
		if err == nil {
			return u, nil
		}
		if !extralit.IsKind(err, extralit.KindUnauthorized) {
			return nil, err
		}
		if bearer == "" {
			return nil, err
		}
	}
	if bearer == "" {
		return nil, ErrNoCredentials
	}
	u, err := a.UserByToken(ctx, bearer)
	if err != nil && !errors.Is(err, errBadCredentials) {
		return nil, err
	}
	return u, err
}
