package blobtest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/extralit/extralit-go/internal/blob"
)

// badKeys break the key rules; every Store must refuse them.
var badKeys = map[string]string{
	"empty":               "",
	"absolute":            "/etc/passwd",
	"trailing slash":      "ws/pdf/",
	"empty segment":       "ws//pdf",
	"dot segment":         "ws/./pdf",
	"dot-dot segment":     "ws/../../etc/passwd",
	"only dot-dot":        "..",
	"backslash":           "ws\\..\\x",
	"NUL":                 "ws/a\x00b",
	"newline":             "ws/a\nb",
	"invalid UTF-8":       "ws/\xff\xfe",
	"too long":            strings.Repeat("a/", blob.MaxKeyLength/2) + "a",
	"segment too long":    "ws/" + strings.Repeat("x", blob.MaxSegmentLength+1),
	"dot-dot at the end":  "ws/..",
	"windows-style climb": "..\\..\\x",
}

func testInvalidKeys(t *testing.T, s blob.Store) {
	for name, key := range badKeys {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			if _, err := s.Put(ctx, key, strings.NewReader("x"), 1, blob.PutOptions{}); !errors.Is(err, blob.ErrInvalidKey) {
				t.Errorf("Put(%q) error = %v, want ErrInvalidKey", key, err)
			}
			if rc, _, err := s.Get(ctx, key); !errors.Is(err, blob.ErrInvalidKey) {
				if rc != nil {
					rc.Close()
				}
				t.Errorf("Get(%q) error = %v, want ErrInvalidKey", key, err)
			}
			if _, err := s.Stat(ctx, key); !errors.Is(err, blob.ErrInvalidKey) {
				t.Errorf("Stat(%q) error = %v, want ErrInvalidKey", key, err)
			}
			if err := s.Delete(ctx, key); !errors.Is(err, blob.ErrInvalidKey) {
				t.Errorf("Delete(%q) error = %v, want ErrInvalidKey", key, err)
			}
		})
	}
	if keys := listKeys(t, s, "", blob.ListOptions{Recursive: true}); len(keys) != 0 {
		t.Errorf("refused Puts stored %q", keys)
	}
	// A long valid key is accepted. It stays below MaxKeyLength so an S3
	// store may add a key prefix of up to 124 bytes.
	long := strings.Repeat("abcdefg/", 112) + "abcd"
	if len(long) != 900 {
		t.Fatalf("test key is %d bytes, want 900", len(long))
	}
	put(t, s, long, []byte("long"), blob.PutOptions{})
	wantContent(t, s, long, []byte("long"))
}

func testInvalidMetadata(t *testing.T, s blob.Store) {
	tests := map[string]blob.PutOptions{
		"bad content type":       {ContentType: "not a type"},
		"control in type":        {ContentType: "text/plain\r\nX-Injected: 1"},
		"space in key":           {Metadata: map[string]string{"bad key": "v"}},
		"underscore in key":      {Metadata: map[string]string{"bad_key": "v"}},
		"empty key":              {Metadata: map[string]string{"": "v"}},
		"non-ASCII value":        {Metadata: map[string]string{"k": "café"}},
		"newline in value":       {Metadata: map[string]string{"k": "a\nb"}},
		"keys differ by case":    {Metadata: map[string]string{"Key": "1", "key": "2"}},
		"over the metadata size": {Metadata: map[string]string{"k": strings.Repeat("v", blob.MaxMetadataSize)}},
	}
	for name, opts := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := s.Put(t.Context(), "ws/meta", strings.NewReader("x"), 1, opts)
			if !errors.Is(err, blob.ErrInvalidMetadata) {
				t.Errorf("Put with %+v: error = %v, want ErrInvalidMetadata", opts, err)
			}
			wantNotFound(t, s, "ws/meta")
		})
	}
}

// errBroken is the error of failingReader.
var errBroken = errors.New("blobtest: connection dropped")

// failingReader yields the first n bytes of data, then errBroken.
type failingReader struct {
	data []byte
	n    int
	off  int
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.off >= f.n {
		return 0, errBroken
	}
	m := copy(p, f.data[f.off:f.n])
	f.off += m
	return m, nil
}

