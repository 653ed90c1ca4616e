package pdftext_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/extralit/extralit-go/internal/pdftext"
	"github.com/extralit/extralit-go/internal/pdftext/pdfcorpus"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

var (
	engineOnce sync.Once
	engine     *pdftext.Engine
	engineErr  error
)

// testEngine returns the engine shared by the tests of this package; its
// wazero cache lives in the system temp dir so repeated runs start fast.
func testEngine(t testing.TB) *pdftext.Engine {
	t.Helper()
	engineOnce.Do(func() {
		engine, engineErr = pdftext.NewEngine(pdftext.EngineConfig{
			Workers:  2,
			CacheDir: filepath.Join(os.TempDir(), "extralit-pdftext-test-cache"),
		})
	})
	if engineErr != nil {
		t.Fatalf("NewEngine: %v", engineErr)
	}
	return engine
}

func TestMain(m *testing.M) {
	code := m.Run()
	if engine != nil {
		_ = engine.Close()
	}
	os.Exit(code)
}

// corpusDir finds the shared PDF corpus (pdfcorpus.Dir). A missing
// corpus fails the test: it is not optional.
func corpusDir(t testing.TB) string {
	t.Helper()
	dir, err := pdfcorpus.Dir()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// corpusFile reads one corpus PDF.
func corpusFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir(t), name))
	if err != nil {
		t.Fatalf("read corpus file: %v", err)
	}
	return b
}

// textPapers lists the corpus files that open without a password and have
// a text layer (the benchmark set).
func textPapers(t testing.TB) []string {
	t.Helper()
	ents, err := os.ReadDir(corpusDir(t))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		n := e.Name()
		if !strings.HasSuffix(n, ".pdf") {
			continue
		}
		if strings.HasPrefix(n, "malformed_") || strings.HasPrefix(n, "scanned_") ||
			strings.HasPrefix(n, "encrypted_userpw") || strings.HasPrefix(n, "encrypted_aes256") {
			continue
		}
		out = append(out, n)
	}
	if len(out) < 30 {
		t.Fatalf("corpus has %d text papers, want at least 30", len(out))
	}
	return out
}
