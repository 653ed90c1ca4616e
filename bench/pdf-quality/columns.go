package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/extralit/extralit-go/internal/pdftext"
)

// columnCase lists paragraph starts of a multi-column paper in reading
// order, read off the rendered pages by a person.
type columnCase struct {
	File   string
	Starts []string
}

var columnCases = []columnCase{}

// columnReport checks that each case's paragraph starts appear in order.
func columnReport(eng *pdftext.Engine, dir string) string {
	var b strings.Builder
	b.WriteString("## Column reading order\n\nFor each multi-column paper, paragraph starts read off the rendered pages (in reading order) must appear in the Markdown in the same order. Score: starts found in order / starts listed.\n\n| paper | starts | in order |\n|---|---|---|\n")
	total, ok := 0, 0
	for _, c := range columnCases {
		data, err := os.ReadFile(filepath.Join(dir, c.File))
		if err != nil {
			fmt.Fprintf(&b, "| %s | error: %v | |\n", c.File, err)
			continue
		}
		res, err := eng.Extract(context.Background(), data, pdftext.Options{})
		if err != nil {
			fmt.Fprintf(&b, "| %s | error: %v | |\n", c.File, err)
			continue
		}
		n := inOrder(res.Markdown, c.Starts)
		total += len(c.Starts)
		ok += n
		fmt.Fprintf(&b, "| %s | %d | %d |\n", c.File, len(c.Starts), n)
	}
	fmt.Fprintf(&b, "| **all** | %d | **%d** |\n", total, ok)
	return b.String()
}

// inOrder counts the starts found after the previous one.
func inOrder(md string, starts []string) int {
	pos, n := 0, 0
	for _, s := range starts {
		i := strings.Index(md[pos:], s)
		if i < 0 {
			continue
		}
		pos += i + len(s)
		n++
	}
	return n
}
