package pdftext

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