func testFailedUpload(t *testing.T, s blob.Store) {
	large := content(4, LargeSize)
	tests := []struct {
		name   string
		failAt int
	}{
		{"at the start", 0},
		{"after 1 KiB", 1 << 10},
		{"after 7 MiB (past the first S3 part)", 7 << 20},
		{"one byte short of the end", LargeSize - 1},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, size := range []int64{int64(len(large)), -1} {
				fresh := "ws/fail/fresh-" + string(rune('a'+i))
				_, err := s.Put(t.Context(), fresh, &failingReader{data: large, n: tt.failAt}, size, blob.PutOptions{})
				if !errors.Is(err, errBroken) {
					t.Fatalf("Put (size %d) with a reader failing %s: error = %v, want the reader's error", size, tt.name, err)
				}
				wantNotFound(t, s, fresh)

				existing := "ws/fail/existing-" + string(rune('a'+i))
				old := put(t, s, existing, []byte("old version"), blob.PutOptions{ContentType: "text/plain", Metadata: map[string]string{"v": "old"}})
				_, err = s.Put(t.Context(), existing, &failingReader{data: large, n: tt.failAt}, size, blob.PutOptions{ContentType: "application/pdf"})
				if !errors.Is(err, errBroken) {
					t.Fatalf("overwriting Put (size %d) with a reader failing %s: error = %v, want the reader's error", size, tt.name, err)
				}
				got := wantContent(t, s, existing, []byte("old version"))
				sameVersion(t, "object after a failed overwrite", got, old)
				if got.ContentType != "text/plain" || got.Metadata["v"] != "old" {
					t.Errorf("after a failed overwrite: ContentType %q, Metadata %v; want the old ones", got.ContentType, got.Metadata)
				}
			}
		})
	}
	if keys := listKeys(t, s, "ws/fail/", blob.ListOptions{Recursive: true}); len(keys) != len(tests) {
		t.Errorf("after failed uploads the store lists %q, want only the %d existing-* objects", keys, len(tests))
	}
}

func testSizeMismatch(t *testing.T, s blob.Store) {
	data := content(5, 300_000)
	tests := []struct {
		name     string
		declared int64
	}{
		{"reader shorter than declared", int64(len(data)) + 1},
		{"reader longer than declared", int64(len(data)) - 1},
		{"empty declared, reader not empty", 0},
		{"negative size other than -1", -2},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := "ws/size/" + string(rune('a'+i))
			_, err := s.Put(t.Context(), key, bytes.NewReader(data), tt.declared, blob.PutOptions{})
			if !errors.Is(err, blob.ErrSizeMismatch) {
				t.Fatalf("Put(%d bytes declared as %d) error = %v, want ErrSizeMismatch", len(data), tt.declared, err)
			}
			wantNotFound(t, s, key)
		})
	}
}

// cancelingReader cancels its context once it has yielded n bytes.
type cancelingReader struct {
	r      io.Reader
	n      int
	cancel context.CancelFunc
}

func (c *cancelingReader) Read(p []byte) (int, error) {
	m, err := c.r.Read(p)
	if c.n -= m; c.n <= 0 {
		c.cancel()
	}
	return m, err
}

func testCanceledContext(t *testing.T, s blob.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.Put(ctx, "ws/canceled", strings.NewReader("x"), 1, blob.PutOptions{}); err == nil {
		t.Errorf("Put with a canceled context succeeded")
	}
	wantNotFound(t, s, "ws/canceled")

	data := content(6, LargeSize)
	ctx, cancel = context.WithCancel(t.Context())
	defer cancel()
	r := &cancelingReader{r: bytes.NewReader(data), n: 6 << 20, cancel: cancel}
	if _, err := s.Put(ctx, "ws/canceled-midway", r, int64(len(data)), blob.PutOptions{}); err == nil {
		t.Errorf("Put whose context was canceled midway succeeded")
	}
	wantNotFound(t, s, "ws/canceled-midway")
}
