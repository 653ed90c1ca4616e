package pdftext_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/extralit/extralit-go/internal/pdftext"
	"github.com/extralit/extralit-go/internal/pdftext/pdfcorpus"
)

func normTitle(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// TestOutlineHeaders checks, for every corpus paper with an outline, that
// auto mode writes exactly the outline as headings: same count, order,
// levels and titles (titles compared without case and punctuation; a
// section number present on only one side is allowed).
func TestOutlineHeaders(t *testing.T) {
	e := testEngine(t)
	for _, name := range pdfcorpus.OutlinePapers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res, err := e.Extract(t.Context(), corpusFile(t, name), pdftext.Options{})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if res.Metadata.HeadersStrategy != "toc" {
				t.Fatalf("headers_strategy = %q, want toc", res.Metadata.HeadersStrategy)
			}
			got := pdfcorpus.Headings(res.Markdown)
			want := res.Outline
			if len(got) != len(want) {
				t.Fatalf("got %d headings, want %d (outline entries)\ngot:  %v\nwant: %v", len(got), len(want), got, want)
			}
			for i := range want {
				g, w := got[i], want[i]
				if g.Level != w.Level || !sameTitle(normTitle(g.Title), normTitle(w.Title)) {
					t.Errorf("heading %d = %d %q, want %d %q", i, g.Level, g.Title, w.Level, w.Title)
				}
			}
			// Every entry with a page destination must be found in the text,
			// except at most one in ten.
			if res.Metadata.TOCUnmatchedWithPage > max(1, len(want)/10) {
				t.Errorf("%d of %d outline entries with a page were not found in the page text (more than 10%%)", res.Metadata.TOCUnmatchedWithPage, len(want))
			}
		})
	}
}

func sameTitle(a, b string) bool {
	if a == b || len(a) >= 12 && len(b) >= 12 && similarity(a, b) >= 0.85 {
		return true
	}
	long, short := a, b
	if len(short) > len(long) {
		long, short = short, long
	}
	if !strings.HasSuffix(long, short) {
		return false
	}
	p := long[:len(long)-len(short)]
	return len(p) <= 6 && strings.IndexFunc(p, unicode.IsLetter) < 0 || len(p) <= 3
}

// similarity is 1 - Levenshtein(a, b)/max(len): titles from the outline may
// keep TeX markup that the page text renders ("Lema{^i}tre" vs "Lemaître").
func similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			c := d[i-1][j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			d[i][j] = min(c, d[i-1][j]+1, d[i][j-1]+1)
		}
	}
	return 1 - float64(d[len(ra)][len(rb)])/float64(max(len(ra), len(rb)))
}
