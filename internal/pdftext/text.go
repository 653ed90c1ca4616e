package pdftext

import (
	"strings"
	"unicode"
)

var ligatures = strings.NewReplacer(
	"\ufb00", "ff", "\ufb01", "fi", "\ufb02", "fl", "\ufb03", "ffi",
	"\ufb04", "ffl", "\ufb05", "st", "\ufb06", "st", "\u00ad", "",
)

// expandLigatures replaces typographic ligatures by their letters and drops
// soft hyphens.
func expandLigatures(s string) string { return ligatures.Replace(s) }

// word is a run of non-space characters of a line with its style.
type word struct {
	Text         string
	Bold, Italic bool
	Hyphen       bool // ends in a PDFium soft hyphen (line-end break)
}

// words splits a line into styled words. Superscripts are written as ^x
// right after the word they follow ("word^1", "Shen^†"), and a space is
// put after them when a letter or digit follows.
func (l *line) words() []word {
	var out []word
	var b strings.Builder
	var bold, ital, any, inSup bool
	bold, ital = true, true
	hyphen := false
	flush := func() {
		if b.Len() > 0 {
			out = append(out, word{Text: expandLigatures(b.String()), Bold: bold && any, Italic: ital && any, Hyphen: hyphen})
		}
		b.Reset()
		bold, ital, any, inSup, hyphen = true, true, false, false, false
	}
	for _, c := range l.Chars {
		switch {
		case c.Space:
			flush()
			continue
		case c.Hyphen:
			hyphen = true
			continue
		}
		if c.Super {
			if !inSup {
				b.WriteByte('^')
			}
			inSup = true
			b.WriteRune(c.R)
			continue
		}
		if inSup && (unicode.IsLetter(c.R) || unicode.IsDigit(c.R)) {
			flush()
		}
		inSup = false
		hyphen = false
		b.WriteRune(c.R)
		any = true
		bold = bold && c.Bold
		ital = ital && c.Italic
	}
	flush()
	return out
}

// plain renders words without emphasis.
func plain(ws []word) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.Text
	}
	return strings.Join(parts, " ")
}

// emphasised renders words with **bold** and *italic* runs. Italic runs
// need a word of three letters or more, so lone math letters in italic
// fonts are not marked.
func emphasised(ws []word) string {
	var b strings.Builder
	for i := 0; i < len(ws); {
		j := i + 1
		for j < len(ws) && ws[j].Bold == ws[i].Bold && ws[j].Italic == ws[i].Italic {
			j++
		}
		run := plain(ws[i:j])
		mark := ""
		if ws[i].Bold {
			mark = "**"
		}
		if ws[i].Italic && hasLongWord(ws[i:j]) {
			mark += "*"
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(mark)
		b.WriteString(run)
		b.WriteString(reverse(mark))
		i = j
	}
	return b.String()
}

func hasLongWord(ws []word) bool {
	for _, w := range ws {
		n := 0
		for _, r := range w.Text {
			if unicode.IsLetter(r) {
				n++
			}
		}
		if n >= 3 {
			return true
		}
	}
	return false
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// stars counts the '*' at the start (or end) of s, up to three.
func stars(s string, end bool) int {
	n := 0
	for n < len(s) && n < 3 {
		i := n
		if end {
			i = len(s) - 1 - n
		}
		if s[i] != '*' {
			break
		}
		n++
	}
	return n
}

// mergeEmphasis joins a run closing at the end of a with the same kind of
// run opening at b, so "*a* *b*" becomes "*a b*" across line breaks.
func mergeEmphasis(a, b, sep string) (string, bool) {
	n := stars(a, true)
	if n == 0 || n != stars(b, false) || len(a) <= 2*n || len(b) <= 2*n {
		return "", false
	}
	return a[:len(a)-n] + sep + b[n:], true
}

// tidyEmphasis merges adjacent runs of the same emphasis inside a line.
func tidyEmphasis(s string) string {
	for _, m := range []string{"*** ***", "** **", "* *"} {
		from := 0
		for {
			k := strings.Index(s[from:], m)
			if k < 0 {
				break
			}
			i, j := from+k, from+k+len(m)
			// Only exact matches: no extra '*' on either side.
			if i > 0 && s[i-1] == '*' || j < len(s) && s[j] == '*' {
				from = i + 1
				continue
			}
			s = s[:i] + " " + s[j:]
			from = i
		}
	}
	return s
}

// joinLines joins the rendered lines of a paragraph: a PDFium soft hyphen
// at a line end is removed and the word is rejoined; a real hyphen is kept
// and the next line follows without a space.
func joinLines(parts []string, hyph []bool) string {
	out := ""
	for i, p := range parts {
		if i == 0 {
			out = p
			continue
		}
		sep := " "
		if hyph[i-1] || strings.HasSuffix(out, "-") && len(out) > 1 {
			sep = ""
		}
		if m, ok := mergeEmphasis(out, p, sep); ok {
			out = m
			continue
		}
		out += sep + p
	}
	return tidyEmphasis(out)
}
