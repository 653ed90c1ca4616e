package pdftext

import "testing"

// TestNumberGap checks that a bold section number set a little more than
// a word gap before its title joins the title's line, and that other
// fragments at that distance (list numbers, table cells, numbers far
// away) stay apart.
func TestNumberGap(t *testing.T) {
	tests := []struct {
		name      string
		num, text string
		gapEm     float64 // gap in font sizes (10 pt)
		bold      bool
		want      string
	}{
		{"bold subsection number", "7.2", "Results", 1.2, true, "7.2 Results"},
		{"appendix number", "C.1", "Simplification", 1.2, true, "C.1 Simplification"},
		{"appendix letter", "B", "ITERATIVE DESIGN", 1.2, true, "B ITERATIVE DESIGN"},
		{"word gap", "3", "Method", 0.5, false, "3 Method"},
		{"plain list number", "6.", "Durand M", 1.2, false, ""},
		{"lower-case text", "2.1", "and more", 1.2, true, ""},
		{"page number", "100", "AI MAGAZINE", 1.2, true, ""},
		{"too far", "7.2", "Results", 2.5, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			var gs []glyph
			x := 0.0
			add := func(s string) {
				for _, r := range s {
					gs = append(gs, glyph{R: r, Box: rect{X0: x, Y0: 92, X1: x + 5, Y1: 100}, Size: 10, Bold: tc.bold})
					x += 5.5
				}
			}
			add(tc.num)
			// Emit the title first, as content order sometimes does, so
			// only the merge step can join the two fragments.
			x += tc.gapEm*10 - 0.5
			start := len(gs)
			add(tc.text)
			gs = append(gs[start:], gs[:start]...)
			ls := buildLines(gs)
			got := ""
			if len(ls) == 1 {
				got = ls[0].text()
			}
			if got != tc.want {
				t.Errorf("lines %d, text %q, want %q", len(ls), got, tc.want)
			}
		})
	}
}
