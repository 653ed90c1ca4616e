package pdftext

import (
	"strings"
	"testing"
)

// seg is a run of text in one style, for mkStyled.
type seg struct {
	text         string
	bold, italic bool
	font         string
}

// mkStyled builds one line of 10 pt glyphs from styled runs; a run
// without a font is in the body font "Body".
func mkStyled(t *testing.T, y float64, segs ...seg) *line {
	t.Helper()
	var gs []glyph
	x := 50.0
	for _, s := range segs {
		font := s.font
		if font == "" {
			font = "Body"
		}
		for _, r := range s.text {
			gs = append(gs, glyph{R: r, Box: rect{X0: x, Y0: y - 8, X1: x + 5, Y1: y}, Size: 10, Bold: s.bold, Italic: s.italic, Font: font})
			x += 5.5
		}
	}
	ls := buildLines(gs)
	if len(ls) != 1 {
		t.Fatalf("mkStyled: got %d lines, want 1", len(ls))
	}
	return ls[0]
}

func TestBoldLead(t *testing.T) {
	tests := []struct {
		name string
		segs []seg
		want string
		rest string
	}{
		{"nature methods", []seg{{text: "Data analysis.", bold: true}, {text: " We used"}}, "Data analysis", "We used"},
		{"one word", []seg{{text: "Proof.", bold: true}, {text: " Let x"}}, "", ""},
		{"numbered label", []seg{{text: "Theorem 2.", bold: true}, {text: " Let x"}}, "", ""},
		{"no period", []seg{{text: "Data analysis", bold: true}, {text: " we used"}}, "", ""},
		{"all bold", []seg{{text: "Data analysis. We used", bold: true}}, "", ""},
		{"figure reference", []seg{{text: "Supplementary Fig.", bold: true}, {text: " 3 shows"}}, "", ""},
		{"caption", []seg{{text: "Figure 2.", bold: true}, {text: " Results"}}, "", ""},
		{"numbered run-in", []seg{{text: "2.1. "}, {text: "Data analysis.", bold: true}, {text: " We"}}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := mkStyled(t, 100, tt.segs...)
			got, k := boldLead(l)
			if got != tt.want {
				t.Fatalf("boldLead = %q, want %q", got, tt.want)
			}
			if got == "" {
				return
			}
			rest := *l
			rest.Chars = l.Chars[k:]
			if r := rest.text(); r != tt.rest {
				t.Errorf("text after the lead = %q, want %q", r, tt.rest)
			}
		})
	}
}

