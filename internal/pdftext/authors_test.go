package pdftext

import "testing"

func TestAuthorList(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Jorge Javier Muso Cachumba, Felipe Antonio Fernandes Antunes, Guilherme Fernando Dias Peres, Júlio César dos Santos, Silvio Silvério Da Silva^∗", true},
		{"Ann Author, Bob Writer and Carl Reader, Dana Smith", true},
		{"Paul Ralph^1", true},
		{"ANDREW CHARLES*", true},
		{"Ludwig van Beethoven^a", true},
		{"Methods, Results, and Discussion", false},
		{"Infrastructure, Energy Consumption and Carbon Emissions", false},
		{"Data Availability", false},
		{"Related Work^2 and Other Approaches", false},
		{"Acknowledgements*", false},
		{"3 Paul Ralph^1", false},
		{"Methods, Data Sets, and Discussion", false},
		{"Results in 2019, 2020, 2021", false},
	}
	for _, tt := range tests {
		if got := authorList(tt.in); got != tt.want {
			t.Errorf("authorList(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
