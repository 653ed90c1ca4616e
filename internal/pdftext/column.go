package pdftext

import (
	"math"
	"sort"
)

// gutter is a vertical strip of a page that separates text columns.
type gutter struct{ X0, X1 float64 }

// findGutters looks for column gutters: strips at least minGutter wide
// in the middle of the text area that few lines cross, with enough lines
// on both sides. Lines that do cross them (titles, wide figures) are the
// page's spanning lines. Image and drawing boxes narrower than a column
// count as covering text so a figure inside a column keeps it whole.
func findGutters(ls []*line, objs []rect) []gutter {
	const minGutter, minLines = 6.0, 4
	if len(ls) < 2*minLines {
		return nil
	}
	x0, x1 := math.Inf(1), math.Inf(-1)
	for _, l := range ls {
		x0, x1 = math.Min(x0, l.Box.X0), math.Max(x1, l.Box.X1)
	}
	w := x1 - x0
	if w < 100 {
		return nil
	}
	n := int(w) + 1
	cov := make([]int, n)
	mark := func(a, b float64) {
		i, j := int(a-x0), int(b-x0)
		if i < 0 {
			i = 0
		}
		if j >= n {
			j = n - 1
		}
		for k := i; k <= j; k++ {
			cov[k]++
		}
	}
	for _, l := range ls {
		mark(l.Box.X0, l.Box.X1)
	}
	for _, o := range objs {
		if o.w() < 0.6*w && o.w() > 20 && o.h() > 20 {
			mark(o.X0, o.X1)
		}
	}
	lo, hi := int(0.12*w), int(0.88*w)
	minCov := math.MaxInt
	for k := lo; k <= hi; k++ {
		minCov = min(minCov, cov[k])
	}
	limit := minCov + max(1, len(ls)/20)
	var cands []gutter
	for k := lo; k <= hi; {
		if cov[k] > limit {
			k++
			continue
		}
		s := k
		for k <= hi && cov[k] <= limit {
			k++
		}
		if float64(k-s) >= minGutter {
			cands = append(cands, gutter{x0 + float64(s), x0 + float64(k)})
		}
	}
	// Keep candidates that leave enough lines between their neighbours.
	var out []gutter
	for _, g := range cands {
		left, right := 0, 0
		prev := math.Inf(-1)
		if len(out) > 0 {
			prev = out[len(out)-1].X1
		}
		lx0, lx1, rx0, rx1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
		for _, l := range ls {
			if l.Box.X1 <= g.X0+1 && l.Box.X0 >= prev-1 {
				left++
				lx0, lx1 = math.Min(lx0, l.Box.X0), math.Max(lx1, l.Box.X1)
			}
			if l.Box.X0 >= g.X1-1 {
				right++
				rx0, rx1 = math.Min(rx0, l.Box.X0), math.Max(rx1, l.Box.X1)
			}
		}
		// A column is wider than a list of reference or line numbers.
		minCol := math.Max(50, 0.15*w)
		if left >= minLines && right >= minLines && lx1-lx0 >= minCol && rx1-rx0 >= minCol {
			out = append(out, g)
		}
	}
	return out
}

// crosses reports whether l spans gutter g.
func crosses(l *line, g gutter) bool { return l.Box.X0 < g.X0-1 && l.Box.X1 > g.X1+1 }

