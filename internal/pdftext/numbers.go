package pdftext

import (
	"math"
	"strings"
	"unicode"
)

// besideNumbers marks the lines of a block whose neighbour in reading
// order, less than a line's height above or below, is a row of bare
// numbers: the tick labels of a chart next to an axis title ("0 10 20
// 30" over "Percentage of message loss"). A heading has white space
// above it and text after it, never a row of numbers at that distance.
func besideNumbers(ls []*line) map[*line]bool {
	out := map[*line]bool{}
	for i, l := range ls {
		for _, k := range []int{i - 1, i + 1} {
			if k < 0 || k >= len(ls) || ls[k].Table != nil || !numbersOnly(ls[k].text()) {
				continue
			}
			o := ls[k]
			// Above or below, not beside it on its row (a section
			// number set apart from its title).
			gap := math.Max(o.Box.Y0-l.Box.Y1, l.Box.Y0-o.Box.Y1)
			if gap > -0.2*l.Size && gap < math.Max(l.Size, o.Size) {
				out[l] = true
			}
		}
	}
	return out
}

// numbersOnly reports whether s is one or more numbers and nothing else
// ("0 10 20", "0.5 1.0", "-2 %"; not "n/a", nor a list number "1.").
func numbersOnly(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) == 1 && strings.HasSuffix(f[0], ".") {
		return false // "1." numbers a list item or a section
	}
	for _, t := range f {
		digits := false
		for _, r := range t {
			switch {
			case unicode.IsDigit(r):
				digits = true
			case strings.ContainsRune(".,%+-−–×", r):
			default:
				return false
			}
		}
		if !digits && t != "%" {
			return false
		}
	}
	return true
}
