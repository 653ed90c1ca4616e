package main_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWaitAndProcfileCommands(t *testing.T) {
	home := t.TempDir()
	closed := fmt.Sprintf("http://127.0.0.1:%d", freePort(t))
	bad := filepath.Join(t.TempDir(), "Procfile")
	if err := os.WriteFile(bad, []byte("web run\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		ok   bool
		want string
		env  []string
	}{
		{[]string{"wait", "--for", "db"}, true, `msg=ready service=db`, nil},
		{[]string{"wait", "--for", "search"}, true, "", nil}, // embedded engine: nothing to wait for
		{[]string{"wait", "--for", "server", "--url", closed, "--timeout", "600ms"}, false, "server is not ready after 600ms", nil},
		{[]string{"wait", "--for", "search", "--timeout", "600ms"}, false, "search is not ready after 600ms",
			[]string{"EXTRALIT_SEARCH_ENGINE=opensearch", "EXTRALIT_ELASTICSEARCH=" + closed}},
		{[]string{"wait", "--for", "disk"}, false, `--for "disk": use db, search or server`, nil},
		{[]string{"wait"}, false, "--for is required", nil},
		{[]string{"procfile", filepath.Join(t.TempDir(), "none")}, false, "open procfile", nil},
		{[]string{"procfile", bad}, false, `line 1: want "name: command"`, nil},
		{[]string{"procfile", "../../deploy/Procfile", "--only", "web"}, false, `no process "web" in the procfile (it has server, worker_high, worker_default)`, nil},
	}
	for _, tt := range tests {
		out, err := run(t, home, tt.env, tt.args...)
		if (err == nil) != tt.ok || !strings.Contains(out, tt.want) {
			t.Errorf("extralit %s: err %v\n%s\nwant ok=%v and output containing %q", strings.Join(tt.args, " "), err, out, tt.ok, tt.want)
		}
	}
}
