package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/extralit/extralit-go/internal/blob/fileblob"
	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/httpapi"
	"github.com/extralit/extralit-go/internal/search/memory"
	"github.com/extralit/extralit-go/internal/service"
	"github.com/extralit/extralit-go/internal/store"
	"github.com/extralit/extralit-go/internal/store/storetest"
)

// env is a running API over a real database with one user of each role.
// The admin and the annotator belong to workspace "lab"; nobody but the
// owner sees workspace "other".
type env struct {
	t      testing.TB
	srv    *httptest.Server
	svc    *service.Service
	store  *store.Store
	keys   map[string]string // role → API key; "anonymous" → ""
	users  map[string]*extralit.User
	lab    *extralit.Workspace
	other  *extralit.Workspace
	target *extralit.User // an annotator in lab, for routes about another user
}

func newEnv(t testing.TB, dbURL string) *env {
	t.Helper()
	return newEnvWith(t, dbURL, 0)
}

// newEnvWith is newEnv with an upload size limit (0 for the default).
func newEnvWith(t testing.TB, dbURL string, maxUpload int64) *env {
	t.Helper()
	ctx := context.Background()
	st := storetest.OpenMigrated(t, dbURL)
	auth, err := service.NewAuth(ctx, st, service.AuthConfig{BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(st, auth, nil)
	idx := memory.New() // the default engine
	t.Cleanup(func() { idx.Close() })
	svc.SetIndex(idx)
	blobs, err := fileblob.New(filepath.Join(tempDir(t), "storage"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	svc.SetBlobs(blobs)
	api := httpapi.New(svc, nil2discard(), httpapi.Options{Version: "test", MaxUploadBytes: maxUpload})
	e := &env{t: t, svc: svc, store: st, keys: map[string]string{"anonymous": ""}, users: map[string]*extralit.User{}}
	e.srv = httptest.NewServer(api)
	t.Cleanup(e.srv.Close)
	if e.lab, err = svc.CreateWorkspaceAsOperator(ctx, "lab", ""); err != nil {
		t.Fatal(err)
	}
	if e.other, err = svc.CreateWorkspaceAsOperator(ctx, "other", ""); err != nil {
		t.Fatal(err)
	}
	for _, role := range []extralit.Role{extralit.RoleOwner, extralit.RoleAdmin, extralit.RoleAnnotator} {
		c := e.mustCreateUser(string(role)+"-user", role)
		e.keys[string(role)] = c.APIKey
		e.users[string(role)] = c.User
		if role != extralit.RoleOwner {
			if _, err := svc.AddWorkspaceMemberAsOperator(ctx, e.lab.ID, c.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	e.target = e.mustCreateUser("target", extralit.RoleAnnotator).User
	if _, err := svc.AddWorkspaceMemberAsOperator(ctx, e.lab.ID, e.target.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddWorkspaceMemberAsOperator(ctx, e.other.ID, e.target.ID); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) mustCreateUser(username string, role extralit.Role) *service.CreatedUser {
	e.t.Helper()
	c, err := e.svc.CreateUserAsOperator(context.Background(), service.UserCreate{Username: username, Role: role, Password: "password-" + username})
	if err != nil {
		e.t.Fatalf("create user %s: %v", username, err)
	}
	return c
}

// response is a decoded answer.
type response struct {
	status int
	body   []byte
	header http.Header
}

func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

// do sends a request as the given role ("anonymous" sends no credentials).
// A string body is sent as is with the JSON content type.
func (e *env) do(role, method, path string, body any) response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = strings.NewReader(string(data))
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key := e.keys[role]; key != "" {
		req.Header.Set("X-Extralit-Api-Key", key)
	}
	res, err := http.DefaultClient.Do(req)
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

// forEngine runs fn once per database engine; newURL gives a fresh empty
// database each time it is called.
func forEngine(t *testing.T, fn func(t *testing.T, newURL func(t *testing.T) string)) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) { fn(t, eng.URL) })
	}
}

func newSQLite(t testing.TB) string { return storetest.SQLiteURL(t) }

func tempDir(t testing.TB) string { return t.TempDir() }
