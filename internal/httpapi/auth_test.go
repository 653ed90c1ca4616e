package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func (e *env) postForm(path string, form url.Values) response {
	e.t.Helper()
	res, err := http.PostForm(e.srv.URL+path, form)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return response{status: res.StatusCode, body: data, header: res.Header}
}

func (e *env) withBearer(method, path, token string, extra map[string]string) response {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range extra {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	var m json.RawMessage
	_ = json.NewDecoder(res.Body).Decode(&m)
	return response{status: res.StatusCode, body: m, header: res.Header}
}

func TestTokenLoginAndRefresh(t *testing.T) {
	forEngine(t, func(t *testing.T, newURL func(t *testing.T) string) {
		e := newEnv(t, newURL(t))
		res := e.postForm("/api/v1/token", url.Values{"username": {"ADMIN-user"}, "password": {"password-admin-user"}})
		if res.status != 201 {
			t.Fatalf("POST /token = %d, want 201\n%s", res.status, res.body)
		}
		tok := res.json(t)
		access, _ := tok["access_token"].(string)
		refresh, _ := tok["refresh_token"].(string)
		if access == "" || refresh == "" || tok["token_type"] != "bearer" {
			t.Fatalf("token body = %v", tok)
		}
		if me := e.withBearer("GET", "/api/v1/me", access, nil); me.status != 200 || !strings.Contains(string(me.body), `"admin-user"`) {
			t.Fatalf("GET /me with the access token = %d %s", me.status, me.body)
		}
		// A refresh token is not an access token.
		if me := e.withBearer("GET", "/api/v1/me", refresh, nil); me.status != 401 {
			t.Fatalf("GET /me with a refresh token = %d, want 401", me.status)
		}
		r := e.do("anonymous", "POST", "/api/v1/token/refresh", map[string]any{"refresh_token": refresh})
		if r.status != 201 || r.json(t)["access_token"] == "" || r.json(t)["refresh_token"] != nil {
			t.Fatalf("refresh = %d %s", r.status, r.body)
		}
		if r := e.do("anonymous", "POST", "/api/v1/token/refresh", map[string]any{"refresh_token": access}); r.status != 401 {
			t.Fatalf("refresh with an access token = %d, want 401", r.status)
		}
		for _, form := range []url.Values{
			{"username": {"admin-user"}, "password": {"wrong-password"}},
			{"username": {"nobody"}, "password": {"password-admin-user"}},
		} {
			if res := e.postForm("/api/v1/token", form); res.status != 401 {
				t.Fatalf("POST /token %v = %d, want 401", form, res.status)
			}
		}
		if res := e.postForm("/api/v1/token", url.Values{"username": {"admin-user"}}); res.status != 422 {
			t.Fatalf("POST /token without password = %d, want 422", res.status)
		}
		if me := e.withBearer("GET", "/api/v1/me", "not.a.jwt", nil); me.status != 401 {
			t.Fatalf("GET /me with garbage token = %d, want 401", me.status)
		}
	})
}

func TestAPIKeyWinsOverBearer(t *testing.T) {
	e := newEnv(t, newSQLite(t))
	// The SDK sends its key together with a Hugging Face bearer token to
	// private Spaces; the key must decide.
	res := e.withBearer("GET", "/api/v1/me", "hf_not_ours", map[string]string{"X-Extralit-Api-Key": e.keys["annotator"]})
	if res.status != 200 || !strings.Contains(string(res.body), "annotator-user") {
		t.Fatalf("key + foreign bearer = %d %s", res.status, res.body)
	}
	res = e.withBearer("GET", "/api/v1/me", "", map[string]string{"X-Argilla-Api-Key": e.keys["admin"]})
	if res.status != 200 || !strings.Contains(string(res.body), "admin-user") {
		t.Fatalf("X-Argilla-Api-Key = %d %s", res.status, res.body)
	}
	res = e.withBearer("GET", "/api/v1/me", "", map[string]string{"X-Extralit-Api-Key": "wrong"})
	if res.status != 401 {
		t.Fatalf("wrong key = %d, want 401", res.status)
	}
}

func TestAPIKeyShownOnceAndRegenerated(t *testing.T) {
	e := newEnv(t, newSQLite(t))
	created := e.do("owner", "POST", "/api/v1/users", map[string]any{"username": "kim", "password": "kim-password", "role": "admin"})
	if created.status != 201 {
		t.Fatalf("create = %d %s", created.status, created.body)
	}
	key, _ := created.json(t)["api_key"].(string)
	if len(key) < 40 {
		t.Fatalf("created user's api_key = %q, want a long generated key", key)
	}
	e.keys["kim"] = key
	me := e.do("kim", "GET", "/api/v1/me", nil)
	if me.status != 200 {
		t.Fatalf("GET /me with the new key = %d", me.status)
	}
	if _, shown := me.json(t)["api_key"]; shown {
		t.Fatalf("GET /me shows the api_key: %s", me.body)
	}
	regen := e.do("kim", "POST", "/api/v1/me/api-key", nil)
	newKey, _ := regen.json(t)["api_key"].(string)
	if regen.status != 200 || newKey == "" || newKey == key {
		t.Fatalf("regenerate = %d %s", regen.status, regen.body)
	}
	if res := e.do("kim", "GET", "/api/v1/me", nil); res.status != 401 {
		t.Fatalf("old key after regeneration = %d, want 401", res.status)
	}
	e.keys["kim"] = newKey
	if res := e.do("kim", "GET", "/api/v1/me", nil); res.status != 200 {
		t.Fatalf("new key = %d, want 200", res.status)
	}
}
