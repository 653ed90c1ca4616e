package extractcmd_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/extralit/extralit-go/internal/extractcmd"
)

const hello = "../pdftext/testdata/pdf/hello.pdf"

// runCmd runs the command with args and returns stdout, stderr and error.
func runCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	cmd := extractcmd.Command()
	var out, errb bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cache := filepath.Join(os.TempDir(), "extralit-pdftext-test-cache")
	cmd.SetArgs(append(args, "--cache-dir", cache))
	err := cmd.ExecuteContext(t.Context())
	return out.String(), errb.String(), err
}

func TestSingleFileToStdout(t *testing.T) {
	out, _, err := runCmd(t, hello)
	if err != nil {
		t.Fatalf("extract: %v", err)
	}
	for _, want := range []string{"<!-- page 1 -->", "# 1 Introduction", "Hello world, this is a tiny PDF. Second line of text."} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}

func TestSingleFileJSON(t *testing.T) {
	out, _, err := runCmd(t, hello, "--json")
	if err != nil {
		t.Fatalf("extract --json: %v", err)
	}
	var md struct {
		Pages    int    `json:"pages"`
		Strategy string `json:"headers_strategy"`
	}
	if err := json.Unmarshal([]byte(out), &md); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if md.Pages != 1 || md.Strategy != "toc" {
		t.Errorf("metadata = %+v, want 1 page, toc", md)
	}
}

// TestBatchWithBadFile checks that a bad file is reported, does not stop
// the good one, and makes the command fail.
func TestBatchWithBadFile(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	good, err := os.ReadFile(hello)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, "good.pdf"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, "bad.pdf"), []byte("not a pdf"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err := runCmd(t, in, "-o", out, "--json", "--workers", "2")
	if err == nil {
		t.Fatal("extract with a bad file succeeded, want an error")
	}
	if !strings.Contains(stderr, "bad.pdf: pdftext: not a PDF file") {
		t.Errorf("stderr does not report the bad file:\n%s", stderr)
	}
	if !strings.Contains(stderr, "converted 1 of 2 files") {
		t.Errorf("stderr lacks the summary:\n%s", stderr)
	}
	md, err := os.ReadFile(filepath.Join(out, "good.md"))
	if err != nil || !strings.Contains(string(md), "Hello world") {
		t.Errorf("good.md = %q, %v", md, err)
	}
	if _, err := os.Stat(filepath.Join(out, "good.json")); err != nil {
		t.Errorf("good.json: %v", err)
	}
}

func TestBadFlags(t *testing.T) {
	for name, args := range map[string][]string{
		"margins":        {hello, "--margins", "1,2,3"},
		"headers":        {hello, "--headers", "toc"},
		"two files no o": {hello, hello},
		"missing file":   {"does-not-exist.pdf"},
		"timeout":        {"../pdftext/testdata/pdf/twocol.pdf", "--timeout", "1ns"},
	} {
		if _, _, err := runCmd(t, args...); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
