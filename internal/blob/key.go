package blob

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Key length limits. MaxKeyLength is S3's own limit; MaxSegmentLength is the
// file-name limit (NAME_MAX) of common file systems.
const (
	MaxKeyLength     = 1024
	MaxSegmentLength = 255
)

// ValidateKey reports whether key follows the key rules of the package
// documentation. The error wraps ErrInvalidKey and says what is wrong.
func ValidateKey(key string) error {
	if key == "" {
		return fmt.Errorf("%w: key is empty", ErrInvalidKey)
	}
	if strings.HasSuffix(key, "/") {
		return fmt.Errorf("%w: key %q ends with \"/\"", ErrInvalidKey, key)
	}
	return checkPath(key, "key")
}

// ValidatePrefix reports whether prefix may be passed to List: empty, or a
// key-like path that may end with "/". The error wraps ErrInvalidKey.
func ValidatePrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	return checkPath(strings.TrimSuffix(prefix, "/"), "prefix")
}

// ValidateDeletePrefix reports whether prefix may be passed to DeletePrefix:
// a valid prefix that is not empty and ends with "/", so that deleting one
// workspace's "ws1/" can never reach "ws10/". The error wraps ErrInvalidKey.
func ValidateDeletePrefix(prefix string) error {
	if prefix == "" || !strings.HasSuffix(prefix, "/") {
		return fmt.Errorf("%w: prefix %q to delete must be non-empty and end with \"/\"", ErrInvalidKey, prefix)
	}
	return ValidatePrefix(prefix)
}

// ValidateStartAfter reports whether s may be used as ListOptions.StartAfter.
// It is only compared with keys, never used as a path, so any valid UTF-8
// string without control characters and no longer than a key is accepted.
func ValidateStartAfter(s string) error {
	if len(s) > MaxKeyLength {
		return fmt.Errorf("%w: start-after is %d bytes long, more than %d", ErrInvalidKey, len(s), MaxKeyLength)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: start-after %q is not valid UTF-8", ErrInvalidKey, s)
	}
	if i := strings.IndexFunc(s, isControl); i >= 0 {
		return fmt.Errorf("%w: start-after %q holds control character %U at byte %d", ErrInvalidKey, s, s[i], i)
	}
	return nil
}

// checkPath applies the rules shared by keys and prefixes to p, which has no
// trailing "/". what names p in messages.
func checkPath(p, what string) error {
	if len(p) > MaxKeyLength {
		return fmt.Errorf("%w: %s is %d bytes long, more than %d", ErrInvalidKey, what, len(p), MaxKeyLength)
	}
	if !utf8.ValidString(p) {
		return fmt.Errorf("%w: %s %q is not valid UTF-8", ErrInvalidKey, what, p)
	}
	if strings.HasPrefix(p, "/") {
		return fmt.Errorf("%w: %s %q is absolute (starts with \"/\")", ErrInvalidKey, what, p)
	}
	if i := strings.IndexByte(p, '\\'); i >= 0 {
		return fmt.Errorf("%w: %s %q holds a backslash at byte %d", ErrInvalidKey, what, p, i)
	}
	if i := strings.IndexFunc(p, isControl); i >= 0 {
		return fmt.Errorf("%w: %s %q holds control character %U at byte %d", ErrInvalidKey, what, p, p[i], i)
	}
	for seg := range strings.SplitSeq(p, "/") {
		switch {
		case seg == "":
			return fmt.Errorf("%w: %s %q has an empty segment (\"//\")", ErrInvalidKey, what, p)
		case seg == "." || seg == "..":
			return fmt.Errorf("%w: %s %q has a %q segment", ErrInvalidKey, what, p, seg)
		case len(seg) > MaxSegmentLength:
			return fmt.Errorf("%w: %s %q has a segment of %d bytes, more than %d", ErrInvalidKey, what, p, len(seg), MaxSegmentLength)
		}
	}
	return nil
}

// isControl reports whether r is a C0 control character or DEL. NUL is one.
func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f
}
