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
	outline := doc.Outline
	if outline == nil {
		outline = []OutlineEntry{}
	}
	return &Result{Markdown: out, Metadata: *md, Outline: outline}
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
			w.heading(b, lv, w.htext[l])
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
