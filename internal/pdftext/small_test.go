package pdftext

import (
	"strings"
	"testing"
)

// sized returns line l with every character set in size.
func sized(l *line, size float64) *line {
	for i := range l.Chars {
		l.Chars[i].Size = size
	}
	l.Size = size
	return l
}

func TestSameSizeText(t *testing.T) {
	head := sized(mkStyled(t, 100, seg{text: "Competing interests", font: "Sans"}), 7.5)
	tests := []struct {
		name string
		next *line
		want bool
	}{
		{"small text", sized(mkStyled(t, 110, seg{text: "The authors declare no competing interests."}), 7.5), true},
		{"body size", sized(mkStyled(t, 110, seg{text: "The authors declare no competing interests."}), 10), false},
		{"same font", sized(mkStyled(t, 110, seg{text: "The authors declare no competing interests.", font: "Sans"}), 7.5), false},
		{"bold", sized(mkStyled(t, 110, seg{text: "The authors declare no competing interests.", bold: true}), 7.5), false},
		{"numbers", sized(mkStyled(t, 110, seg{text: "1 2 3 4 5 6 7 8 9 10"}), 7.5), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sameSizeText(head, []*line{tt.next}, 5); got != tt.want {
				t.Errorf("sameSizeText = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestSmallHeadingPending checks that a small bold line becomes a heading
// only when text of its size follows it.
func TestSmallHeadingPending(t *testing.T) {
	for _, tt := range []struct {
		name     string
		nextSize float64
		want     string
	}{
		{"followed by small text", 7.5, "### Acknowledgments\n\nWe thank the reviewers for their comments on this work.\n\n"},
		{"followed by body text", 10, "**Acknowledgments**\n\nWe thank the reviewers for their comments on this work.\n\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			head := sized(mkStyled(t, 100, seg{text: "Acknowledgments", bold: true, font: "Body-Bold"}), 7.5)
			next := sized(mkStyled(t, 120, seg{text: "We thank the reviewers for their comments on this work."}), tt.nextSize)
			w := &writer{body: 10, boldLevel: 3, bodyFont: "Body", alone: map[*line]bool{head: true, next: true}}
			var b strings.Builder
			w.paragraph(&b, []*line{head})
			w.paragraph(&b, []*line{next})
			w.emitPending(&b, nil)
			if b.String() != tt.want {
				t.Errorf("got %q, want %q", b.String(), tt.want)
			}
		})
	}
}

func TestLevelBackMatter(t *testing.T) {
	heads := map[string]bool{"Note": true, "Competing interests": true, "References": true}
	tests := []struct {
		name, in, want string
	}{
		{
			name: "back matter takes the section level under a title",
			in:   "# Title\n\n## Background\n\n### Setting\n\n##### Note\n\n## Conclusions\n\n##### Competing interests\n\nText.\n\n##### References\n",
			want: "# Title\n\n## Background\n\n### Setting\n\n##### Note\n\n## Conclusions\n\n## Competing interests\n\nText.\n\n## References\n",
		},
		{
			name: "no title: the first heading's level",
			in:   "# Abstract\n\n# Background\n\n## Setting\n\n### References\n",
			want: "# Abstract\n\n# Background\n\n## Setting\n\n# References\n",
		},
		{
			name: "nothing to move",
			in:   "# Title\n\n## Background\n",
			want: "# Title\n\n## Background\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := levelBackMatter(tt.in, heads); got != tt.want {
				t.Errorf("levelBackMatter:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestBodyParagraph(t *testing.T) {
	w := &writer{body: 10}
	long := "We thank the referees for their comments and the agency for its support of this work over the years, which made the study possible and let us finish it in time for the meeting in the spring of that year"
	tests := []struct {
		name string
		ls   []*line
		want bool
	}{
		{"running text", []*line{mkLine(long, 50, 100, false)}, true},
		{"too short", []*line{mkLine("We thank the referees.", 50, 100, false)}, false},
		{"bold text", []*line{mkLine(long, 50, 100, true)}, false},
		{"a caption", []*line{mkLine("Figure 2. "+long, 50, 100, false)}, false},
	}
	for _, tt := range tests {
		if got := w.bodyParagraph(tt.ls, 30); got != tt.want {
			t.Errorf("%s: bodyParagraph = %v, want %v", tt.name, got, tt.want)
		}
	}
}
