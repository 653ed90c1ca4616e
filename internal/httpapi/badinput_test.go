package httpapi_test

import (
	"context"
	"strings"
	"testing"
)

// TestBadInput sends malformed and invalid bodies and checks for a clear
// 4xx that names the problem, and that nothing was written.
func TestBadInput(t *testing.T) {
	long := strings.Repeat("x", 201)
	cases := []struct {
		name       string
		method     string
		path       func(e *env) string
		body       any
		wantStatus int
		wantText   string
	}{
		{"malformed json", "POST", usersPath, `{"username": "a",`, 422, "truncated"},
		{"not json", "POST", usersPath, `username=a`, 422, "not valid JSON"},
		{"empty body", "POST", usersPath, ``, 422, "empty"},
		{"json array", "POST", usersPath, `[1,2]`, 422, "object"},
		{"unknown field", "POST", usersPath, map[string]any{"username": "zed", "password": "12345678", "colour": "red"}, 422, `unknown field \"colour\"`},
		{"wrong type", "POST", usersPath, map[string]any{"username": 42, "password": "12345678"}, 422, `field \"username\" must be a string`},
		{"over-long username", "POST", usersPath, map[string]any{"username": long, "password": "12345678"}, 422, "at most 200"},
		{"short password", "POST", usersPath, map[string]any{"username": "zed", "password": "short"}, 422, "password"},
		{"bad role", "POST", usersPath, map[string]any{"username": "zed", "password": "12345678", "role": "king"}, 422, "king"},
		{"duplicate username", "POST", usersPath, map[string]any{"username": "Admin-User", "password": "12345678"}, 409, "already exists"},
		{"bad user id", "POST", usersPath, map[string]any{"id": "nope", "username": "zed", "password": "12345678"}, 422, "UUID"},
		{"null first name", "PATCH", targetPath, map[string]any{"first_name": nil}, 422, "may not be null"},
		{"rename to taken", "PATCH", targetPath, map[string]any{"username": "owner-user"}, 409, "already exists"},
		{"bad path id", "GET", func(e *env) string { return "/api/v1/users/123" }, nil, 422, "UUID"},
		{"unknown user", "GET", func(e *env) string { return "/api/v1/users/00000000-0000-0000-0000-000000000000" }, nil, 404, "not found"},
		{"duplicate workspace", "POST", workspacesPath, map[string]any{"name": "lab"}, 409, "already exists"},
		{"over-long workspace", "POST", workspacesPath, map[string]any{"name": strings.Repeat("w", 64)}, 422, "at most 63"},
		{"bad workspace name", "POST", workspacesPath, map[string]any{"name": "../etc"}, 422, "must start with"},
		{"empty workspace name", "POST", workspacesPath, map[string]any{"name": ""}, 422, "empty"},
		{"member twice", "POST", func(e *env) string { return "/api/v1/workspaces/" + e.lab.ID + "/users" },
			map[string]any{"user_id": "TARGET"}, 409, "already a member"},
		{"unknown member", "POST", func(e *env) string { return "/api/v1/workspaces/" + e.lab.ID + "/users" },
			map[string]any{"user_id": "00000000-0000-0000-0000-000000000000"}, 422, "not found"},
		{"remove non-member", "DELETE", func(e *env) string {
			return "/api/v1/workspaces/" + e.lab.ID + "/users/" + e.users["owner"].ID
		}, nil, 404, "not a member"},
		{"unknown route", "GET", func(e *env) string { return "/api/v1/nothing-here" }, nil, 404, "no route"},
		{"delete myself", "DELETE", func(e *env) string { return "/api/v1/users/" + e.users["owner"].ID }, nil, 400, "own user"},
	}
	forEngine(t, func(t *testing.T, newURL func(t *testing.T) string) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := newEnv(t, newURL(t))
				before := e.snapshot()
				body := tc.body
				if m, ok := body.(map[string]any); ok && m["user_id"] == "TARGET" {
					body = map[string]any{"user_id": e.target.ID}
				}
				res := e.do("owner", tc.method, tc.path(e), body)
				if res.status != tc.wantStatus || !strings.Contains(string(res.body), tc.wantText) {
					t.Fatalf("%s %s = %d %s; want %d mentioning %q", tc.method, tc.path(e), res.status, res.body, tc.wantStatus, tc.wantText)
				}
				if after := e.snapshot(); after != before {
					t.Fatalf("a refused request changed the database:\nbefore %s\nafter  %s", before, after)
				}
			})
		}
	})
}

func usersPath(e *env) string      { return "/api/v1/users" }
func workspacesPath(e *env) string { return "/api/v1/workspaces" }
func targetPath(e *env) string     { return "/api/v1/users/" + e.target.ID }

// snapshot summarises users, workspaces and memberships, to compare before
// and after a refused request.
func (e *env) snapshot() string {
	e.t.Helper()
	ctx := context.Background()
	var b strings.Builder
	users, err := e.store.Users(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, u := range users {
		b.WriteString(u.Username + ":" + string(u.Role) + ":" + u.FirstName + ":" + u.UpdatedAt.String() + ";")
	}
	ws, err := e.store.Workspaces(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, w := range ws {
		members, err := e.store.Members(ctx, w.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		b.WriteString(w.Name + "[")
		for _, m := range members {
			b.WriteString(m.Username + ",")
		}
		b.WriteString("];")
	}
	return b.String()
}

func TestBodyTooLarge(t *testing.T) {
	e := newEnv(t, newSQLite(t))
	huge := `{"username": "` + strings.Repeat("a", 100<<10) + `", "password": "12345678"}`
	res := e.do("owner", "POST", "/api/v1/users", huge)
	if res.status != 413 || !strings.Contains(string(res.body), "larger than the limit") {
		t.Fatalf("huge body = %d %s; want 413", res.status, res.body)
	}
}
