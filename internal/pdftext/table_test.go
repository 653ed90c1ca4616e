package pdftext

import "testing"

func TestFindTablesBooktabs(t *testing.T) {
	// Three rules (top, middle, bottom) across x 50..300 and a 3x3 grid of
	// cells between them; one text line outside the table.
	rules := []rect{{50, 100, 300, 100.5}, {50, 118, 300, 118.5}, {50, 160, 300, 160.5}}
	var ls []*line
	for r, row := range [][]string{{"Model", "F1", "Acc"}, {"BERT", "81.2", "90.1"}, {"Ours", "84.0", "92.3"}} {
		y := 114 + float64(r)*18
		for c, cell := range row {
			ls = append(ls, mkLine(cell, 60+float64(c)*90, y, false))
		}
	}
	outside := mkLine("Body text below the table", 50, 200, false)
	ls = append(ls, outside)
	tables, used := findTables(ls, rules)
	if len(tables) != 1 {
		t.Fatalf("found %d tables, want 1", len(tables))
	}
	if used[outside] != nil {
		t.Errorf("the line below the table was taken into it")
	}
	want := "| Model | F1 | Acc |\n|---|---|---|\n| BERT | 81.2 | 90.1 |\n| Ours | 84.0 | 92.3 |\n"
	if got := tables[0].markdown(); got != want {
		t.Errorf("table =\n%s\nwant\n%s", got, want)
	}
}

func TestFindTablesNeedsRules(t *testing.T) {
	ls := []*line{mkLine("a", 60, 114, false), mkLine("b", 150, 114, false), mkLine("c", 60, 132, false), mkLine("d", 150, 132, false)}
	// Two rules only: not enough to call it a table.
	if tables, _ := findTables(ls, []rect{{50, 100, 300, 100.5}, {50, 140, 300, 140.5}}); len(tables) != 0 {
		t.Errorf("found %d tables with two rules, want 0", len(tables))
	}
}
