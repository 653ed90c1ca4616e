package pdftext

import (
	"math"
	"strings"
	"unicode"
)

// smallHeading reports a one-line paragraph that may be a heading set
// smaller than the body text: the back matter of many journals
// (Acknowledgments, Competing interests, Author contributions) is set in
// small type under headings of the same small size, in bold or in the
// journal's heading face. Such a line is only a candidate: emitPending
// makes it a heading when the paragraph after it is text in its size,
// since small bold lines are otherwise figure labels and table heads.
func (w *writer) smallHeading(ls []*line, text string, words int) bool {
	if len(ls) != 1 || words > 8 || sectionNumber(text) > 0 || !w.alone[ls[0]] || !w.smallerThanBody(ls) {
		return false
	}
	if strings.HasSuffix(text, ".") || strings.HasSuffix(text, ":") || addressLine(text) || !startsHeading(text) || !headingLike(text) {
		return false
	}
	if w.betweenRules(ls[0]) || w.inDrawing(ls[0]) {
		return false
	}
	return allBold(ls) || w.inRareFont(ls)
}

// emitPending writes the pending candidate of smallHeading before next
// (nil when what follows is not a paragraph): a heading when next is
// text in the candidate's size (sameSizeText, five words) or a paragraph
// of running body text (bodyParagraph, 30 words: REVTeX's small bold
// Acknowledgements over the body-size text); otherwise plain text. The
// heading's level is set later by levelBackMatter.
func (w *writer) emitPending(b *strings.Builder, next []*line) {
	p := w.pending
	if p == nil {
		return
	}
	w.pending = nil
	if sameSizeText(p[0], next, 5) || w.bodyParagraph(next, 30) {
		text := plain(p[0].words())
		if w.backMatter == nil {
			w.backMatter = map[string]bool{}
		}
		w.backMatter[strings.TrimSpace(text)] = true
		w.heading(b, w.boldLevel, text)
		return
	}
	w.text(b, p)
}

// sameSizeText reports whether ls is running text set in the size of
// line h but not in its font and not bold: at least min words of two
// letters or more (not a row of numbers or a formula).
func sameSizeText(h *line, ls []*line, min int) bool {
	if len(ls) == 0 || math.Abs(ls[0].Size-h.Size) > 0.25 || allBold(ls) || mostlyInFont(ls[0], letterFont(h)) {
		return false
	}
	words := 0
	for _, l := range ls {
		for _, wd := range l.words() {
			letters := 0
			for _, r := range wd.Text {
				if unicode.IsLetter(r) {
					letters++
				}
			}
			if letters >= 2 {
				words++
			}
		}
	}
	return words >= min
}

// letterFont returns the font of the first letter of l ("" if none).
func letterFont(l *line) string {
	for _, c := range l.Chars {
		if unicode.IsLetter(c.R) {
			return c.Font
		}
	}
	return ""
}

// mostlyInFont reports whether more than half the letters of l are in
// font.
func mostlyInFont(l *line, font string) bool {
	n, in := 0, 0
	for _, c := range l.Chars {
		if unicode.IsLetter(c.R) {
			n++
			if c.Font == font {
				in++
			}
		}
	}
	return n > 0 && 2*in > n
}

// levelBackMatter gives the headings whose texts are in heads (the small
// heads of emitPending) that come after every other heading (the back
// matter: Competing interests, Acknowledgments, References) the level of
// the paper's sections, however small their type. Small heads earlier on
// (figure labels, side notes) keep their level. The section level is
// the level of the second heading when the first (the title) is
// above it, else the level of the first.
func levelBackMatter(md string, heads map[string]bool) string {
	if len(heads) == 0 {
		return md
	}
	lines := strings.Split(md, "\n")
	var first []int
	for _, l := range lines {
		if lv, _ := parseHeading(l); lv > 0 {
			first = append(first, lv)
			if len(first) == 2 {
				break
			}
		}
	}
	if len(first) == 0 {
		return md
	}
	section := first[0]
	if len(first) == 2 && first[1] > first[0] {
		section = first[1]
	}
	// Only the back matter: the small heads after the last other heading.
	last := -1
	for i, l := range lines {
		if lv, text := parseHeading(l); lv > 0 && !heads[text] {
			last = i
		}
	}
	for i := last + 1; i < len(lines); i++ {
		if lv, text := parseHeading(lines[i]); lv > 0 && heads[text] {
			lines[i] = strings.Repeat("#", section) + " " + text
		}
	}
	return strings.Join(lines, "\n")
}

// bodyParagraph reports whether ls is a paragraph of running text in the
// body size: at least min words, not bold, not a caption.
func (w *writer) bodyParagraph(ls []*line, min int) bool {
	if len(ls) == 0 || math.Abs(ls[0].Size-w.body) > 0.25 || allBold(ls) || !headingLike(plain(ls[0].words())) {
		return false // not body text, or a caption ("Figure 2. …")
	}
	n := 0
	for _, l := range ls {
		n += len(l.words())
	}
	return n >= min
}
