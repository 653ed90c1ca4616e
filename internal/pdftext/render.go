package pdftext

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pageLayout is one page after line building, margin cut and ordering.
type pageLayout struct {
	Number  int
	Blocks  [][]*line
	Lines   []*line // Blocks flattened, in reading order
	Scanned bool
	// Rules are the thin horizontal lines drawn on the page.
	Rules []rect
	// Drawn are the page's path boxes under a third of the page wide and
	// high: pieces of drawings. Frames, banners and shaded boxes around
	// an abstract or a title are larger and say nothing about one line.
	Drawn []rect
	// Images are the boxes of the page's images.
	Images []rect
}

// render lays out every page and writes the Markdown and metadata.
func render(doc *document, m Margins, mode HeaderMode) *Result {
	pages := make([]pageLayout, len(doc.Pages))
	ordered := make([][]*line, len(doc.Pages))
	var scanned []int
	for i, rp := range doc.Pages {
		pages[i] = layoutPage(rp, m)
		if pages[i].Scanned {
			scanned = append(scanned, rp.Number)
		}
	}
	dropRunning(pages, doc.Pages)
	for i := range pages {
		ordered[i] = pages[i].Lines
	}
	body, sizeLevels := fontLevels(ordered)
	bodyFont, rareFonts := fontUse(ordered)
	md := &Metadata{
		Pages:        len(doc.Pages),
		TotalPages:   doc.TotalPages,
		TOCEntries:   len(doc.Outline),
		BodyFontSize: body,
		Margins:      m,
		ScannedPages: scanned,
		Title:        doc.Title,
		Encrypted:    doc.Encrypted,
	}
	if md.ScannedPages == nil {
		md.ScannedPages = []int{}
	}
	w := &writer{body: body, levels: map[*line]int{}, cont: map[*line]bool{}, htext: map[*line]string{}, split: map[*line]int{}, before: map[*line][]OutlineEntry{}, pageEnd: map[int][]OutlineEntry{}}
	useTOC := mode == HeadersOutline || mode == HeadersAuto && len(doc.Outline) > 0
	if useTOC {
		md.HeadersStrategy = "toc"
		found, missing := matchOutline(doc.Outline, ordered)
		for _, f := range found {
			w.levels[f.Line] = f.Entry.Level
			w.htext[f.Line] = f.Text
			if f.Split > 0 {
				w.split[f.Line] = f.Split
			}
			for _, l := range f.Lines[1:] {
				w.cont[l] = true
			}
		}
		for _, m := range missing {
			if m.Line < len(ordered[m.Page]) {
				l := ordered[m.Page][m.Line]
				w.before[l] = append(w.before[l], m.Entry)
			} else {
				w.pageEnd[m.Page] = append(w.pageEnd[m.Page], m.Entry)
			}
		}
		md.TOCUnmatched = len(missing)
		for _, m := range missing {
			if m.Entry.Page > 0 {
				md.TOCUnmatchedWithPage++
			}
		}
		used := map[int]bool{}
		for _, e := range doc.Outline {
			used[e.Level] = true
		}
		md.HeaderLevelsDetected = len(used)
	} else {
		md.HeadersStrategy = "font"
		w.sizeLevels = sizeLevels
		w.boldLevel = min(len(sizeLevels)+1, 6)
		w.bodyFont, w.rareFonts = bodyFont, rareFonts
		w.sectionStyles = sectionStyles(ordered, bodyFont)
		w.capsBold = capsBoldHeads(ordered, body)
	}
	var b strings.Builder
	for _, p := range pages {
		w.page(&b, p)
	}
	out := strings.TrimSpace(b.String()) + "\n"
	if !useTOC {
		var used map[int]bool
		out, used = alignNumberedLevels(levelBackMatter(demoteHeadings(out), w.backMatter))
		md.HeaderLevelsDetected = len(used)
	}
	md.OutputSizeChars = utf8.RuneCountInString(out)
	outline := doc.Outline
	if outline == nil {
		outline = []OutlineEntry{}
	}
	return &Result{Markdown: out, Metadata: *md, Outline: outline}
}

