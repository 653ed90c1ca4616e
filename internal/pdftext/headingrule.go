package pdftext

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
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

// takeNumber removes and returns a section number ("1", "2.3.") that
// ends para and sits on the same row as heading line l: Word and LaTeX
// set the number apart from the title with a wide gap.
func takeNumber(para *[]*line, l *line) string {
	n := len(*para)
	if n == 0 {
		return ""
	}
	last := (*para)[n-1]
	t := strings.TrimSpace(last.text())
	if !isPureNumber(t) || !sameRow(last, l) || last.Box.X1 > l.Box.X0 {
		return ""
	}
	*para = (*para)[:n-1]
	return t
}

// isPureNumber reports a short section number such as "2", "3.1" or "4.".
func isPureNumber(s string) bool {
	t := strings.TrimSpace(s)
	return t != "" && len(t) <= 6 && strings.Trim(t, "0123456789.") == "" && strings.Trim(t, ".") != ""
}

// sameRow reports whether a and b overlap vertically.
func sameRow(a, b *line) bool {
	ov := math.Min(a.Box.Y1, b.Box.Y1) - math.Max(a.Box.Y0, b.Box.Y0)
	return ov >= 0.3*math.Min(a.Box.h(), b.Box.h())
}

// joinNumber puts a section number taken by takeNumber before a heading.
func joinNumber(num, text string) string {
	if num == "" || strings.HasPrefix(text, num) {
		return text
	}
	return num + " " + text
}

// rowAlone marks the lines of a block that share their row with no other
// line: table cells do, headings do not.
func rowAlone(ls []*line) map[*line]bool {
	out := make(map[*line]bool, len(ls))
	for i, l := range ls {
		alone := true
		for j := max(0, i-8); j < min(len(ls), i+8) && alone; j++ {
			if j == i {
				continue
			}
			o := ls[j]
			if utf8.RuneCountInString(strings.TrimSpace(o.text())) <= 4 {
				continue // a section number set apart from its title
			}
			ov := math.Min(l.Box.Y1, o.Box.Y1) - math.Max(l.Box.Y0, o.Box.Y0)
			if ov > 0.5*math.Min(l.Box.h(), o.Box.h()) {
				alone = false
			}
		}
		out[l] = alone
	}
	return out
}

// headingLike rejects texts that are never headings: captions, table rows
// of numbers, formulas and stray punctuation.
func headingLike(s string) bool {
	s = strings.TrimSpace(s)
	for _, p := range []string{"Figure ", "Fig. ", "Table ", "Algorithm ", "Listing "} {
		if strings.HasPrefix(s, p) {
			return false
		}
	}
	f := strings.Fields(s)
	if len(f) > 1 && strings.ContainsAny(f[0], "-•–—*◦▪") && len([]rune(f[0])) == 1 {
		return false // "- Starting", "• Item": an item of a bulleted list
	}
	if len(f) > 1 && (f[0] == "FIGURE" || f[0] == "FIG." || f[0] == "TABLE") && captionNumber(f[1]) {
		return false // "FIGURE 6", "TABLE II": a caption label in capitals
	}
	if len(f) > 1 && f[0] == "Example" && startsHeading(f[1]) && !unicode.IsUpper([]rune(f[1])[0]) {
		return false // "Example 3-9 Creating a mask": the caption of a listing
	}
	if len(f) > 1 && strings.HasSuffix(f[0], ":") && strings.Trim(f[0], "0123456789:") == "" {
		return false // "10: end while": a numbered line of an algorithm
	}
	if len(f) > 1 && powerOfTen(f[0]) {
		return false // "10^9 ATLAS": a tick label of a logarithmic axis
	}
	if strings.Contains(s, "://") || strings.Contains(s, "www.") {
		return false // a web address
	}
	letters, digits, run, longest := 0, 0, 0, 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
			run++
			longest = max(longest, run)
			continue
		case unicode.IsDigit(r):
			digits++
		}
		run = 0
	}
	// A heading has a word of three letters or more: "J + C", "H0 z"
	// and "0 AD" are formulas and plot labels.
	return longest >= 3 && float64(letters) >= 0.6*float64(letters+digits)
}

// powerOfTen reports a power written with a caret, such as "10^9" or
// "10^−3": the tick labels of a logarithmic axis.
func powerOfTen(s string) bool {
	b, e, ok := strings.Cut(s, "^")
	e = strings.TrimLeft(e, "-−")
	return ok && b != "" && e != "" && strings.Trim(b, "0123456789") == "" && strings.Trim(e, "0123456789") == ""
}

