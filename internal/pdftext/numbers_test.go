package pdftext

import "testing"

func TestNumbersOnly(t *testing.T) {
	for s, want := range map[string]bool{
		"0 10 20 30": true, "0.0 0.5 1.0": true, "30": true, "-2 %": true, "1,000 2,000": true,
		"1.": false, "n/a 50": false, "Results": false, "2 Method": false, "": false,
	} {
		if got := numbersOnly(s); got != want {
			t.Errorf("numbersOnly(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestBesideNumbers checks that an axis title under a row of tick labels
// is marked, and that a heading with space above the numbers, or with its
// section number beside it on its row, is not.
func TestBesideNumbers(t *testing.T) {
	tests := []struct {
		name  string
		above string
		gap   float64 // white space between the two lines, pt (size 10)
		want  bool
	}{
		{"axis title under tick labels", "0 10 20 30", 3, true},
		{"heading well below a table row", "0 10 20 30", 14, false},
		{"under a text line", "as shown in the figure", 3, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			top := mkLine(tc.above, 50, 100, false)
			// mkLine's glyphs are 8 pt high, baseline at y.
			l := mkLine("Percentage of loss", 50, 100+tc.gap+8, true)
			if got := besideNumbers([]*line{top, l})[l]; got != tc.want {
				t.Errorf("besideNumbers = %v, want %v", got, tc.want)
			}
		})
	}
	num := mkLine("3.1", 50, 100, true)
	title := mkLine("Search strategy", 80, 100, true)
	if besideNumbers([]*line{num, title})[title] {
		t.Error("a section number on the title's row marked the title")
	}
}
