package blob_test

import (
	"errors"
	"testing"

	"github.com/extralit/extralit-go/internal/blob"
)

func TestCheckRange(t *testing.T) {
	tests := []struct {
		offset, length, size int64
		want                 int64
		wantErr              bool
	}{
		{0, -1, 100, 100, false},
		{0, 10, 100, 10, false},
		{90, 50, 100, 10, false},
		{100, -1, 100, 0, false},
		{0, -1, 0, 0, false},
		{5, 0, 100, 0, false},
		{101, -1, 100, 0, true},
		{-1, 1, 100, 0, true},
		{0, -2, 100, 0, true},
	}
	for _, tt := range tests {
		got, err := blob.CheckRange(tt.offset, tt.length, tt.size)
		if tt.wantErr {
			if !errors.Is(err, blob.ErrInvalidRange) {
				t.Errorf("CheckRange(%d, %d, %d) error = %v, want ErrInvalidRange", tt.offset, tt.length, tt.size, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("CheckRange(%d, %d, %d) = %d, %v; want %d, nil", tt.offset, tt.length, tt.size, got, err, tt.want)
		}
	}
}