// captionNumber reports whether s numbers a figure or table: "6", "6.",
// "S2", "A1", "II:".
func captionNumber(s string) bool {
	s = strings.TrimRight(s, ".:")
	if s == "" {
		return false
	}
	if strings.Trim(s, "IVX") == "" {
		return true
	}
	if len(s) > 1 && s[0] >= 'A' && s[0] <= 'Z' {
		s = s[1:]
	}
	return strings.Trim(s, "0123456789") == ""
}

// sectionNumber returns the depth of a leading section number ("2" and
// "IV." are 1, "2.1" and "A." are 2, "2.1.3" is 3) and 0 when s has none.
func sectionNumber(s string) int {
	f := strings.Fields(s)
	if len(f) < 2 {
		return 0
	}
	tok := strings.TrimSuffix(f[0], ".")
	if tok == "" {
		return 0
	}
	// The title starts with a capital, perhaps after a bracket ("4.3
	// [D1] Discover …").
	first, _ := utf8.DecodeRuneInString(strings.TrimLeft(f[1], "[(“\""))
	if !unicode.IsUpper(first) {
		return 0
	}
	if len(tok) == 1 && tok[0] >= 'A' && tok[0] <= 'H' && strings.HasSuffix(f[0], ".") {
		return 2
	}
	if strings.Trim(tok, "IVX") == "" && strings.HasSuffix(f[0], ".") {
		return 1
	}
	parts := strings.Split(tok, ".")
	for i, p := range parts {
		// An appendix subsection ("B.3") starts with one capital letter.
		if i == 0 && len(parts) > 1 && len(p) == 1 && p[0] >= 'A' && p[0] <= 'Z' {
			continue
		}
		if p == "" || strings.Trim(p, "0123456789") != "" || len(p) > 2 {
			return 0
		}
		// Subsections count from 1: "3.0" and "1.05" are values (tick
		// labels, table cells), not section numbers.
		if i > 0 && p[0] == '0' {
			return 0
		}
	}
	return len(parts)
}

// styledLine reports whether a line looks set apart from body text: bold,
// small capitals, italic only, or all upper case.
func styledLine(l *line) bool {
	if isBoldLine(l) {
		return true
	}
	upper, lower, ital, letters := 0, 0, 0, 0
	for _, c := range l.Chars {
		if c.Space || !unicode.IsLetter(c.R) {
			continue
		}
		letters++
		if unicode.IsUpper(c.R) {
			upper++
		} else {
			lower++
		}
		if c.Italic {
			ital++
		}
	}
	if letters == 0 {
		return false
	}
	return lower == 0 || ital == letters || l.SmallCaps
}

func endsSentence(l *line) bool {
	t := strings.TrimSpace(l.text())
	if t == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(".:!?)”\"", r) || unicode.IsDigit(r)
}

// isBoldLine reports whether every letter of l is bold. Greek letters do
// not count: they come from math fonts, which often have no bold face
// ("Output current in full-transistor β-multiplier").
func isBoldLine(l *line) bool {
	n := 0
	for _, c := range l.Chars {
		if c.Space || c.Super || c.Hyphen || !unicode.IsLetter(c.R) || unicode.Is(unicode.Greek, c.R) {
			continue
		}
		if !c.Bold {
			return false
		}
		n++
	}
	return n > 0
}

// allBold reports whether every line with letters is bold (a section
// number line without letters does not count).
func allBold(ls []*line) bool {
	any := false
	for _, l := range ls {
		if !hasLetters(l) {
			continue
		}
		if !isBoldLine(l) {
			return false
		}
		any = true
	}
	return any
}

