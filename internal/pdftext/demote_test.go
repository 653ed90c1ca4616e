package pdftext

import "testing"

func TestDemoteHeadings(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{
			name: "front matter of a numbered paper",
			in: "# A Study of Things\n\n## Ann Author and Bob Writer\n\n## Abstract\n\nText.\n\n" +
				"## 1 Introduction\n\nText.\n\n## 2 Method\n\n## 3 Results\n\n## References\n",
			want: "# A Study of Things\n\n**Ann Author and Bob Writer**\n\n**Abstract**\n\nText.\n\n" +
				"## 1 Introduction\n\nText.\n\n## 2 Method\n\n## 3 Results\n\n## References\n",
		},
		{
			name: "unnumbered paper keeps its headings",
			in:   "# Title\n\n## Abstract\n\nText.\n\n## Background\n\nText.\n\n## 1 Only one number\n",
			want: "# Title\n\n## Abstract\n\nText.\n\n## Background\n\nText.\n\n## 1 Only one number\n",
		},
		{
			name: "banners above the title on the first page",
			in:   "<!-- page 1 -->\n\n#### OPEN ACCESS\n\n## A cover line of many words here\n\nText.\n\n# The Title\n\nText.\n\n## Methods\n\nText.\n\n<!-- page 2 -->\n\n## Review\n\nText.\n",
			want: "<!-- page 1 -->\n\n**OPEN ACCESS**\n\n## A cover line of many words here\n\nText.\n\n# The Title\n\nText.\n\n## Methods\n\nText.\n\n<!-- page 2 -->\n\n## Review\n\nText.\n",
		},
		{
			name: "title repeated on a title page",
			in:   "# Big Report\n\n# Big Report\n\n## 1. Scope\n\n## 2. Terms\n\n## 3. Rules\n\n## 4. Big Report\n",
			want: "# Big Report\n\n**Big Report**\n\n## 1. Scope\n\n## 2. Terms\n\n## 3. Rules\n\n## 4. Big Report\n",
		},
		{
			name: "a heading with no text before the next of its rank is a label",
			in:   "## Method\n\n<!-- page 2 -->\n\n## Learning Rate\n\nText.\n\n## 2 Empty\n\n## 3 Next\n\n## D Appendix\n\n## D.1 First\n\nText.\n",
			want: "**Method**\n\n<!-- page 2 -->\n\n## Learning Rate\n\nText.\n\n## 2 Empty\n\n## 3 Next\n\n## D Appendix\n\n## D.1 First\n\nText.\n",
		},
		{
			name: "table of contents lines",
			in:   "## 1. Introduction..........1\n\n## 2. Method . . . . . . 4\n\n## Plain heading\n",
			want: "1. Introduction..........1\n\n2. Method . . . . . . 4\n\n## Plain heading\n",
		},
		{
			name: "contents without dot leaders",
			in: "# Title\n\n#### Contents\n\n## 1 Intro\n\n**2 4**\n\n## 2 Method\n\n## References\n\n## 1 Intro\n\nText.\n\n" +
				"## 2 Method\n\nText.\n\n## 3 Results\n\n## References\n",
			want: "# Title\n\n**Contents**\n\n1 Intro\n\n**2 4**\n\n2 Method\n\nReferences\n\n## 1 Intro\n\nText.\n\n" +
				"## 2 Method\n\nText.\n\n## 3 Results\n\n## References\n",
		},
		{
			name: "contents with dot leaders on the lower entries only",
			in: "# Title\n\n### 1 Introduction\n\n**3**\n\n### 2 Model\n\n**3** 2.1\n\nTokenizer . . . . . . 3\n\n### 3 Training\n\n**5**\n\n" +
				"### 1 INTRODUCTION\n\nText.\n\n### 2 MODEL\n\nText.\n\n### 3 TRAINING\n\nText.\n",
			want: "# Title\n\n1 Introduction\n\n**3**\n\n2 Model\n\n**3** 2.1\n\nTokenizer . . . . . . 3\n\n3 Training\n\n**5**\n\n" +
				"### 1 INTRODUCTION\n\nText.\n\n### 2 MODEL\n\nText.\n\n### 3 TRAINING\n\nText.\n",
		},
		{
			name: "contents whose lower entries end in page numbers",
			in: "**Contents**\n\n## 5 Background\n\n**8** 5.1\n\nTop-quark background 9\n\n5.2 Multijet background 9\n\n" +
				"## 6 Measurement\n\n| 6.3 | Event migration | 16 |\n|---|---|---|\n\n## 7 Uncertainties\n\n**20**\n\n" +
				"## 5 Background\n\nText.\n\n## 6 Measurement\n\nText.\n\n## 7 Uncertainties\n\nText.\n",
			want: "**Contents**\n\n5 Background\n\n**8** 5.1\n\nTop-quark background 9\n\n5.2 Multijet background 9\n\n" +
				"6 Measurement\n\n| 6.3 | Event migration | 16 |\n|---|---|---|\n\n7 Uncertainties\n\n**20**\n\n" +
				"## 5 Background\n\nText.\n\n## 6 Measurement\n\nText.\n\n## 7 Uncertainties\n\nText.\n",
		},
		{
			name: "a paragraph ending in a number between repeated headings is no contents entry",
			in:   "## Setup\n\nWe ran the tests on a machine with a large disk and found that the rate was 12\n\n## Results\n\n### Notes\n\nText.\n\n## Setup\n\nText.\n\n## Results\n\nText.\n\n### Notes\n\nText.\n",
			want: "## Setup\n\nWe ran the tests on a machine with a large disk and found that the rate was 12\n\n## Results\n\n### Notes\n\nText.\n\n## Setup\n\nText.\n\n## Results\n\nText.\n\n### Notes\n\nText.\n",
		},
		{
			name: "unnumbered headings starting with a lower-case word are labels",
			in:   "## Results\n\nText.\n\n### selection\n\nText.\n\n### individual log\n\nText.\n\n### l-asparaginase uses\n\nText.\n\n### mRNA levels\n\nText.\n",
			want: "## Results\n\nText.\n\n**selection**\n\nText.\n\n**individual log**\n\nText.\n\n### l-asparaginase uses\n\nText.\n\n### mRNA levels\n\nText.\n",
		},
		{
			name: "author lists and names with a note mark",
			in:   "# A Review of Enzymes\n\n## Ann Lee Author, Bob Writer, Carl Reader^∗\n\n### Paul Ralph^1\n\n## Abstract\n\nText.\n",
			want: "# A Review of Enzymes\n\n**Ann Lee Author, Bob Writer, Carl Reader^∗**\n\n**Paul Ralph^1**\n\n## Abstract\n\nText.\n",
		},
		{
			name: "a number far above the last section number is figure text",
			in:   "## 1 Intro\n\nText.\n\n### 17 Challenges\n\nText.\n\n## 3 Method\n\nText.\n\n#### 70 MLOC\n\nText.\n\n## 6 Results\n\nText.\n\n## 7 End\n\nText.\n",
			want: "## 1 Intro\n\nText.\n\n**17 Challenges**\n\nText.\n\n## 3 Method\n\nText.\n\n**70 MLOC**\n\nText.\n\n## 6 Results\n\nText.\n\n## 7 End\n\nText.\n",
		},
		{
			name: "the first section number may be high",
			in:   "## 14 CFR Part 39\n\nText.\n\n## 15 Next Part\n\nText.\n",
			want: "## 14 CFR Part 39\n\nText.\n\n## 15 Next Part\n\nText.\n",
		},
		{
			name: "two repeated headings are not a contents list",
			in:   "## Setup\n\n### Results\n\nText.\n\n## Setup\n\n### Results\n",
			want: "## Setup\n\n### Results\n\nText.\n\n## Setup\n\n### Results\n",
		},
		{
			// Not plain text, as a contents list would be; its lines are
			// bold as labels without text of their own.
			name: "a letterhead repeated as a block is not a contents list",
			in:   "## Department\n\n## Agency\n\n## Part 39\n\n## Rule A\n\nText.\n\n## Department\n\n## Agency\n\n## Part 39\n\n## Rule B\n",
			want: "**Department**\n\n**Agency**\n\n**Part 39**\n\n## Rule A\n\nText.\n\n**Department**\n\n**Agency**\n\n**Part 39**\n\n## Rule B\n",
		},
		{
			name: "author line with affiliation marks",
			in:   "## Kim Lee^1, Sam Roe^2,3\n\n## Results^1\n",
			want: "Kim Lee^1, Sam Roe^2,3\n\n## Results^1\n",
		},
		{
			name: "author and affiliation lines",
			in:   "### Stephen Soderland, Brendan Roof,\n\n### atif09@gmail.com\n\n### Results @ scale\n",
			want: "Stephen Soderland, Brendan Roof,\n\natif09@gmail.com\n\n### Results @ scale\n",
		},
		{
			name: "letter-spaced banner",
			in:   "# R E S EAR CH A R TIC L E Open Access\n\n## A Study of B and C\n",
			want: "R E S EAR CH A R TIC L E Open Access\n\n## A Study of B and C\n",
		},
		{
			name: "questions",
			in:   "### Any other comments?\n\n### 7.2 Does it help?\n\n### B.3 Who annotated?\n",
			want: "**Any other comments?**\n\n### 7.2 Does it help?\n\n### B.3 Who annotated?\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := demoteHeadings(tt.in); got != tt.want {
				t.Errorf("demoteHeadings:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestAlignNumberedLevels(t *testing.T) {
	tests := []struct {
		name, in, want string
		levels         int
	}{
		{
			name:   "numbers set the depth and gaps close",
			in:     "# Title\n\n#### 1 Intro\n\n##### 1.1 Scope\n\n#### 2 Method\n\n##### 2.1 Data\n\n##### 2.1.1 Sources\n",
			want:   "# Title\n\n## 1 Intro\n\n### 1.1 Scope\n\n## 2 Method\n\n### 2.1 Data\n\n#### 2.1.1 Sources\n",
			levels: 4,
		},
		{
			name:   "deep numbers are capped at six",
			in:     "## 1 A\n\n## 1.1 B\n\n## 1.1.1 C\n\n## 1.1.1.1 D\n\n## 1.1.1.1.1 E\n\n## 1.1.1.1.1.1 F\n\n## 1.1.1.1.1.1.1 G\n",
			want:   "# 1 A\n\n## 1.1 B\n\n### 1.1.1 C\n\n#### 1.1.1.1 D\n\n##### 1.1.1.1.1 E\n\n###### 1.1.1.1.1.1 F\n\n###### 1.1.1.1.1.1.1 G\n",
			levels: 6,
		},
		{
			name:   "appendix subsections follow their numbers",
			in:     "## 1 Intro\n\n## 2 Method\n\n## B Details\n\n#### B.1 More\n\n### A. Roman style\n",
			want:   "# 1 Intro\n\n# 2 Method\n\n# B Details\n\n## B.1 More\n\n## A. Roman style\n",
			levels: 2,
		},
		{
			name:   "unnumbered headings set like top-level sections join them",
			in:     "# Title\n\n### 1 Intro\n\n### 2 Method\n\n## 3 Results\n\n## References\n\n#### Aside\n",
			want:   "# Title\n\n## 1 Intro\n\n## 2 Method\n\n## 3 Results\n\n## References\n\n### Aside\n",
			levels: 3,
		},
		{
			name:   "unnumbered headings inside a numbered subsection nest under it",
			in:     "# T\n\n## 5 Models\n\n### 5.6 Case study\n\n### Data input\n\n### A model\n\n## 6 Spectra\n\n### 6.1 Bands\n\n### Aside\n\n### 6.2 Shapes\n",
			want:   "# T\n\n## 5 Models\n\n### 5.6 Case study\n\n#### Data input\n\n#### A model\n\n## 6 Spectra\n\n### 6.1 Bands\n\n#### Aside\n\n### 6.2 Shapes\n",
			levels: 4,
		},
		{
			name:   "back matter after the last subsection keeps its level",
			in:     "# T\n\n## 1 Intro\n\n### 1.1 Aim\n\n### Acknowledgments\n\n### References\n\n## A Proofs\n\n### A.1 Lemma\n",
			want:   "# T\n\n## 1 Intro\n\n### 1.1 Aim\n\n### Acknowledgments\n\n### References\n\n## A Proofs\n\n### A.1 Lemma\n",
			levels: 3,
		},
		{
			name:   "unnumbered headings keep their order",
			in:     "### Title\n\n###### Aside\n",
			want:   "# Title\n\n## Aside\n",
			levels: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, used := alignNumberedLevels(tt.in)
			if got != tt.want {
				t.Errorf("alignNumberedLevels:\n%s\nwant:\n%s", got, tt.want)
			}
			if len(used) != tt.levels {
				t.Errorf("levels used = %v, want %d of them", used, tt.levels)
			}
		})
	}
}

func TestSmallerThanBody(t *testing.T) {
	sized := func(size float64) *line {
		l := mkLine("Label", 50, 100, true)
		for k := range l.Chars {
			l.Chars[k].Size = size
		}
		return l
	}
	w := &writer{body: 10}
	for _, tt := range []struct {
		size float64
		want bool
	}{{10, false}, {12, false}, {9, false}, {8.5, true}, {6.5, true}} {
		if got := w.smallerThanBody([]*line{sized(tt.size)}); got != tt.want {
			t.Errorf("smallerThanBody(size %v, body 10) = %v, want %v", tt.size, got, tt.want)
		}
	}
}

func TestSectionStyles(t *testing.T) {
	// fontLine sets every character of a line in font, with capitals at
	// 10 pt and the rest at 8 pt (IEEE's fake small capitals).
	fontLine := func(text, font string, y float64) *line {
		l := mkLine(text, 50, y, false)
		for k := range l.Chars {
			l.Chars[k].Font = font
			if l.Chars[k].R >= 'a' && l.Chars[k].R <= 'z' {
				l.Chars[k].Size = 8
			}
		}
		return l
	}
	page := []*line{
		fontLine("I. INTRODUCTION", "Times", 100),
		fontLine("Body text in the regular font, mixed case.", "Times", 120),
		fontLine("II. RELATED WORK", "Times", 140),
		fontLine("III. METHOD", "Times", 160),
	}
	w := &writer{sectionStyles: sectionStyles([][]*line{page}, "Times")}
	tests := []struct {
		line *line
		want bool
	}{
		{fontLine("REFERENCES", "Times", 200), true},
		{fontLine("References", "Times", 200), false},          // mixed case, like body text
		{fontLine("REFERENCES", "Helvetica-Bold", 200), false}, // another font
	}
	for _, tt := range tests {
		if got := w.inSectionStyle([]*line{tt.line}); got != tt.want {
			t.Errorf("inSectionStyle(%q in %s) = %v, want %v", tt.line.text(), tt.line.Chars[0].Font, got, tt.want)
		}
	}
	if one := sectionStyles([][]*line{page[:2]}, "Times"); len(one) != 0 {
		t.Errorf("one numbered heading made styles %v, want none", one)
	}
}

func TestBetweenRules(t *testing.T) {
	l := mkLine("Extracted Answer", 100, 110, true) // box y 102..110, x 100..188
	tests := []struct {
		name  string
		paths []rect
		want  bool
	}{
		{"table head row", []rect{{50, 95, 400, 96}, {50, 113, 400, 113.5}}, true},
		{"underlined heading", []rect{{50, 113, 400, 113.5}}, false},
		{"rules too far", []rect{{50, 60, 400, 61}, {50, 140, 400, 141}}, false},
		{"rules narrower than the line", []rect{{120, 95, 150, 96}, {120, 113, 150, 113.5}}, false},
		{"boxes are not rules", []rect{{50, 90, 400, 96}, {50, 113, 400, 120}}, false},
	}
	for _, tt := range tests {
		w := &writer{rules: horizontalRules(tt.paths)}
		if got := w.betweenRules(l); got != tt.want {
			t.Errorf("%s: betweenRules = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestInDrawing(t *testing.T) {
	l := mkLine("Master", 100, 110, false) // box y 102..110, x 100..132.5
	box := func(x0, y0, x1, y1 float64) rect { return rect{x0, y0, x1, y1} }
	tests := []struct {
		name  string
		drawn []rect
		want  bool
	}{
		{"boxed label with arrow heads", []rect{box(90, 95, 145, 118), box(110, 80, 116, 94), box(110, 117, 116, 125)}, true},
		{"two shapes only", []rect{box(90, 95, 145, 118), box(110, 80, 116, 94)}, false},
		{"thin frame pieces", []rect{box(95, 90, 96.5, 100), box(95, 100, 96.5, 110), box(95, 110, 96.5, 120), box(95, 89, 300, 90.5)}, false},
		{"shapes far away", []rect{box(300, 300, 320, 320), box(330, 300, 350, 320), box(360, 300, 380, 320)}, false},
	}
	for _, tt := range tests {
		w := &writer{drawn: tt.drawn}
		if got := w.inDrawing(l); got != tt.want {
			t.Errorf("%s: inDrawing = %v, want %v", tt.name, got, tt.want)
		}
	}
	for _, tt := range []struct {
		name  string
		image rect
		want  bool
	}{
		{"label on an image", box(50, 50, 300, 200), true},
		{"image beside the line", box(150, 50, 300, 200), false},
		{"thin image strip behind the line", box(50, 100, 300, 112), false},
	} {
		w := &writer{images: []rect{tt.image}}
		if got := w.inDrawing(l); got != tt.want {
			t.Errorf("%s: inDrawing = %v, want %v", tt.name, got, tt.want)
		}
	}
}
