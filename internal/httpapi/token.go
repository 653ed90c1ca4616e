package httpapi

import (
	"net/http"

	"github.com/extralit/extralit-go/internal/extralit"
)

// postToken signs in with a form-encoded username and password.
func (a *API) postToken(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return extralit.Errorf(extralit.KindInvalid, "the body must be a form (application/x-www-form-urlencoded) with username and password: %v", err)
	}
	username, password := r.PostForm.Get("username"), r.PostForm.Get("password")
	if username == "" || password == "" {
		return extralit.Errorf(extralit.KindInvalid, "the form fields username and password are both required")
	}
	u, err := a.svc.Auth().Login(r.Context(), username, password)
	if err != nil {
		return err
	}
	tokens, err := a.svc.Auth().IssueTokens(u, true)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, tokens)
	return nil
}

func (a *API) postTokenRefresh(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		RefreshToken string `json:"refresh_token"`
	}
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	if in.RefreshToken == "" {
		return extralit.Errorf(extralit.KindInvalid, "field \"refresh_token\" is required")
	}
	tokens, err := a.svc.Auth().Refresh(r.Context(), in.RefreshToken)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, tokens)
	return nil
}