func startsHeading(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

func hasLetters(l *line) bool {
	for _, c := range l.Chars {
		if unicode.IsLetter(c.R) {
			return true
		}
	}
	return false
}

// headingCandidate reports a short styled line that starts with a section
// number, such as "2. STRUCTURAL MEASURES" in small capitals.
func headingCandidate(l *line) bool {
	t := strings.TrimSpace(l.text())
	return sectionNumber(t) > 0 && styledLine(l) && len(strings.Fields(t)) <= 14 && !strings.HasSuffix(t, ".")
}

// runInHeading finds a run-in heading at the start of a paragraph: a
// section number and up to 16 words ending with a period, at least half
// of them bold ("2.1. **Method.** We …", "3.4. **FIDD using** CN^(1). In
// …": symbols and italic names inside the title are not bold). The
// heading may fill the line. It returns the heading, its depth and the
// char index in the first line where the text goes on (len(l.Chars)
// when nothing follows on that line).
func runInHeading(l *line) (string, int, int) {
	ws := l.words()
	if len(ws) < 2 {
		return "", 0, 0
	}
	// Run-in headings are low levels ("2.2.", "A.1"); a run-in "1." is an
	// item of a numbered list with a bold lead.
	depth := sectionNumber(ws[0].Text + " X")
	if depth < 2 {
		return "", 0, 0
	}
	bold := 0
	for j := 1; j < len(ws) && j <= 16; j++ {
		if ws[j].Bold {
			bold++
		}
		if !strings.HasSuffix(ws[j].Text, ".") {
			continue
		}
		if 2*bold < j {
			return "", 0, 0
		}
		return strings.TrimSuffix(plain(ws[:j+1]), "."), depth, charIndexOfWord(l, j+1)
	}
	return "", 0, 0
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

// listStart reports a line that starts a numbered entry: "[1] …", or a
// list number set apart from its text ("1.").
func listStart(l *line) bool {
	t := strings.TrimSpace(l.text())
	if len(t) > 1 && t[0] == '[' && t[1] >= '0' && t[1] <= '9' {
		return true
	}
	return isPureNumber(t) && strings.HasSuffix(t, ".")
}

// upperCase reports a line whose letters (three or more) are all capitals.
func upperCase(l *line) bool {
	n := 0
	for _, c := range l.Chars {
		if unicode.IsLower(c.R) {
			return false
		}
		if unicode.IsLetter(c.R) {
			n++
		}
	}
	return n >= 3
}

// startsBold reports whether the first word of l is bold.
func startsBold(l *line) bool {
	ws := l.words()
	return len(ws) > 0 && ws[0].Bold
}

// horizontalRules returns the drawn paths that are thin horizontal lines
// (at most 2 pt high and 20 pt long): table rules and underlines.
func horizontalRules(paths []rect) []rect {
	var out []rect
	for _, r := range paths {
		if r.h() <= 2 && r.w() >= 20 {
			out = append(out, r)
		}
	}
	return out
}

// betweenRules reports whether l sits between two horizontal rules that
// both span it, each within one and a half line heights: the head row or
// a cell row of a ruled table.
func (w *writer) betweenRules(l *line) bool {
	gap := 1.5 * l.Box.h()
	above, below := false, false
	for _, r := range w.rules {
		if r.X0 > l.Box.X0+1 || r.X1 < l.Box.X1-1 {
			continue
		}
		if r.Y1 <= l.Box.Y0+1 && l.Box.Y0-r.Y1 <= gap {
			above = true
		}
		if r.Y0 >= l.Box.Y1-1 && r.Y0-l.Box.Y1 <= gap {
			below = true
		}
	}
	return above && below
}

// inDrawing reports a line with three or more drawn shapes touching it or
// within one line height (at most 12 pt) of it: the label of a vector
// figure (boxes, arrow heads, markers). A heading has none. Thin paths
// (lines at most 2 pt across) do not count: rules, underlines and frames
// drawn in pieces (BioMed Central's abstract box) sit beside headings.
func (w *writer) inDrawing(l *line) bool {
	// Text set on an image (a figure's labels) lies inside its box.
	for _, r := range w.images {
		if r.w() > 3*l.Box.h() && r.h() > 3*l.Box.h() && r.X0 <= l.Box.X0 && l.Box.X1 <= r.X1 && r.Y0 <= l.Box.Y0 && l.Box.Y1 <= r.Y1 {
			return true
		}
	}
	m := math.Min(l.Box.h(), 12)
	near := rect{X0: l.Box.X0 - m, Y0: l.Box.Y0 - m, X1: l.Box.X1 + m, Y1: l.Box.Y1 + m}
	n := 0
	for _, r := range w.drawn {
		if r.w() <= 2 || r.h() <= 2 {
			continue
		}
		if r.X0 <= near.X1 && r.X1 >= near.X0 && r.Y0 <= near.Y1 && r.Y1 >= near.Y0 {
			n++
			if n >= 3 {
				return true
			}
		}
	}
	return false
}

// anyInDrawing reports whether a line of ls is a label of a drawing
// (inDrawing): a label may run over two lines, only one of them inside
// the shapes.
func (w *writer) anyInDrawing(ls []*line) bool {
	for _, l := range ls {
		if w.inDrawing(l) {
			return true
		}
	}
	return false
}
