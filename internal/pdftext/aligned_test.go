package pdftext

import "testing"

// gridLines lays out rows of cells at the given column x positions, one
// line per cell, rows 14 pt apart starting at y 100.
func gridLines(cols []float64, rows ...[]string) []*line {
	var ls []*line
	for r, row := range rows {
		for c, cell := range row {
			ls = append(ls, mkLine(cell, cols[c], 100+14*float64(r), false))
		}
	}
	return ls
}

func TestFindAlignedTables(t *testing.T) {
	cols := []float64{50, 150, 220, 290}
	data := [][]string{
		{"Dataset", "Nodes", "Edges", "Degree"},
		{"Twitter", "23370", "33101", "2.83"},
		{"Google", "23628", "39242", "3.32"},
		{"Epinions", "75879", "508837", "13.41"},
	}
	tests := []struct {
		name   string
		ls     []*line
		paths  []rect
		tables int
		rows   int
	}{
		{name: "numbers in aligned columns with a head row", ls: gridLines(cols, data...), tables: 1, rows: 4},
		{name: "two body rows are too few", ls: gridLines(cols, data[:3]...), tables: 0},
		{name: "words, not numbers", ls: gridLines(cols, []string{"a", "b", "c", "d"}, []string{"Stanford", "Yahoo", "Inc", "Palo"},
			[]string{"Alto", "Menlo", "Park", "West"}, []string{"one", "two", "three", "four"}), tables: 0},
		{name: "chart axis labels", ls: gridLines(cols, data...), paths: []rect{{140, 90, 141, 160}}, tables: 0},
		{name: "a horizontal rule does not count as a drawing", ls: gridLines(cols, data...), paths: []rect{{40, 105, 330, 105.5}}, tables: 1, rows: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tables, used := findAlignedTables(tt.ls, tt.paths)
			if len(tables) != tt.tables {
				t.Fatalf("found %d tables, want %d", len(tables), tt.tables)
			}
			if tt.tables == 0 {
				return
			}
			if len(tables[0].Rows) != tt.rows {
				t.Errorf("rows = %v, want %d rows", tables[0].Rows, tt.rows)
			}
			if got := tables[0].Rows[3][2]; got != "508837" {
				t.Errorf("cell (3,2) = %q, want 508837", got)
			}
			if len(used) != len(tt.ls) {
				t.Errorf("%d lines used, want all %d", len(used), len(tt.ls))
			}
		})
	}
}
