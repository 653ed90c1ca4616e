package main_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSpaceStartScriptRunsExtralit runs deploy/hf-space/start.sh as the
// Space does, with the variables a Space sets, and checks that the Space
// owner is the first owner, the home is the given one, and the settings
// describe the Space with the temporary-storage warning.
func TestSpaceStartScriptRunsExtralit(t *testing.T) {
	home := t.TempDir()
	port := freePort(t)
	script, err := filepath.Abs(filepath.Join("..", "..", "deploy", "hf-space", "start.sh"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(script)
	cmd.Env = []string{
		"PATH=" + filepath.Dir(binary) + string(os.PathListSeparator) + os.Getenv("PATH"), "HOME=" + home,
		"EXTRALIT_HOME_PATH=" + home, fmt.Sprintf("PORT=%d", port),
		"SPACE_ID=ada/lab", "SPACE_HOST=ada-lab.hf.space", "SPACE_AUTHOR_NAME=ada",
		"EXTRALIT_API_KEY=space-api-key-123456", "EXTRALIT_PASSWORD=space-password-1",
	}
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitOutput(t, out, 30*time.Second, "Extralit is serving at")
	if status, me := getMe(t, url, "space-api-key-123456"); status != 200 || me["username"] != "ada" || me["role"] != "owner" {
		t.Fatalf("GET /me with the Space's key = %d %v, want the Space author as owner", status, me)
	}
	if _, err := os.Stat(filepath.Join(home, "extralit.db")); err != nil {
		t.Errorf("database not under the home path: %v", err)
	}
	res, err := http.Get(url + "/api/v1/settings")
	if err != nil {
		t.Fatal(err)
	}
	var settings map[string]map[string]any
	_ = json.NewDecoder(res.Body).Decode(&settings)
	res.Body.Close()
	if settings["huggingface"]["space_host"] != "ada-lab.hf.space" ||
		settings["extralit"]["show_huggingface_space_persistent_storage_warning"] != true {
		t.Errorf("settings = %v, want the Space and the storage warning", settings)
	}
	if !strings.Contains(out.String(), "temporary storage") {
		t.Errorf("no temporary-storage warning logged:\n%s", out.String())
	}
}
