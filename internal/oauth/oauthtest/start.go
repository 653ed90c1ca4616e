package oauthtest

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var build struct {
	once sync.Once
	path string
	err  error
	out  []byte
}

// Cleanup removes the provider binary built for this test process; call it
// from TestMain after m.Run.
func Cleanup() {
	if build.path != "" {
		_ = os.RemoveAll(filepath.Dir(build.path))
	}
}

// binary builds cmd/testprovider once per test process.
func binary(t testing.TB) string {
	t.Helper()
	build.once.Do(func() {
		dir, err := os.MkdirTemp("", "oauth-testprovider-")
		if err != nil {
			build.err = err
			return
		}
		build.path = filepath.Join(dir, "testprovider")
		cmd := exec.Command("go", "build", "-o", build.path, "github.com/extralit/extralit-go/internal/oauth/oauthtest/cmd/testprovider")
		build.out, build.err = cmd.CombinedOutput()
	})
	if build.err != nil {
		t.Fatalf("build the test provider: %v\n%s", build.err, build.out)
	}
	return build.path
}

// Start runs the provider as its own OS process on 127.0.0.1 and returns
// its base URL; the process is stopped when the test ends.
func Start(t testing.TB, cfg Config) string {
	t.Helper()
	bin := binary(t)
	cfgPath := filepath.Join(t.TempDir(), "provider.json")
	data, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfgPath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-config", cfgPath)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start the test provider: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("read the test provider's address: %v", err)
	}
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if !ok {
		t.Fatalf("test provider printed %q, want \"listening URL\"", line)
	}
	return url
}
