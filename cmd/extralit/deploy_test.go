package main_test

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// hubRequest is one request the fake Hub received.
type hubRequest struct {
	Method, Path, Auth, ContentType string
	Body                            []byte
}

// fakeHub stands in for the Hugging Face Hub (a remote service) and for the
// Space it builds: it records every request, answers the routes
// `deploy spaces` uses, and reports the runtime stages in stages.
type fakeHub struct {
	mu       sync.Mutex
	reqs     []hubRequest
	exists   bool     // the Space exists already: create answers 409
	status   int      // when non-zero, every Hub route answers it
	stages   []string // runtime stages to report, the last one repeated
	runtimes int
}

func (h *fakeHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.reqs = append(h.reqs, hubRequest{r.Method, r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("Content-Type"), body})
	if r.URL.Path == "/api/v1/status" { // the deployed Space's server
		if h.runtimes == 0 || h.stage() != "RUNNING" {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{"version":"x"}`))
		return
	}
	if h.status != 0 {
		w.WriteHeader(h.status)
		_, _ = w.Write([]byte(`{"error":"Invalid credentials in Authorization header"}`))
		return
	}
	switch {
	case r.Method == "POST" && r.URL.Path == "/api/repos/create":
		if h.exists {
			w.WriteHeader(http.StatusConflict)
			_, _ = w.Write([]byte(`{"error":"You already created this space repo"}`))
			return
		}
		_, _ = w.Write([]byte(`{"url":"https://huggingface.co/spaces/ada/lab"}`))
	case r.Method == "POST" && (strings.HasSuffix(r.URL.Path, "/commit/main") ||
		strings.HasSuffix(r.URL.Path, "/secrets") || strings.HasSuffix(r.URL.Path, "/variables")):
		_, _ = w.Write([]byte(`{}`))
	case r.Method == "GET" && strings.HasSuffix(r.URL.Path, "/runtime"):
		h.runtimes++
		_ = json.NewEncoder(w).Encode(map[string]any{"stage": h.stage()})
	default:
		http.NotFound(w, r)
	}
}

func (h *fakeHub) stage() string {
	return h.stages[min(h.runtimes, len(h.stages))-1]
}

func (h *fakeHub) requests(method, path string) []hubRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []hubRequest
	for _, r := range h.reqs {
		if r.Method == method && r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

func deploySpaces(t *testing.T, hub *fakeHub, args ...string) (string, error) {
	t.Helper()
	srv := httptest.NewServer(hub)
	t.Cleanup(srv.Close)
	return run(t, t.TempDir(), nil, append([]string{"deploy", "spaces", "--hub-url", srv.URL, "--space-url", srv.URL, "--wait", "30s"}, args...)...)
}

func TestDeploySpacesCreatesAndConfiguresTheSpace(t *testing.T) {
	hub := &fakeHub{stages: []string{"BUILDING", "BUILDING", "RUNNING"}}
	out, err := deploySpaces(t, hub, "--space", "ada/lab", "--private", "--token", "hf_test_token")
	if err != nil {
		t.Fatalf("deploy spaces: %v\n%s", err, out)
	}
	for _, r := range hub.reqs {
		if r.Path != "/api/v1/status" && r.Auth != "Bearer hf_test_token" {
			t.Errorf("%s %s sent Authorization %q, want the token as a bearer", r.Method, r.Path, r.Auth)
		}
	}

	creates := hub.requests("POST", "/api/repos/create")
	if len(creates) != 1 {
		t.Fatalf("create requests = %d, want 1", len(creates))
	}
	var create map[string]any
	_ = json.Unmarshal(creates[0].Body, &create)
	for k, want := range map[string]any{"type": "space", "sdk": "docker", "private": true, "name": "lab", "organization": "ada"} {
		if create[k] != want {
			t.Errorf("create %s = %v, want %v (body %s)", k, create[k], want, creates[0].Body)
		}
	}

	commits := hub.requests("POST", "/api/spaces/ada/lab/commit/main")
	if len(commits) != 1 || commits[0].ContentType != "application/x-ndjson" {
		t.Fatalf("commits = %+v, want one NDJSON commit to main", commits)
	}
	files := map[string][]byte{}
	sc := bufio.NewScanner(bytes.NewReader(commits[0].Body))
	sc.Buffer(nil, 1<<20)
	for n := 0; sc.Scan(); n++ {
		var line struct {
			Key   string `json:"key"`
			Value struct {
				Summary, Path, Encoding, Content string
			} `json:"value"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("commit line %d is not JSON: %s", n, sc.Bytes())
		}
		switch {
		case n == 0 && (line.Key != "header" || line.Value.Summary == ""):
			t.Fatalf("first commit line = %s, want the header with a summary", sc.Bytes())
		case n > 0 && (line.Key != "file" || line.Value.Encoding != "base64"):
			t.Fatalf("commit line %d = %s, want a base64 file", n, sc.Bytes())
		case n > 0:
			data, err := base64.StdEncoding.DecodeString(line.Value.Content)
			if err != nil {
				t.Fatalf("file %s: %v", line.Value.Path, err)
			}
			files[line.Value.Path] = data
		}
	}
	for path, src := range map[string]string{"README.md": "hf-space/README.md", "Dockerfile": "hf-space/Dockerfile",
		"start.sh": "hf-space/start.sh", "Procfile": "Procfile"} {
		want, err := os.ReadFile(filepath.Join("..", "..", "deploy", src))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(files[path], want) {
			t.Errorf("uploaded %s differs from deploy/%s (%d vs %d bytes)", path, src, len(files[path]), len(want))
		}
	}
	if len(files) != 4 {
		t.Errorf("uploaded files %d, want 4", len(files))
	}
	for _, want := range []string{"sdk: docker", "app_port: 6900", "hf_oauth: true"} {
		if !strings.Contains(string(files["README.md"]), want) {
			t.Errorf("Space README lacks %q", want)
		}
	}

	key := regexp.MustCompile(`API key:\s+(\S+)`).FindStringSubmatch(out)
	if key == nil || len(key[1]) < 24 {
		t.Fatalf("no generated API key printed:\n%s", out)
	}
	secrets := keyValues(t, hub.requests("POST", "/api/spaces/ada/lab/secrets"))
	if secrets["EXTRALIT_API_KEY"] != key[1] || len(secrets["EXTRALIT_PASSWORD"]) < 24 {
		t.Errorf("secrets = %v, want EXTRALIT_API_KEY %s and a generated EXTRALIT_PASSWORD", secrets, key[1])
	}
	if vars := keyValues(t, hub.requests("POST", "/api/spaces/ada/lab/variables")); vars["USERNAME"] != "ada" {
		t.Errorf("variables = %v, want USERNAME=ada", vars)
	}
	if hub.runtimes < 3 || len(hub.requests("GET", "/api/v1/status")) == 0 {
		t.Errorf("did not wait for RUNNING and /api/v1/status (runtime polls %d)", hub.runtimes)
	}
	if !strings.Contains(out, "Extralit is deployed at http://127.0.0.1") {
		t.Errorf("URL not printed:\n%s", out)
	}
}

