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
// four largest sizes above max(body, bodyLimit) become levels 1 to 4,
// leaving out sizes whose lines are not headings (see sizeStats.textual).
func fontLevels(pages [][]*line) (body float64, levels map[float64]int) {
	count := map[float64]int{}
	stats := map[float64]*sizeStats{}
	for _, ls := range pages {
		for _, l := range ls {
			st := stats[l.Size]
			if st == nil {
				st = &sizeStats{}
				stats[l.Size] = st
			}
			st.lines++
			n := 0
			for _, c := range l.Chars {
				if !c.Space && !c.Super {
					count[round1(c.Size)]++
					n++
				}
				if unicode.IsLetter(c.R) {
					st.letters++
				}
			}
			st.chars += n
			if n >= longLine {
				st.long++
			}
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
	for s, st := range stats {
		// A size needs a few characters to be a header size, so one big
		// math symbol or drop cap does not claim a level.
		if s > limit+0.25 && st.chars >= 3 && !st.textual() {
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

// longLine is the character count from which a line is a full line of
// running text: more than a heading line holds.
const longLine = 50

// sizeStats counts the lines set in one font size.
type sizeStats struct {
	lines, chars, letters int
	long                  int // lines of longLine characters or more
}

// textual reports a size whose lines are not headings, however large:
// display math, axis labels and panel letters (under three letters a
// line on average), or running text such as captions set larger than the
// body (ten or more long lines, and at least 40% of its lines long).
func (st *sizeStats) textual() bool {
	return st.letters < 3*st.lines || st.long >= 10 && 5*st.long >= 2*st.lines
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

// sameHeading reports whether line text s is outline title t: equal
// after normalising, or equal once a leading section number ("2.1.",
// "IV-B", "A.", "(a)") is removed from each.
func sameHeading(s, t string) bool {
	ns, nt := norm(s), norm(t)
	if ns == "" || nt == "" {
		return false
	}
	if ns == nt {
		return true
	}
	a, b := norm(stripNumber(s)), norm(stripNumber(t))
	return len(a) >= 3 && a == b
}

// nearHeading is the fuzzy fallback of sameHeading: long titles may differ
// by a few characters (TeX accents left in the outline, a dropped dash).
func nearHeading(s, t string) float64 {
	a, b := norm(stripNumber(s)), norm(stripNumber(t))
	if len(a) < 12 || len(b) < 12 {
		return 0
	}
	return similar(a, b)
}

// similar is EditSimilarity, or 0 at once when the lengths differ by
// more than a fifth.
func similar(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > len(ra)/5+1 || -d > len(rb)/5+1 {
		return 0
	}
	return EditSimilarity(a, b)
}

// EditSimilarity returns 1 - editDistance(a, b)/max(len(a), len(b)) over
// runes: 1 for equal strings, 0 for nothing in common (NaN for two empty
// strings, which therefore never count as similar). Outline titles are
// matched to the page's lines with it (and the quality benchmark matches
// found headings to outline entries the same way).
func EditSimilarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return 1 - float64(prev[len(rb)])/float64(max(len(ra), len(rb)))
}

// stripNumber removes one leading section-number token from s.
func stripNumber(s string) string {
	s = strings.TrimSpace(s)
	f := strings.Fields(s)
	if len(f) < 2 {
		return s
	}
	tok := strings.Trim(f[0], "().:")
	if tok == "" {
		return s
	}
	for _, part := range strings.FieldsFunc(tok, func(r rune) bool { return r == '.' || r == '-' }) {
		if !isNumbering(strings.ToLower(part)) {
			return s
		}
	}
	return strings.TrimSpace(s[len(f[0]):])
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
	// "a", "b1": appendix numbering.
	return len(p) <= 3 && unicode.IsLetter(rune(p[0])) && strings.Trim(p[1:], "0123456789") == ""
}

// tocMatch is where an outline entry was found: the first line of the
// heading, how many lines it covers and their joined text.
type tocMatch struct {
	Entry OutlineEntry
	Line  *line
	Lines []*line
	Text  string
	// Split is the index in Line.Chars where a run-in heading ("2.1.
	// Method. We …") ends and paragraph text starts; 0 when the heading
	// fills its lines.
	Split int
}

// tocMiss is an outline entry not found in the text, with the position
// (page index, line index) where its heading is written instead.
type tocMiss struct {
	Entry      OutlineEntry
	Page, Line int
}

// matchOutline finds each outline entry in the text near its destination
// page, searching forward from the previous match so that repeated titles
// (an abstract's "Methods" and the section "Methods") match in order.
func matchOutline(out []OutlineEntry, pages [][]*line) (found []tocMatch, missing []tocMiss) {
	texts := make([][]string, len(pages))
	for p, ls := range pages {
		texts[p] = make([]string, len(ls))
		for i, l := range ls {
			texts[p][i] = plain(l.words())
		}
	}
	posPage, posLine := 0, 0
	// search looks for e in pages [from, to], from the current position.
	search := func(e OutlineEntry, from, to int) bool {
		for p := max(from, posPage); p < len(pages) && p <= to; p++ {
			start := 0
			if p == posPage {
				start = posLine
			}
			ls := pages[p]
			for i := start; i < len(ls); i++ {
				if texts[p][i] == "" {
					continue // a table placeholder or an empty line
				}
				if m, ok := runIn(ls[i], e); ok {
					found = append(found, m)
					posPage, posLine = p, i+1
					return true
				}
				text := ""
				bestK, bestSim, bestText := -1, 0.0, ""
				for k := 0; k < 3 && i+k < len(ls) && texts[p][i+k] != ""; k++ {
					text = strings.TrimSpace(text + " " + texts[p][i+k])
					if len(norm(text)) > len(norm(e.Title))+12 {
						break
					}
					if sameHeading(text, e.Title) {
						bestK, bestSim, bestText = k, 2, text
						break
					}
					if sim := nearHeading(text, e.Title); sim >= 0.85 && sim > bestSim {
						bestK, bestSim, bestText = k, sim, text
					}
				}
				if bestK >= 0 {
					found = append(found, tocMatch{Entry: e, Line: ls[i], Lines: ls[i : i+bestK+1], Text: bestText})
					posPage, posLine = p, i+bestK+1
					return true
				}
			}
		}
		return false
	}
	for _, e := range out {
		// The destination page first, then its neighbours (destinations
		// are sometimes one page off).
		ok := false
		if e.Page > 0 {
			ok = search(e, e.Page-1, e.Page-1) || search(e, e.Page-2, e.Page)
		} else {
			ok = search(e, posPage, posPage+1)
		}
		if ok {
			continue
		}
		if e.Page-1 > posPage && e.Page-1 < len(pages) {
			posPage, posLine = e.Page-1, 0
		}
		missing = append(missing, tocMiss{Entry: e, Page: posPage, Line: posLine})
	}
	return found, missing
}

// runIn matches e against the first words of l when more text follows on
// the line, as in run-in headings; the heading words must be bold or end
// with a period so a sentence that happens to begin with the title words
// is not taken.
func runIn(l *line, e OutlineEntry) (tocMatch, bool) {
	ws := l.words()
	nt := len(norm(e.Title))
	for j := 1; j < len(ws); j++ {
		head := plain(ws[:j])
		if len(norm(head)) > nt+8 {
			break
		}
		if !sameHeading(head, e.Title) {
			continue
		}
		last := ws[j-1]
		if !last.Bold && !strings.HasSuffix(last.Text, ".") && !strings.HasSuffix(last.Text, ":") {
			return tocMatch{}, false
		}
		return tocMatch{Entry: e, Line: l, Lines: []*line{l}, Text: strings.TrimRight(head, ".:"), Split: charIndexOfWord(l, j)}, true
	}
	return tocMatch{}, false
}

// charIndexOfWord returns the index in l.Chars where word j starts.
func charIndexOfWord(l *line, j int) int {
	w := 0
	inWord := false
	for i, c := range l.Chars {
		if c.Space {
			inWord = false
			continue
		}
		if !inWord {
			if w == j {
				return i
			}
			w++
			inWord = true
		}
	}
	return len(l.Chars)
}
