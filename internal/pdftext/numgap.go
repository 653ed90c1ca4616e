package pdftext

import (
	"math"
	"regexp"
	"unicode"
)

// maxNumberGap is the widest gap, in font sizes, between a section number
// and its title that still joins them into one line. Some classes (ACM's
// acmart) set the title a little more than maxGap after the number.
const maxNumberGap = 2.0

// sectionNumberRE matches a fragment that is only a section number:
// "7", "7.2", "3.1.2.", "C.1"; single letters and roman numerals ("B",
// "IV.") are matched by letterNumberRE.
var (
	sectionNumberRE = regexp.MustCompile(`^(?:[0-9]{1,2}|[A-Z]\.[0-9]{1,2})(?:\.[0-9]{1,2}){0,3}\.?$`)
	letterNumberRE  = regexp.MustCompile(`^(?:[A-Z]|[IVX]{1,5})\.?$`)
)

// numberGap reports whether fragment r, gap points to the right of
// fragment l on the same baseline, is the title of section number l: l is
// only a section number, r starts with an upper-case letter in the same
// size, both are bold (as section heads are; list numbers, reference
// numbers and table cells are not), and the gap is under maxNumberGap
// font sizes.
func numberGap(l, r *line, gap float64) bool {
	if len(l.Chars) == 0 || len(r.Chars) == 0 || gap > maxNumberGap*math.Max(l.Size, r.Size) {
		return false
	}
	if l.Size != r.Size || !l.Chars[0].Bold || !r.Chars[0].Bold || !unicode.IsUpper(r.Chars[0].R) {
		return false
	}
	t := l.text()
	return sectionNumberRE.MatchString(t) || letterNumberRE.MatchString(t)
}
