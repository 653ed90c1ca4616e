package pdftext_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/extralit/extralit-go/internal/pdftext"
)

// body is a paragraph of regular 10 pt text starting at y, one line per
// 12 pt, so that 10 pt is the body size.
func body(y int, lines ...string) string {
	var b strings.Builder
	for i, l := range lines {
		fmt.Fprintf(&b, "BT /F1 10 Tf 72 %d Td (%s) Tj ET\n", y-12*i, l)
	}
	return b.String()
}

// TestStrokedTextIsBold checks that text drawn in the fill+stroke render
// mode with a regular font counts as bold: a stroked line standing alone
// becomes a heading and a stroked word inside a paragraph is emphasised,
// while the same text filled only stays plain.
func TestStrokedTextIsBold(t *testing.T) {
	para := []string{
		"The first paragraph of body text runs across the page so that the",
		"body font size is the most frequent size, as in any real paper.",
	}
	tests := []struct {
		name, mode string
		heading    bool
	}{
		{name: "fill and stroke", mode: "2", heading: true},
		{name: "fill, stroke and clip", mode: "6", heading: true},
		{name: "fill only", mode: "0", heading: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Tr is graphics state: it outlives ET, so each line sets it back.
			content := body(700, para...) +
				"BT /F1 10 Tf " + tt.mode + " Tr 0.3 w 72 660 Td (Results in Brief) Tj 0 Tr ET\n" +
				"BT /F1 10 Tf 72 640 Td (We saw the ) Tj " + tt.mode + " Tr (decisive) Tj 0 Tr ( effect in all of the trials we ran.) Tj ET\n" +
				body(628, "Further lines of the second paragraph follow here with more words.")
			res, err := testEngine(t).Extract(t.Context(), onePagePDF(content), pdftext.Options{})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			md := res.Markdown
			isHeading := strings.Contains(md, "# Results in Brief\n")
			if isHeading != tt.heading {
				t.Errorf("heading = %v, want %v; Markdown:\n%s", isHeading, tt.heading, md)
			}
			if emph := strings.Contains(md, "**decisive**"); emph != tt.heading {
				t.Errorf("word emphasised = %v, want %v; Markdown:\n%s", emph, tt.heading, md)
			}
		})
	}
}
