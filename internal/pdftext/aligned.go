package pdftext

import (
	"math"
	"unicode"
)

// Limits of findAlignedTables: it only reports tables it is sure of.
const (
	alignedMinRows  = 3 // rows with a number in them, besides a head row
	alignedMinCols  = 3
	alignedMaxWords = 5   // words per cell: more is prose
	alignedTol      = 3.0 // points an edge may wander down a column
	alignedNumeric  = 0.4 // share of body cells that are numbers
)

// findAlignedTables recognises tables drawn without rules: runs of at
// least three consecutive rows that each hold the same number (three or
// more) of short cells, every column aligned on its left edge, right edge
// or centre, at least 40% of the cells numbers, and no drawing inside
// (figure axes have aligned numbers too), plus a head row of the same
// shape just above. Each cell must be its own line (the gap between cells
// is wider than a word gap). Anything less certain is left as text.
func findAlignedTables(ls []*line, paths []rect) ([]*table, map[*line]*table) {
	rows := groupRows(ls)
	used := map[*line]*table{}
	var out []*table
	for i := 0; i < len(rows); {
		j := i
		for j < len(rows) && shortCells(rows[j]) && len(rows[j]) == len(rows[i]) && len(rows[i]) >= alignedMinCols &&
			(j == i || aligned(rows[j-1], rows[j]) && rows[j][0].Box.Y0-rows[j-1][0].Box.Y1 < 2*rows[j][0].Size) {
			j++
		}
		if numericRows(rows[i:j]) < alignedMinRows || numericShare(rows[i:j]) < alignedNumeric {
			i = max(i+1, j)
			continue
		}
		start := i
		if i > 0 && len(rows[i-1]) == len(rows[i]) && shortCells(rows[i-1]) && overlapsColumns(rows[i-1], rows[i]) &&
			rows[i][0].Box.Y0-rows[i-1][0].Box.Y1 < 2*rows[i][0].Size {
			start = i - 1 // the head row: aligned loosely, often centred
		}
		var in []*line
		box := rows[start][0].Box
		for _, r := range rows[start:j] {
			for _, l := range r {
				in = append(in, l)
				box = union(box, l.Box)
			}
		}
		if drawingIn(box, paths) {
			i = j
			continue
		}
		if t := buildTable(in, box, nil); t != nil && len(t.Rows) == j-start && len(t.Rows[0]) == len(rows[i]) {
			out = append(out, t)
			for _, l := range in {
				used[l] = t
			}
		}
		i = j
	}
	return out, used
}

// groupRows sorts lines into rows of vertically overlapping lines, each
// row left to right.
func groupRows(ls []*line) [][]*line {
	var rows [][]*line
	for _, l := range sortRows(append([]*line(nil), ls...)) {
		if n := len(rows); n > 0 && sameRow(rows[n-1][0], l) && l.Table == nil && rows[n-1][0].Table == nil {
			rows[n-1] = append(rows[n-1], l)
			continue
		}
		rows = append(rows, []*line{l})
	}
	return rows
}

// shortCells reports a row whose lines are all short enough to be cells.
func shortCells(r []*line) bool {
	for _, l := range r {
		if l.Table != nil || len(l.words()) > alignedMaxWords {
			return false
		}
	}
	return true
}

// aligned reports whether each cell of b lines up with the cell of a in
// the same position: same left edge, right edge or centre.
func aligned(a, b []*line) bool {
	for k := range a {
		x, y := a[k].Box, b[k].Box
		if math.Abs(x.X0-y.X0) > alignedTol && math.Abs(x.X1-y.X1) > alignedTol &&
			math.Abs((x.X0+x.X1)/2-(y.X0+y.X1)/2) > alignedTol {
			return false
		}
	}
	return true
}

// overlapsColumns reports whether each cell of head overlaps horizontally
// the cell of row below it and no other.
func overlapsColumns(head, row []*line) bool {
	for k := range head {
		if head[k].Box.X1 < row[k].Box.X0 || head[k].Box.X0 > row[k].Box.X1 {
			return false
		}
		if k+1 < len(row) && head[k].Box.X1 > row[k+1].Box.X0 {
			return false
		}
	}
	return true
}

// numericRows counts the rows with at least one number cell.
func numericRows(rows [][]*line) int {
	n := 0
	for _, r := range rows {
		for _, l := range r {
			if numericCell(l) {
				n++
				break
			}
		}
	}
	return n
}

// numericCell reports a cell that is a number: at least half of its
// characters digits ("0.36,0.61", "2.20x", "171").
func numericCell(l *line) bool {
	digits, all := 0, 0
	for _, c := range l.Chars {
		if c.Space {
			continue
		}
		all++
		if unicode.IsDigit(c.R) {
			digits++
		}
	}
	return all > 0 && digits*2 >= all
}

// numericShare is the share of cells of rows that are numbers.
func numericShare(rows [][]*line) float64 {
	n, num := 0, 0
	for _, r := range rows {
		for _, l := range r {
			n++
			if numericCell(l) {
				num++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(num) / float64(n)
}

// drawingIn reports whether a drawn path other than a horizontal rule
// touches box: axes, ticks and marks of a chart whose labels line up.
func drawingIn(box rect, paths []rect) bool {
	for _, p := range paths {
		if p.h() <= 2 && p.w() >= 20 {
			continue
		}
		if p.X0 < box.X1 && p.X1 > box.X0 && p.Y0 < box.Y1 && p.Y1 > box.Y0 {
			return true
		}
	}
	return false
}