// dropRunning removes running headers and footers that the margins did
// not cut: a line whose text (digits ignored, so page numbers match)
// comes back at the same height near the top or bottom of at least three
// pages, in documents of four pages or more.
func dropRunning(pages []pageLayout, raw []rawPage) {
	if len(pages) < 4 {
		return
	}
	type key struct {
		text string
		y    int
	}
	keyOf := func(l *line, h float64) (key, bool) {
		if l.Table != nil || l.Box.Y0 > 0.15*h && l.Box.Y1 < 0.85*h {
			return key{}, false
		}
		t := strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) || unicode.IsSpace(r) {
				return -1
			}
			return unicode.ToLower(r)
		}, l.text())
		return key{t, int(math.Round(l.Box.Y0 / 4))}, true
	}
	count := map[key]int{}
	for i, p := range pages {
		seen := map[key]bool{}
		for _, l := range p.Lines {
			if k, ok := keyOf(l, raw[i].H); ok && !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	for i := range pages {
		drop := map[*line]bool{}
		for _, l := range pages[i].Lines {
			if k, ok := keyOf(l, raw[i].H); ok && count[k] >= 3 {
				drop[l] = true
			}
		}
		if len(drop) == 0 {
			continue
		}
		pages[i].Lines = pages[i].Lines[:0:0]
		for bi, b := range pages[i].Blocks {
			var kept []*line
			for _, l := range b {
				if !drop[l] {
					kept = append(kept, l)
				}
			}
			pages[i].Blocks[bi] = kept
			pages[i].Lines = append(pages[i].Lines, kept...)
		}
	}
}

// layoutPage builds the ordered lines of one page inside the margins.
func layoutPage(rp rawPage, m Margins) pageLayout {
	pl := pageLayout{Number: rp.Number}
	all := buildLines(rp.Glyphs)
	// No characters at all means no text layer (a scan, or a page drawn
	// only with paths); text cut by the margins does not count.
	if len(all) == 0 {
		pl.Scanned = true
		return pl
	}
	var kept []*line
	for _, l := range all {
		cx, cy := (l.Box.X0+l.Box.X1)/2, (l.Box.Y0+l.Box.Y1)/2
		if cx < m.Left || cx > rp.W-m.Right || cy < m.Top || cy > rp.H-m.Bottom {
			continue
		}
		if strings.TrimSpace(l.text()) == "" {
			continue
		}
		kept = append(kept, l)
	}
	objs := append(append([]rect(nil), rp.Images...), rp.Paths...)
	pl.Rules = horizontalRules(rp.Paths)
	for _, r := range rp.Paths {
		if r.w() < rp.W/3 && r.h() < rp.H/3 {
			pl.Drawn = append(pl.Drawn, r)
		}
	}
	pl.Images = rp.Images
	kept = splitAtGutters(kept, objs)
	// A recognised table replaces its lines by one placeholder line that
	// covers the table, so it takes part in column ordering as a block.
	tables, used := findTables(kept, rp.Paths)
	if more, moreUsed := findAlignedTables(unused(kept, used), rp.Paths); len(more) > 0 {
		tables = append(tables, more...)
		for l, t := range moreUsed {
			used[l] = t
		}
	}
	if len(tables) > 0 {
		var rest []*line
		for _, l := range kept {
			if used[l] == nil {
				rest = append(rest, l)
			}
		}
		for _, t := range tables {
			rest = append(rest, &line{Box: t.Box, Size: 1, Table: t})
		}
		kept = rest
	}
	pl.Blocks = readingOrder(kept, objs)
	for _, b := range pl.Blocks {
		pl.Lines = append(pl.Lines, b...)
	}
	return pl
}

// writer turns ordered lines into Markdown blocks.
type writer struct {
	body       float64
	sizeLevels map[float64]int // font mode only
	boldLevel  int             // font mode only; 0 disables bold headings
	levels     map[*line]int   // toc mode: first line of a heading
	cont       map[*line]bool  // toc mode: further lines of a heading
	before     map[*line][]OutlineEntry
	htext      map[*line]string       // toc mode: full text of a heading
	split      map[*line]int          // toc mode: run-in heading end in Chars
	pageEnd    map[int][]OutlineEntry // unmatched entries after a page's text
	usedLevels map[int]bool
	alone      map[*line]bool // lines with no other line on their row
	// byNumbers marks the lines of the current block right next to a
	// line of bare numbers (see besideNumbers).
	byNumbers map[*line]bool
	// spaced marks the lines of the current block with extra white space
	// above them (or first in the block), as headings have.
	spaced    map[*line]bool
	bodyFont  string          // font mode: most used font
	rareFonts map[string]bool // font mode: fonts of under 3% of characters
	// sectionStyles are the font and size of numbered section headings
	// (font mode only).
	sectionStyles map[styleKey]bool
	rules         []rect // the current page's horizontal rules
	drawn         []rect // the current page's path boxes, see pageLayout.Drawn
	images        []rect // the current page's image boxes
	// capsBold is set when the paper sets its section heads in bold
	// capitals (see capsBoldHeads); bold headings in mixed case are then
	// one level below them.
	capsBold bool
	// backMatter holds the texts of the small back-matter headings
	// written (font mode; see levelBackMatter).
	backMatter map[string]bool
	// pending is a one-line paragraph that is a heading if the next
	// paragraph is set in its size (see smallHeading).
	pending []*line
}

func (w *writer) heading(b *strings.Builder, level int, text string) {
	w.emitPending(b, nil)
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	if w.usedLevels == nil {
		w.usedLevels = map[int]bool{}
	}
	w.usedLevels[level] = true
	fmt.Fprintf(b, "%s %s\n\n", strings.Repeat("#", level), text)
}

// page writes one page: its marker, then its blocks.
func (w *writer) page(b *strings.Builder, p pageLayout) {
	fmt.Fprintf(b, "<!-- page %d -->\n\n", p.Number)
	w.rules, w.drawn, w.images = p.Rules, p.Drawn, p.Images
	if p.Scanned {
		fmt.Fprintf(b, "> [page %d has no text layer: it is a scanned image; run OCR to get its text]\n\n", p.Number)
	}
	for _, blk := range p.Blocks {
		w.block(b, blk)
	}
	for _, e := range w.pageEnd[p.Number-1] {
		w.heading(b, e.Level, e.Title)
	}
}

// block writes the paragraphs and headings of one column segment.
func (w *writer) block(b *strings.Builder, ls []*line) {
	w.alone = rowAlone(ls)
	w.spaced = spacedAbove(ls)
	w.byNumbers = besideNumbers(ls)
	var para []*line
	flush := func() {
		if len(para) == 0 {
			return
		}
		w.paragraph(b, para)
		para = nil
	}
	for i := 0; i < len(ls); i++ {
		l := ls[i]
		for _, e := range w.before[l] {
			flush()
			w.heading(b, e.Level, e.Title)
		}
		if l.Table != nil {
			flush()
			w.emitPending(b, nil)
			b.WriteString(l.Table.markdown())
			b.WriteString("\n")
			continue
		}
		if lv, ok := w.levels[l]; ok {
			num := takeNumber(&para, l)
			flush()
			w.heading(b, lv, joinNumber(num, w.htext[l]))
			if k := w.split[l]; k > 0 && k < len(l.Chars) {
				tail := *l
				tail.Chars = l.Chars[k:]
				para = append(para, &tail)
			}
			continue
		}
		if w.cont[l] {
			continue
		}
		if lv, ok := w.sizeLevels[l.Size]; ok && headingLike(l.text()) && (sectionNumber(l.text()) > 0 || !w.inDrawing(l)) {
			// A heading is at most three short lines; a longer run of
			// lines in a header size is a paragraph (a caption, a quote).
			// A line in capitals is not continued in mixed case:
			// "MATERIALS AND METHODS" over "Cell Culture" are two
			// headings.
			j := i
			for j+1 < len(ls) && ls[j+1].Size == l.Size && ls[j+1].Box.Y0-ls[j].Box.Y1 < 1.2*l.Size && j-i < 4 &&
				sectionNumber(ls[j+1].text()) == 0 && !(upperCase(ls[j]) && !upperCase(ls[j+1])) {
				j++
			}
			parts := make([]string, 0, j-i+1)
			words := 0
			for k := i; k <= j; k++ {
				ws := ls[k].words()
				words += len(ws)
				parts = append(parts, plain(ws))
			}
			text := strings.Join(parts, " ")
			// A label of a drawing may run over lines of which only
			// some touch its shapes ("Class" / "Recognizers").
			label := sectionNumber(text) == 0 && (w.anyInDrawing(ls[i:j+1]) || w.byNumbers[l] || w.byNumbers[ls[j]] ||
				i > 0 && ls[i-1].Size == l.Size && l.Box.Y0-ls[i-1].Box.Y1 < 1.2*l.Size && w.inDrawing(ls[i-1]))
			if !label && j-i < 3 && words <= 25 && !strings.HasSuffix(text, ":") && !(strings.HasSuffix(text, ".") && words > 6) {
				num := takeNumber(&para, l)
				flush()
				w.heading(b, lv, joinNumber(num, text))
				i = j
				continue
			}
			for k := i; k <= j; k++ {
				if len(para) > 0 && w.breaks(para, ls[k]) {
					flush()
				}
				para = append(para, ls[k])
			}
			i = j
			continue
		}
		if len(para) > 0 && w.breaks(para, l) {
			flush()
		}
		para = append(para, l)
	}
	flush()
	w.emitPending(b, nil)
}
