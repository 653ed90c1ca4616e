package httpapi_test

import (
	"fmt"
	"testing"
)

// TestRoleMatrix checks every route of users, workspaces and auth against
// the reference's policy table, for each role and for anonymous callers.
func TestRoleMatrix(t *testing.T) {
	type want struct{ owner, admin, annotator, anonymous int }
	type route struct {
		name   string
		method string
		path   func(e *env) string
		body   func(e *env) any
		want   want
	}
	lab := func(e *env) string { return e.lab.ID }
	other := func(e *env) string { return e.other.ID }
	routes := []route{
		{"me", "GET", func(e *env) string { return "/api/v1/me" }, nil, want{200, 200, 200, 401}},
		{"my api key", "POST", func(e *env) string { return "/api/v1/me/api-key" }, nil, want{200, 200, 200, 401}},
		{"list users", "GET", func(e *env) string { return "/api/v1/users" }, nil, want{200, 403, 403, 401}},
		{"create user", "POST", func(e *env) string { return "/api/v1/users" },
			func(e *env) any { return map[string]any{"username": "newbie", "password": "12345678"} }, want{201, 403, 403, 401}},
		{"get user", "GET", func(e *env) string { return "/api/v1/users/" + e.target.ID }, nil, want{200, 403, 403, 401}},
		{"update user", "PATCH", func(e *env) string { return "/api/v1/users/" + e.target.ID },
			func(e *env) any { return map[string]any{"first_name": "Tara"} }, want{200, 403, 403, 401}},
		{"delete user", "DELETE", func(e *env) string { return "/api/v1/users/" + e.target.ID }, nil, want{200, 403, 403, 401}},
		{"user api key", "POST", func(e *env) string { return "/api/v1/users/" + e.target.ID + "/api-key" }, nil, want{200, 403, 403, 401}},
		{"user workspaces", "GET", func(e *env) string { return "/api/v1/users/" + e.target.ID + "/workspaces" }, nil, want{200, 403, 403, 401}},
		{"my workspaces", "GET", func(e *env) string { return "/api/v1/me/workspaces" }, nil, want{200, 200, 200, 401}},
		{"create workspace", "POST", func(e *env) string { return "/api/v1/workspaces" },
			func(e *env) any { return map[string]any{"name": "fresh"} }, want{201, 201, 403, 401}},
		{"get member workspace", "GET", func(e *env) string { return "/api/v1/workspaces/" + lab(e) }, nil, want{200, 200, 200, 401}},
		{"get other workspace", "GET", func(e *env) string { return "/api/v1/workspaces/" + other(e) }, nil, want{200, 403, 403, 401}},
		{"delete member workspace", "DELETE", func(e *env) string { return "/api/v1/workspaces/" + lab(e) }, nil, want{200, 403, 403, 401}},
		{"list member workspace users", "GET", func(e *env) string { return "/api/v1/workspaces/" + lab(e) + "/users" }, nil, want{200, 200, 403, 401}},
		{"list other workspace users", "GET", func(e *env) string { return "/api/v1/workspaces/" + other(e) + "/users" }, nil, want{200, 403, 403, 401}},
		{"add workspace user", "POST", func(e *env) string { return "/api/v1/workspaces/" + other(e) + "/users" },
			func(e *env) any { return map[string]any{"user_id": e.users["annotator"].ID} }, want{201, 403, 403, 401}},
		{"remove member workspace user", "DELETE", func(e *env) string { return "/api/v1/workspaces/" + lab(e) + "/users/" + e.target.ID }, nil, want{200, 200, 403, 401}},
		{"remove other workspace user", "DELETE", func(e *env) string { return "/api/v1/workspaces/" + other(e) + "/users/" + e.target.ID }, nil, want{200, 403, 403, 401}},
		{"version", "GET", func(e *env) string { return "/api/v1/version" }, nil, want{200, 200, 200, 200}},
		{"status", "GET", func(e *env) string { return "/api/v1/status" }, nil, want{200, 200, 200, 200}},
		{"info", "GET", func(e *env) string { return "/api/_info" }, nil, want{200, 200, 200, 200}},
		{"settings", "GET", func(e *env) string { return "/api/v1/settings" }, nil, want{200, 200, 200, 200}},
	}
	forEngine(t, func(t *testing.T, newURL func(t *testing.T) string) {
		for _, rt := range routes {
			for role, status := range map[string]int{"owner": rt.want.owner, "admin": rt.want.admin, "annotator": rt.want.annotator, "anonymous": rt.want.anonymous} {
				t.Run(fmt.Sprintf("%s/%s", rt.name, role), func(t *testing.T) {
					// A fresh environment per case: some routes delete what others need.
					e := newEnv(t, newURL(t))
					var body any
					if rt.body != nil {
						body = rt.body(e)
					}
					res := e.do(role, rt.method, rt.path(e), body)
					if res.status != status {
						t.Fatalf("%s %s as %s = %d, want %d\n%s", rt.method, rt.path(e), role, res.status, status, res.body)
					}
				})
			}
		}
	})
}
