package pdftext_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/extralit/extralit-go/internal/pdftext"
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

// corpusDir finds the shared PDF corpus: $EXTRALIT_CORPUS_DIR, else
// ../shared/corpus/pdfs beside the repository root (the folder with
// go.mod). A missing corpus fails the test: it is not optional.
func corpusDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("EXTRALIT_CORPUS_DIR"); d != "" {
		if _, err := os.Stat(d); err != nil {
			t.Fatalf("EXTRALIT_CORPUS_DIR=%s: %v", d, err)
		}
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory; cannot locate the PDF corpus")
		}
		dir = parent
	}
	c := filepath.Join(dir, "..", "shared", "corpus", "pdfs")
	if _, err := os.Stat(filepath.Join(c, "SOURCES.md")); err != nil {
		t.Fatalf("PDF corpus not found at %s (set EXTRALIT_CORPUS_DIR or clone the repository beside shared/): %v", c, err)
	}
	return c
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

// outlinePapers are the corpus papers with an outline (see SOURCES.md).
var outlinePapers = []string{
	"arxiv2302.07302_citesee-chi23.pdf",
	"arxiv2304.02623_beyond-summarization.pdf",
	"arxiv2203.00130_paper-plain.pdf",
	"arxiv2206.10883_1col-long.pdf",
	"arxiv0807.3577_astro-accelerations.pdf",
	"arxiv0908.0054_revtex-2col.pdf",
	"arxiv-creativity-in-ml_2col.pdf",
	"influential-nodes_superscripts.pdf",
	"jss-v18i03_timp-r-package.pdf",
	"bmc-health-serv-res_2col.pdf",
	"dvt-complications_2col.pdf",
	"nist-hpc-security_report-tables.pdf",
}
