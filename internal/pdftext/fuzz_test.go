package pdftext_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/extralit/extralit-go/internal/pdftext"
)

// FuzzExtract feeds arbitrary bytes to Extract: it must return a result or
// one of the package's errors, never panic, and finish within the
// deadline. Seeds are in testdata/fuzz/FuzzExtract (small generated PDFs
// and mangled copies; see testdata/pdf).
func FuzzExtract(f *testing.F) {
	e := testEngine(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		res, err := e.Extract(ctx, data, pdftext.Options{MaxPages: 5})
		if errors.Is(err, pdftext.ErrInternal) && strings.Contains(err.Error(), "layout:") {
			// PDFium may fail on hostile bytes, but our layout code must not.
			t.Fatalf("layout panicked: %v", err)
		}
		if err != nil {
			known := []error{pdftext.ErrEmpty, pdftext.ErrNotPDF, pdftext.ErrMalformed, pdftext.ErrPasswordRequired,
				pdftext.ErrNoPages, pdftext.ErrInternal, context.DeadlineExceeded}
			for _, k := range known {
				if errors.Is(err, k) {
					return
				}
			}
			t.Fatalf("Extract returned an untyped error: %v", err)
		}
		if res == nil {
			t.Fatal("Extract returned neither result nor error")
		}
		if !utf8.ValidString(res.Markdown) {
			t.Errorf("Markdown is not valid UTF-8")
		}
		if res.Metadata.Pages < 1 || res.Metadata.Pages > 5 {
			t.Errorf("pages = %d, want 1..5", res.Metadata.Pages)
		}
	})
}
