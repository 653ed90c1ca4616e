package pdftext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// nameParticles are the lower-case words that may sit inside a personal
// name ("Ludwig van Beethoven", "Júlio César dos Santos").
var nameParticles = map[string]bool{
	"de": true, "da": true, "das": true, "do": true, "dos": true, "del": true, "della": true,
	"der": true, "den": true, "di": true, "du": true, "la": true, "le": true, "van": true, "von": true, "y": true,
}

// authorList reports a heading that is a list of personal names: three or
// more comma-separated parts of two to five capitalised words each
// ("Jorge Muso Cachumba, Felipe Antunes, Silvio Da Silva^∗"), or a single
// name of two to four such words that ends in a note mark ("Paul
// Ralph^1", "ANDREW CHARLES*"). Superscript marks are ignored when the
// words are counted. Section titles that list things ("Methods, Results
// and Discussion") have one-word parts or a lower-case "and", so they do
// not count.
func authorList(s string) bool {
	if sectionNumber(s) > 0 {
		return false
	}
	parts := strings.Split(s, ",")
	if len(parts) >= 3 {
		for _, p := range strings.Split(strings.ReplaceAll(s, " and ", ","), ",") {
			p = strings.TrimPrefix(strings.TrimSpace(p), "and ")
			if p == "" {
				continue // the comma before "and"
			}
			if n := nameWords(p); n < 2 || n > 5 {
				return false
			}
		}
		return true
	}
	t := strings.TrimSpace(s)
	marked := strings.HasSuffix(t, "*") && !strings.HasSuffix(t, "**")
	if i := strings.LastIndexByte(t, '^'); i > 0 && !strings.ContainsAny(t[i:], " ") {
		marked = true
	}
	n := nameWords(t)
	return len(parts) == 1 && marked && n >= 2 && n <= 4
}

// nameWords counts the words of a personal name in s after dropping
// superscript marks and trailing stars, and returns 0 when a word is
// neither capitalised nor a name particle, or has no letter.
func nameWords(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		if i := strings.IndexByte(w, '^'); i >= 0 {
			w = w[:i]
		}
		w = strings.TrimRight(w, "*∗†‡")
		if w == "" {
			continue
		}
		if nameParticles[w] {
			n++
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || !strings.ContainsFunc(w, unicode.IsLetter) || strings.ContainsAny(w, "0123456789:;()") {
			return 0
		}
		n++
	}
	return n
}
