// Package blobtest is the conformance suite every blob.Store backend runs:
// call Run from the backend's own test with a function that opens a fresh,
// empty store. The suite checks behaviour through the blob.Store interface
// only, so a backend that passes can replace another without its callers
// noticing.
package blobtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/blob"
)

// LargeSize is the size of the suite's large objects: above the 5 MiB
// minimum S3 part size, so a backend configured with small parts exercises
// multipart uploads.
const LargeSize = 12<<20 + 12345

// Run runs the conformance suite. newStore must return an empty store that
// is not shared with any other call; the suite closes it (and may close it
// twice). Subtests run in parallel.
func Run(t *testing.T, newStore func(t *testing.T) blob.Store) {
	t.Helper()
	tests := []struct {
		name string
		run  func(t *testing.T, s blob.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"LargeObject", testLargeObject},
		{"GetRange", testGetRange},
		{"Overwrite", testOverwrite},
		{"NotFound", testNotFound},
		{"ContentTypeAndMetadata", testContentTypeAndMetadata},
		{"InvalidMetadata", testInvalidMetadata},
		{"InvalidKeys", testInvalidKeys},
		{"List", testList},
		{"ListPaging", testListPaging},
		{"ListMatchesModel", testListMatchesModel},
		{"Delete", testDelete},
		{"DeletePrefix", testDeletePrefix},
		{"FailedUploadLeavesNothing", testFailedUpload},
		{"SizeMismatch", testSizeMismatch},
		{"CanceledContext", testCanceledContext},
		{"ConcurrentWritersDifferentKeys", testConcurrentDifferentKeys},
		{"ConcurrentWritersSameKey", testConcurrentSameKey},
		{"PutWhileDeletingNeighbours", testPutWhileDeletingNeighbours},
		{"Close", testClose},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStore(t)
			t.Cleanup(func() { _ = s.Close() })
			tt.run(t, s)
		})
	}
}

// content returns n deterministic pseudo-random bytes for seed.
func content(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n+8)
	for i := 0; i < n; i += 8 {
		binary.LittleEndian.PutUint64(b[i:], r.Uint64())
	}
	return b[:n:n]
}

// put stores data under key with a known size and fails the test on error.
func put(t *testing.T, s blob.Store, key string, data []byte, opts blob.PutOptions) blob.Info {
	t.Helper()
	in, err := s.Put(t.Context(), key, bytes.NewReader(data), int64(len(data)), opts)
	if err != nil {
		t.Fatalf("Put(%q, %d bytes): %v", key, len(data), err)
	}
	return in
}

// get reads the whole object under key and fails the test on error.
func get(t *testing.T, s blob.Store, key string) ([]byte, blob.Info) {
	t.Helper()
	rc, in, err := s.Get(t.Context(), key)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("Get(%q): read: %v", key, err)
	}
	return b, in
}

// stat returns the Info of key and fails the test on error.
func stat(t *testing.T, s blob.Store, key string) blob.Info {
	t.Helper()
	in, err := s.Stat(t.Context(), key)
	if err != nil {
		t.Fatalf("Stat(%q): %v", key, err)
	}
	return in
}

// wantNotFound fails the test unless key is absent from s.
func wantNotFound(t *testing.T, s blob.Store, key string) {
	t.Helper()
	if in, err := s.Stat(t.Context(), key); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("Stat(%q) = %+v, %v; want ErrNotFound", key, in, err)
	}
	if rc, _, err := s.Get(t.Context(), key); !errors.Is(err, blob.ErrNotFound) {
		if rc != nil {
			rc.Close()
		}
		t.Fatalf("Get(%q) error = %v; want ErrNotFound", key, err)
	}
}

// wantContent fails the test unless the object under key holds want.
func wantContent(t *testing.T, s blob.Store, key string, want []byte) blob.Info {
	t.Helper()
	got, in := get(t, s, key)
	if !bytes.Equal(got, want) {
		t.Fatalf("Get(%q) = %d bytes (sha256 %x), want %d bytes (sha256 %x)",
			key, len(got), sha256.Sum256(got), len(want), sha256.Sum256(want))
	}
	if in.Size != int64(len(want)) {
		t.Fatalf("Get(%q) Info.Size = %d, want %d", key, in.Size, len(want))
	}
	return in
}

// listKeys lists prefix and returns the entry keys, with "/" ending the
// IsDir ones; it fails the test when an entry's IsDir and key disagree.
func listKeys(t *testing.T, s blob.Store, prefix string, opts blob.ListOptions) []string {
	t.Helper()
	entries, err := s.List(t.Context(), prefix, opts)
	if err != nil {
		t.Fatalf("List(%q, %+v): %v", prefix, opts, err)
	}
	keys := make([]string, 0, len(entries))
	for _, e := range entries {
		isDirKey := len(e.Key) > 0 && e.Key[len(e.Key)-1] == '/'
		if e.IsDir != isDirKey {
			t.Fatalf("List(%q) entry %+v: IsDir=%v but key ends with \"/\" = %v", prefix, e, e.IsDir, isDirKey)
		}
		keys = append(keys, e.Key)
	}
	return keys
}

// sameVersion fails the test unless got and want describe the same stored
// version (LastModified may differ in precision between calls on S3).
func sameVersion(t *testing.T, what string, got, want blob.Info) {
	t.Helper()
	if got.Key != want.Key || got.Size != want.Size || got.ETag != want.ETag {
		t.Fatalf("%s: got {Key:%q Size:%d ETag:%q}, want {Key:%q Size:%d ETag:%q}",
			what, got.Key, got.Size, got.ETag, want.Key, want.Size, want.ETag)
	}
	if d := got.LastModified.Sub(want.LastModified); d > time.Second || d < -time.Second {
		t.Fatalf("%s: LastModified %v, want %v (±1s)", what, got.LastModified, want.LastModified)
	}
}

// keysOf returns the Key of each Info.
func keysOf(infos []blob.Info) []string {
	out := make([]string, len(infos))
	for i, in := range infos {
		out[i] = in.Key
	}
	return out
}

// sorted returns a sorted copy of keys.
func sorted(keys []string) []string {
	out := slices.Clone(keys)
	slices.Sort(out)
	return out
}
