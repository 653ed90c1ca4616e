package blobtest

import (
	"bytes"
	"io"
	"testing"
	"testing/iotest"
	"time"

	"github.com/extralit/extralit-go/internal/blob"
)

func testRoundTrip(t *testing.T, s blob.Store) {
	tests := []struct {
		name string
		key  string
		data []byte
	}{
		{"empty", "ws/empty", nil},
		{"one byte", "ws/one", []byte{0}},
		{"text", "ws/pdf/doc.md", []byte("# Title\n\nSome *markdown*.\n")},
		{"binary 64KiB", "ws/pdf/0b5e4c1a-7f3e-4d0b-9d0e-5c4f1b2a3d4e", content(1, 64<<10)},
		{"unicode and spaces", "ws/pdf/résumé 2024 (final).pdf", []byte("%PDF-1.7")},
		{"URL-special characters", "ws/a+b=c&d;e,f!g'h@i$j%20k~l#m?n", []byte("special")},
		{"deep key", "a/b/c/d/e/f/g/h/i/j/k", []byte("deep")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := time.Now().Add(-2 * time.Second)
			putInfo := put(t, s, tt.key, tt.data, blob.PutOptions{ContentType: "text/plain; charset=utf-8"})
			after := time.Now().Add(2 * time.Second)
			if putInfo.Key != tt.key || putInfo.Size != int64(len(tt.data)) || putInfo.ETag == "" {
				t.Fatalf("Put returned %+v, want Key %q, Size %d and an ETag", putInfo, tt.key, len(tt.data))
			}
			if putInfo.LastModified.Before(before) || putInfo.LastModified.After(after) {
				t.Errorf("Put LastModified = %v, want between %v and %v", putInfo.LastModified, before, after)
			}
			getInfo := wantContent(t, s, tt.key, tt.data)
			sameVersion(t, "Get Info vs Put Info", getInfo, putInfo)
			statInfo := stat(t, s, tt.key)
			sameVersion(t, "Stat Info vs Put Info", statInfo, putInfo)
			for _, in := range []blob.Info{putInfo, getInfo, statInfo} {
				if in.ContentType != "text/plain; charset=utf-8" {
					t.Errorf("ContentType = %q, want %q", in.ContentType, "text/plain; charset=utf-8")
				}
				if in.IsDir {
					t.Errorf("Info %+v has IsDir set", in)
				}
			}
			listed, err := s.List(t.Context(), tt.key, blob.ListOptions{Recursive: true})
			if err != nil {
				t.Fatalf("List(%q): %v", tt.key, err)
			}
			if len(listed) != 1 {
				t.Fatalf("List(%q) = %v, want exactly the object", tt.key, keysOf(listed))
			}
			sameVersion(t, "List entry vs Put Info", listed[0], putInfo)
		})
	}
}

func testLargeObject(t *testing.T, s blob.Store) {
	data := content(2, LargeSize)
	tests := []struct {
		name string
		size int64
		r    func() io.Reader
	}{
		{"known size", int64(len(data)), func() io.Reader { return bytes.NewReader(data) }},
		// Unknown size, delivered in odd small reads.
		{"unknown size", -1, func() io.Reader { return iotest.HalfReader(bytes.NewReader(data)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := "ws/large/" + tt.name
			in, err := s.Put(t.Context(), key, tt.r(), tt.size, blob.PutOptions{ContentType: "application/pdf"})
			if err != nil {
				t.Fatalf("Put(%q, %d bytes): %v", key, len(data), err)
			}
			if in.Size != int64(len(data)) {
				t.Fatalf("Put Info.Size = %d, want %d", in.Size, len(data))
			}
			got := wantContent(t, s, key, data)
			sameVersion(t, "Get Info vs Put Info", got, in)
		})
	}
}

func testOverwrite(t *testing.T, s blob.Store) {
	key := "ws/pdf/doc"
	v1 := put(t, s, key, []byte("version one"), blob.PutOptions{ContentType: "text/plain", Metadata: map[string]string{"version": "1"}})
	v2data := content(3, 100_000)
	v2 := put(t, s, key, v2data, blob.PutOptions{ContentType: "application/pdf"})
	if v1.ETag == v2.ETag {
		t.Fatalf("ETag unchanged (%q) after overwriting with different content", v1.ETag)
	}
	got := wantContent(t, s, key, v2data)
	sameVersion(t, "Get after overwrite", got, v2)
	if got.ContentType != "application/pdf" {
		t.Errorf("ContentType after overwrite = %q, want %q", got.ContentType, "application/pdf")
	}
	if got.Metadata != nil {
		t.Errorf("Metadata after overwrite without metadata = %v, want none", got.Metadata)
	}
	keys := listKeys(t, s, "", blob.ListOptions{Recursive: true})
	if len(keys) != 1 || keys[0] != key {
		t.Errorf("List after overwrite = %q, want just %q", keys, key)
	}
	// Same content again: same ETag.
	v3 := put(t, s, key, v2data, blob.PutOptions{ContentType: "application/pdf"})
	if v3.ETag != v2.ETag {
		t.Errorf("ETag for identical content changed from %q to %q", v2.ETag, v3.ETag)
	}
}

func testNotFound(t *testing.T, s blob.Store) {
	wantNotFound(t, s, "ws/missing")
	put(t, s, "ws/dir/object", []byte("x"), blob.PutOptions{})
	// A prefix of stored keys is not an object, nor is a path below one.
	for _, key := range []string{"ws/dir", "ws", "ws/dir/object/below", "ws/dir/obj"} {
		wantNotFound(t, s, key)
	}
}

func testContentTypeAndMetadata(t *testing.T, s blob.Store) {
	tests := []struct {
		name     string
		opts     blob.PutOptions
		wantType string
		wantMeta map[string]string
	}{
		{"defaults", blob.PutOptions{}, blob.DefaultContentType, nil},
		{"pdf with metadata", blob.PutOptions{
			ContentType: "application/pdf",
			Metadata:    map[string]string{"Document-Id": "0b5e4c1a", "workspace": "ws one", "pages": "12"},
		}, "application/pdf", map[string]string{"document-id": "0b5e4c1a", "workspace": "ws one", "pages": "12"}},
		{"parameters kept", blob.PutOptions{ContentType: "text/markdown; charset=utf-8"}, "text/markdown; charset=utf-8", nil},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := "ws/meta/" + string(rune('a'+i))
			put(t, s, key, []byte("body"), tt.opts)
			_, got := get(t, s, key)
			for what, in := range map[string]blob.Info{"Get": got, "Stat": stat(t, s, key)} {
				if in.ContentType != tt.wantType {
					t.Errorf("%s ContentType = %q, want %q", what, in.ContentType, tt.wantType)
				}
				if !equalMeta(in.Metadata, tt.wantMeta) {
					t.Errorf("%s Metadata = %v, want %v", what, in.Metadata, tt.wantMeta)
				}
			}
		})
	}
}

// equalMeta compares metadata maps, treating nil and empty alike.
func equalMeta(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
