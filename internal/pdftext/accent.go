package pdftext

import (
	"math"
	"unicode"

	unorm "golang.org/x/text/unicode/norm"
)

// spacingAccents maps spacing accents, which TeX output from dvips and
// Ghostscript draws as separate glyphs over or under a letter, to the
// combining marks that compose with the letter.
var spacingAccents = map[rune]rune{
	'´': 0x301, '`': 0x300, '¨': 0x308, 'ˆ': 0x302, '˜': 0x303, '¸': 0x327,
	'ˇ': 0x30c, '˚': 0x30a, '¯': 0x304, '˘': 0x306, '˙': 0x307, '˝': 0x30b,
}

// composeAccents joins each spacing accent of l with the letter under (or
// over) it, so "Gr´egory" becomes "Grégory" and "Franc ¸ois" "François".
// An accent with no letter beneath stays as it is.
func composeAccents(l *line) {
	var out []char
	drop := map[int]bool{}
	for i, c := range l.Chars {
		mark, ok := spacingAccents[c.R]
		if !ok || c.Space {
			continue
		}
		cx := (c.Box.X0 + c.Box.X1) / 2
		best, bestD := -1, math.Inf(1)
		for j, b := range l.Chars {
			if j == i || b.Space || drop[j] || !unicode.IsLetter(b.R) {
				continue
			}
			if d := math.Abs((b.Box.X0+b.Box.X1)/2 - cx); d < bestD {
				best, bestD = j, d
			}
		}
		if best < 0 || bestD > 0.6*math.Max(l.Size, 1) {
			continue
		}
		composed := []rune(unorm.NFC.String(string([]rune{l.Chars[best].R, mark})))
		if len(composed) != 1 {
			continue
		}
		l.Chars[best].R = composed[0]
		drop[i] = true
	}
	if len(drop) == 0 {
		return
	}
	for i, c := range l.Chars {
		if drop[i] {
			continue
		}
		// A space left between a letter and its moved accent goes too.
		if c.Space && len(out) > 0 && i+1 < len(l.Chars) && drop[i+1] {
			continue
		}
		out = append(out, c)
	}
	l.Chars = out
}