func keyValues(t *testing.T, reqs []hubRequest) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, r := range reqs {
		var kv struct{ Key, Value string }
		if err := json.Unmarshal(r.Body, &kv); err != nil {
			t.Fatalf("%s body %s: %v", r.Path, r.Body, err)
		}
		m[kv.Key] = kv.Value
	}
	return m
}

func TestDeploySpacesUpdatesAnExistingSpace(t *testing.T) {
	hub := &fakeHub{exists: true, stages: []string{"RUNNING"}}
	out, err := deploySpaces(t, hub, "--space", "ada/lab", "--token", "t", "--api-key", "my-chosen-key-123")
	if err != nil {
		t.Fatalf("deploy spaces on an existing Space: %v\n%s", err, out)
	}
	if len(hub.requests("POST", "/api/spaces/ada/lab/commit/main")) != 1 {
		t.Errorf("existing Space was not updated with a commit")
	}
	if s := keyValues(t, hub.requests("POST", "/api/spaces/ada/lab/secrets")); s["EXTRALIT_API_KEY"] != "my-chosen-key-123" {
		t.Errorf("secrets = %v, want the chosen API key", s)
	}
	if !strings.Contains(out, "The Space existed") {
		t.Errorf("no note that the Space existed:\n%s", out)
	}

	// Without --api-key an existing Space keeps its secrets.
	hub = &fakeHub{exists: true, stages: []string{"RUNNING"}}
	out, err = deploySpaces(t, hub, "--space", "ada/lab", "--token", "t")
	if err != nil {
		t.Fatalf("deploy spaces on an existing Space: %v\n%s", err, out)
	}
	if s := hub.requests("POST", "/api/spaces/ada/lab/secrets"); len(s) != 0 || strings.Contains(out, "API key:") {
		t.Errorf("existing Space got %d secret writes and output\n%s\nwant its secrets kept and no key printed", len(s), out)
	}
}

func TestDeploySpacesErrors(t *testing.T) {
	tests := []struct {
		name string
		hub  *fakeHub
		args []string
		want string
	}{
		{"no token", &fakeHub{stages: []string{"RUNNING"}}, []string{"--space", "ada/lab"}, "pass --token or set HF_TOKEN"},
		{"no space", &fakeHub{stages: []string{"RUNNING"}}, []string{"--token", "t"}, "--space OWNER/NAME is required"},
		{"bad space", &fakeHub{stages: []string{"RUNNING"}}, []string{"--space", "ada", "--token", "t"}, `space "ada": want OWNER/NAME`},
		{"bad token", &fakeHub{status: 401, stages: []string{"RUNNING"}}, []string{"--space", "ada/lab", "--token", "t"},
			"401 Unauthorized: Invalid credentials in Authorization header (check the token"},
		{"build fails", &fakeHub{stages: []string{"BUILDING", "BUILD_ERROR"}}, []string{"--space", "ada/lab", "--token", "t"},
			"failed with stage BUILD_ERROR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := deploySpaces(t, tt.hub, tt.args...)
			if err == nil || !strings.Contains(out, tt.want) {
				t.Fatalf("err %v, output:\n%s\nwant a failure mentioning %q", err, out, tt.want)
			}
		})
	}
}