func TestItalicHeading(t *testing.T) {
	tests := []struct {
		name string
		segs []seg
		want bool
	}{
		{"italic", []seg{{text: "Specification in the model", italic: true}}, true},
		{"program name in bold", []seg{{text: "Specification in ", italic: true}, {text: "TIMP", bold: true, font: "Bold"}, {text: ": Weighting", italic: true}}, true},
		{"body font word", []seg{{text: "Specification in ", italic: true}, {text: "the model"}}, false},
		{"sentence", []seg{{text: "This is an italic sentence.", italic: true}}, false},
		{"one word", []seg{{text: "Weighting", italic: true}}, false},
		{"lower case", []seg{{text: "and the rest of it", italic: true}}, false},
		{"numbered", []seg{{text: "2.1 Data sets", italic: true}}, false},
		{"address", []seg{{text: "Department of X, University Y, City Z", italic: true}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := italicHeading(mkStyled(t, 100, tt.segs...), "Body"); got != tt.want {
				t.Errorf("italicHeading = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSpacedAbove(t *testing.T) {
	a := mkStyled(t, 100, seg{text: "first line"})
	b := mkStyled(t, 112, seg{text: "second line, ordinary leading"})
	c := mkStyled(t, 130, seg{text: "third line, after white space"})
	got := spacedAbove([]*line{a, b, c})
	for i, want := range []bool{false, false, true} {
		if l := []*line{a, b, c}[i]; got[l] != want {
			t.Errorf("line %d spaced = %v, want %v", i, got[l], want)
		}
	}
}

func TestRunInHeading(t *testing.T) {
	tests := []struct {
		name  string
		segs  []seg
		want  string
		depth int
		rest  string
	}{
		{"bold", []seg{{text: "2.1. "}, {text: "Method.", bold: true}, {text: " We use"}}, "2.1. Method", 2, "We use"},
		{"symbol inside", []seg{{text: "3.4. "}, {text: "FIDD using", bold: true}, {text: " CN1. In our"}}, "3.4. FIDD using CN1", 2, "In our"},
		{"fills the line", []seg{{text: "3.2. CN "}, {text: "of seeds in a set.", bold: true}}, "3.2. CN of seeds in a set", 2, ""},
		{"list item", []seg{{text: "1. "}, {text: "Install", bold: true}, {text: " the package and run it."}}, "", 0, ""},
		{"bold list item", []seg{{text: "1. "}, {text: "Intuitive and easy.", bold: true}, {text: " We"}}, "", 0, ""},
		{"no number", []seg{{text: "Method.", bold: true}, {text: " We use"}}, "", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := mkStyled(t, 100, tt.segs...)
			got, depth, k := runInHeading(l)
			if got != tt.want || depth != tt.depth {
				t.Fatalf("runInHeading = %q depth %d, want %q depth %d", got, depth, tt.want, tt.depth)
			}
			if got == "" {
				return
			}
			rest := *l
			rest.Chars = l.Chars[k:]
			if r := strings.TrimSpace(rest.text()); r != tt.rest {
				t.Errorf("text after the heading = %q, want %q", r, tt.rest)
			}
		})
	}
}

func TestIsBoldLineGreek(t *testing.T) {
	tests := []struct {
		name string
		segs []seg
		want bool
	}{
		{"bold", []seg{{text: "Output current", bold: true}}, true},
		{"greek from a math font", []seg{{text: "Output current in ", bold: true}, {text: "β", font: "Math"}, {text: "-multiplier", bold: true}}, true},
		{"latin not bold", []seg{{text: "Output current in ", bold: true}, {text: "x-multiplier"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isBoldLine(mkStyled(t, 100, tt.segs...)); got != tt.want {
				t.Errorf("isBoldLine = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCapsBoldHeads(t *testing.T) {
	caps := func(texts ...string) [][]*line {
		var ls []*line
		for i, s := range texts {
			ls = append(ls, mkLine(s, 50, float64(100+20*i), true))
		}
		return [][]*line{ls}
	}
	if !capsBoldHeads(caps("INTRODUCTION", "MATERIALS AND METHODS", "RESULTS", "Cell Culture"), 10) {
		t.Error("three bold sections in capitals not found")
	}
	if capsBoldHeads(caps("INTRODUCTION", "RESULTS", "Cell Culture"), 10) {
		t.Error("two bold lines in capitals taken for the section style")
	}
	if capsBoldHeads(caps("ABSTRACT", "KEYWORDS", "CCS CONCEPTS", "1 Introduction", "2 Method", "3 Results"), 10) {
		t.Error("a numbered paper's front matter in capitals taken for the section style")
	}
}

func TestBreaksIndentAndBold(t *testing.T) {
	at := func(x, y float64, text string, bold bool) *line {
		l := mkLine(text, x, y, bold)
		return l
	}
	tests := []struct {
		name string
		para []*line
		next *line
		want bool
	}{
		{"hanging indent goes on", []*line{at(50, 100, "Keane M, Semeiks J, Webb AE,", false), at(62, 112, "Cell Reports 10(1):112-122", false)},
			at(62, 124, "DOI 10.1016/j.celrep.2014.12.008.", false), false},
		{"hanging indent, next entry", []*line{at(50, 100, "Keane M, Semeiks J, Webb AE,", false), at(62, 112, "DOI 10.1016/j.celrep.2014.12.008.", false)},
			at(50, 124, "Kim PM, Korbel JO, Gerstein MB.", false), true},
		{"first-line indent, new paragraph", []*line{at(62, 100, "The first line of a paragraph", false), at(50, 112, "and its last line ends here.", false)},
			at(62, 124, "A new paragraph starts here", false), true},
		{"bold line after a sentence", []*line{at(50, 100, "Table 2. Results for yield", false), at(50, 112, "The averages were used.", false)},
			at(50, 124, "Factor Grain yield F Ratio", true), true},
		{"bold line inside a sentence", []*line{at(50, 100, "Table 2. Results for yield", false), at(50, 112, "and we write about the", false)},
			at(50, 124, "Important Bold Words", true), false},
		{"heading in capitals, then a bold subheading", []*line{at(50, 100, "MATERIALS AND METHODS", true)},
			at(50, 112, "Cell Culture", true), true},
		{"short styled line, then a reference entry", []*line{at(50, 100, "REFERENCES", false)},
			at(50, 112, "[1] A. Author. A title. 2007.", false), true},
		{"short styled line, then a list number", []*line{at(50, 100, "REFERENCES", false)},
			at(50, 112, "1.", false), true},
		{"sentence, then a bracketed number inside it", []*line{at(50, 100, "as was shown in", false)},
			at(50, 112, "[1] and later work", false), false},
		{"bold heading wrapped onto a line in capitals", []*line{at(50, 100, "Numeric representations in", true)},
			at(50, 112, "S2ORC-SCIBERT", true), false},
		{"numbered heading wrapped after a colon", []*line{at(50, 100, "4 EVOLUTION AFTER IRRADIATION:", true)},
			at(50, 110, "ASTROPHYSICAL IMPLICATIONS", true), false},
		{"numbered heading ending in a colon, then a styled line set apart", []*line{at(50, 100, "4 EVOLUTION AFTER IRRADIATION:", true)},
			at(50, 118, "ASTROPHYSICAL IMPLICATIONS", true), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &writer{body: 10, boldLevel: 2}
			if got := w.breaks(tt.para, tt.next); got != tt.want {
				t.Errorf("breaks = %v, want %v", got, tt.want)
			}
		})
	}
}
