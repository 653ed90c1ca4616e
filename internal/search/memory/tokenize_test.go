package memory

import (
	"slices"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Malaria vaccine trial", []string{"malaria", "vaccine", "trial"}},
		{"A randomized trial of the RTS,S vaccine.", []string{"a", "randomized", "trial", "of", "the", "rts", "s", "vaccine"}},
		{"zika!", []string{"zika"}},
		{"don't stop, e.g. now", []string{"don't", "stop", "e.g", "now"}},
		{"costs 3.25 or 1,000 dollars", []string{"costs", "3.25", "or", "1,000", "dollars"}},
		{"end. Next", []string{"end", "next"}},
		{"ÉCOLE naïve Straße", []string{"école", "naïve", "straße"}},
		{"snake_case x2", []string{"snake_case", "x2"}},
		{"日本語テキスト", []string{"日", "本", "語", "テ", "キ", "ス", "ト"}},
		{"", nil},
		{" ... ", nil},
		{"'quoted'", []string{"quoted"}},
	}
	for _, tc := range tests {
		var got []string
		tokenize(tc.in, func(w string) { got = append(got, w) })
		if !slices.Equal(got, tc.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"Malaria, 3.25 don't", "日本語", "a'", "'a", "1,", ",1", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tokenize(s, func(w string) {
			if w == "" {
				t.Fatalf("tokenize(%q) emitted an empty word", s)
			}
		})
	})
}
