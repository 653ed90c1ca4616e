package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// startStack runs `extralit start` on home and a free port and returns the
// base URL once /api/v1/status answers, failing if that takes longer than
// within. The deadline is the acceptance bound (serving within a
// second, 2 s allowed under test load), not a measurement: bench/ measures.
func startStack(t *testing.T, home string, env []string, within time.Duration) (string, *lockedBuffer) {
	t.Helper()
	port := freePort(t)
	cmd := exec.Command(binary, "start", "--port", fmt.Sprint(port))
	cmd.Env = append(baseEnv(home), env...)
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	began := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	for time.Since(began) < within {
		if res, err := http.Get(base + "/api/v1/status"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return base, out
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("extralit start did not serve within %v:\n%s", within, out.String())
	return "", nil
}

// authed sends a request with a bearer token and returns status and body.
func authed(t *testing.T, method, url, token, contentType string, body io.Reader) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res.StatusCode, data
}

func decode[T any](t *testing.T, data []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	return v
}

func TestStartRunsTheWholeStackInOneCommand(t *testing.T) {
	home := t.TempDir()
	env := []string{"EXTRALIT_USERNAME=ada", "EXTRALIT_PASSWORD=ada-password-1"}
	base, out := startStack(t, home, env, 2*time.Second)
	text := out.String()
	for _, want := range []string{"Extralit is serving at " + base, "Open " + base + " and sign in as the owner", "SQLite under " + home,
		"workers:  in this process, 2 per queue"} {
		if !strings.Contains(text, want) {
			t.Errorf("start output lacks %q:\n%s", want, text)
		}
	}

	// Sign in with the password, as the UI does.
	res, err := http.PostForm(base+"/api/v1/token", url.Values{"username": {"ada"}, "password": {"ada-password-1"}})
	if err != nil {
		t.Fatal(err)
	}
	tok := decode[map[string]any](t, must(io.ReadAll(res.Body)))
	res.Body.Close()
	token, _ := tok["access_token"].(string)
	if res.StatusCode != 201 || token == "" {
		t.Fatalf("sign in = %d %v", res.StatusCode, tok)
	}
	status, data := authed(t, "GET", base+"/api/v1/me/workspaces", token, "", nil)
	ws := decode[map[string][]map[string]any](t, data)["items"]
	if status != 200 || len(ws) != 1 {
		t.Fatalf("GET /me/workspaces = %d %s", status, data)
	}
	wsID := fmt.Sprint(ws[0]["id"])

	status, data = authed(t, "POST", base+"/api/v1/datasets", token, "application/json",
		strings.NewReader(`{"name":"papers","workspace_id":"`+wsID+`"}`))
	if status != 201 || decode[map[string]any](t, data)["name"] != "papers" {
		t.Fatalf("create dataset = %d %s", status, data)
	}

	// Upload a PDF; the in-process ocr worker extracts it to Markdown.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("document_create", `{"workspace_id":"`+wsID+`","reference":"hello","file_name":"hello.pdf"}`)
	fw, _ := mw.CreateFormFile("file_data", "hello.pdf")
	_, _ = fw.Write(must(os.ReadFile("testdata/hello.pdf")))
	mw.Close()
	status, data = authed(t, "POST", base+"/api/v1/documents", token, mw.FormDataContentType(), &body)
	if status != 201 {
		t.Fatalf("upload = %d %s", status, data)
	}
	docID := decode[string](t, data)
	deadline := time.Now().Add(60 * time.Second)
	for {
		status, data = authed(t, "GET", base+"/api/v1/documents/"+docID+"/markdown", token, "", nil)
		if status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no Markdown within 60 s: last %d %s\n%s", status, data, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("Markdown served %v after the upload", time.Since(deadline.Add(-60*time.Second)).Round(time.Millisecond))
	if md := string(data); !strings.Contains(md, "Hello world, this is a tiny PDF.") || !strings.Contains(md, "Introduction") {
		t.Fatalf("Markdown of hello.pdf =\n%s", md)
	}

	// Off a Space there is nothing to warn about.
	status, data = authed(t, "GET", base+"/api/v1/settings", token, "", nil)
	settings := decode[map[string]any](t, data)
	ex, _ := settings["extralit"].(map[string]any)
	if status != 200 || ex["show_huggingface_space_persistent_storage_warning"] != false || settings["huggingface"] != nil {
		t.Fatalf("settings off a Space = %d %s", status, data)
	}
}

func TestStartOnASpaceWarnsAboutTemporaryStorage(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		warn bool
	}{
		{"no volume", []string{"SPACE_ID=ada/lab", "SPACE_HOST=ada-lab.hf.space"}, true},
		{"with /data", []string{"SPACE_ID=ada/lab", "SPACE_HOST=ada-lab.hf.space", "PERSISTANT_STORAGE_ENABLED=true"}, false},
		{"warning switched off", []string{"SPACE_ID=ada/lab", "EXTRALIT_SHOW_HUGGINGFACE_SPACE_PERSISTENT_STORAGE_WARNING=false"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base, out := startStack(t, t.TempDir(), append([]string{"EXTRALIT_API_KEY=space-key-123456"}, tt.env...), 20*time.Second)
			logged := strings.Contains(out.String(), "temporary storage")
			req, _ := http.NewRequest("GET", base+"/api/v1/settings", nil)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			settings := decode[map[string]any](t, must(io.ReadAll(res.Body)))
			res.Body.Close()
			ex, _ := settings["extralit"].(map[string]any)
			hf, _ := settings["huggingface"].(map[string]any)
			if got := ex["show_huggingface_space_persistent_storage_warning"]; got != tt.warn {
				t.Errorf("settings warning = %v, want %v (%v)", got, tt.warn, settings)
			}
			if hf["space_id"] != "ada/lab" || hf["space_author_name"] != "ada" {
				t.Errorf("settings huggingface = %v, want the Space's identity", hf)
			}
			// The log warns whenever data is temporary, even with the UI banner off.
			if wantLog := !strings.Contains(tt.name, "/data"); logged != wantLog {
				t.Errorf("temporary-storage warning logged = %v, want %v:\n%s", logged, wantLog, out.String())
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
