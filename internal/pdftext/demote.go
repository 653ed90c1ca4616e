package pdftext

import (
	"strings"
	"unicode"
)

// demoteHeadings undoes font-mode headings that typography shows are not
// section headings. It works on the Markdown after alignNumberedLevels:
//   - table-of-contents entries (a title, dot leaders and a page number,
//     or a run of three or more headings with no text between them that
//     all come back later as headings) become plain text;
//   - author lines, with two or more superscript marks pointing at
//     affiliations or notes, and letter-spaced banners ("R E S EAR CH
//     A R TIC L E") become plain text, and so do lines with an e-mail
//     address or ending with a comma (author and affiliation lists);
//   - unnumbered questions (the prompts of a questionnaire or datasheet),
//     unnumbered headings whose first word is in lower-case letters only
//     (labels in figures: "selection", "individual log"), and lists of
//     names or single names with a note mark (authorList) become bold
//     text;
//   - headings that start with a whole number more than three above the
//     last section number before them, after the first ("70 MLOC", "17
//     Challenges": figure text), become bold text;
//   - short smaller headings above the paper title on the first page
//     (banners, article types) become bold text;
//   - in a document whose sections are numbered, the unnumbered headings
//     before the first section (cover page lines, author names and
//     affiliations, Abstract, Keywords, notices) are front matter: they
//     become bold text, except the paper title, the first heading of the
//     top level, which stays a heading; later copies of it (a cover page
//     and a title page) become bold text too.
func demoteHeadings(md string) string {
	lines := strings.Split(md, "\n")
	demoteContents(lines)
	first := firstNumberedSection(lines)
	title := -1
	if first > 0 {
		title = titleHeading(lines[:first])
	}
	titleText := ""
	if title >= 0 {
		_, titleText = parseHeading(lines[title])
	}
	for i, l := range lines {
		lv, text := parseHeading(l)
		if lv == 0 {
			continue
		}
		switch {
		case dotLeaders(text) || superscriptMarks(text) >= 2 || letterSpaced(text) || addressLine(text):
			lines[i] = text
		case sectionNumber(text) == 0 && (strings.HasSuffix(text, "?") || lowerStart(text)) || authorList(text):
			lines[i] = "**" + text + "**"
		case i < first && i != title && sectionNumber(text) == 0:
			lines[i] = "**" + text + "**"
		case i > title && title >= 0 && text == titleText:
			lines[i] = "**" + text + "**"
		}
	}
	demoteAboveTitle(lines)
	demoteNumberJumps(lines)
	demoteEmpty(lines)
	return strings.Join(lines, "\n")
}

// demoteAboveTitle turns into bold text the short unnumbered headings (up
// to three words) set above the paper title on the first page and smaller
// than it: journal banners and article-type labels ("OPEN ACCESS",
// "Review", "Research Article") printed before the title. Longer ones
// stay: a report's cover may set its title under a larger brand name. The title is the first heading of the
// smallest level on the first page.
func demoteAboveTitle(lines []string) {
	end := len(lines)
	for i, l := range lines {
		if i > 0 && strings.HasPrefix(l, "<!-- page ") {
			end = i
			break
		}
	}
	title := titleHeading(lines[:end])
	if title < 0 {
		return
	}
	tl, _ := parseHeading(lines[title])
	for i := 0; i < title; i++ {
		if lv, text := parseHeading(lines[i]); lv > tl && sectionNumber(text) == 0 && len(strings.Fields(text)) <= 3 {
			lines[i] = "**" + text + "**"
		}
	}
}

// demoteEmpty turns into bold text an unnumbered heading that is followed
// directly, with no text between, by a heading of the same or a higher
// rank: a section does not end before it begins. Such runs are the
// labels of a table without rules or of a chart legend ("Method",
// "Learning Rate"). A numbered heading keeps its place (an empty
// numbered section is still a section), and so does one followed by a
// numbered subsection ("D Statistical Analysis", then "D.1 …", which
// font sizes may set at the same level).
func demoteEmpty(lines []string) {
	for i, l := range lines {
		lv, text := parseHeading(l)
		if lv == 0 || sectionNumber(text) > 0 {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			t := strings.TrimSpace(lines[j])
			if t == "" || strings.HasPrefix(t, "<!-- page ") {
				continue
			}
			if nl, next := parseHeading(lines[j]); nl > 0 && nl <= lv && sectionNumber(next) < 2 {
				lines[i] = "**" + text + "**"
			}
			break
		}
	}
}

// demoteNumberJumps turns into bold text the headings that start with a
// whole number ("17 Challenges", "70 MLOC") more than three above the
// last top-level section number before them: sections count up one by
// one, so such a number is a quantity in a figure, not a section number.
// A missed section or two leaves a smaller gap and does no harm. The
// first number is taken as it is (an excerpt, or a regulation's "14 CFR
// Part 39", may start anywhere).
func demoteNumberJumps(lines []string) {
	last := 0
	for i, l := range lines {
		lv, text := parseHeading(l)
		if lv == 0 || sectionNumber(text) != 1 {
			continue
		}
		n, ok := wholeNumber(strings.Fields(text)[0])
		if !ok {
			continue
		}
		if last > 0 && n > last+3 {
			lines[i] = "**" + text + "**"
			continue
		}
		last = max(last, n)
	}
}

