package hfspace_test

import (
	"testing"

	"github.com/extralit/extralit-go/internal/hfspace"
)

func TestCheckIDAndHost(t *testing.T) {
	tests := []struct {
		id    string
		valid bool
		host  string
	}{
		{"ada/lab", true, "ada-lab.hf.space"},
		{"Ada_Org/My.Lab", true, "ada-org-my-lab.hf.space"},
		{"ada", false, ""},
		{"ada/lab/x", false, ""},
		{"/lab", false, ""},
		{"ada/..", false, ""},
		{"ada/la b", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			err := hfspace.CheckID(tt.id)
			if (err == nil) != tt.valid {
				t.Fatalf("CheckID(%q) = %v, want valid %v", tt.id, err, tt.valid)
			}
			if tt.valid {
				if got := hfspace.Host(tt.id); got != tt.host {
					t.Errorf("Host(%q) = %q, want %q", tt.id, got, tt.host)
				}
			}
		})
	}
}
