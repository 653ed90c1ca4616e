package pdftext

import "testing"

func TestJoinLines(t *testing.T) {
	tests := []struct {
		name  string
		parts []string
		hyph  []bool
		want  string
	}{
		{"plain", []string{"one two", "three"}, []bool{false, false}, "one two three"},
		{"soft hyphen", []string{"connec", "tion works"}, []bool{true, false}, "connection works"},
		{"real hyphen", []string{"state-", "of-the-art"}, []bool{false, false}, "state-of-the-art"},
		{"italic across lines", []string{"in *Proceedings of*", "*the Conference* on"}, []bool{false, false}, "in *Proceedings of the Conference* on"},
		{"bold across soft hyphen", []string{"**Hu**", "**man**"}, []bool{true, false}, "**Human**"},
		{"adjacent bold runs", []string{"**based** **on evidence** from"}, []bool{false}, "**based on evidence** from"},
		{"bold then italic kept", []string{"**a** *b*"}, []bool{false}, "**a** *b*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := joinLines(tt.parts, tt.hyph); got != tt.want {
				t.Errorf("joinLines(%q) = %q, want %q", tt.parts, got, tt.want)
			}
		})
	}
}

func TestExpandLigatures(t *testing.T) {
	if got, want := expandLigatures("\ufb01nd e\ufb00ect o\ufb03ce soft\u00adhyphen"), "find effect office softhyphen"; got != want {
		t.Errorf("expandLigatures = %q, want %q", got, want)
	}
}

// mkLine builds a line from text set in one font at size 10 from x, with
// 5 pt wide glyphs; bold marks every glyph bold.
func mkLine(text string, x, y float64, bold bool) *line {
	var gs []glyph
	for _, r := range text {
		gs = append(gs, glyph{R: r, Box: rect{X0: x, Y0: y - 8, X1: x + 5, Y1: y}, Size: 10, Bold: bold})
		x += 5.5
	}
	ls := buildLines(gs)
	if len(ls) != 1 {
		panic("mkLine: text did not make one line")
	}
	return ls[0]
}

func TestWordsSuperscriptAndStyle(t *testing.T) {
	gs := []glyph{
		{R: 'w', Box: rect{0, 92, 5, 100}, Size: 10},
		{R: 'o', Box: rect{5.5, 92, 10.5, 100}, Size: 10},
		{R: '1', Box: rect{11, 89, 14, 96}, Size: 6},
		{R: ' ', Box: rect{14, 100, 14, 100}, Size: 10},
		{R: 'b', Box: rect{17, 92, 22, 100}, Size: 10, Bold: true},
		{R: 'x', Box: rect{22.5, 92, 27.5, 100}, Size: 10, Bold: true},
	}
	ls := buildLines(gs)
	if len(ls) != 1 {
		t.Fatalf("got %d lines, want 1", len(ls))
	}
	if got, want := emphasised(ls[0].words()), "wo^1 **bx**"; got != want {
		t.Errorf("line = %q, want %q", got, want)
	}
}

func TestBuildLinesSplitsFarGlyphs(t *testing.T) {
	var gs []glyph
	for i, r := range "ab" {
		gs = append(gs, glyph{R: r, Box: rect{float64(i) * 5.5, 92, float64(i)*5.5 + 5, 100}, Size: 10})
	}
	// 40 pt to the right: another column, not the same line.
	gs = append(gs, glyph{R: 'c', Box: rect{50, 92, 55, 100}, Size: 10})
	if n := len(buildLines(gs)); n != 2 {
		t.Errorf("got %d lines, want 2", n)
	}
}

func TestReadingOrderTwoColumns(t *testing.T) {
	var ls []*line
	ls = append(ls, mkLine("A title that spans both of the columns of this page", 50, 60, true))
	for i := 0; i < 6; i++ {
		y := 100 + float64(i)*12
		ls = append(ls, mkLine("left column text", 50, y, false), mkLine("right column text", 200, y, false))
	}
	blocks := readingOrder(ls, nil)
	var got []string
	for _, b := range blocks {
		for _, l := range b {
			got = append(got, l.text())
		}
	}
	if got[0] != "A title that spans both of the columns of this page" {
		t.Fatalf("first line = %q, want the title", got[0])
	}
	for i := 1; i <= 6; i++ {
		if got[i] != "left column text" || got[i+6] != "right column text" {
			t.Fatalf("order = %q, want title, 6 left lines, 6 right lines", got)
		}
	}
}

func TestSameHeading(t *testing.T) {
	tests := []struct {
		line, title string
		want        bool
	}{
		{"1 Introduction", "1 Introduction", true},
		{"IV. CONCLUSIONS", "Conclusions", true},
		{"A. Emily Howell", "V-A Emily Howell", true},
		{"2.1. High-degree centrality", "2.1. High-degree centrality", true},
		{"(28) (29)", "Specification in TIMP", false},
		{"Results", "Methods", false},
	}
	for _, tt := range tests {
		if got := sameHeading(tt.line, tt.title); got != tt.want {
			t.Errorf("sameHeading(%q, %q) = %v, want %v", tt.line, tt.title, got, tt.want)
		}
	}
}

