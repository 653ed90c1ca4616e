// Package pdfcorpus is what the extractor's tests and its quality
// benchmark share about the project's PDF corpus (../shared/corpus/pdfs,
// test data that is never shipped): where it is, which papers have an
// outline, and how to read the headings back out of the Markdown.
package pdfcorpus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// OutlinePapers are the corpus papers with an outline (see SOURCES.md).
var OutlinePapers = []string{
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

// Dir finds the corpus: $EXTRALIT_CORPUS_DIR, else ../shared/corpus/pdfs
// beside the repository root (the folder with go.mod above the working
// directory).
func Dir() (string, error) {
	if d := os.Getenv("EXTRALIT_CORPUS_DIR"); d != "" {
		if _, err := os.Stat(d); err != nil {
			return "", fmt.Errorf("EXTRALIT_CORPUS_DIR=%s: %w", d, err)
		}
		return d, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory; cannot locate the PDF corpus")
		}
		dir = parent
	}
	c := filepath.Join(dir, "..", "shared", "corpus", "pdfs")
	if _, err := os.Stat(filepath.Join(c, "SOURCES.md")); err != nil {
		return "", fmt.Errorf("PDF corpus not found at %s (set EXTRALIT_CORPUS_DIR or clone the repository beside shared/): %w", c, err)
	}
	return c, nil
}

// Heading is one Markdown ATX heading.
type Heading struct {
	Level int
	Title string
}

// Headings returns the ATX headings of md in order.
func Headings(md string) []Heading {
	var out []Heading
	for _, l := range strings.Split(md, "\n") {
		n := 0
		for n < len(l) && l[n] == '#' {
			n++
		}
		if n == 0 || n > 6 || len(l) <= n || l[n] != ' ' {
			continue
		}
		out = append(out, Heading{Level: n, Title: strings.TrimSpace(l[n:])})
	}
	return out
}