// wholeNumber parses a section number of digits only ("7", "12.").
func wholeNumber(tok string) (int, bool) {
	tok = strings.TrimSuffix(tok, ".")
	if tok == "" || len(tok) > 3 || strings.Trim(tok, "0123456789") != "" {
		return 0, false
	}
	n := 0
	for _, r := range tok {
		n = n*10 + int(r-'0')
	}
	return n, true
}

// firstNumberedSection returns the index of the first heading numbered
// "1" or "I" when at least three headings carry a top-level number, and
// -1 otherwise.
func firstNumberedSection(lines []string) int {
	first, n := -1, 0
	for i, l := range lines {
		lv, text := parseHeading(l)
		if lv == 0 || sectionNumber(text) != 1 || dotLeaders(text) {
			continue
		}
		n++
		if first < 0 {
			tok := strings.TrimSuffix(strings.Fields(text)[0], ".")
			if tok == "1" || tok == "I" {
				first = i
			}
		}
	}
	if n < 3 {
		return -1
	}
	return first
}

// titleHeading returns the index of the first heading of the smallest
// level among lines, or -1 when there is none.
func titleHeading(lines []string) int {
	best, at := 7, -1
	for i, l := range lines {
		if lv, _ := parseHeading(l); lv > 0 && lv < best {
			best, at = lv, i
		}
	}
	return at
}

// dotLeaders reports a table-of-contents entry: a run of five or more
// dots (or spaced dots) leading to a page number.
func dotLeaders(s string) bool {
	return strings.Contains(s, ".....") || strings.Contains(s, ". . . . .")
}

// superscriptMarks counts the superscript runs ("^1,2", "^*") in s.
func superscriptMarks(s string) int { return strings.Count(s, "^") }

// demoteContents turns into plain text the headings of a table of
// contents set without dot leaders: a run of at least three headings with
// only blank lines, page numbers or lower entries (with dot leaders, or
// short lines ending in a page number) between them, each of which
// appears again later as a
// heading with the same text, at least two of those followed by text (a
// block of headings repeated as a block, such as a letterhead, is not a
// table of contents).
func demoteContents(lines []string) {
	later := map[string]int{} // heading text -> index of its last use
	for i, l := range lines {
		if lv, text := parseHeading(l); lv > 0 {
			later[norm(text)] = i
		}
	}
	repeated := func(i int) bool {
		lv, text := parseHeading(lines[i])
		return lv > 0 && later[norm(text)] > i
	}
	for i := 0; i < len(lines); {
		if !repeated(i) {
			i++
			continue
		}
		run := []int{i}
		j := i + 1
		for ; j < len(lines); j++ {
			if pageNumbers(lines[j]) || dotLeaders(lines[j]) || pagedEntry(lines[j]) {
				continue // a page number, or a lower entry of the contents
			}
			if !repeated(j) {
				break
			}
			run = append(run, j)
		}
		if len(run) >= 3 && textAfterCopies(lines, run, later) >= 2 {
			for _, k := range run {
				_, lines[k] = parseHeading(lines[k])
			}
		}
		i = j
	}
}

// pageNumbers reports a line that is blank or holds only numbers (the
// page column of a table of contents), possibly in bold.
func pageNumbers(l string) bool {
	return strings.Trim(l, "0123456789*. ") == ""
}

// pagedEntry reports a plain line (or table row) of at most twelve words
// that ends in a page number: a lower entry of a table of contents set
// without dot leaders ("7.2 Muon channel 22", "| 6.3 | Event migration
// studies | 16 |", with the rule under it).
func pagedEntry(l string) bool {
	if strings.Contains(l, "-") && strings.Trim(l, "|-: ") == "" {
		return true // the rule under a table row's head
	}
	if lv, _ := parseHeading(l); lv > 0 {
		return false
	}
	f := strings.Fields(strings.NewReplacer("|", " ", "*", " ").Replace(l))
	if len(f) < 2 || len(f) > 12 {
		return false
	}
	last := f[len(f)-1]
	return len(last) <= 4 && strings.Trim(last, "0123456789") == ""
}

// textAfterCopies counts the headings of run whose later copy is followed
// by a line of text rather than by another heading.
func textAfterCopies(lines []string, run []int, later map[string]int) int {
	n := 0
	for _, k := range run {
		_, text := parseHeading(lines[k])
		for j := later[norm(text)] + 1; j < len(lines); j++ {
			if strings.TrimSpace(lines[j]) == "" {
				continue
			}
			if lv, _ := parseHeading(lines[j]); lv == 0 {
				n++
			}
			break
		}
	}
	return n
}

// lowerStart reports text whose first word is lower-case letters only.
// Section titles start with a capital or a number; a name that starts
// in lower case keeps a capital, digit or hyphen ("mRNA", "p53",
// "l-asparaginase"), so it does not count.
func lowerStart(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	for _, r := range f[0] {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// letterSpaced reports text set with wide letter spacing, which comes
// out as many one-letter words: at least four, and 40% of all words.
func letterSpaced(s string) bool {
	ws := strings.Fields(s)
	one := 0
	for _, w := range ws {
		if len([]rune(w)) == 1 {
			one++
		}
	}
	return one >= 4 && one*5 >= len(ws)*2
}

// addressLine reports text that holds an e-mail address or ends with a
// comma: parts of author and affiliation blocks, never headings.
func addressLine(s string) bool {
	if strings.HasSuffix(s, ",") {
		return true
	}
	for _, w := range strings.Fields(s) {
		if at := strings.IndexByte(w, '@'); at > 0 && strings.Contains(w[at:], ".") {
			return true
		}
	}
	return false
}