func TestSectionNumber(t *testing.T) {
	for s, want := range map[string]int{
		"2 Related work": 1, "2.1 Data": 2, "3.2.1. Setup": 3, "IV. RESULTS": 1, "A. Details": 2,
		"B.3 Crowdworkers or experts?": 2, "A.1.2 Proofs": 3, "4.3 [D1] Discover Relevant Citations": 2,
		"2019 was a year": 0, "Introduction": 0, "1. the lower case": 0, "3.0 Training Error": 0, "1.05 Mean": 0, "0 Preface": 1,
	} {
		if got := sectionNumber(s); got != want {
			t.Errorf("sectionNumber(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestFontLevels(t *testing.T) {
	page := []*line{}
	add := func(text string, size float64, n int) {
		for i := 0; i < n; i++ {
			l := mkLine(text, 50, 100+float64(len(page))*20, false)
			for k := range l.Chars {
				l.Chars[k].Size = size
			}
			l.finish()
			page = append(page, l)
		}
	}
	add("body text body text", 9, 120)
	add("Title", 17, 1)
	add("Section", 12, 3)
	add("Bigger than limit", 10.5, 2)
	// Display math: many lines of a letter or two are not headings.
	add("x = y", 13, 12)
	// Captions set larger than the body: many full lines of text.
	add("Figure 2. A caption set larger than the body text, as long as a line", 11, 14)
	body, levels := fontLevels([][]*line{page})
	if body != 9 {
		t.Errorf("body = %v, want 9", body)
	}
	want := map[float64]int{17: 1, 12: 2, 10.5: 3}
	if len(levels) != len(want) {
		t.Fatalf("levels = %v, want %v", levels, want)
	}
	for s, lv := range want {
		if levels[s] != lv {
			t.Errorf("level of %v = %d, want %d", s, levels[s], lv)
		}
	}
}

func TestFontStyle(t *testing.T) {
	tests := []struct {
		name         string
		flags        int
		bold, italic bool
	}{
		{"ABCDEF+NimbusRomNo9L-Medi", 0, true, false},
		{"NimbusRomNo9L-ReguItal", 0, false, true},
		{"StoneSerifStd-Medium", 0, false, false},
		{"Times-Bold", 0, true, false},
		{"CMBX12", 0, true, false},
		{"CMTI10", 0, false, true},
		{"LinLibertineTB", 0, true, false},
		{"LinLibertineTI", 0, false, true},
		{"AdvTTaf7f9f4f.B", 0, true, false},
		{"Fk", 1 << 18, true, false}, // ForceBold flag
		{"CMR10", 0, false, false},
	}
	for _, tt := range tests {
		b, i := fontStyle(tt.name, tt.flags)
		if b != tt.bold || i != tt.italic {
			t.Errorf("fontStyle(%q) = bold %v italic %v, want %v %v", tt.name, b, i, tt.bold, tt.italic)
		}
	}
}

func TestComposeAccents(t *testing.T) {
	// "Gr´egory": the acute accent is drawn over the e.
	gs := []glyph{
		{R: 'G', Box: rect{0, 92, 6, 100}, Size: 10},
		{R: 'r', Box: rect{6.5, 92, 10, 100}, Size: 10},
		{R: '´', Box: rect{11, 91, 14, 95}, Size: 10},
		{R: 'e', Box: rect{10.5, 94, 15, 100}, Size: 10},
		{R: 'g', Box: rect{15.5, 94, 20, 102}, Size: 10},
	}
	ls := buildLines(gs)
	if len(ls) != 1 {
		t.Fatalf("got %d lines, want 1", len(ls))
	}
	if got := ls[0].text(); got != "Grég" {
		t.Errorf("text = %q, want %q", got, "Grég")
	}
}

func TestHeadingLike(t *testing.T) {
	for s, want := range map[string]bool{
		"Introduction": true, "3.1 Data": true, "Specification in TIMP: Weighting": true,
		"Figure 2. A caption": false, "Example 3-9 Creating a mask on the TAX_ID column": false,
		"Example Sentences": true, "J + C": false, "H0 z": false, "0 AD": false, "2019 2020 2021": false,
		"10: end while": false, "http://arxiv.org/ps/2202.00535v1": false, "Time: 10 minutes": true,
		"FIGURE 6": false, "TABLE II": false, "FIG. 3. Spectra": false, "TABLE S1": false, "FIGURE PANELS": true,
		"- Starting": false, "• Reaction": false, "A - B Testing": true,
		"10^9 ATLAS": false, "10^−3 Simulation": false, "10^9": false, "Top 10^9 Events": true, "2^nd Order": true,
	} {
		if got := headingLike(s); got != want {
			t.Errorf("headingLike(%q) = %v, want %v", s, got, want)
		}
	}
}
