package pdftext

import "math"

// horizontalRules returns the drawn paths that are thin horizontal lines
// (at most 2 pt high and 20 pt long): table rules and underlines.
func horizontalRules(paths []rect) []rect {
	var out []rect
	for _, r := range paths {
		if r.h() <= 2 && r.w() >= 20 {
			out = append(out, r)
		}
	}
	return out
}

// betweenRules reports whether l sits between two horizontal rules that
// both span it, each within one and a half line heights: the head row or
// a cell row of a ruled table.
func (w *writer) betweenRules(l *line) bool {
	gap := 1.5 * l.Box.h()
	above, below := false, false
	for _, r := range w.rules {
		if r.X0 > l.Box.X0+1 || r.X1 < l.Box.X1-1 {
			continue
		}
		if r.Y1 <= l.Box.Y0+1 && l.Box.Y0-r.Y1 <= gap {
			above = true
		}
		if r.Y0 >= l.Box.Y1-1 && r.Y0-l.Box.Y1 <= gap {
			below = true
		}
	}
	return above && below
}

// inDrawing reports a line with three or more drawn shapes touching it or
// within one line height (at most 12 pt) of it: the label of a vector
// figure (boxes, arrow heads, markers). A heading has none. Thin paths
// (lines at most 2 pt across) do not count: rules, underlines and frames
// drawn in pieces (BioMed Central's abstract box) sit beside headings.
func (w *writer) inDrawing(l *line) bool {
	// Text set on an image (a figure's labels) lies inside its box.
	for _, r := range w.images {
		if r.w() > 3*l.Box.h() && r.h() > 3*l.Box.h() && r.X0 <= l.Box.X0 && l.Box.X1 <= r.X1 && r.Y0 <= l.Box.Y0 && l.Box.Y1 <= r.Y1 {
			return true
		}
	}
	m := math.Min(l.Box.h(), 12)
	near := rect{X0: l.Box.X0 - m, Y0: l.Box.Y0 - m, X1: l.Box.X1 + m, Y1: l.Box.Y1 + m}
	n := 0
	for _, r := range w.drawn {
		if r.w() <= 2 || r.h() <= 2 {
			continue
		}
		if r.X0 <= near.X1 && r.X1 >= near.X0 && r.Y0 <= near.Y1 && r.Y1 >= near.Y0 {
			n++
			if n >= 3 {
				return true
			}
		}
	}
	return false
}

// anyInDrawing reports whether a line of ls is a label of a drawing
// (inDrawing): a label may run over two lines, only one of them inside
// the shapes.
func (w *writer) anyInDrawing(ls []*line) bool {
	for _, l := range ls {
		if w.inDrawing(l) {
			return true
		}
	}
	return false
}
