package pdftext

import (
	"math"
	"strings"
)

// breaks reports whether line l starts a new paragraph after para.
func (w *writer) breaks(para []*line, l *line) bool {
	prev := para[len(para)-1]
	size := math.Max(prev.Size, l.Size)
	if len(para) == 1 && isPureNumber(prev.text()) && sameRow(prev, l) && prev.Box.X1 <= l.Box.X0 {
		return false // a section number set apart from its title
	}
	if l.Box.Y0 < prev.Box.Y0-0.5*size {
		return true // went back up: a new row group or column piece
	}
	if w.boldLevel > 0 && len(para) == 1 && wordCount(prev) <= 3 && (styledLine(prev) || w.inRareFont(para)) && listStart(l) {
		return true // a short styled line, then the first entry of a list: "References", "[1] …"
	}
	if l.Baseline-prev.Baseline > 1.9*size {
		return true // vertical white space
	}
	if math.Abs(l.Size-prev.Size) > 1 {
		return true
	}
	if len(para) == 1 && isBoldLine(prev) && isBoldLine(l) && upperCase(prev) && !upperCase(l) {
		return true // a heading in capitals, then a bold subheading: a wrapped heading keeps its case
	}
	if w.boldLevel > 0 && endsSentence(prev) && (startsRunIn(l) || w.spaced[l] && w.alone[l] && italicHeading(l, w.bodyFont)) {
		return true // a run-in or italic heading starts a paragraph
	}
	if w.boldLevel > 0 && len(para) == 1 && w.spaced[prev] && w.alone[prev] && italicHeading(prev, w.bodyFont) && !italicLine(l) {
		return true // an italic heading, then its text
	}
	if isBoldLine(prev) && !isBoldLine(l) && wordCount(prev) >= 8 && !endsSentence(prev) && startsBold(l) {
		return false // a long bold sentence (a question, a run-in lead) wraps and the text goes on
	}
	if isBoldLine(prev) != isBoldLine(l) && (isBoldLine(prev) || len(para) == 1) {
		return true
	}
	if isBoldLine(l) && !isBoldLine(prev) && endsSentence(prev) {
		return true // a bold line after a sentence: a table's head row, a new block
	}
	if w.boldLevel > 0 && len(para) == 1 && headingCandidate(prev) && styledLine(l) && sectionNumber(l.text()) == 0 &&
		(!endsSentence(prev) || strings.HasSuffix(strings.TrimSpace(prev.text()), ":")) && l.Box.Y0-prev.Box.Y1 < 0.6*size {
		return false // a numbered heading wrapped onto a second styled line, perhaps after a colon
	}
	if w.boldLevel > 0 && (headingCandidate(prev) || headingCandidate(l)) {
		return true
	}
	if w.boldLevel > 0 && len(para) == 1 && wordCount(prev) <= 8 && w.inRareFont(para) && (w.mostlyBodyFont(l) || w.smallerThanBody(para) && sameSizeText(prev, []*line{l}, 4)) {
		return true // a short line in a heading font, then body text
	}
	left := para[0].Box.X0
	for _, x := range para {
		left = math.Min(left, x.Box.X0)
	}
	if l.Box.X0 < prev.Box.X0-0.8*size && len(para) > 1 && endsSentence(prev) {
		return true // hanging indent: a new reference entry
	}
	if t := l.text(); len(t) > 1 && t[0] == '[' && t[1] >= '0' && t[1] <= '9' && endsSentence(prev) {
		return true // a numbered reference entry
	}
	indent := l.Box.X0 - left
	// The line must also stand out from the line before: under a hanging
	// indent (reference lists) every line after the first is indented.
	if indent > 0.8*size && indent < 4*size && endsSentence(prev) && l.Box.X0 > prev.Box.X0+0.8*size {
		return true
	}
	return false
}

func wordCount(l *line) int { return len(l.words()) }

