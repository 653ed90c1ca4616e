package blobtest

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/extralit/extralit-go/internal/blob"
)

func testGetRange(t *testing.T, s blob.Store) {
	small := content(7, 1000)
	large := content(8, LargeSize)
	put(t, s, "ws/small", small, blob.PutOptions{ContentType: "application/pdf"})
	put(t, s, "ws/empty", nil, blob.PutOptions{})
	put(t, s, "ws/large", large, blob.PutOptions{})
	tests := []struct {
		name           string
		key            string
		data           []byte
		offset, length int64
		wantErr        error
	}{
		{"whole", "ws/small", small, 0, -1, nil},
		{"head", "ws/small", small, 0, 10, nil},
		{"middle", "ws/small", small, 100, 200, nil},
		{"tail", "ws/small", small, 990, -1, nil},
		{"length past the end", "ws/small", small, 990, 100, nil},
		{"last byte", "ws/small", small, 999, 1, nil},
		{"at the end", "ws/small", small, 1000, -1, nil},
		{"zero length", "ws/small", small, 10, 0, nil},
		{"past the end", "ws/small", small, 1001, -1, blob.ErrInvalidRange},
		{"negative offset", "ws/small", small, -1, 5, blob.ErrInvalidRange},
		{"negative length", "ws/small", small, 5, -2, blob.ErrInvalidRange},
		{"empty object whole", "ws/empty", nil, 0, -1, nil},
		{"empty object past the end", "ws/empty", nil, 1, -1, blob.ErrInvalidRange},
		{"across S3 part boundaries", "ws/large", large, 5<<20 - 10, 5<<20 + 20, nil},
		{"large tail", "ws/large", large, LargeSize - 7, -1, nil},
		{"missing object", "ws/missing", nil, 0, -1, blob.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc, in, err := s.GetRange(t.Context(), tt.key, tt.offset, tt.length)
			if tt.wantErr != nil {
				if rc != nil {
					rc.Close()
				}
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("GetRange(%q, %d, %d) error = %v, want %v", tt.key, tt.offset, tt.length, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("GetRange(%q, %d, %d): %v", tt.key, tt.offset, tt.length, err)
			}
			got, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatalf("GetRange(%q, %d, %d): read: %v", tt.key, tt.offset, tt.length, err)
			}
			end := int64(len(tt.data))
			if tt.length >= 0 && tt.offset+tt.length < end {
				end = tt.offset + tt.length
			}
			if want := tt.data[tt.offset:end]; !bytes.Equal(got, want) {
				t.Errorf("GetRange(%q, %d, %d) = %d bytes, want %d bytes [%d:%d]", tt.key, tt.offset, tt.length, len(got), len(want), tt.offset, end)
			}
			sameVersion(t, "GetRange Info vs Stat", in, stat(t, s, tt.key))
		})
	}
}
