package pdftext

import (
	"strings"
)

// alignNumberedLevels makes the levels of numbered headings follow their
// numbering in font mode: the most common level of "N" headings becomes
// the base, and "N.M" headings get base+1, "N.M.K" base+2, whatever font
// size or weight each one had. Other headings are left alone. Then the
// levels in use are closed up (1, 2, 3 … without gaps, so sizes used only
// on a demoted cover page leave no hole) and capped at 6.
func alignNumberedLevels(md string) (string, map[int]bool) {
	lines := strings.Split(md, "\n")
	count := map[int]int{}
	for _, l := range lines {
		lv, text := parseHeading(l)
		if lv > 0 && sectionNumber(text) == 1 && numericNumber(text) {
			count[lv]++
		}
	}
	base, bn := 0, 0
	for lv, n := range count {
		if n > bn || n == bn && lv < base {
			base, bn = lv, n
		}
	}
	// Unnumbered headings set like top-level numbered ones ("References"
	// in the size of "5. Conclusion") are top-level too. The smallest
	// level in use is left alone: the paper title holds it.
	top, least := map[int]bool{}, 7
	for _, l := range lines {
		lv, text := parseHeading(l)
		if lv == 0 {
			continue
		}
		least = min(least, lv)
		if sectionNumber(text) == 1 && numericNumber(text) {
			top[lv] = true
		}
	}
	raw := make([]int, len(lines))
	inUse := map[int]bool{}
	for i, l := range lines {
		lv, text := parseHeading(l)
		if lv == 0 {
			continue
		}
		if d := sectionNumber(text); base > 0 && d > 0 && numericNumber(text) {
			lv = base + d - 1
		} else if base > 0 && d == 0 && top[lv] && lv != least {
			lv = base
		}
		raw[i] = lv
		inUse[lv] = true
	}
	rank := map[int]int{}
	for lv := 1; len(rank) < len(inUse); lv++ {
		if inUse[lv] {
			rank[lv] = len(rank) + 1
		}
	}
	used := map[int]bool{}
	for i, l := range lines {
		if raw[i] == 0 {
			continue
		}
		_, text := parseHeading(l)
		lv := min(rank[raw[i]], 6)
		lines[i] = strings.Repeat("#", lv) + " " + text
		used[lv] = true
	}
	return strings.Join(lines, "\n"), used
}

// numericNumber reports whether the section number of s is made of digits
// ("2.1", or an appendix's "B.2"), as opposed to letters or roman
// numerals alone.
func numericNumber(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	t := f[0]
	if len(t) > 2 && t[0] >= 'A' && t[0] <= 'Z' && t[1] == '.' {
		t = t[2:]
	}
	return t[0] >= '0' && t[0] <= '9'
}

// parseHeading returns the level and text of an ATX heading line.
func parseHeading(l string) (int, string) {
	n := 0
	for n < len(l) && l[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || len(l) <= n+1 || l[n] != ' ' {
		return 0, ""
	}
	return n, l[n+1:]
}
