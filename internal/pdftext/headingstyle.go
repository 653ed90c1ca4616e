package pdftext

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
)

// fontUse returns the most used font and the set of rarely used ones.
func fontUse(pages [][]*line) (string, map[string]bool) {
	count := map[string]int{}
	total := 0
	for _, ls := range pages {
		for _, l := range ls {
			for _, c := range l.Chars {
				if !c.Space && c.Font != "" {
					count[c.Font]++
					total++
				}
			}
		}
	}
	body, best := "", 0
	rare := map[string]bool{}
	for f, n := range count {
		if n > best {
			body, best = f, n
		}
		if n*100 < 3*total {
			rare[f] = true
		}
	}
	return body, rare
}

// mostlyBodyFont reports whether most letters of l use the body font.
func (w *writer) mostlyBodyFont(l *line) bool {
	n, body := 0, 0
	for _, c := range l.Chars {
		if unicode.IsLetter(c.R) {
			n++
			if c.Font == w.bodyFont {
				body++
			}
		}
	}
	return n > 0 && body*2 > n
}

// inRareFont reports whether every letter of ls is set in one rarely used
// font other than the body font (BioMed Central sets headings this way).
func (w *writer) inRareFont(ls []*line) bool {
	font := ""
	for _, l := range ls {
		for _, c := range l.Chars {
			if c.Space || !unicode.IsLetter(c.R) {
				continue
			}
			if font == "" {
				font = c.Font
			}
			if c.Font != font {
				return false
			}
		}
	}
	return font != "" && font != w.bodyFont && w.rareFonts[font]
}

// smallerThanBody reports whether a line of ls is set clearly smaller
// than the body text: its largest letters under 90% of the body size.
// The largest letters count because small capitals report a smaller size,
// and the 10% margin lets a sans-serif heading face sit half a point
// below a serif body face.
func (w *writer) smallerThanBody(ls []*line) bool {
	for _, l := range ls {
		big := 0.0
		for _, c := range l.Chars {
			if !c.Space && !c.Super {
				big = math.Max(big, c.Size)
			}
		}
		if big < 0.9*w.body {
			return true
		}
	}
	return false
}

// styleKey is how the letters of a line are set: their font, whether
// all are capitals, and their sizes (two sizes for the small capitals
// that IEEE styles fake with capitals of the regular font).
type styleKey struct {
	Font  string
	Caps  bool
	Sizes string
}

// letterStyle returns the style of the letters of l, and false when they
// mix fonts.
func letterStyle(l *line) (styleKey, bool) {
	font := ""
	caps := true
	sizes := map[float64]bool{}
	for _, c := range l.Chars {
		if c.Space || c.Super || !unicode.IsLetter(c.R) {
			continue
		}
		if font != "" && c.Font != font {
			return styleKey{}, false
		}
		font = c.Font
		caps = caps && unicode.IsUpper(c.R)
		sizes[round1(c.Size)] = true
	}
	if font == "" {
		return styleKey{}, false
	}
	list := make([]float64, 0, len(sizes))
	for sz := range sizes {
		list = append(list, sz)
	}
	sort.Float64s(list)
	return styleKey{Font: font, Caps: caps, Sizes: fmt.Sprint(list)}, true
}

// sectionStyles finds the styles of numbered top-level headings: lines
// that start with a one-part section number ("3", "IV.") and are styled
// (bold, capitals, italic) in one font and not like body text (another
// font, or all capitals). A style needs two such lines, so one numbered list item set in
// capitals does not make one.
func sectionStyles(pages [][]*line, bodyFont string) map[styleKey]bool {
	count := map[styleKey]int{}
	for _, ls := range pages {
		for _, l := range ls {
			t := strings.TrimSpace(l.text())
			if sectionNumber(t) != 1 || !headingCandidate(l) {
				continue
			}
			if k, ok := letterStyle(l); ok && (k.Font != bodyFont || k.Caps) {
				count[k]++
			}
		}
	}
	out := map[styleKey]bool{}
	for k, n := range count {
		if n >= 2 {
			out[k] = true
		}
	}
	return out
}

// inSectionStyle reports a short unnumbered line set exactly like the
// paper's numbered section headings ("REFERENCES" beside "VI. DISCUSSION").
func (w *writer) inSectionStyle(ls []*line) bool {
	if len(ls) != 1 || len(w.sectionStyles) == 0 {
		return false
	}
	k, ok := letterStyle(ls[0])
	return ok && w.sectionStyles[k] && styledLine(ls[0])
}

// capsBoldHeads reports an unnumbered paper (under three numbered
// headings) that sets its section heads as short bold lines in
// capitals ("INTRODUCTION", "MATERIALS AND METHODS") at least at the
// body size: three or more such lines. In a numbered paper the numbers
// give the levels, and capitals there mark front matter ("ABSTRACT",
// "KEYWORDS").
func capsBoldHeads(pages [][]*line, body float64) bool {
	n, numbered := 0, 0
	for _, ls := range pages {
		for _, l := range ls {
			t := l.text()
			if sectionNumber(t) > 0 && headingCandidate(l) {
				numbered++
			}
			if l.Size >= body-0.25 && upperCase(l) && isBoldLine(l) && len(strings.Fields(t)) <= 6 && sectionNumber(t) == 0 {
				n++
			}
		}
	}
	return n >= 3 && numbered < 3
}
