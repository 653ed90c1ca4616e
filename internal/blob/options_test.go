package blob_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/google/go-cmp/cmp"
)

func TestNormalizePutOptions(t *testing.T) {
	tests := []struct {
		name    string
		in      blob.PutOptions
		want    blob.PutOptions
		wantErr string
	}{
		{"defaults", blob.PutOptions{}, blob.PutOptions{ContentType: blob.DefaultContentType}, ""},
		{"type kept", blob.PutOptions{ContentType: "application/pdf"}, blob.PutOptions{ContentType: "application/pdf"}, ""},
		{"keys lowered", blob.PutOptions{ContentType: "text/plain", Metadata: map[string]string{"Document-ID": "x", "a": ""}},
			blob.PutOptions{ContentType: "text/plain", Metadata: map[string]string{"document-id": "x", "a": ""}}, ""},
		{"empty map is nil", blob.PutOptions{Metadata: map[string]string{}}, blob.PutOptions{ContentType: blob.DefaultContentType}, ""},
		{"bad type", blob.PutOptions{ContentType: "pdf"}, blob.PutOptions{}, `content type "pdf"`},
		{"header injection", blob.PutOptions{ContentType: "text/plain\r\nX: y"}, blob.PutOptions{}, "not printable ASCII"},
		{"key with underscore", blob.PutOptions{Metadata: map[string]string{"a_b": "v"}}, blob.PutOptions{}, `metadata key "a_b"`},
		{"value with newline", blob.PutOptions{Metadata: map[string]string{"k": "a\nb"}}, blob.PutOptions{}, "not printable ASCII"},
		{"duplicate by case", blob.PutOptions{Metadata: map[string]string{"K": "1", "k": "2"}}, blob.PutOptions{}, "given twice"},
		{"too big", blob.PutOptions{Metadata: map[string]string{"k": strings.Repeat("v", blob.MaxMetadataSize)}}, blob.PutOptions{}, "more than 2048"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := blob.NormalizePutOptions(tt.in)
			if tt.wantErr != "" {
				if !errors.Is(err, blob.ErrInvalidMetadata) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("NormalizePutOptions(%+v) error = %v, want ErrInvalidMetadata containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("NormalizePutOptions(%+v): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("NormalizePutOptions(%+v) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestNormalizePutOptionsDoesNotShareMaps(t *testing.T) {
	in := map[string]string{"k": "v"}
	got, err := blob.NormalizePutOptions(blob.PutOptions{Metadata: in})
	if err != nil {
		t.Fatal(err)
	}
	got.Metadata["k"] = "changed"
	if in["k"] != "v" {
		t.Errorf("changing the result changed the caller's map: %v", in)
	}
}
