package pdftext_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/extralit/extralit-go/internal/pdftext"
)

// TestGolden converts every text paper of the corpus and compares the
// Markdown with testdata/golden/<name>.md. Run with -update to rewrite the
// files, then review the diff.
func TestGolden(t *testing.T) {
	e := testEngine(t)
	for _, name := range textPapers(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res, err := e.Extract(t.Context(), corpusFile(t, name), pdftext.Options{})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			golden := filepath.Join("testdata", "golden", strings.TrimSuffix(name, ".pdf")+".md")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(res.Markdown), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run with -update to create it): %v", err)
			}
			if res.Markdown != string(want) {
				t.Errorf("Markdown differs from %s (run with -update and review the diff):\n%s", golden, firstDiff(res.Markdown, string(want)))
			}
		})
	}
}

// firstDiff shows the first differing line of got and want.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + itoa(i+1) + ":\n got:  " + gl + "\n want: " + wl
		}
	}
	return "(equal lines, different line endings)"
}

func itoa(i int) string {
	s := ""
	for {
		s = string(rune('0'+i%10)) + s
		i /= 10
		if i == 0 {
			return s
		}
	}
}
