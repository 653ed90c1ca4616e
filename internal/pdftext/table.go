package pdftext

import (
	"math"
	"sort"
	"strings"
)

// table is a ruled table recognised on a page.
type table struct {
	Box  rect
	Rows [][]string
}

// findTables recognises ruled tables: at least three horizontal rules of
// about the same extent (booktabs' top, middle and bottom rules, or a full
// grid) with text between them. The text is cut into rows (lines that
// overlap vertically) and columns (x ranges no character covers, plus
// vertical rules). Tables with fewer than two rows or columns are not
// reported. The lines used by a table are returned so the caller can
// replace them by the table.
func findTables(ls []*line, paths []rect) ([]*table, map[*line]*table) {
	var hs, vs []rect
	for _, p := range paths {
		switch {
		case p.h() <= 2 && p.w() >= 40:
			hs = append(hs, p)
		case p.w() <= 2 && p.h() >= 8:
			vs = append(vs, p)
		}
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i].Y0 < hs[j].Y0 })
	used := map[*line]*table{}
	var out []*table
	taken := make([]bool, len(hs))
	for i := range hs {
		if taken[i] {
			continue
		}
		group := []rect{hs[i]}
		for j := i + 1; j < len(hs); j++ {
			if taken[j] || math.Abs(hs[j].X0-hs[i].X0) > 12 || math.Abs(hs[j].X1-hs[i].X1) > 12 {
				continue
			}
			if hs[j].Y0-group[len(group)-1].Y1 > 250 || proseBetween(ls, group[len(group)-1], hs[j]) {
				break
			}
			if hs[j].Y0-group[len(group)-1].Y0 < 1 {
				taken[j] = true // a double rule
				continue
			}
			group = append(group, hs[j])
			taken[j] = true
		}
		if len(group) < 3 {
			continue
		}
		box := rect{X0: group[0].X0, Y0: group[0].Y0, X1: group[0].X1, Y1: group[len(group)-1].Y1}
		for _, g := range group {
			box = union(box, g)
		}
		var in []*line
		for _, l := range ls {
			cx, cy := (l.Box.X0+l.Box.X1)/2, (l.Box.Y0+l.Box.Y1)/2
			if used[l] == nil && cx > box.X0-2 && cx < box.X1+2 && cy > box.Y0 && cy < box.Y1 {
				in = append(in, l)
			}
		}
		t := buildTable(in, box, vs)
		if t == nil {
			continue
		}
		out = append(out, t)
		for _, l := range in {
			used[l] = t
		}
	}
	return out, used
}

// buildTable cuts the lines inside box into cells.
func buildTable(in []*line, box rect, vs []rect) *table {
	if len(in) < 2 {
		return nil
	}
	rows := [][]*line{}
	for _, l := range sortRows(append([]*line(nil), in...)) {
		n := len(rows)
		if n > 0 {
			last := rows[n-1][0]
			ov := math.Min(last.Box.Y1, l.Box.Y1) - math.Max(last.Box.Y0, l.Box.Y0)
			if ov > 0.5*math.Min(last.Box.h(), l.Box.h()) {
				rows[n-1] = append(rows[n-1], l)
				continue
			}
		}
		rows = append(rows, []*line{l})
	}
	if len(rows) < 2 {
		return nil
	}
	// Column gaps: x ranges that (almost) no row covers; a few rows may,
	// because group headings and spanning header cells cross columns.
	w := int(box.w()) + 1
	count := make([]int, w)
	var sizes []float64
	for _, r := range rows {
		seen := make([]bool, w)
		for _, l := range r {
			sizes = append(sizes, l.Size)
			for _, c := range l.Chars {
				if c.Space {
					continue
				}
				for x := int(c.Box.X0 - box.X0); x <= int(c.Box.X1-box.X0); x++ {
					if x >= 0 && x < w && !seen[x] {
						seen[x] = true
						count[x]++
					}
				}
			}
		}
	}
	allow := len(rows) * 15 / 100
	cov := make([]bool, w)
	for x := range cov {
		cov[x] = count[x] > allow
	}
	for _, v := range vs {
		if v.X0 > box.X0+2 && v.X1 < box.X1-2 && v.Y1 > box.Y0 && v.Y0 < box.Y1 {
			x := int((v.X0+v.X1)/2 - box.X0)
			for k := max(0, x-3); k <= min(w-1, x+3); k++ {
				cov[k] = false
			}
		}
	}
	sort.Float64s(sizes)
	minGap := math.Max(4, 0.4*sizes[len(sizes)/2])
	var cuts []float64 // x positions between columns
	first, last := -1, -1
	for x := range cov {
		if cov[x] {
			if first < 0 {
				first = x
			}
			last = x
		}
	}
	if first < 0 {
		return nil // no column has text in most rows
	}
	for x := first; x <= last; {
		if cov[x] {
			x++
			continue
		}
		s := x
		for x <= last && !cov[x] {
			x++
		}
		if float64(x-s) >= minGap {
			cuts = append(cuts, box.X0+float64(s+x)/2)
		}
	}
	if len(cuts) == 0 || len(cuts) > 20 {
		return nil
	}
	t := &table{Box: box}
	for _, r := range rows {
		cells := make([][]string, len(cuts)+1)
		for _, l := range r {
			for _, w := range splitWords(l) {
				cx := (w.X0 + w.X1) / 2
				col := sort.SearchFloat64s(cuts, cx)
				cells[col] = append(cells[col], w.Text)
			}
		}
		row := make([]string, len(cells))
		for i, c := range cells {
			row[i] = strings.ReplaceAll(strings.Join(c, " "), "|", `\|`)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// placedWord is a word of a line with its horizontal extent.
type placedWord struct {
	Text   string
	X0, X1 float64
}

// splitWords cuts a line at spaces and keeps each word's x range.
func splitWords(l *line) []placedWord {
	var out []placedWord
	var b strings.Builder
	x0, x1 := math.Inf(1), math.Inf(-1)
	flush := func() {
		if b.Len() > 0 {
			out = append(out, placedWord{Text: expandLigatures(b.String()), X0: x0, X1: x1})
		}
		b.Reset()
		x0, x1 = math.Inf(1), math.Inf(-1)
	}
	for _, c := range l.Chars {
		if c.Space {
			flush()
			continue
		}
		if c.Hyphen {
			continue
		}
		b.WriteRune(c.R)
		x0, x1 = math.Min(x0, c.Box.X0), math.Max(x1, c.Box.X1)
	}
	flush()
	return out
}

// markdown renders the table with its first row as the header row.
func (t *table) markdown() string {
	var b strings.Builder
	for i, r := range t.Rows {
		b.WriteString("| " + strings.Join(r, " | ") + " |\n")
		if i == 0 {
			b.WriteString(strings.Repeat("|---", len(r)) + "|\n")
		}
	}
	return b.String()
}

// proseBetween reports whether body text (a line of ten words or more)
// lies between rules a and b: they then belong to different tables.
func proseBetween(ls []*line, a, b rect) bool {
	for _, l := range ls {
		cy := (l.Box.Y0 + l.Box.Y1) / 2
		if cy > a.Y1 && cy < b.Y0 && l.Box.X1 > a.X0 && l.Box.X0 < a.X1 && len(strings.Fields(l.text())) >= 10 {
			return true
		}
	}
	return false
}
