package blob

import (
	"fmt"
	"maps"
	"mime"
	"strings"
)

// MaxMetadataSize is the most bytes user metadata keys and values may take
// together: S3 allows 2 KiB of user-defined metadata per object.
const MaxMetadataSize = 2048

// NormalizePutOptions checks opts and returns them in the form backends store:
// an empty content type replaced by DefaultContentType and metadata keys in
// lower case (nil when there are none). The error wraps ErrInvalidMetadata and
// says which entry is wrong.
func NormalizePutOptions(opts PutOptions) (PutOptions, error) {
	out := PutOptions{ContentType: opts.ContentType}
	if out.ContentType == "" {
		out.ContentType = DefaultContentType
	}
	if !isPrintableASCII(out.ContentType) {
		return PutOptions{}, fmt.Errorf("%w: content type %q is not printable ASCII", ErrInvalidMetadata, out.ContentType)
	}
	mt, _, err := mime.ParseMediaType(out.ContentType)
	if err != nil {
		return PutOptions{}, fmt.Errorf("%w: content type %q: %v", ErrInvalidMetadata, out.ContentType, err)
	}
	if typ, sub, ok := strings.Cut(mt, "/"); !ok || typ == "" || sub == "" {
		return PutOptions{}, fmt.Errorf("%w: content type %q is not of the form type/subtype", ErrInvalidMetadata, out.ContentType)
	}
	if len(opts.Metadata) == 0 {
		return out, nil
	}
	out.Metadata = make(map[string]string, len(opts.Metadata))
	total := 0
	for k, v := range opts.Metadata {
		if k == "" {
			return PutOptions{}, fmt.Errorf("%w: metadata key is empty", ErrInvalidMetadata)
		}
		if i := strings.IndexFunc(k, notMetadataKeyRune); i >= 0 {
			return PutOptions{}, fmt.Errorf("%w: metadata key %q holds %q; use ASCII letters, digits and \"-\"", ErrInvalidMetadata, k, k[i])
		}
		if !isPrintableASCII(v) {
			return PutOptions{}, fmt.Errorf("%w: metadata %q value %q is not printable ASCII", ErrInvalidMetadata, k, v)
		}
		lk := strings.ToLower(k)
		if _, dup := out.Metadata[lk]; dup {
			return PutOptions{}, fmt.Errorf("%w: metadata key %q given twice (keys are case-insensitive)", ErrInvalidMetadata, lk)
		}
		out.Metadata[lk] = v
		total += len(lk) + len(v)
	}
	if total > MaxMetadataSize {
		return PutOptions{}, fmt.Errorf("%w: metadata takes %d bytes, more than %d", ErrInvalidMetadata, total, MaxMetadataSize)
	}
	return out, nil
}

// CloneMetadata returns a copy of m, or nil when m is empty, so callers
// never share a map with a Store.
func CloneMetadata(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return maps.Clone(m)
}

func notMetadataKeyRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-')
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
