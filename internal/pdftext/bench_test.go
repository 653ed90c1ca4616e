package pdftext_test

import (
	"testing"

	"github.com/extralit/extralit-go/internal/pdftext"
)

// BenchmarkExtract converts one paper per iteration on one instance and
// reports pages per second.
func BenchmarkExtract(b *testing.B) {
	e := testEngine(b)
	for _, name := range []string{"acl2020-207_specter.pdf", "nist-hpc-security_report-tables.pdf"} {
		data := corpusFile(b, name)
		b.Run(name, func(b *testing.B) {
			pages := 0
			for b.Loop() {
				res, err := e.Extract(b.Context(), data, pdftext.Options{})
				if err != nil {
					b.Fatal(err)
				}
				pages += res.Metadata.Pages
			}
			b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}
