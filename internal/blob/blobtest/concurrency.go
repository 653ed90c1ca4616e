package blobtest

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/extralit/extralit-go/internal/blob"
)

func testConcurrentDifferentKeys(t *testing.T, s blob.Store) {
	const writers = 16
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := range writers {
		wg.Go(func() {
			key := fmt.Sprintf("ws/concurrent/%02d/doc", i)
			data := content(uint64(1000+i), 200_000+i)
			if _, err := s.Put(t.Context(), key, bytes.NewReader(data), int64(len(data)), blob.PutOptions{}); err != nil {
				errs <- fmt.Errorf("Put(%q): %w", key, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i := range writers {
		wantContent(t, s, fmt.Sprintf("ws/concurrent/%02d/doc", i), content(uint64(1000+i), 200_000+i))
	}
	if keys := listKeys(t, s, "ws/concurrent/", blob.ListOptions{Recursive: true}); len(keys) != writers {
		t.Errorf("List after %d concurrent writers = %d keys: %q", writers, len(keys), keys)
	}
}

// testConcurrentSameKey races writers on one key: the survivor must be one
// writer's content together with that same writer's metadata and ETag.
func testConcurrentSameKey(t *testing.T, s blob.Store) {
	const writers = 8
	const key = "ws/contended"
	payload := func(i int) []byte { return content(uint64(2000+i), 150_000+i) }
	var wg sync.WaitGroup
	etags := make([]string, writers)
	for i := range writers {
		wg.Go(func() {
			data := payload(i)
			in, err := s.Put(t.Context(), key, bytes.NewReader(data), int64(len(data)),
				blob.PutOptions{Metadata: map[string]string{"writer": strconv.Itoa(i)}})
			if err != nil {
				t.Errorf("writer %d: Put: %v", i, err)
				return
			}
			etags[i] = in.ETag
		})
	}
	wg.Wait()
	got, in := get(t, s, key)
	w, err := strconv.Atoi(in.Metadata["writer"])
	if err != nil || w < 0 || w >= writers {
		t.Fatalf("surviving object has metadata %v, want a writer number", in.Metadata)
	}
	if !bytes.Equal(got, payload(w)) {
		t.Fatalf("surviving object's metadata names writer %d but its %d bytes are not that writer's", w, len(got))
	}
	if in.ETag != etags[w] {
		t.Errorf("surviving object's ETag %q, want writer %d's %q", in.ETag, w, etags[w])
	}
}

func testClose(t *testing.T, s blob.Store) {
	put(t, s, "ws/before-close", []byte("x"), blob.PutOptions{})
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := s.Stat(t.Context(), "ws/before-close"); !errors.Is(err, blob.ErrClosed) {
		t.Errorf("Stat after Close: error = %v, want ErrClosed", err)
	}
	if _, err := s.Put(t.Context(), "ws/after-close", bytes.NewReader(nil), 0, blob.PutOptions{}); !errors.Is(err, blob.ErrClosed) {
		t.Errorf("Put after Close: error = %v, want ErrClosed", err)
	}
	if _, err := s.List(t.Context(), "", blob.ListOptions{}); !errors.Is(err, blob.ErrClosed) {
		t.Errorf("List after Close: error = %v, want ErrClosed", err)
	}
}

// testPutWhileDeletingNeighbours races Puts against Deletes in the same
// folder: deleting a folder's last object may remove the folder (on a file
// system) just as another Put needs it.
func testPutWhileDeletingNeighbours(t *testing.T, s blob.Store) {
	const rounds = 50
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range rounds {
			key := fmt.Sprintf("ws/shared/deep/churn-%d", i)
			if _, err := s.Put(t.Context(), key, bytes.NewReader([]byte("c")), 1, blob.PutOptions{}); err != nil {
				t.Errorf("churn Put(%q): %v", key, err)
				return
			}
			if err := s.Delete(t.Context(), key); err != nil {
				t.Errorf("churn Delete(%q): %v", key, err)
				return
			}
		}
	})
	for i := range rounds {
		key := fmt.Sprintf("ws/shared/deep/keep-%d", i)
		meta := map[string]string{"round": strconv.Itoa(i)}
		if _, err := s.Put(t.Context(), key, bytes.NewReader([]byte(key)), int64(len(key)), blob.PutOptions{Metadata: meta}); err != nil {
			t.Errorf("Put(%q) beside deletions: %v", key, err)
		}
		// Delete it at once half the time, so the folder empties often.
		if i%2 == 0 {
			if err := s.Delete(t.Context(), key); err != nil {
				t.Errorf("Delete(%q): %v", key, err)
			}
		}
	}
	wg.Wait()
	for i := 1; i < rounds; i += 2 {
		key := fmt.Sprintf("ws/shared/deep/keep-%d", i)
		in := wantContent(t, s, key, []byte(key))
		if in.Metadata["round"] != strconv.Itoa(i) {
			t.Errorf("%s lost its metadata: %v", key, in.Metadata)
		}
	}
	if keys := listKeys(t, s, "ws/shared/deep/", blob.ListOptions{Recursive: true}); len(keys) != rounds/2 {
		t.Errorf("List after the race = %d keys, want %d: %q", len(keys), rounds/2, keys)
	}
}
