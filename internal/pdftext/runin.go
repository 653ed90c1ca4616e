package pdftext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// boldLead finds an unnumbered run-in heading at the start of a line: two
// to ten bold words, the last ending with a period, then text that is not
// bold ("**Data analysis.** We used …", as Nature's methods and many
// journals' lowest level set it). One bold word ("Proof.", "Abstract.")
// and a label ending in a number ("Theorem 2.") are not headings. It
// returns the heading without its period and the index in l.Chars where
// the text goes on, or "" when l has no such lead.
func boldLead(l *line) (string, int) {
	ws := l.words()
	for j := 0; j < len(ws) && j < 10; j++ {
		if !ws[j].Bold {
			return "", 0
		}
		if !strings.HasSuffix(ws[j].Text, ".") {
			continue
		}
		if j == 0 || j+1 >= len(ws) || ws[j+1].Bold {
			return "", 0
		}
		if r, _ := utf8.DecodeRuneInString(ws[j+1].Text); unicode.IsDigit(r) {
			return "", 0 // "Supplementary Fig. 3": a reference, not a heading
		}
		last := strings.TrimSuffix(ws[j].Text, ".")
		if last == "" || strings.Trim(last, "0123456789.") == "" {
			return "", 0
		}
		text := strings.TrimSuffix(plain(ws[:j+1]), ".")
		if !startsHeading(text) || sectionNumber(text) > 0 || !headingLike(text) || strings.HasSuffix(text, ".") {
			return "", 0
		}
		return text, charIndexOfWord(l, j+1)
	}
	return "", 0
}

// startsRunIn reports a line that begins with a run-in heading, numbered
// ("2.2. **Closeness centrality.** The …") or not.
func startsRunIn(l *line) bool {
	if _, depth, _ := runInHeading(l); depth > 0 {
		return true
	}
	t, _ := boldLead(l)
	return t != ""
}

// italicHeading reports an unnumbered heading set in italics on a line
// of its own (the lowest level of many journals, such as
// JSS's "Specification in TIMP: Weighting"): two to ten words, at least
// two thirds of its letters italic and the others in fonts other than
// the body font (a program name in typewriter type), starting with a
// capital, with no closing punctuation and at most one comma.
func italicHeading(l *line, bodyFont string) bool {
	letters, ital := 0, 0
	for _, c := range l.Chars {
		if c.Space || c.Super || !unicode.IsLetter(c.R) {
			continue
		}
		letters++
		if c.Italic {
			ital++
		} else if c.Font == bodyFont {
			return false
		}
	}
	if letters == 0 || 3*ital < 2*letters {
		return false
	}
	t := strings.TrimSpace(l.text())
	n := len(strings.Fields(t))
	if n < 2 || n > 10 || strings.Count(t, ",") > 1 || !startsHeading(t) || sectionNumber(t) > 0 || !headingLike(t) {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	return !strings.ContainsRune(".,;:!?", r)
}

// italicLine reports whether most letters of l are italic.
func italicLine(l *line) bool {
	letters, ital := 0, 0
	for _, c := range l.Chars {
		if unicode.IsLetter(c.R) {
			letters++
			if c.Italic {
				ital++
			}
		}
	}
	return letters > 0 && 2*ital > letters
}

// spacedAbove marks the lines of a block that have more white space above
// them than ordinary leading: the gap to the line before is at least 0.7
// of their size. A block's first line is not marked: what is above it is
// unknown (a block may be one stray line, such as a piece of a reference
// cut off by the column split).
func spacedAbove(ls []*line) map[*line]bool {
	out := make(map[*line]bool, len(ls))
	for i, l := range ls {
		out[l] = i > 0 && l.Box.Y0-ls[i-1].Box.Y1 >= 0.7*l.Size
	}
	return out
}
