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
}

// render lays out every page and writes the Markdown and metadata.
func render(doc *document, m Margins, mode HeaderMode) *Result {
	pages := make([]pageLayout, len(doc.Pages))
	ordered := make([][]*line, len(doc.Pages))
	var scanned []int
	for i, rp := range doc.Pages {
		pages[i] = layoutPage(rp, m)
		ordered[i] = pages[i].Lines
		if pages[i].Scanned {
			scanned = append(scanned, rp.Number)
		}
	}
	body, sizeLevels := fontLevels(ordered)
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
	w := &writer{body: body, levels: map[*line]int{}, cont: map[*line]bool{}, before: map[*line][]outlineEntry{}, pageStart: map[int][]outlineEntry{}}
	useTOC := mode == HeadersOutline || mode == HeadersAuto && len(doc.Outline) > 0
	if useTOC {
		md.HeadersStrategy = "toc"
		found, missing := matchOutline(doc.Outline, ordered)
		for _, f := range found {
			w.levels[f.Line] = f.Entry.Level
			l := f.Line
			for k := 1; k < f.Lines; k++ {
				l = nextLine(ordered, l)
				w.cont[l] = true
			}
		}
		w.placeMissing(missing, found, ordered)
		used := map[int]bool{}
		for _, e := range doc.Outline {
			used[e.Level] = true
		}
		md.HeaderLevelsDetected = len(used)
	} else {
		md.HeadersStrategy = "font"
		w.sizeLevels = sizeLevels
		w.boldLevel = min(len(sizeLevels)+1, 6)
	}
	var b strings.Builder
	for _, p := range pages {
		w.page(&b, p)
	}
	if !useTOC {
		md.HeaderLevelsDetected = len(w.usedLevels)
	}
	out := strings.TrimSpace(b.String()) + "\n"
	md.OutputSizeChars = utf8.RuneCountInString(out)
	return &Result{Markdown: out, Metadata: *md}
}

// layoutPage builds the ordered lines of one page inside the margins.
func layoutPage(rp rawPage, m Margins) pageLayout {
	pl := pageLayout{Number: rp.Number}
	all := buildLines(rp.Glyphs)
	if len(all) == 0 && len(rp.Images) > 0 {
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
	pl.Blocks = readingOrder(kept, objs)
	for _, b := range pl.Blocks {
		pl.Lines = append(pl.Lines, b...)
	}
	return pl
}

func nextLine(pages [][]*line, l *line) *line {
	for _, ls := range pages {
		for i, x := range ls {
			if x == l && i+1 < len(ls) {
				return ls[i+1]
			}
		}
	}
	return l
}

// writer turns ordered lines into Markdown blocks.
type writer struct {
	body       float64
	sizeLevels map[float64]int // font mode only
	boldLevel  int             // font mode only; 0 disables bold headings
	levels     map[*line]int   // toc mode: first line of a heading
	cont       map[*line]bool  // toc mode: further lines of a heading
	before     map[*line][]outlineEntry
	pageStart  map[int][]outlineEntry // unmatched entries of empty pages
	usedLevels map[int]bool
}

// placeMissing puts outline entries that were not found in the text right
// after the previous entry's heading on their page, or at the page start.
func (w *writer) placeMissing(missing []outlineEntry, found []tocMatch, pages [][]*line) {
	for _, e := range missing {
		p := e.Page - 1
		if p < 0 || p >= len(pages) {
			p = 0
			if len(pages) == 0 {
				return
			}
		}
		if len(pages[p]) == 0 {
			w.pageStart[p] = append(w.pageStart[p], e)
			continue
		}
		w.before[pages[p][0]] = append(w.before[pages[p][0]], e)
	}
	_ = found
}

func (w *writer) heading(b *strings.Builder, level int, text string) {
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
	for _, e := range w.pageStart[p.Number-1] {
		w.heading(b, e.Level, e.Title)
	}
	if p.Scanned {
		fmt.Fprintf(b, "> [page %d has no text layer: it is a scanned image; run OCR to get its text]\n\n", p.Number)
		return
	}
	for _, blk := range p.Blocks {
		w.block(b, blk)
	}
}

// block writes the paragraphs and headings of one column segment.
func (w *writer) block(b *strings.Builder, ls []*line) {
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
		if lv, ok := w.levels[l]; ok {
			flush()
			parts := []string{plain(l.words())}
			for i+1 < len(ls) && w.cont[ls[i+1]] {
				i++
				parts = append(parts, plain(ls[i].words()))
			}
			w.heading(b, lv, strings.Join(parts, " "))
			continue
		}
		if w.cont[l] {
			continue
		}
		if lv, ok := w.sizeLevels[l.Size]; ok && wordCount(l) <= 25 {
			flush()
			parts := []string{plain(l.words())}
			for i+1 < len(ls) && ls[i+1].Size == l.Size && ls[i+1].Box.Y0-l.Box.Y1 < 1.2*l.Size && len(parts) < 4 {
				i++
				parts = append(parts, plain(ls[i].words()))
			}
			w.heading(b, lv, strings.Join(parts, " "))
			continue
		}
		if len(para) > 0 && w.breaks(para, l) {
			flush()
		}
		para = append(para, l)
	}
	flush()
}

// breaks reports whether line l starts a new paragraph after para.
func (w *writer) breaks(para []*line, l *line) bool {
	prev := para[len(para)-1]
	size := math.Max(prev.Size, l.Size)
	if l.Box.Y0 < prev.Box.Y0-0.5*size {
		return true // went back up: a new row group or column piece
	}
	if l.Baseline-prev.Baseline > 1.9*size {
		return true // vertical white space
	}
	if math.Abs(l.Size-prev.Size) > 1 {
		return true
	}
	if isBoldLine(prev) != isBoldLine(l) && (isBoldLine(prev) || len(para) == 1) {
		return true
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
	if indent > 0.8*size && indent < 4*size && endsSentence(prev) {
		return true
	}
	return false
}

func endsSentence(l *line) bool {
	t := strings.TrimSpace(l.text())
	if t == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(".:!?)”\"", r) || unicode.IsDigit(r)
}

func isBoldLine(l *line) bool {
	n := 0
	for _, c := range l.Chars {
		if c.Space || c.Super || c.Hyphen || !unicode.IsLetter(c.R) {
			continue
		}
		if !c.Bold {
			return false
		}
		n++
	}
	return n > 0
}

func wordCount(l *line) int { return len(l.words()) }

// paragraph writes a text paragraph, or a heading when it is a short
// bold-only paragraph in font mode.
func (w *writer) paragraph(b *strings.Builder, ls []*line) {
	if w.boldLevel > 0 && len(ls) <= 2 && allBold(ls) {
		parts := make([]string, len(ls))
		n := 0
		for i, l := range ls {
			ws := l.words()
			n += len(ws)
			parts[i] = plain(ws)
		}
		text := strings.Join(parts, " ")
		if n <= 12 && !strings.HasSuffix(text, ".") && startsHeading(text) {
			w.heading(b, w.boldLevel, text)
			return
		}
	}
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

func allBold(ls []*line) bool {
	for _, l := range ls {
		if !isBoldLine(l) {
			return false
		}
	}
	return true
}

func startsHeading(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}
