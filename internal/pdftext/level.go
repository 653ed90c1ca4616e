package pdftext

import (
	"strconv"
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
	}
	nestUnnumbered(lines, raw)
	for _, lv := range raw {
		if lv > 0 {
			inUse[lv] = true
		}
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

// nestUnnumbered moves unnumbered headings one level down when they sit
// inside a numbered subsection at its level: after "5.6 Case study" and
// before "5.7 …" or "6 …", the headings "Data input", "Data
// preprocessing" set like "5.6" are its unnumbered subsections (LaTeX's
// \subsubsection* in the subsection font). raw holds the levels of the
// heading lines (0 for other lines) and is changed in place.
func nestUnnumbered(lines []string, raw []int) {
	parts := make([][]int, len(lines))
	for i, l := range lines {
		if raw[i] > 0 {
			_, text := parseHeading(l)
			parts[i] = numberParts(text)
		}
	}
	last := -1 // the latest numbered heading
	for i := range lines {
		switch {
		case raw[i] == 0:
		case parts[i] != nil:
			last = i
		case last >= 0 && len(parts[last]) >= 2 && raw[i] == raw[last] && insideSection(parts[last], parts[i+1:]):
			raw[i]++
		}
	}
}

// insideSection reports whether the next numbered heading in rest is a
// later subsection of the section that cur belongs to ("5.7" after
// "5.6") or the next section ("6"): the headings before it still belong
// to section cur[0]. Back matter before the appendices does not.
func insideSection(cur []int, rest [][]int) bool {
	for _, p := range rest {
		if p == nil {
			continue
		}
		return p[0] == cur[0] && len(p) >= 2 || p[0] == cur[0]+1 && len(p) == 1
	}
	return false
}

// numberParts returns the numbers of a leading decimal section number
// ("5.6 Case study" gives [5 6], "2.8. k-shell decomposition" [2 8]) and
// nil when the heading has none.
func numberParts(text string) []int {
	f := strings.Fields(text)
	if len(f) < 2 {
		return nil
	}
	var out []int
	for _, p := range strings.Split(strings.TrimSuffix(f[0], "."), ".") {
		n, err := strconv.Atoi(p)
		if err != nil || len(p) > 2 {
			return nil
		}
		out = append(out, n)
	}
	return out
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
