package pdftext

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// maxSizeLevels is how many font sizes above the body size become header
// levels, like the reference's IdentifyHeaders(max_levels=4).
const maxSizeLevels = 4

// bodyLimit is the smallest body size: sizes up to it never make headers.
const bodyLimit = 10.0

// fontLevels maps line font sizes (rounded to 0.5 pt) to header levels.
// The body size is the most frequent size by character count; the up to
// four largest sizes above max(body, bodyLimit) become levels 1 to 4.
func fontLevels(pages [][]*line) (body float64, levels map[float64]int) {
	count := map[float64]int{}
	lineSizes := map[float64]int{}
	for _, ls := range pages {
		for _, l := range ls {
			n := 0
			for _, c := range l.Chars {
				if !c.Space && !c.Super {
					count[round1(c.Size)]++
					n++
				}
			}
			lineSizes[l.Size] += n
		}
	}
	best := -1
	for s, n := range count {
		if n > best || n == best && s < body {
			body, best = s, n
		}
	}
	limit := math.Max(body, bodyLimit)
	var cands []float64
	for s, n := range lineSizes {
		// A size needs a few characters to be a header size, so one big
		// math symbol or drop cap does not claim a level.
		if s > limit+0.25 && n >= 3 {
			cands = append(cands, s)
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(cands)))
	levels = map[float64]int{}
	for i, s := range cands {
		if i == maxSizeLevels {
			break
		}
		levels[s] = i + 1
	}
	return body, levels
}

// norm reduces s to lower-case letters and digits for fuzzy matching.
func norm(s string) string {
	var b strings.Builder
	for _, r := range expandLigatures(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// titleMatch reports whether line text s (normalised) is outline title t
// (normalised), allowing a section number on one side only.
func titleMatch(s, t string) bool {
	if s == "" || t == "" {
		return false
	}
	if s == t {
		return true
	}
	if strings.HasSuffix(s, t) && isNumbering(s[:len(s)-len(t)]) {
		return true
	}
	return strings.HasSuffix(t, s) && isNumbering(t[:len(t)-len(s)])
}

func isNumbering(p string) bool {
	if len(p) == 0 || len(p) > 6 {
		return false
	}
	if strings.Trim(p, "0123456789") == "" {
		return true
	}
	if strings.Trim(p, "ivxlc") == "" {
		return true
	}
	// "a1", "b2": appendix numbering; single letters like "a".
	return len(p) <= 3 && unicode.IsLetter(rune(p[0])) && strings.Trim(p[1:], "0123456789") == ""
}

// tocMatch is where an outline entry was found: the first line of the
// heading and how many lines it covers.
type tocMatch struct {
	Entry outlineEntry
	Line  *line
	Lines int
}

// matchOutline finds each outline entry on its destination page (or the
// next one), searching forward from the previous match so repeated words
// match the right line. Entries not found are returned separately.
func matchOutline(out []outlineEntry, pages [][]*line) (found []tocMatch, missing []outlineEntry) {
	posPage, posLine := 0, 0
	used := map[*line]bool{}
	for _, e := range out {
		t := norm(e.Title)
		ok := false
		from, to := e.Page-1, e.Page
		if e.Page <= 0 {
			from, to = posPage, posPage+1
		}
		for p := from; p < len(pages) && p <= to && !ok; p++ {
			start := 0
			if p == posPage {
				start = posLine
			} else if p < posPage {
				continue
			}
			ls := pages[p]
			for i := start; i < len(ls) && !ok; i++ {
				if used[ls[i]] {
					continue
				}
				s := ""
				for k := 0; k < 3 && i+k < len(ls); k++ {
					s += norm(ls[i+k].text())
					if len(s) > len(t)+8 {
						break
					}
					if titleMatch(s, t) {
						found = append(found, tocMatch{Entry: e, Line: ls[i], Lines: k + 1})
						for j := 0; j <= k; j++ {
							used[ls[i+j]] = true
						}
						posPage, posLine, ok = p, i+k+1, true
						break
					}
				}
			}
		}
		if !ok {
			missing = append(missing, e)
		}
	}
	return found, missing
}