// paragraph writes a text paragraph, or a heading when it is a short
// bold-only paragraph in font mode.
func (w *writer) paragraph(b *strings.Builder, ls []*line) {
	w.emitPending(b, ls)
	if w.boldLevel > 0 && len(ls) <= 2 {
		parts := make([]string, len(ls))
		n := 0
		for i, l := range ls {
			ws := l.words()
			n += len(ws)
			parts[i] = plain(ws)
		}
		text := strings.Join(parts, " ")
		depth := sectionNumber(text)
		styled, any := true, false
		for _, l := range ls {
			if hasLetters(l) {
				styled = styled && styledLine(l)
				any = true
			}
		}
		styled = styled && any
		// Numbered headings may run to two full lines; unnumbered bold
		// lines must stay short to be told from bold sentences.
		// An unnumbered heading is not set smaller than the body text:
		// such bold lines are figure labels, table heads and footnotes.
		// Numbered ones may be (REVTeX sets its section heads small).
		// Nor is it a table's head row, between two rules, or a label
		// of a drawing.
		ok := (n <= 14 || depth > 0 && n <= 20) && (depth > 0 || !w.smallerThanBody(ls) && !w.betweenRules(ls[0]) && !w.anyInDrawing(ls) && !w.byNumbers[ls[0]] && !w.byNumbers[ls[len(ls)-1]]) && !strings.HasSuffix(text, ".") && !strings.HasSuffix(text, ":") && startsHeading(text) && headingLike(text)
		if w.smallHeading(ls, text, n) {
			w.pending = ls
			return
		}
		switch {
		case ok && depth > 0 && styled:
			w.heading(b, min(w.boldLevel+depth-1, 6), text)
			return
		case ok && n <= 12 && allBold(ls) && w.alone[ls[0]]:
			lv := w.boldLevel
			if w.capsBold && !upperCase(ls[0]) {
				lv = min(lv+1, 6) // under the sections in bold capitals
			}
			w.heading(b, lv, text)
			return
		case ok && n <= 6 && depth == 0 && w.alone[ls[0]] && w.inSectionStyle(ls):
			w.heading(b, w.boldLevel, text)
			return
		case ok && n <= 8 && len(ls) == 1 && w.alone[ls[0]] && !strings.ContainsAny(text, "()=<>{}[];_") && w.inRareFont(ls):
			w.heading(b, w.boldLevel, text)
			return
		case ok && len(ls) == 1 && depth == 0 && w.alone[ls[0]] && w.spaced[ls[0]] && italicHeading(ls[0], w.bodyFont):
			w.heading(b, min(w.boldLevel+1, 6), text)
			return
		}
	}
	if w.boldLevel > 0 {
		if text, depth, k := runInHeading(ls[0]); depth > 0 {
			w.heading(b, min(w.boldLevel+depth-1, 6), text)
			if k >= len(ls[0].Chars) {
				if ls = ls[1:]; len(ls) == 0 {
					return
				}
			} else {
				tail := *ls[0]
				tail.Chars = ls[0].Chars[k:]
				ls = append([]*line{&tail}, ls[1:]...)
			}
		}
	}
	w.text(b, ls)
}

// text writes ls as one paragraph of text.
func (w *writer) text(b *strings.Builder, ls []*line) {
	parts := make([]string, len(ls))
	hyph := make([]bool, len(ls))
	for i, l := range ls {
		ws := l.words()
		parts[i] = emphasised(ws)
		if len(ws) > 0 {
			hyph[i] = ws[len(ws)-1].Hyphen
		}
	}
	text := joinLines(parts, hyph)
	if strings.HasPrefix(text, "#") {
		text = `\` + text
	}
	b.WriteString(text)
	b.WriteString("\n\n")
}

// unused returns the lines of ls that no table has taken.
func unused(ls []*line, used map[*line]*table) []*line {
	var out []*line
	for _, l := range ls {
		if used[l] == nil {
			out = append(out, l)
		}
	}
	return out
}
