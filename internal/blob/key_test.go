package blob_test

import (
	"errors"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/extralit/extralit-go/internal/blob"
)

func TestValidateKey(t *testing.T) {
	tests := []struct {
		name    string
		key     string
		wantErr string // substring of the message; "" means valid
	}{
		{"workspace pdf", "ws/pdf/0b5e4c1a", ""},
		{"single segment", "file.txt", ""},
		{"unicode", "ws/résumé 2024.pdf", ""},
		{"dots inside names", "ws/..hidden/a..b/...", ""},
		{"longest segment", "ws/" + strings.Repeat("s", blob.MaxSegmentLength), ""},
		{"longest key", strings.Repeat("abc/", blob.MaxKeyLength/4-1) + "abcd", ""},
		{"empty", "", "empty"},
		{"absolute", "/etc/passwd", "absolute"},
		{"trailing slash", "ws/", `ends with "/"`},
		{"empty segment", "a//b", "empty segment"},
		{"dot", "a/./b", `"." segment`},
		{"dot-dot", "a/../b", `".." segment`},
		{"leading dot-dot", "../b", `".." segment`},
		{"backslash", `a\b`, "backslash"},
		{"NUL", "a\x00b", "control character U+0000"},
		{"tab", "a\tb", "control character U+0009"},
		{"DEL", "a\x7fb", "control character U+007F"},
		{"invalid UTF-8", "a\xffb", "not valid UTF-8"},
		{"too long", strings.Repeat("a", blob.MaxKeyLength+1), "more than 1024"},
		{"segment too long", strings.Repeat("s", blob.MaxSegmentLength+1), "segment of 256 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := blob.ValidateKey(tt.key)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ValidateKey(%q) = %v, want nil", tt.key, err)
				}
				return
			}
			if !errors.Is(err, blob.ErrInvalidKey) {
				t.Fatalf("ValidateKey(%q) = %v, want ErrInvalidKey", tt.key, err)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ValidateKey(%q) = %q, want a message containing %q", tt.key, err, tt.wantErr)
			}
		})
	}
}

func TestValidatePrefix(t *testing.T) {
	tests := []struct {
		prefix   string
		valid    bool
		deletion bool // valid for DeletePrefix too
	}{
		{"", true, false},
		{"ws/", true, true},
		{"ws/pdf/", true, true},
		{"ws", true, false},
		{"ws/pd", true, false},
		{"/", false, false},
		{"/ws/", false, false},
		{"ws//", false, false},
		{"../", false, false},
		{"ws/../", false, false},
		{"ws\\", false, false},
	}
	for _, tt := range tests {
		err := blob.ValidatePrefix(tt.prefix)
		if got := err == nil; got != tt.valid {
			t.Errorf("ValidatePrefix(%q) = %v, want valid=%v", tt.prefix, err, tt.valid)
		}
		if err != nil && !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("ValidatePrefix(%q) = %v, want ErrInvalidKey", tt.prefix, err)
		}
		err = blob.ValidateDeletePrefix(tt.prefix)
		if got := err == nil; got != tt.deletion {
			t.Errorf("ValidateDeletePrefix(%q) = %v, want valid=%v", tt.prefix, err, tt.deletion)
		}
	}
}

func TestValidateStartAfter(t *testing.T) {
	for _, s := range []string{"", "ws/pdf/a", "../anything/at all", "ws/"} {
		if err := blob.ValidateStartAfter(s); err != nil {
			t.Errorf("ValidateStartAfter(%q) = %v, want nil", s, err)
		}
	}
	for _, s := range []string{"a\x00", "\xff", strings.Repeat("a", blob.MaxKeyLength+1)} {
		if err := blob.ValidateStartAfter(s); !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("ValidateStartAfter(%q) = %v, want ErrInvalidKey", s, err)
		}
	}
}

// FuzzValidateKey checks that every accepted key is a clean, local,
// relative path on every file system layout fileblob may use.
func FuzzValidateKey(f *testing.F) {
	for _, seed := range []string{"ws/pdf/a", "../x", "a//b", "/abs", `a\b`, "a/./b", "é/ü", "a\x00", ".", "..."} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, key string) {
		if blob.ValidateKey(key) != nil {
			return
		}
		if path.Clean(key) != key {
			t.Errorf("accepted key %q is not clean (Clean gives %q)", key, path.Clean(key))
		}
		if !filepath.IsLocal(filepath.FromSlash(key)) {
			t.Errorf("accepted key %q is not a local path", key)
		}
		if strings.ContainsAny(key, "\\\x00") || len(key) > blob.MaxKeyLength {
			t.Errorf("accepted key %q breaks a rule", key)
		}
	})
}
