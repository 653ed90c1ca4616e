package memory

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenize calls emit with each word of s, lowercased, in order. A word is
// a run of letters, digits and marks (and '_'), which may hold a single
// '.', '\” or '’' between two letters or digits ("e.g", "don't", "3.25") and
// a ',' between two digits ("1,000"). Han, Hiragana and Katakana characters
// are words on their own, since those scripts do not separate words with
// spaces. This follows the Unicode word boundaries (UAX #29) closely enough
// for search, at a fraction of their cost.
func tokenize(s string, emit func(word string)) {
	start := -1 // byte offset of the word being read, or -1
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isIdeograph(r):
			if start >= 0 {
				emitWord(s[start:i], emit)
				start = -1
			}
			emitWord(s[i:i+size], emit)
		case isWordRune(r):
			if start < 0 {
				start = i
			}
		case start >= 0 && joins(s, i, r, size):
			// Part of the word: the next rune continues it.
		default:
			if start >= 0 {
				emitWord(s[start:i], emit)
				start = -1
			}
		}
		i += size
	}
	if start >= 0 {
		emitWord(s[start:], emit)
	}
}

// joins reports whether the punctuation r at s[i:i+size], inside a word,
// joins the runes on its two sides into one word.
func joins(s string, i int, r rune, size int) bool {
	switch r {
	case '.', '\'', '’', ',':
	default:
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	next, _ := utf8.DecodeRuneInString(s[i+size:])
	if r == ',' {
		return unicode.IsDigit(prev) && unicode.IsDigit(next)
	}
	return isWordRune(prev) && !isIdeograph(prev) && isWordRune(next) && !isIdeograph(next)
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isIdeograph(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}

// emitWord lowercases w, without allocating when it is lowercase ASCII.
func emitWord(w string, emit func(string)) {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			emit(strings.ToLower(w))
			return
		}
	}
	emit(w)
}
