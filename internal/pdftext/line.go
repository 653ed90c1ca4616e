package pdftext

import (
	"math"
	"sort"
	"unicode"
)

// char is a glyph placed in a line; synthetic spaces have Space set.
type char struct {
	R      rune
	Box    rect
	Size   float64
	Bold   bool
	Italic bool
	Caps   bool // small-capitals font
	Font   string
	Super  bool
	Space  bool
	Hyphen bool // U+0002: a soft hyphen PDFium found at a line end
}

// line is a run of characters on one baseline.
type line struct {
	Chars    []char
	Box      rect
	Size     float64 // dominant font size by character count
	Baseline float64
	// SmallCaps is set when most letters use a small-capitals font.
	SmallCaps bool
	// Table is set on the placeholder line that stands for a table.
	Table *table
}

const (
	// maxGap is the widest horizontal gap, in font sizes, that still joins
	// two glyphs into one line; wider gaps are column gutters.
	maxGap = 1.1
	// spaceGap is the gap, in font sizes, above which a space is inserted
	// even when the PDF has no space character.
	spaceGap = 0.3
)

// buildLines groups the page's glyphs into lines, in content order first
// and then by merging fragments that share a baseline.
func buildLines(gs []glyph) []*line {
	var lines []*line
	var cur *line
	pendingSpace := false
	for _, g := range gs {
		if !horizontal(g.Angle) {
			continue
		}
		switch {
		case g.R == '\r' || g.R == '\n':
			continue
		case g.R == 0x02:
			if cur != nil {
				cur.Chars = append(cur.Chars, char{R: '-', Box: g.Box, Size: g.Size, Hyphen: true})
			}
			continue
		case g.R == ' ' || g.R == '\t' || g.R == 0xa0:
			pendingSpace = true
			continue
		case g.R < 0x20 || g.R == 0xfffe || g.R == 0xffff:
			continue
		case g.Size <= 0 || g.Box.w() < 0 || g.Box.h() <= 0:
			continue
		}
		c := char{R: g.R, Box: g.Box, Size: g.Size, Bold: g.Bold, Italic: g.Italic, Caps: g.SmallCaps, Font: g.Font}
		if cur != nil && fits(cur, c) {
			gap := c.Box.X0 - cur.lastBox().X1
			if pendingSpace || gap > spaceGap*math.Max(c.Size, cur.Size) {
				cur.Chars = append(cur.Chars, char{R: ' ', Space: true, Size: c.Size})
			}
			cur.add(c)
		} else {
			cur = &line{}
			cur.add(c)
			lines = append(lines, cur)
		}
		pendingSpace = false
	}
	for _, l := range lines {
		l.finish()
	}
	lines = mergeLines(lines)
	for _, l := range lines {
		composeAccents(l)
	}
	return lines
}

func horizontal(a float64) bool {
	a = math.Mod(a, 2*math.Pi)
	return a < 0.05 || a > 2*math.Pi-0.05
}

func (l *line) add(c char) {
	if len(l.Chars) == 0 {
		l.Box = c.Box
		l.Size = c.Size
		l.Baseline = c.Box.Y1
	} else {
		l.Box = union(l.Box, c.Box)
	}
	l.Chars = append(l.Chars, c)
}

// fits reports whether c continues line l: it overlaps the line vertically
// (or sits raised on it as a superscript) and follows it closely.
func fits(l *line, c char) bool {
	last := l.lastBox()
	size := math.Max(l.Size, c.Size)
	gap := c.Box.X0 - last.X1
	// A glyph mapped to several characters (a ligature) repeats its box.
	sameGlyph := math.Abs(c.Box.X0-last.X0) < 0.5 && math.Abs(c.Box.X1-last.X1) < 0.5
	if !sameGlyph && (gap < -0.5*size || gap > maxGap*size) {
		return false
	}
	ov := math.Min(l.Box.Y1, c.Box.Y1) - math.Max(l.Box.Y0, c.Box.Y0)
	return ov >= 0.4*math.Min(l.Box.h(), c.Box.h())
}

func (l *line) lastBox() rect {
	for i := len(l.Chars) - 1; i >= 0; i-- {
		if !l.Chars[i].Space && !l.Chars[i].Hyphen {
			return l.Chars[i].Box
		}
	}
	return l.Box
}

// finish computes the dominant size and baseline and marks superscripts.
func (l *line) finish() {
	sizes := map[float64]int{}
	for _, c := range l.Chars {
		if !c.Space {
			sizes[round1(c.Size)]++
		}
	}
	best, bestN := 0.0, -1
	for s, n := range sizes {
		if n > bestN || n == bestN && s > best {
			best, bestN = s, n
		}
	}
	l.Size = best
	bases := map[float64]int{}
	for _, c := range l.Chars {
		if !c.Space && round1(c.Size) == best {
			bases[math.Round(c.Box.Y1)]++
		}
	}
	bb, bn := 0.0, -1
	for b, n := range bases {
		if n > bn || n == bn && b < bb {
			bb, bn = b, n
		}
	}
	l.Baseline = bb
	for i := range l.Chars {
		c := &l.Chars[i]
		if !c.Space && !c.Hyphen && c.Size < 0.85*l.Size && c.Box.Y1 < l.Baseline-0.2*l.Size {
			c.Super = true
		}
	}
	caps, letters := 0, 0
	for _, c := range l.Chars {
		if unicode.IsLetter(c.R) {
			letters++
			if c.Caps {
				caps++
			}
		}
	}
	l.SmallCaps = letters > 0 && caps*2 > letters
	l.Box = rect{X0: math.Inf(1), Y0: math.Inf(1), X1: math.Inf(-1), Y1: math.Inf(-1)}
	for _, c := range l.Chars {
		if !c.Space {
			l.Box = union(l.Box, c.Box)
		}
	}
}

// mergeLines joins fragments on the same baseline that touch horizontally,
// which content order leaves behind (inline math, superscripts emitted
// later, re-used text objects).
func mergeLines(ls []*line) []*line {
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].Box.X0 < ls[j].Box.X0 })
	var out []*line
	for _, l := range ls {
		merged := false
		for _, o := range out {
			size := math.Max(o.Size, l.Size)
			ov := math.Min(o.Box.Y1, l.Box.Y1) - math.Max(o.Box.Y0, l.Box.Y0)
			if ov < 0.4*math.Min(o.Box.h(), l.Box.h()) || math.Abs(o.Baseline-l.Baseline) > 0.6*size {
				continue
			}
			gap := l.Box.X0 - o.Box.X1
			if gap < -0.5*size || gap > maxGap*size && !numberGap(o, l, gap) {
				continue
			}
			if gap > spaceGap*size || l.Chars[0].Super != o.Chars[len(o.Chars)-1].Super {
				o.Chars = append(o.Chars, char{R: ' ', Space: true, Size: l.Size})
			}
			o.Chars = append(o.Chars, l.Chars...)
			o.finish()
			merged = true
			break
		}
		if !merged {
			out = append(out, l)
		}
	}
	return out
}

func union(a, b rect) rect {
	return rect{X0: math.Min(a.X0, b.X0), Y0: math.Min(a.Y0, b.Y0), X1: math.Max(a.X1, b.X1), Y1: math.Max(a.Y1, b.Y1)}
}

func round1(v float64) float64 { return math.Round(v*2) / 2 }

// text returns the plain text of the line (superscripts inline).
func (l *line) text() string {
	rs := make([]rune, 0, len(l.Chars))
	for _, c := range l.Chars {
		if c.Hyphen {
			continue
		}
		rs = append(rs, c.R)
	}
	return string(rs)
}
