package pdftext_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/pdftext"
)

// TestExtractErrors checks the typed errors on the corpus's broken and
// encrypted files and on inputs that are not PDFs at all.
func TestExtractErrors(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		name     string
		file     string // corpus file; empty means data
		data     []byte
		password string
		want     error
	}{
		{name: "empty file", file: "malformed_empty-0-bytes.pdf", want: pdftext.ErrEmpty},
		{name: "truncated", file: "malformed_truncated_P14-1059.pdf", want: pdftext.ErrMalformed},
		{name: "not a pdf", data: []byte("hello, this is plain text and not a PDF"), want: pdftext.ErrNotPDF},
		{name: "header only", data: []byte("%PDF-1.7\n%%EOF\n"), want: pdftext.ErrMalformed},
		{name: "rc4 user password missing", file: "encrypted_userpw-test.pdf", want: pdftext.ErrPasswordRequired},
		{name: "rc4 user password wrong", file: "encrypted_userpw-test.pdf", password: "nope", want: pdftext.ErrWrongPassword},
		{name: "aes256 user password missing", file: "encrypted_aes256_userpw-foo.pdf", want: pdftext.ErrPasswordRequired},
		{name: "aes256 user password wrong", file: "encrypted_aes256_userpw-foo.pdf", password: "bar", want: pdftext.ErrWrongPassword},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := tt.data
			if tt.file != "" {
				data = corpusFile(t, tt.file)
			}
			res, err := e.Extract(t.Context(), data, pdftext.Options{Password: tt.password})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Extract error = %v, want %v", err, tt.want)
			}
			if res != nil {
				t.Errorf("Extract returned a result with an error")
			}
		})
	}
}

// TestExtractOpens checks the files that must open: right passwords, an
// owner-only encrypted paper, a damaged xref PDFium repairs, and scans.
func TestExtractOpens(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		name, file, password string
		contains             string // text the Markdown must contain
		scanned              []int
	}{
		{name: "rc4 right password", file: "encrypted_userpw-test.pdf", password: "test", contains: "Backup4all"},
		{name: "aes256 right password", file: "encrypted_aes256_userpw-foo.pdf", password: "foo", contains: "Secret!"},
		{name: "owner-only encryption", file: "encrypted_owner-only_N18-3011.pdf", contains: "Literature Graph"},
		{name: "broken xref", file: "malformed_broken-xref_zen.pdf", contains: "<!-- page 1 -->"},
		{name: "scanned image only", file: "scanned_image-only_docling-ocr-test.pdf", scanned: []int{1}, contains: "no text layer"},
		{name: "scanned no text layer", file: "scanned_no-text-layer_znaturforsch.pdf", scanned: []int{1, 2}, contains: "no text layer"},
		{name: "scan with ocr layer", file: "znaturforsch_scan-with-ocr.pdf", scanned: []int{}, contains: "Naturforsch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := e.Extract(t.Context(), corpusFile(t, tt.file), pdftext.Options{Password: tt.password})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if !strings.Contains(res.Markdown, tt.contains) {
				t.Errorf("Markdown does not contain %q:\n%.600s", tt.contains, res.Markdown)
			}
			if tt.scanned != nil && !equalInts(res.Metadata.ScannedPages, tt.scanned) {
				t.Errorf("scanned_pages = %v, want %v", res.Metadata.ScannedPages, tt.scanned)
			}
			if res.Metadata.Pages == 0 || res.Metadata.OutputSizeChars == 0 {
				t.Errorf("metadata pages=%d output_size_chars=%d, want both > 0", res.Metadata.Pages, res.Metadata.OutputSizeChars)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestExtractCanceled checks that a done context stops the extraction and
// that the engine keeps working afterwards.
func TestExtractCanceled(t *testing.T) {
	e := testEngine(t)
	data := corpusFile(t, "jss-v18i03_timp-r-package.pdf")
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err := e.Extract(ctx, data, pdftext.Options{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Extract with 50ms deadline: error = %v, want DeadlineExceeded", err)
	}
	res, err := e.Extract(t.Context(), data, pdftext.Options{MaxPages: 2})
	if err != nil {
		t.Fatalf("Extract after cancel: %v", err)
	}
	if res.Metadata.Pages != 2 || res.Metadata.TotalPages != 46 {
		t.Errorf("pages = %d of %d, want 2 of 46", res.Metadata.Pages, res.Metadata.TotalPages)
	}
}

// TestOptionsInvalid checks that bad options are rejected up front.
func TestOptionsInvalid(t *testing.T) {
	e := testEngine(t)
	data := corpusFile(t, "arxiv2304.02623_beyond-summarization.pdf")
	for name, o := range map[string]pdftext.Options{
		"negative margin": {Margins: &pdftext.Margins{Top: -1}},
		"bad headers":     {Headers: "fancy"},
	} {
		if _, err := e.Extract(t.Context(), data, o); !errors.Is(err, pdftext.ErrInvalidOptions) {
			t.Errorf("%s: error = %v, want ErrInvalidOptions", name, err)
		}
	}
}