// readingOrder sorts a page's lines: top to bottom in bands separated by
// lines that span the columns; inside a band, column by column.
func readingOrder(ls []*line, objs []rect) [][]*line {
	gs := findGutters(ls, objs)
	sorted := append([]*line(nil), ls...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Box.Y0 < sorted[j].Box.Y0 })
	var blocks [][]*line
	var band []*line
	flush := func() {
		if len(band) == 0 {
			return
		}
		cols := make([][]*line, len(gs)+1)
		for _, l := range band {
			c := len(gs)
			for i, g := range gs {
				if (l.Box.X0+l.Box.X1)/2 < (g.X0+g.X1)/2 {
					c = i
					break
				}
			}
			cols[c] = append(cols[c], l)
		}
		for _, c := range cols {
			if len(c) > 0 {
				blocks = append(blocks, sortRows(c))
			}
		}
		band = nil
	}
	var span []*line
	for _, l := range sorted {
		spanning := false
		for _, g := range gs {
			if crosses(l, g) {
				spanning = true
			}
		}
		if spanning {
			flush()
			span = append(span, l)
			continue
		}
		if len(span) > 0 {
			blocks = append(blocks, sortRows(span))
			span = nil
		}
		band = append(band, l)
	}
	flush()
	if len(span) > 0 {
		blocks = append(blocks, sortRows(span))
	}
	return blocks
}

// sortRows orders lines top to bottom, and left to right within a row of
// lines that overlap vertically by more than half.
func sortRows(ls []*line) []*line {
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].Box.Y0 < ls[j].Box.Y0 })
	var out []*line
	for i := 0; i < len(ls); {
		j := i + 1
		for j < len(ls) {
			a, b := ls[i], ls[j]
			ov := math.Min(a.Box.Y1, b.Box.Y1) - math.Max(a.Box.Y0, b.Box.Y0)
			if ov < 0.5*math.Min(a.Box.h(), b.Box.h()) {
				break
			}
			j++
		}
		row := ls[i:j]
		sort.SliceStable(row, func(p, q int) bool { return row[p].Box.X0 < row[q].Box.X0 })
		out = append(out, row...)
		i = j
	}
	return out
}

// splitAtGutters cuts lines that run across a column gutter. Narrow
// gutters (three-column layouts) are no wider than a large word gap, so
// line building can join the last words of one column to the first of the
// next; gutters found from the pieces between wide gaps tell which joins
// were wrong.
func splitAtGutters(ls []*line, objs []rect) []*line {
	type piece struct {
		l    *line
		i, j int // Chars[i:j]
	}
	var pieces []piece
	var segs []*line
	for _, l := range ls {
		start := 0
		lastX1 := math.Inf(-1)
		for k, c := range l.Chars {
			if c.Space || c.Hyphen {
				continue
			}
			if c.Box.X0-lastX1 > 0.6*l.Size && k > start {
				pieces = append(pieces, piece{l, start, k})
				start = k
			}
			lastX1 = math.Max(lastX1, c.Box.X1)
		}
		pieces = append(pieces, piece{l, start, len(l.Chars)})
	}
	for _, p := range pieces {
		segs = append(segs, subLine(p.l, p.i, p.j))
	}
	gs := findGutters(segs, objs)
	if len(gs) == 0 {
		return ls
	}
	var out []*line
	for k := 0; k < len(pieces); {
		cur := pieces[k]
		acc := segs[k]
		from := cur.i
		k++
		for k < len(pieces) && pieces[k].l == cur.l {
			gapX0, gapX1 := acc.Box.X1, segs[k].Box.X0
			cut := false
			for _, g := range gs {
				if gapX0 <= g.X1 && gapX1 >= g.X0 {
					cut = true
				}
			}
			if cut {
				out = append(out, subLine(cur.l, from, pieces[k].i))
				from = pieces[k].i
			}
			acc = segs[k]
			k++
		}
		out = append(out, subLine(cur.l, from, len(cur.l.Chars)))
	}
	return out
}

// subLine returns a new line made of l.Chars[i:j] without edge spaces.
func subLine(l *line, i, j int) *line {
	for i < j && l.Chars[i].Space {
		i++
	}
	for j > i && l.Chars[j-1].Space {
		j--
	}
	n := &line{Chars: append([]char(nil), l.Chars[i:j]...)}
	if len(n.Chars) == 0 {
		n.Box = l.Box
		n.Size = l.Size
		n.Baseline = l.Baseline
		return n
	}
	n.finish()
	return n
}
