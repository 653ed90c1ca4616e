package main_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/oauth/oauthtest"
)

var binary string

// TestMain builds the real binary once; the tests run it as a user would.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "extralit-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "extralit")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	oauthtest.Cleanup()
	os.Exit(code)
}

// run executes the binary with a home folder and extra environment.
func run(t *testing.T, home string, env []string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(baseEnv(home), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func baseEnv(home string) []string {
	env := []string{"EXTRALIT_HOME_PATH=" + home, "PATH=" + os.Getenv("PATH"), "HOME=" + home}
	if u := os.Getenv("EXTRALIT_TEST_DATABASE_URL"); u != "" {
		env = append(env, "EXTRALIT_DATABASE_URL="+u)
	}
	return env
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startServer starts `extralit server` on a port the kernel picks and
// waits until it answers. The port comes from the server's own banner: a
// port probed free beforehand could be taken by a parallel test's server
// before this one listens, and that server would answer in its place.
func startServer(t *testing.T, home string, env []string, args ...string) (*exec.Cmd, string, *lockedBuffer) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"server", "--port", "0"}, args...)...)
	cmd.Env = append(baseEnv(home), env...)
	out := &lockedBuffer{}
	cmd.Stdout = out
	cmd.Stderr = out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := servingAt.FindStringSubmatch(out.String()); m != nil {
			url := "http://127.0.0.1:" + m[1]
			if res, err := http.Get(url + "/api/v1/status"); err == nil {
				res.Body.Close()
				if res.StatusCode == 200 {
					return cmd, url, out
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("server did not start:\n%s", out.String())
	return nil, "", nil
}

// servingAt finds the port in the server's "serving at" banner.
var servingAt = regexp.MustCompile(`Extralit is serving at http://[^\s]*:(\d+)`)

func getMe(t *testing.T, url, key string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("GET", url+"/api/v1/me", nil)
	req.Header.Set("X-Extralit-Api-Key", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(res.Body).Decode(&m)
	return res.StatusCode, m
}

func TestServerGeneratesFirstOwnerAndShutsDownOnSIGTERM(t *testing.T) {
	home := t.TempDir()
	cmd, url, out := startServer(t, home, nil)
	text := out.String()
	key := regexp.MustCompile(`API key:\s+(\S+)`).FindStringSubmatch(text)
	pass := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(text)
	if key == nil || pass == nil || len(pass[1]) < 16 {
		t.Fatalf("first start did not print generated credentials:\n%s", text)
	}
	if strings.Contains(text, "12345678") {
		t.Fatalf("a well-known password was used without --quickstart:\n%s", text)
	}
	// The secrets go to stdout once, never into log lines.
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, "level=") && (strings.Contains(line, key[1]) || strings.Contains(line, pass[1])) {
			t.Fatalf("a secret was logged: %s", line)
		}
	}
	if status, me := getMe(t, url, key[1]); status != 200 || me["username"] != "extralit" || me["role"] != "owner" {
		t.Fatalf("GET /me with the printed key = %d %v", status, me)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("server exited with %v after SIGTERM:\n%s", err, out.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop within 15 s of SIGTERM")
	}
	if !strings.Contains(out.String(), "msg=stopped") {
		t.Fatalf("no orderly shutdown logged:\n%s", out.String())
	}

	// A second start finds the users and does not seed again; the key still works,
	// and tokens signed before the restart remain valid.
	_, url2, out2 := startServer(t, home, nil)
	if strings.Contains(out2.String(), "Created the first owner") {
		t.Fatalf("second start seeded again:\n%s", out2.String())
	}
	if status, _ := getMe(t, url2, key[1]); status != 200 {
		t.Fatalf("key after restart = %d", status)
	}
}

func TestTokensSurviveRestart(t *testing.T) {
	home := t.TempDir()
	env := []string{"EXTRALIT_USERNAME=ada", "EXTRALIT_PASSWORD=ada-password", "EXTRALIT_API_KEY=ada-api-key-123"}
	cmd, url, _ := startServer(t, home, env)
	res, err := http.PostForm(url+"/api/v1/token", map[string][]string{"username": {"ada"}, "password": {"ada-password"}})
	if err != nil {
		t.Fatal(err)
	}
	var tok map[string]any
	_ = json.NewDecoder(res.Body).Decode(&tok)
	res.Body.Close()
	access, _ := tok["access_token"].(string)
	if res.StatusCode != 201 || access == "" {
		t.Fatalf("login = %d %v", res.StatusCode, tok)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()
	_, url2, _ := startServer(t, home, env)
	req, _ := http.NewRequest("GET", url2+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+access)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("token from before the restart = %d, want 200", res.StatusCode)
	}
}

func TestQuickstartUsesDemoCredentialsLoudly(t *testing.T) {
	_, url, out := startServer(t, t.TempDir(), nil, "--quickstart")
	if !strings.Contains(out.String(), "WARNING: --quickstart") {
		t.Fatalf("no warning printed:\n%s", out.String())
	}
	if status, me := getMe(t, url, "extralit.apikey"); status != 200 || me["username"] != "extralit" {
		t.Fatalf("demo key = %d %v", status, me)
	}
}

func TestUsersAndWorkspacesCommands(t *testing.T) {
	home := t.TempDir()
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"workspaces", "create", "lab"}, "created workspace lab"},
		{[]string{"users", "create", "--username", "ana", "--password", "ana-password", "--role", "admin", "--workspace", "lab"}, "API key (shown only now)"},
		{[]string{"users", "list"}, "ana"},
		{[]string{"users", "update", "ana", "--role", "annotator"}, "role annotator"},
		{[]string{"workspaces", "create", "lab2"}, "created workspace lab2"},
		{[]string{"users", "add-workspace", "ana", "lab2"}, "added ana to workspace lab2"},
		{[]string{"workspaces", "list"}, "lab2"},
		{[]string{"users", "regenerate-api-key", "ana"}, "new API key for ana"},
		{[]string{"users", "delete", "ana"}, "deleted user ana"},
		{[]string{"workspaces", "delete", "lab2"}, "deleted workspace lab2"},
		{[]string{"migrate"}, "schema version"},
	}
	for _, s := range steps {
		out, err := run(t, home, nil, s.args...)
		if err != nil || !strings.Contains(out, s.want) {
			t.Fatalf("extralit %s: %v\n%s\nwant output containing %q", strings.Join(s.args, " "), err, out, s.want)
		}
	}
	failures := []struct {
		args []string
		want string
	}{
		{[]string{"users", "create", "--username", "bo", "--password", "short"}, "password must be"},
		{[]string{"users", "delete", "nobody"}, "not found"},
		{[]string{"workspaces", "create", "lab"}, "already exists"},
		{[]string{"users", "create", "--password", "long-enough"}, `"username" not set`},
	}
	for _, f := range failures {
		out, err := run(t, home, nil, f.args...)
		if err == nil || !strings.Contains(out, f.want) {
			t.Fatalf("extralit %s: err %v\n%s\nwant failure mentioning %q", strings.Join(f.args, " "), err, out, f.want)
		}
	}
}

func TestHelpOnEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"server", "--help"}, {"users", "--help"}, {"users", "create", "--help"},
		{"workspaces", "--help"}, {"migrate", "--help"}} {
		out, err := run(t, t.TempDir(), nil, args...)
		if err != nil || !strings.Contains(out, "Usage:") {
			t.Fatalf("extralit %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

func TestLogFormatJSON(t *testing.T) {
	_, _, out := startServer(t, t.TempDir(), []string{"EXTRALIT_USERNAME=x1", "EXTRALIT_PASSWORD=x1-password"}, "--log-format", "json")
	sc := bufio.NewScanner(strings.NewReader(out.String()))
	found := false
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "{") {
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("log line is not JSON: %s", line)
			}
			if m["msg"] == "server listening" {
				found = true
			}
		}
	}
	if !found {
		t.Fatalf("no JSON 'server listening' line:\n%s", out.String())
	}
}
