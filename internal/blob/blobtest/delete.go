package blobtest

import (
	"errors"
	"testing"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/google/go-cmp/cmp"
)

func testDelete(t *testing.T, s blob.Store) {
	put(t, s, "ws/keep", []byte("keep"), blob.PutOptions{})
	put(t, s, "ws/d/e/x", []byte("gone"), blob.PutOptions{Metadata: map[string]string{"a": "b"}})
	if err := s.Delete(t.Context(), "ws/d/e/x"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	wantNotFound(t, s, "ws/d/e/x")
	if err := s.Delete(t.Context(), "ws/d/e/x"); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("second Delete error = %v, want ErrNotFound", err)
	}
	if err := s.Delete(t.Context(), "ws/never"); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("Delete of a missing key error = %v, want ErrNotFound", err)
	}
	// Deleting a prefix's name deletes nothing.
	put(t, s, "ws/p/q", []byte("q"), blob.PutOptions{})
	if err := s.Delete(t.Context(), "ws/p"); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("Delete of a prefix name error = %v, want ErrNotFound", err)
	}
	wantContent(t, s, "ws/p/q", []byte("q"))
	// No empty "folder" stays behind.
	if diff := cmp.Diff([]string{"ws/keep", "ws/p/"}, listKeys(t, s, "ws/", blob.ListOptions{})); diff != "" {
		t.Errorf("List after Delete (-want +got):\n%s", diff)
	}
	// The key can be used again, with fresh metadata.
	put(t, s, "ws/d/e/x", []byte("again"), blob.PutOptions{})
	if _, in := get(t, s, "ws/d/e/x"); in.Metadata != nil {
		t.Errorf("re-created object has metadata %v of the deleted one", in.Metadata)
	}
}

func testDeletePrefix(t *testing.T, s blob.Store) {
	putFixture(t, s)
	n, err := s.DeletePrefix(t.Context(), "ws1/")
	if err != nil {
		t.Fatalf("DeletePrefix(ws1/): %v", err)
	}
	if n != 5 {
		t.Errorf("DeletePrefix(ws1/) removed %d objects, want 5", n)
	}
	if diff := cmp.Diff([]string{"ws1.txt", "ws10/pdf/z"}, listKeys(t, s, "", blob.ListOptions{Recursive: true})); diff != "" {
		t.Errorf("objects left after DeletePrefix(ws1/) (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"ws1.txt", "ws10/"}, listKeys(t, s, "", blob.ListOptions{})); diff != "" {
		t.Errorf("top level after DeletePrefix(ws1/) (-want +got):\n%s", diff)
	}
	wantNotFound(t, s, "ws1/pdf/a")
	if n, err := s.DeletePrefix(t.Context(), "ws1/"); err != nil || n != 0 {
		t.Errorf("second DeletePrefix(ws1/) = %d, %v; want 0, nil", n, err)
	}
	for _, p := range []string{"", "ws10", "/", "ws10//", "../"} {
		if _, err := s.DeletePrefix(t.Context(), p); !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("DeletePrefix(%q) error = %v, want ErrInvalidKey", p, err)
		}
	}
	wantContent(t, s, "ws10/pdf/z", content(106, 16))
}
